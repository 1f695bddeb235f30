/*
 * crt_ia32.S - process start, context switch and raw Linux system calls of
 * the hosted emulator on ia32 (freestanding: glibc on i386 owns %gs).
 */
	.text

/* Linux starts us with ESP -> argc, argv..., NULL, envp... */
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movl	%esp, %eax
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	hosted_start                    /* never returns */
	hlt
	.size _start, . - _start

/*
 * void hosted_switch(word_t *save_sp, word_t new_sp): save the callee-saved
 * registers on the current (kernel) stack, store ESP in *save_sp, continue
 * on new_sp.  A fresh thread's stack holds such a frame whose return address
 * is hosted_fresh_entry.
 */
	.globl hosted_switch
	.type hosted_switch, @function
hosted_switch:
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
	.size hosted_switch, . - hosted_switch

/* First run of a thread: pick up IP/SP, leave the kernel stack for good. */
	.globl hosted_fresh_entry
	.type hosted_fresh_entry, @function
hosted_fresh_entry:
	call	hosted_thread_first_run
	movl	hosted_jump_sp, %esp
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*hosted_jump_ip
	.size hosted_fresh_entry, . - hosted_fresh_entry

/* The entry function of a hosted_thread_create thread returned here. */
	.globl hosted_thread_return
	.type hosted_thread_return, @function
hosted_thread_return:
	andl	$-16, %esp
	call	hosted_thread_exit              /* never returns */
	hlt
	.size hosted_thread_return, . - hosted_thread_return

/* Restorer for rt signals (SA_RESTORER). */
	.globl hosted_sigreturn
	.type hosted_sigreturn, @function
hosted_sigreturn:
	movl	$173, %eax                      /* rt_sigreturn */
	int	$0x80
	hlt
	.size hosted_sigreturn, . - hosted_sigreturn

/* long hosted_syscall6(long nr, long a, long b, long c, long d, long e, long f) */
	.globl hosted_syscall6
	.type hosted_syscall6, @function
hosted_syscall6:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	36(%esp), %esi
	movl	40(%esp), %edi
	movl	44(%esp), %ebp
	int	$0x80
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size hosted_syscall6, . - hosted_syscall6

	.section .note.GNU-stack, "", @progbits
