/* sigma0 entry: the kernel starts us with SP = 0 (spec 12.6). */
	.section .text.start, "ax"
	.globl	_start
_start:
	movl	$stack_top, %esp
	call	sigma0_main
1:	jmp	1b
	.bss
	.p2align 4
	.skip	16384
stack_top:
