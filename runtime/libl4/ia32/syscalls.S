/*
 * runtime/libl4/ia32/syscalls.S - system-call entry slots for ia32.
 *
 * Part of l4idl's runtime (see l4/ia32/syscalls.h).  The kernel publishes
 * one stub per system call in the KIP; the link is its offset from the KIP
 * base (spec sections 8.1, 9.1).  Code calls the stubs through the slots
 * here: __L4_Ipc and friends are code symbols, each an 8-byte-aligned slot
 *
 *	e9 rel32	jmp target
 *	cc cc cc	(int3 padding)
 *
 * that first jumps to a lazy path: it saves every register and the flags,
 * runs __L4_init_syscalls, and jumps back into the (now rewritten) slot.
 * __L4_InitFromKip rewrites each slot to `jmp KIP + link' with one locked
 * 8-byte cmpxchg8b, so a thread running through a slot sees either the old
 * or the new jmp, never a torn one.  The slots live in a writable and
 * executable section (.l4.syscalls); on ia32 L4 every readable page is
 * executable anyway.
 *
 * All symbols are hidden: every module (program or shared object) that
 * links this library gets its own slots, reached without a GOT.
 */

	.macro	SLOT name
	.p2align 3
	.globl	\name
	.hidden	\name
	.type	\name, @function
\name:
	.byte	0xe9
	.long	\name\()_lazy - (\name + 5)
	.byte	0xcc, 0xcc, 0xcc
	.size	\name, 8
	.endm

	.macro	LAZY name
	.type	\name\()_lazy, @function
\name\()_lazy:
	call	__L4_init_saving_registers
	jmp	\name
	.size	\name\()_lazy, . - \name\()_lazy
	.endm

	/* Patch slot \name from the KIP link at byte offset \offset. */
	.macro	PATCH name, offset
	movl	\offset(%esi), %eax
	addl	%esi, %eax
	leal	(\name - 1b)(%ebp), %edi
	call	__L4_patch_slot
	.endm

	.section .l4.syscalls, "awx", @progbits
	SLOT	__L4_Ipc
	SLOT	__L4_Lipc
	SLOT	__L4_ExchangeRegisters
	SLOT	__L4_ThreadControl
	SLOT	__L4_SystemClock
	SLOT	__L4_ThreadSwitch
	SLOT	__L4_Schedule
	SLOT	__L4_Unmap
	SLOT	__L4_SpaceControl
	SLOT	__L4_ProcessorControl
	SLOT	__L4_MemoryControl

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

/* __L4_init_syscalls with every register and the flags preserved. */
	.p2align 4
	.type	__L4_init_saving_registers, @function
__L4_init_saving_registers:
	pushfl
	pushal
	call	__L4_init_syscalls
	popal
	popfl
	ret
	.size	__L4_init_saving_registers, . - __L4_init_saving_registers

/*
 * void __L4_init_syscalls(void), also L4_Init and __L4_Init: find the KIP
 * with KernelInterface (`lock; nop': EAX = KIP, ECX, EDX, ESI = version,
 * flags, kernel ID) and patch every slot.  C calling convention.
 */
	.p2align 4
	.globl	__L4_init_syscalls
	.hidden	__L4_init_syscalls
	.type	__L4_init_syscalls, @function
	.globl	__L4_Init
	.hidden	__L4_Init
	.type	__L4_Init, @function
	.globl	L4_Init
	.hidden	L4_Init
	.type	L4_Init, @function
__L4_init_syscalls:
__L4_Init:
L4_Init:
	pushl	%esi
	.byte	0xf0, 0x90		/* lock; nop */
	popl	%esi
	pushl	%eax
	call	__L4_InitFromKip
	addl	$4, %esp
	ret
	.size	__L4_init_syscalls, . - __L4_init_syscalls
	.size	__L4_Init, . - __L4_Init
	.size	L4_Init, . - L4_Init

/*
 * void __L4_InitFromKip(void *kip): patch every slot to jmp kip + link,
 * with the links at the 32-bit KIP offsets of spec section 8.1.
 * C calling convention; position independent.
 */
	.p2align 4
	.globl	__L4_InitFromKip
	.hidden	__L4_InitFromKip
	.type	__L4_InitFromKip, @function
__L4_InitFromKip:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %esi		/* KIP */
	call	1f
1:	popl	%ebp			/* %ebp = address of 1b */
	PATCH	__L4_SpaceControl, 0xd0
	PATCH	__L4_ThreadControl, 0xd4
	PATCH	__L4_ProcessorControl, 0xd8
	PATCH	__L4_MemoryControl, 0xdc
	PATCH	__L4_Ipc, 0xe0
	PATCH	__L4_Lipc, 0xe4
	PATCH	__L4_Unmap, 0xe8
	PATCH	__L4_ExchangeRegisters, 0xec
	PATCH	__L4_SystemClock, 0xf0
	PATCH	__L4_ThreadSwitch, 0xf4
	PATCH	__L4_Schedule, 0xf8
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
	.size	__L4_InitFromKip, . - __L4_InitFromKip

/*
 * Rewrite the slot at %edi to `jmp %eax' (e9 rel32, cc cc cc) with one
 * atomic 8-byte store.  Clobbers EAX, EBX, ECX, EDX and the flags.
 */
	.p2align 4
	.type	__L4_patch_slot, @function
__L4_patch_slot:
	leal	5(%edi), %ebx
	negl	%ebx
	addl	%eax, %ebx		/* rel32 = target - (slot + 5) */
	movl	%ebx, %ecx
	shrl	$24, %ecx
	orl	$0xcccccc00, %ecx	/* high dword: rel32 byte 3, int3 x 3 */
	shll	$8, %ebx
	orl	$0xe9, %ebx		/* low dword: jmp, rel32 bytes 0..2 */
	movl	(%edi), %eax
	movl	4(%edi), %edx
2:	lock cmpxchg8b (%edi)
	jnz	2b
	ret
	.size	__L4_patch_slot, . - __L4_patch_slot

	.section .note.GNU-stack, "", @progbits
