/*
 * Touches PAGES fresh pages (argv[1], default 256) above the program's end: each first write is a
 * page fault to the loader, which takes a new frame from σ0 and maps it. The measured faults lie
 * between the loader marks 1 and 2. Prints the pages touched and a checksum read back.
 */
#include "loader.h"

extern char _end[];

int main(int argc, char **argv)
{
    unsigned long pages = 256;
    if (argc > 1) {
        pages = 0;
        for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++) pages = pages * 10 + (unsigned long) (*s - '0');
    }
    unsigned long base = ((unsigned long) _end + 0xFFFUL) & ~0xFFFUL;
    l4_mark(1);
    for (unsigned long p = 0; p < pages; p++) *(volatile unsigned long *) (base + p * 4096) = p + 1;
    l4_mark(2);
    unsigned long sum = 0;
    for (unsigned long p = 0; p < pages; p++) sum += *(volatile unsigned long *) (base + p * 4096);
    l4_puts("pages touched: ");
    l4_putu(pages);
    l4_puts(", checksum ");
    l4_putu(sum);
    l4_puts("\n");
    return sum == pages * (pages + 1) / 2 ? 0 : 1;
}
