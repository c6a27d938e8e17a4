/*
 * Dumps its initial stack (Linux n64 ABI, freestanding: write and exit only) from the stack pointer
 * up to the end of the page holding AT_EXECFN's string, one line per 8-byte word: address, value
 * (hex). generate.sh runs it under qemu-mips64el; InitialStackTest compares l4.loader's layout with it.
 */
static long sys3(long n, long a, long b, long c)
{
    register long v0 __asm__("$2") = n;
    register long r4 __asm__("$4") = a;
    register long r5 __asm__("$5") = b;
    register long r6 __asm__("$6") = c;
    register long r7 __asm__("$7");
    __asm__ volatile("syscall" : "+r"(v0), "=r"(r7), "+r"(r4), "+r"(r5), "+r"(r6) : :
                     "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory");
    return r7 ? -v0 : v0;
}
static void hex(char *p, unsigned long v) { for (int i = 15; i >= 0; i--) { p[i] = "0123456789abcdef"[v & 15]; v >>= 4; } }
void dump(unsigned long *sp)
{
    unsigned long *p = sp + 1 + sp[0] + 1;
    while (*p) p++;
    p++;
    while (p[0]) p += 2;
    unsigned long top = 0;
    for (unsigned long *a = p - 2; ; a -= 2) { if (a[0] == 31) { top = a[1]; break; } if (a < sp) break; }
    while (*(char *) top) top++;
    top = (top + 4096) & ~4095UL;
    char line[40];
    for (unsigned long a = (unsigned long) sp; a < top; a += 8) {
        hex(line, a); line[16] = ' '; hex(line + 17, *(unsigned long *) a); line[33] = '\n';
        sys3(5001, 1, (long) line, 34);
    }
    sys3(5058, 0, 0, 0);
}
__asm__(".globl __start\n__start:\n move $4, $29\n jal dump\n nop\n");
