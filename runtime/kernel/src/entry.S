/*
 * entry.S - trap entry and exit, and kernel stack switching.
 *
 * Every vector pushes an error code (0 if the CPU does not) and its number,
 * then the common path saves the segment registers and the general
 * registers (struct frame in kernel.h), loads kernel data segments and
 * calls trap(frame). trapret undoes this and irets.
 */
	.macro	VEC n, haserr
	.globl	vec\n
vec\n:
	.if	\haserr == 0
	pushl	$0
	.endif
	pushl	$\n
	jmp	trap_common
	.endm

	.text
	.irp	n, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	VEC	\n, 0
	.endr
	.irp	n, 8,10,11,12,13,14,17
	VEC	\n, 1
	.endr
	.irp	n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	VEC	\n, 0
	.endr
	.irp	n, 48,49,50,51,52,53,54,55,56,57,58
	VEC	\n, 0
	.endr

	/* Table of the stubs above, indexed by vector (0 = none). */
	.section .rodata
	.globl	vector_table
vector_table:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long	vec\n
	.endr
	.irp	n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long	vec\n
	.endr
	.irp	n, 48,49,50,51,52,53,54,55,56,57,58
	.long	vec\n
	.endr
	.long	0

	.text
trap_common:
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	pushal
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	cld
	pushl	%esp
	call	trap
	addl	$4, %esp
	.globl	trapret
trapret:
	popal
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	addl	$8, %esp
	iret

/*
 * void switch_stacks(u32 *save_esp, u32 new_esp): save the callee-saved
 * registers on this stack, store ESP, switch to new_esp and return from
 * the switch_stacks call that saved it (or into thread_trampoline).
 */
	.globl	switch_stacks
switch_stacks:
	movl	4(%esp), %eax
	movl	8(%esp), %edx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%edx, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/*
 * First code of a new thread: EBX = kernel function to run first (or 0),
 * then leave to user mode through the frame above.
 */
	.globl	thread_trampoline
thread_trampoline:
	testl	%ebx, %ebx
	jz	1f
	call	*%ebx
1:	call	return_to_user_checks
	jmp	trapret
