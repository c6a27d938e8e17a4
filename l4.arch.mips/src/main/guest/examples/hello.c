/* L4-native hello: its arguments and environment to fd 1, a line to fd 2, returns argc. */
#include "loader.h"

int main(int argc, char **argv, char **envp)
{
    l4_puts("hello from L4-native guest code, thread ");
    l4_putx(l4_myself());
    l4_puts("\n");
    for (int i = 0; i < argc; i++) {
        l4_puts("argv[");
        l4_putu(i);
        l4_puts("] = ");
        l4_puts(argv[i]);
        l4_puts("\n");
    }
    for (int i = 0; envp[i]; i++) {
        l4_puts("env ");
        l4_puts(envp[i]);
        l4_puts("\n");
    }
    l4_write(2, "a line to fd 2\n", 15);
    return argc;
}
