# A freestanding Linux n64 program with a system call in a branch delay slot: write(1, "slot\n")
# as the slot of a taken branch. The MIPS CPU reports it with EPC = the branch and Cause.BD;
# Linux's system-call return (EPC + 4) would run the syscall again and lose the branch, qemu-user
# runs it and then the instruction after it as the slot. The loader's excepter ends the program
# with a clear reason instead (l4.loader ShippedProgramsTest). Built by generate.sh.
    .set noreorder
    .set noat
    .text
    .globl __start
__start:
    dla $5, first
    li $4, 1
    li $6, 6
    li $2, 5001         # write(1, "first\n", 6)
    syscall
    dla $5, slot
    li $4, 1
    li $6, 5
    li $2, 5001         # write(1, "slot\n", 5) in the delay slot
    b target
    syscall
    li $4, 1            # the fall-through: exit 1
    li $2, 5058
    syscall
target:
    li $4, 0            # the target: exit 0
    li $2, 5058         # exit_group
    syscall
    .data
first: .ascii "first\n"
slot:  .ascii "slot\n"
