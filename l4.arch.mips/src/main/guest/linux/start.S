/* Start of a freestanding Linux n64 program: main(argc, argv, envp) from the initial stack, then exit_group(value). */
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
    move $4, $2
    li $2, 5205
    syscall
1:  b 1b
    nop
    .end __start
