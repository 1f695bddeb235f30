/*
 * entry_amd64.S - system-call entry of the hosted emulator on amd64.
 *
 * Same scheme as entry_ia32.S (read that first): the KIP stubs jump here
 * with the registers of spec section 9.3; the entry switches to the kernel
 * stack before touching memory, so the caller's stack (and its red zone)
 * sees only the return address, saves every register as a struct
 * hosted_frame, calls the C handler, and reloads the frame.  Handlers
 * write only their output registers.
 *
 * Frame (lowest address first): R15 R14 R13 R12 R11 R10 R9 R8 RBP RDI RSI
 * RDX RCX RBX RAX, RFLAGS, caller RSP.
 */
	.text

.macro ENTRY name, handler
	.globl \name
	.type \name, @function
	.balign 16
\name:
	movq	%rsp, hosted_user_sp(%rip)      /* no register is free yet */
	movq	hosted_kstack_top(%rip), %rsp
	pushq	hosted_user_sp(%rip)
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
	cld
	movq	%rsp, %rdi
	subq	$8, %rsp                        /* 16-byte aligned call */
	call	\handler
	addq	$8, %rsp
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
	popq	%rsp                            /* RSP = (possibly new) caller RSP */
	ret
	.size \name, . - \name
.endm

	ENTRY hosted_entry_ipc,                 hosted_sys_ipc
	ENTRY hosted_entry_exchange_registers,  hosted_sys_exchange_registers
	ENTRY hosted_entry_thread_control,      hosted_sys_thread_control
	ENTRY hosted_entry_system_clock,        hosted_sys_system_clock
	ENTRY hosted_entry_thread_switch,       hosted_sys_thread_switch
	ENTRY hosted_entry_schedule,            hosted_sys_schedule
	ENTRY hosted_entry_space_control,       hosted_sys_space_control
	ENTRY hosted_entry_unmap,               hosted_sys_unmap
	ENTRY hosted_entry_memory_control,      hosted_sys_memory_control
	ENTRY hosted_entry_processor_control,   hosted_sys_processor_control

	.bss
	.balign 8
hosted_user_sp:
	.quad 0

	.section .note.GNU-stack, "", @progbits
