/*
 * regs.S - call __L4_Ipc with every register taken from, and afterwards
 * stored back into, a struct regs (ipc_test.c, case "registers"), so the
 * test sees the raw register contract of spec 9.2 / 9.3.  Before the call
 * the words below the stack pointer (ia32: 60 bytes, amd64: the 128-byte
 * red zone) are filled with a canary that the caller checks afterwards:
 * the kernel may push nothing but the return address.
 */
#define CANARY 0x5afe5afe

	.text
	.globl regs_call
	.type regs_call, @function
#if defined(__x86_64__)
/* struct regs { rax rbx rcx rdx rsi rdi rbp r8 r9 r10 r11 r12 r13 r14 r15;
 *               canary[15] }: void regs_call(struct regs *r) */
regs_call:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi                            /* RSP = S from here on */
	movq	$CANARY, %rax                   /* S-16 .. S-128 = canary */
	movq	$-2, %rcx
1:	movq	%rax, (%rsp, %rcx, 8)
	decq	%rcx
	cmpq	$-16, %rcx
	jge	1b
	movq	0(%rdi), %rax
	movq	8(%rdi), %rbx
	movq	16(%rdi), %rcx
	movq	24(%rdi), %rdx
	movq	32(%rdi), %rsi
	movq	48(%rdi), %rbp
	movq	56(%rdi), %r8
	movq	64(%rdi), %r9
	movq	72(%rdi), %r10
	movq	80(%rdi), %r11
	movq	88(%rdi), %r12
	movq	96(%rdi), %r13
	movq	104(%rdi), %r14
	movq	112(%rdi), %r15
	movq	40(%rdi), %rdi
	call	*__L4_Ipc(%rip)
	xchgq	%rdi, (%rsp)                    /* rdi = r, (%rsp) = out rdi */
	movq	%rax, 0(%rdi)
	movq	%rbx, 8(%rdi)
	movq	%rcx, 16(%rdi)
	movq	%rdx, 24(%rdi)
	movq	%rsi, 32(%rdi)
	movq	%rbp, 48(%rdi)
	movq	%r8, 56(%rdi)
	movq	%r9, 64(%rdi)
	movq	%r10, 72(%rdi)
	movq	%r11, 80(%rdi)
	movq	%r12, 88(%rdi)
	movq	%r13, 96(%rdi)
	movq	%r14, 104(%rdi)
	movq	%r15, 112(%rdi)
	movq	$-2, %rcx                       /* canary[] = S-16 .. S-128 */
	leaq	120(%rdi), %rdx
2:	movq	(%rsp, %rcx, 8), %rax
	movq	%rax, (%rdx)
	addq	$8, %rdx
	decq	%rcx
	cmpq	$-16, %rcx
	jge	2b
	popq	%rax
	movq	%rax, 40(%rdi)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
#else
/* struct regs { eax ebx ecx edx esi edi ebp; canary[15] }:
 * void regs_call(struct regs *r) */
regs_call:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %eax
	pushl	%eax                            /* ESP = S from here on */
	movl	$CANARY, %edx                   /* S-8 .. S-64 = canary */
	movl	$-2, %ecx
1:	movl	%edx, (%esp, %ecx, 4)
	decl	%ecx
	cmpl	$-16, %ecx
	jge	1b
	movl	4(%eax), %ebx
	movl	8(%eax), %ecx
	movl	12(%eax), %edx
	movl	16(%eax), %esi
	movl	20(%eax), %edi
	movl	24(%eax), %ebp
	movl	0(%eax), %eax
	call	__L4_Ipc
	xchgl	%eax, (%esp)                    /* eax = r, (%esp) = out eax */
	movl	%ebx, 4(%eax)
	movl	%ecx, 8(%eax)
	movl	%edx, 12(%eax)
	movl	%esi, 16(%eax)
	movl	%edi, 20(%eax)
	movl	%ebp, 24(%eax)
	movl	$-2, %ecx                       /* canary[] = S-8 .. S-64 */
	leal	28(%eax), %edx
2:	movl	(%esp, %ecx, 4), %ebx
	movl	%ebx, (%edx)
	addl	$4, %edx
	decl	%ecx
	cmpl	$-16, %ecx
	jge	2b
	popl	%ebx
	movl	%ebx, 0(%eax)
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
#endif
	.size regs_call, . - regs_call

/*
 * void fpu_call(struct regs *r, const void *fpu_in, void *fpu_out): load
 * the x87/SSE registers from fpu_in (an FXSAVE image), regs_call(r), and
 * store them into fpu_out: no compiled code runs in between, so fpu_out
 * shows exactly what the Ipc left of them (case "fpu_registers").
 */
	.globl fpu_call
	.type fpu_call, @function
#if defined(__x86_64__)
fpu_call:
	pushq	%rbx
	movq	%rdx, %rbx                      /* fpu_out (regs_call keeps RBX) */
	fxrstor	(%rsi)
	call	regs_call                       /* RDI = r */
	fxsave	(%rbx)
	popq	%rbx
	ret
#else
fpu_call:
	pushl	%ebx
	movl	8(%esp), %eax                   /* r */
	movl	12(%esp), %ecx                  /* fpu_in */
	movl	16(%esp), %ebx                  /* fpu_out (regs_call keeps EBX) */
	fxrstor	(%ecx)
	pushl	%eax
	call	regs_call
	addl	$4, %esp
	fxsave	(%ebx)
	popl	%ebx
	ret
#endif
	.size fpu_call, . - fpu_call

	.section .note.GNU-stack, "", @progbits
