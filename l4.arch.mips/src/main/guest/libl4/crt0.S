/*
 * Start of an L4-native guest program: the loader starts the first thread at __start with sp
 * set (16-byte aligned) and the BSS already zero (ELF memsz). main's return value ends the program
 * with `break` and the value in a0: a Breakpoint exception the program's excepter (the loader)
 * takes as the exit.
 */
    .set noreorder
    .text
    .globl __start
    .ent __start
__start:
    daddiu $sp, $sp, -16
    jal main
    nop
    move $4, $2
    break 0
1:  b 1b
    nop
    .end __start
