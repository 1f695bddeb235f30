/*
 * entry_ia32.S - system-call entry of the hosted emulator on ia32.
 *
 * The KIP stubs jump here with the caller's registers exactly as the ABI
 * (spec section 9.2) defines them and the return address on top of the
 * caller's stack.  Like a real kernel entry, the code below switches to
 * the current thread's kernel stack before it stores anything, so the
 * caller's stack sees nothing but the return address.  It then saves the
 * complete register state as a struct hosted_frame, calls the C handler
 * with a pointer to it, and returns with whatever the handler left in the
 * frame: a handler writes exactly the output registers of its call, so all
 * other registers come back unchanged (stricter than the ABI's "destroyed"
 * lists, which is what the library's inline asm may rely on).
 *
 * Frame (lowest address first): EDI ESI EBP - EBX EDX ECX EAX (pushal),
 * EFLAGS, caller ESP.  The entry is not reentrant; it need not be: there
 * is one CPU, threads switch only inside the C handlers, and the signal
 * handlers never enter here.
 */
	.text

.macro ENTRY name, handler
	.globl \name
	.type \name, @function
	.balign 16
\name:
	movl	%esp, hosted_user_sp            /* no register is free yet */
	movl	hosted_kstack_top, %esp
	pushl	hosted_user_sp
	pushfl
	pushal
	cld
	movl	%esp, %eax
	subl	$4, %esp                        /* 16-byte aligned call */
	pushl	%eax
	call	\handler
	addl	$8, %esp
	popal
	popfl
	popl	%esp                            /* ESP = (possibly new) caller ESP */
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
	.balign 4
hosted_user_sp:
	.long 0

	.section .note.GNU-stack, "", @progbits
