/*
 * crt0.S - entry of the root task and of every thread the runtime starts.
 *
 * The kernel enters the root task at e_entry with SP = 0 (spec 12.6: the
 * KIP's SP may be 0, the server sets up its own stack).
 */
	.section .text.start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	movl	$u_boot_stack_top, %esp
	xorl	%ebp, %ebp
	call	u_start
1:	jmp	1b
	.size	_start, . - _start

	/* Threads start here with SP at the top of their stack (threads.c). */
	.text
	.globl	u_thread_entry
	.type	u_thread_entry, @function
u_thread_entry:
	xorl	%ebp, %ebp
	call	u_thread_main
2:	jmp	2b
	.size	u_thread_entry, . - u_thread_entry

	.bss
	.p2align 4
u_boot_stack:
	.skip	262144
u_boot_stack_top:

	.section .note.GNU-stack, "", @progbits
