/*
 * crt_amd64.S - process start, context switch and raw Linux system calls of
 * the hosted emulator on amd64.  Freestanding like ia32 (see linux.c for
 * why), so both targets run the same code.
 */
	.text

/* Linux starts us with RSP -> argc, argv..., NULL, envp... */
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	hosted_start                    /* never returns */
	hlt
	.size _start, . - _start

/*
 * void hosted_switch(word_t *save_sp, word_t new_sp): save the callee-saved
 * registers on the current (kernel) stack, store RSP in *save_sp, continue
 * on new_sp.  A fresh thread's stack holds such a frame whose return address
 * is hosted_fresh_entry.
 */
	.globl hosted_switch
	.type hosted_switch, @function
hosted_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size hosted_switch, . - hosted_switch

/* First run of a thread: pick up IP/SP, leave the kernel stack for good. */
	.globl hosted_fresh_entry
	.type hosted_fresh_entry, @function
hosted_fresh_entry:
	call	hosted_thread_first_run
	movq	hosted_jump_sp(%rip), %rsp
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmp	*hosted_jump_ip(%rip)
	.size hosted_fresh_entry, . - hosted_fresh_entry

/* The entry function of a hosted_thread_create thread returned here. */
	.globl hosted_thread_return
	.type hosted_thread_return, @function
hosted_thread_return:
	andq	$-16, %rsp
	call	hosted_thread_exit              /* never returns */
	hlt
	.size hosted_thread_return, . - hosted_thread_return

/* Restorer for rt signals (SA_RESTORER). */
	.globl hosted_sigreturn
	.type hosted_sigreturn, @function
hosted_sigreturn:
	movq	$15, %rax                       /* rt_sigreturn */
	syscall
	hlt
	.size hosted_sigreturn, . - hosted_sigreturn

/* long hosted_syscall6(long nr, long a, long b, long c, long d, long e, long f) */
	.globl hosted_syscall6
	.type hosted_syscall6, @function
hosted_syscall6:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.size hosted_syscall6, . - hosted_syscall6

	.section .note.GNU-stack, "", @progbits
