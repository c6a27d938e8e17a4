/*
 * Start of an L4-native guest program. The loader starts the first thread at __start with the
 * Linux n64 initial stack (sp 16-byte aligned at argc, then argv[], NULL, envp[], NULL, auxv) and
 * the BSS already zero. crt0 calls main(argc, argv, envp) and ends the program with l4_exit(main's
 * value), the loader's EXIT message; should that return, `break` with the value in a0 is an
 * exception for the excepter.
 */
    .set noreorder
    .text
    .globl __start
    .ent __start
__start:
    ld $4, 0($29)
    daddiu $5, $29, 8
    dsll $6, $4, 3
    daddu $6, $6, $5
    daddiu $6, $6, 8
    daddiu $29, $29, -16
    jal main
    nop
    jal l4_exit
    move $4, $2
    break 0
1:  b 1b
    nop
    .end __start
