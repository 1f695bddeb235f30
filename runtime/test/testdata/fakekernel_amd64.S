/*
 * fakekernel_amd64.S - user-mode stand-ins for the system-call stubs of an
 * amd64 L4 kernel, for check.c.  Each stub records every register it is
 * entered with in fk_in[] (order: RAX RBX RCX RDX RSI RDI RBP R8 R9 R10
 * R11 R12 R13 R14 R15), its call number in fk_call, and leaves with the
 * register contract of spec section 9.3: registers that carry results or
 * that the contract lets the kernel destroy are loaded from fk_out[] (same
 * order); the others keep their values.  Every stub also destroys RCX and
 * R11 (as `syscall' does) and RBP.  Ipc also writes fk_mr8 into MR8, as a
 * receive does.  Non-PIC: check.c is linked -no-pie.
 */
	.data
	.globl	fk_in, fk_out, fk_call, fk_mr8
	/* 16-byte aligned, as the x86-64 ABI promises for arrays of 16 bytes
	 * or more (compilers use movaps on them) */
	.p2align 4
fk_in:	.fill	15, 8, 0
	.p2align 4
fk_out:	.fill	15, 8, 0
	.p2align 4
fk_call: .quad	0
fk_mr8:	.quad	0

#define RAX 0
#define RBX 1
#define RCX 2
#define RDX 3
#define RSI 4
#define RDI 5
#define RBP 6
#define R8 7
#define R9 8
#define R10 9
#define R11 10
#define R12 11
#define R13 12
#define R14 13
#define R15 14

	.macro	ENTER name, number
	.text
	.globl	\name
	.type	\name, @function
\name:
	movq	%rax, fk_in+8*RAX
	movq	%rbx, fk_in+8*RBX
	movq	%rcx, fk_in+8*RCX
	movq	%rdx, fk_in+8*RDX
	movq	%rsi, fk_in+8*RSI
	movq	%rdi, fk_in+8*RDI
	movq	%rbp, fk_in+8*RBP
	movq	%r8, fk_in+8*R8
	movq	%r9, fk_in+8*R9
	movq	%r10, fk_in+8*R10
	movq	%r11, fk_in+8*R11
	movq	%r12, fk_in+8*R12
	movq	%r13, fk_in+8*R13
	movq	%r14, fk_in+8*R14
	movq	%r15, fk_in+8*R15
	movq	$\number, fk_call
	movq	fk_out+8*RCX, %rcx
	movq	fk_out+8*R11, %r11
	movq	fk_out+8*RBP, %rbp
	.endm

	.macro	OUT reg, index
	movq	fk_out+8*\index, %\reg
	.endm

	.macro	LEAVE name
	ret
	.size	\name, . - \name
	.endm

	/* Every register but RSP from fk_out. */
	.macro	OUT_ALL
	OUT	rax, RAX
	OUT	rbx, RBX
	OUT	rdx, RDX
	OUT	rsi, RSI
	OUT	rdi, RDI
	OUT	r8, R8
	OUT	r9, R9
	OUT	r10, R10
	OUT	r12, R12
	OUT	r13, R13
	OUT	r14, R14
	OUT	r15, R15
	.endm

/* Ipc/Lipc: out RSI from, R9 MR0, RAX RBX R10 R12..R15 MR1..MR7, RDI P;
 * RCX, RDX, R8, R11, RBP die. */
	.macro	IPC name, number
	ENTER	\name, \number
	movq	fk_mr8, %rax		/* the kernel writes MR8 (received) */
	movq	%rax, 64(%rdi)
	OUT	rsi, RSI
	OUT	rdx, RDX
	OUT	r8, R8
	OUT	r9, R9
	OUT	rax, RAX
	OUT	rbx, RBX
	OUT	r10, R10
	OUT	r12, R12
	OUT	r13, R13
	OUT	r14, R14
	OUT	r15, R15
	LEAVE	\name
	.endm

	IPC	fake_Ipc, 1
	IPC	fake_Lipc, 2

/* ExchangeRegisters: out RAX RSI RDX R8 R9 R10 RDI;
 * RBX, RCX, R11, RBP, R12..R15 die. */
	ENTER	fake_ExchangeRegisters, 3
	OUT_ALL
	LEAVE	fake_ExchangeRegisters

/* ThreadControl, SystemClock, ThreadSwitch, Schedule, SpaceControl,
 * ProcessorControl, MemoryControl: every register but RSP is a result or
 * dies. */
	ENTER	fake_ThreadControl, 4
	OUT_ALL
	LEAVE	fake_ThreadControl

	ENTER	fake_SystemClock, 5
	OUT_ALL
	LEAVE	fake_SystemClock

	ENTER	fake_ThreadSwitch, 6
	OUT_ALL
	LEAVE	fake_ThreadSwitch

	ENTER	fake_Schedule, 7
	OUT_ALL
	LEAVE	fake_Schedule

/* Unmap: MR0..MR7 come back in R9 RAX RBX R10 R12..R15 and in the UTCB
 * (RDI = P on entry); RCX, RDX, RSI, R8, R11, RBP die. */
	ENTER	fake_Unmap, 8
	OUT	r9, R9
	OUT	rax, RAX
	OUT	rbx, RBX
	OUT	r10, R10
	OUT	r12, R12
	OUT	r13, R13
	OUT	r14, R14
	OUT	r15, R15
	movq	%r9, 0(%rdi)
	movq	%rax, 8(%rdi)
	movq	%rbx, 16(%rdi)
	movq	%r10, 24(%rdi)
	movq	%r12, 32(%rdi)
	movq	%r13, 40(%rdi)
	movq	%r14, 48(%rdi)
	movq	%r15, 56(%rdi)
	OUT	rdx, RDX
	OUT	rsi, RSI
	OUT	r8, R8
	LEAVE	fake_Unmap

	ENTER	fake_SpaceControl, 9
	OUT_ALL
	LEAVE	fake_SpaceControl

	ENTER	fake_ProcessorControl, 10
	OUT_ALL
	LEAVE	fake_ProcessorControl

	ENTER	fake_MemoryControl, 11
	OUT_ALL
	LEAVE	fake_MemoryControl

	.section .note.GNU-stack, "", @progbits
