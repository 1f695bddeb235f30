/*
 * kip.S - the Kernel Interface Page of the hosted emulator (spec section 8).
 *
 * One 4 KB page, read-only and executable like Pistachio's: the 72-word
 * KIP structure, the processor descriptor right after it (as in
 * Pistachio), the kernel descriptor with its strings, an empty memory
 * descriptor array, and from offset 0x800 the system-call stubs that the
 * links point at.  Each stub is a single jmp to the entry code in
 * entry_<arch>.S, so a `call KIP+link' touches the caller's stack exactly
 * as on a real kernel: with the return address only.
 *
 * Links: ia32 offsets from the KIP base, amd64 absolute addresses.
 * Lipc shares Ipc's stub (as in Pistachio, section 9.5).
 */
#include "config.h"

#if defined(__x86_64__)
#define WORD            .quad
#define LINK(stub)      .quad stub
#define PROCESSOR_INFO  (PROCDESC_LOG2 << 60)
#define MEMINFO(off, n) (((off) << 32) | (n))
#else
#define WORD            .long
#define LINK(stub)      .long stub - hosted_kip
#define PROCESSOR_INFO  (PROCDESC_LOG2 << 28)
#define MEMINFO(off, n) (((off) << 16) | (n))
#endif

	.section .l4kip, "ax", @progbits
	.balign 4096
	.globl hosted_kip
	.type hosted_kip, @object
hosted_kip:
	WORD 0x4BE6344C                 /*  0 magic 'L' '4' 0xE6 'K' */
	WORD API_VERSION                /*  1 */
	WORD API_FLAGS                  /*  2 */
	WORD kernel_desc - hosted_kip   /*  3 kernel descriptor offset */
	WORD 0, 0                       /*  4, 5 kdebug init / entry */
	WORD 0, 0                       /*  6, 7 kdebug memory */
	WORD 0, 0, 0, 0                 /*  8..11 sigma0 */
	WORD 0, 0, 0, 0                 /* 12..15 sigma1 */
	WORD 0, 0, 0, 0                 /* 16..19 root server */
	WORD 0                          /* 20 reserved */
	WORD MEMINFO(mem_desc - hosted_kip, 0)  /* 21 MemoryInfo */
	WORD 0, 0                       /* 22, 23 kdebug config */
	WORD 0, 0                       /* 24, 25 MainMem (legacy) */
	WORD 0, 0, 0, 0                 /* 26..29 ReservedMem0/1 (legacy) */
	WORD 0, 0, 0, 0, 0, 0, 0, 0, 0, 0       /* 30..39 DedicatedMem */
	WORD 0, 0                       /* 40, 41 reserved */
	WORD UTCB_AREA_INFO             /* 42 */
	WORD KIP_AREA_INFO              /* 43 */
	WORD 0, 0                       /* 44, 45 reserved */
	WORD 0                          /* 46 BootInfo */
	WORD proc_desc - hosted_kip     /* 47 ProcDescPtr */
	WORD 0                          /* 48 ClockInfo */
	WORD THREAD_INFO                /* 49 */
	WORD PAGE_INFO                  /* 50 */
	WORD PROCESSOR_INFO             /* 51 one CPU */
	LINK(kip_space_control)         /* 52 */
	LINK(kip_thread_control)        /* 53 */
	LINK(kip_processor_control)     /* 54 */
	LINK(kip_memory_control)        /* 55 */
	LINK(kip_ipc)                   /* 56 Ipc */
	LINK(kip_ipc)                   /* 57 Lipc = Ipc */
	LINK(kip_unmap)                 /* 58 */
	LINK(kip_exchange_registers)    /* 59 */
	LINK(kip_system_clock)          /* 60 */
	LINK(kip_thread_switch)         /* 61 */
	LINK(kip_schedule)              /* 62 */
	WORD 0, 0, 0, 0, 0              /* 63..67 reserved */
	WORD 0, 0, 0, 0                 /* 68..71 ArchSyscall0..3 */

proc_desc:                              /* 8.4: one CPU */
	WORD CPU_KHZ                    /* external frequency (kHz) */
	WORD CPU_KHZ                    /* internal frequency (kHz) */
	WORD 0, 0

kernel_desc:                            /* 8.6 */
	WORD KERNEL_ID
	WORD KERNEL_GEN_DATE
	WORD KERNEL_VERSION
	.ascii "L4ID"                   /* supplier */
#if defined(__x86_64__)
	.long 0
#endif
	.asciz "l4idl hosted L4 X.2 IPC emulator"
	.asciz "hosted"                 /* feature: not a real kernel */
	.byte 0                         /* end of feature list */

	.balign 16
mem_desc:                               /* no memory descriptors */

	/* System-call stubs, from 0x800 as in Pistachio's ia32 KIP. */
	.org 0x800
	.balign 32
kip_ipc:                jmp hosted_entry_ipc
	.balign 32
kip_exchange_registers: jmp hosted_entry_exchange_registers
	.balign 32
kip_thread_control:     jmp hosted_entry_thread_control
	.balign 32
kip_system_clock:       jmp hosted_entry_system_clock
	.balign 32
kip_thread_switch:      jmp hosted_entry_thread_switch
	.balign 32
kip_schedule:           jmp hosted_entry_schedule
	.balign 32
kip_space_control:      jmp hosted_entry_space_control
	.balign 32
kip_unmap:              jmp hosted_entry_unmap
	.balign 32
kip_memory_control:     jmp hosted_entry_memory_control
	.balign 32
kip_processor_control:  jmp hosted_entry_processor_control

	.org 0x1000
	.size hosted_kip, 0x1000

	.section .note.GNU-stack, "", @progbits
