/*
 * runtime/libl4/amd64/syscalls.S - system-call entry points for amd64.
 *
 * Part of l4idl's runtime (see l4/amd64/syscalls.h).  The kernel publishes
 * one stub per system call; on amd64 the KIP holds its absolute address
 * (spec sections 8.1, 9.1).  __L4_Ipc and friends are pointer variables
 * that code calls with `call *__L4_Ipc(%rip)'.  Each starts out pointing
 * at a lazy path that saves every register and the flags, runs __L4_Init
 * (KernelInterface, then every variable = its KIP link; one aligned 8-byte
 * store each) and jumps through the now-set variable.
 *
 * All symbols are hidden: every module (program or shared object) that
 * links this library gets its own variables, reached without a GOT.
 */

	.macro	ENTRY name
	.p2align 3
	.globl	\name
	.hidden	\name
	.type	\name, @object
\name:
	.quad	\name\()_lazy
	.size	\name, 8
	.endm

	.macro	LAZY name
	.type	\name\()_lazy, @function
\name\()_lazy:
	call	__L4_init_saving_registers
	jmp	*\name(%rip)
	.size	\name\()_lazy, . - \name\()_lazy
	.endm

	/* Set variable \name from the KIP link at byte offset \offset. */
	.macro	SET name, offset
	movq	\offset(%rdi), %rax
	movq	%rax, \name(%rip)
	.endm

	.data
	ENTRY	__L4_Ipc
	ENTRY	__L4_Lipc
	ENTRY	__L4_ExchangeRegisters
	ENTRY	__L4_ThreadControl
	ENTRY	__L4_SystemClock
	ENTRY	__L4_ThreadSwitch
	ENTRY	__L4_Schedule
	ENTRY	__L4_Unmap
	ENTRY	__L4_SpaceControl
	ENTRY	__L4_ProcessorControl
	ENTRY	__L4_MemoryControl

	.text
	LAZY	__L4_Ipc
	LAZY	__L4_Lipc
	LAZY	__L4_ExchangeRegisters
	LAZY	__L4_ThreadControl
	LAZY	__L4_SystemClock
	LAZY	__L4_ThreadSwitch
	LAZY	__L4_Schedule
	LAZY	__L4_Unmap
	LAZY	__L4_SpaceControl
	LAZY	__L4_ProcessorControl
	LAZY	__L4_MemoryControl

/*
 * __L4_Init with every register and the flags preserved.  The caller's
 * inline asm has already stepped over its red zone.
 */
	.p2align 4
	.type	__L4_init_saving_registers, @function
__L4_init_saving_registers:
	pushfq
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	call	__L4_Init
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	popfq
	ret
	.size	__L4_init_saving_registers, . - __L4_init_saving_registers

/*
 * void __L4_Init(void), also L4_Init and __L4_init_syscalls: find the KIP
 * with KernelInterface (`lock; nop': RAX = KIP, RCX, RDX, RSI = version,
 * flags, kernel ID, all caller-saved) and set every variable.
 */
	.p2align 4
	.globl	__L4_Init
	.hidden	__L4_Init
	.type	__L4_Init, @function
	.globl	L4_Init
	.hidden	L4_Init
	.type	L4_Init, @function
	.globl	__L4_init_syscalls
	.hidden	__L4_init_syscalls
	.type	__L4_init_syscalls, @function
__L4_Init:
L4_Init:
__L4_init_syscalls:
	.byte	0xf0, 0x90		/* lock; nop */
	movq	%rax, %rdi
	jmp	__L4_InitFromKip
	.size	__L4_Init, . - __L4_Init
	.size	L4_Init, . - L4_Init
	.size	__L4_init_syscalls, . - __L4_init_syscalls

/*
 * void __L4_InitFromKip(void *kip): every variable = its link, at the
 * 64-bit KIP offsets of spec section 8.1.  Clobbers RAX only.
 */
	.p2align 4
	.globl	__L4_InitFromKip
	.hidden	__L4_InitFromKip
	.type	__L4_InitFromKip, @function
__L4_InitFromKip:
	SET	__L4_SpaceControl, 0x1a0
	SET	__L4_ThreadControl, 0x1a8
	SET	__L4_ProcessorControl, 0x1b0
	SET	__L4_MemoryControl, 0x1b8
	SET	__L4_Ipc, 0x1c0
	SET	__L4_Lipc, 0x1c8
	SET	__L4_Unmap, 0x1d0
	SET	__L4_ExchangeRegisters, 0x1d8
	SET	__L4_SystemClock, 0x1e0
	SET	__L4_ThreadSwitch, 0x1e8
	SET	__L4_Schedule, 0x1f0
	ret
	.size	__L4_InitFromKip, . - __L4_InitFromKip

	.section .note.GNU-stack, "", @progbits
