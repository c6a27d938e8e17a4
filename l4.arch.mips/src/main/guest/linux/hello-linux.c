/* A freestanding static Linux n64 program: its arguments to fd 1, a line to fd 2, exit_group(3). */
#include "linux.h"

int main(int argc, char **argv)
{
    linux_puts(1, "hello from a freestanding Linux n64 program\n");
    for (int i = 1; i < argc; i++) {
        linux_puts(1, "arg: ");
        linux_puts(1, argv[i]);
        linux_puts(1, "\n");
    }
    linux_puts(2, "a line to fd 2\n");
    return 3;
}
