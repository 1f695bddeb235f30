/*
 * fakekernel_ia32.S - user-mode stand-ins for the KIP system-call stubs of
 * an ia32 L4 kernel, for check.c.  Each stub records every register it is
 * entered with in fk_in[] (EAX, EBX, ECX, EDX, ESI, EDI, EBP), its call
 * number in fk_call, and leaves with the register contract of spec
 * section 9.2: registers that carry results or that the contract lets the
 * kernel destroy are loaded from fk_out[] (same order); the others keep
 * their values.  Ipc also records MR1 and MR2 of the UTCB in fk_mrs[] and
 * writes fk_mr3 into MR3, as a receive does.
 * EBP is destroyed by every stub, to check that the
 * library saves it.  Non-PIC: check.c is linked -no-pie.
 */
	.data
	.globl	fk_in, fk_out, fk_call, fk_mrs, fk_mr3
	.p2align 4
fk_mrs:	.fill	2, 4, 0
	.p2align 4
fk_in:	.fill	7, 4, 0
	.p2align 4
fk_out:	.fill	7, 4, 0
	.p2align 4
fk_call: .long	0
fk_mr3:	.long	0

	.macro	ENTER name, number
	.text
	.globl	\name
	.type	\name, @function
\name:
	movl	%eax, fk_in+0
	movl	%ebx, fk_in+4
	movl	%ecx, fk_in+8
	movl	%edx, fk_in+12
	movl	%esi, fk_in+16
	movl	%edi, fk_in+20
	movl	%ebp, fk_in+24
	movl	$\number, fk_call
	.endm

	.macro	OUT reg, index
	movl	fk_out+4*\index, %\reg
	.endm

	.macro	LEAVE name
	ret
	.size	\name, . - \name
	.endm

/* Ipc/Lipc: out EAX from, ESI MR0, EBX MR1, EBP MR2, EDI P; ECX, EDX die. */
	.macro	IPC name, number
	ENTER	\name, \number
	movl	4(%edi), %eax		/* record MR1, MR2 */
	movl	%eax, fk_mrs
	movl	8(%edi), %eax
	movl	%eax, fk_mrs+4
	movl	%esi, (%edi)		/* the stub stores MR0 */
	movl	fk_mr3, %eax		/* the kernel writes MR3 (received) */
	movl	%eax, 12(%edi)
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	ebp, 6
	LEAVE	\name
	.endm

	IPC	fake_Ipc, 1
	IPC	fake_Lipc, 2

/* ExchangeRegisters: all seven registers are results. */
	ENTER	fake_ExchangeRegisters, 3
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_ExchangeRegisters

/* ThreadControl: out EAX; ECX, EDX, ESI, EDI, EBX die. */
	ENTER	fake_ThreadControl, 4
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_ThreadControl

/* SystemClock: out EDX:EAX; ECX, ESI, EDI die. */
	ENTER	fake_SystemClock, 5
	OUT	eax, 0
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_SystemClock

/* ThreadSwitch: EAX dies. */
	ENTER	fake_ThreadSwitch, 6
	OUT	eax, 0
	OUT	ebp, 6
	LEAVE	fake_ThreadSwitch

/* Schedule: out EAX, EDX; ECX, ESI, EDI, EBX die. */
	ENTER	fake_Schedule, 7
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_Schedule

/* Unmap: the kernel leaves MR0 in the UTCB, the stub reloads ESI;
 * EAX, EDX, EDI, EBX die. */
	ENTER	fake_Unmap, 8
	movl	%esi, (%edi)
	OUT	esi, 4
	movl	%esi, (%edi)
	OUT	eax, 0
	OUT	ebx, 1
	OUT	edx, 3
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_Unmap

/* SpaceControl: out EAX, ECX; EDX, ESI, EDI, EBX die. */
	ENTER	fake_SpaceControl, 9
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_SpaceControl

/* ProcessorControl: out EAX; ECX, EDX, ESI, EDI die. */
	ENTER	fake_ProcessorControl, 10
	OUT	eax, 0
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_ProcessorControl

/* MemoryControl: out EAX; ECX, EDX, ESI, EDI, EBX, EBP die. */
	ENTER	fake_MemoryControl, 11
	movl	%esi, (%edi)
	OUT	eax, 0
	OUT	ebx, 1
	OUT	ecx, 2
	OUT	edx, 3
	OUT	esi, 4
	OUT	edi, 5
	OUT	ebp, 6
	LEAVE	fake_MemoryControl

	.section .note.GNU-stack, "", @progbits
