/*
 * config.h - fixed parameters of the hosted emulator, shared by the C code
 * and the KIP in kip.S (so: #defines only).
 *
 * Thread numbers: SYSTEM_BASE and USER_BASE are published in the KIP's
 * ThreadInfo word.  They deliberately differ from Pistachio's usual 16/48
 * so that code which hard-codes Pistachio's IDs instead of reading the KIP
 * fails here.  Thread number USER_BASE + i is hosted_tcbs[i]; i = 0 and 1
 * (sigma0, sigma1) never exist, i = 2 is the root task running main().
 */
#ifndef L4IDL_HOSTED_CONFIG_H
#define L4IDL_HOSTED_CONFIG_H

#define SYSTEM_BASE     32
#define USER_BASE       64
#define MAX_THREADS     256             /* thread numbers USER_BASE.. +255 */
#define ROOT_INDEX      2
#define UTCB_BLOCKS     256             /* UTCBs in the UTCB area */

#define KSTACK_SIZE     16384           /* per-thread kernel stack */
#define USTACK_SIZE     65536           /* hosted_thread_create stacks */

#define API_VERSION     0x84050000      /* X.2, subversion 5 */
#define KERNEL_ID       0x4c480000      /* id 'L', subid 'H': l4idl hosted */
#define KERNEL_GEN_DATE ((26 << 9) | (11 << 5) | 29)    /* 2026-11-29 */
#define KERNEL_VERSION  0x00010000      /* 0.1.0 */
#define CPU_KHZ         1000000         /* virtual 1 GHz (ProcDesc) */

#if defined(__x86_64__)
#define TID_VERSION_BITS 32
#define UTCB_SIZE       1024
#define UTCB_P_OFFSET   512             /* P = block + 512 */
#define API_FLAGS       0x4             /* little endian, 64-bit */
#define UTCB_AREA_INFO  0x000C2801      /* m 1, a 10, s 12 */
#define THREAD_BITS     18
#define PAGE_RIGHTS     7
#define PROCDESC_LOG2   5
#else
#define TID_VERSION_BITS 14
#define UTCB_SIZE       512
#define UTCB_P_OFFSET   256             /* P = block + 256 */
#define API_FLAGS       0x0             /* little endian, 32-bit */
#define UTCB_AREA_INFO  0x000C2401      /* m 1, a 9, s 12 */
#define THREAD_BITS     17
#define PAGE_RIGHTS     6
#define PROCDESC_LOG2   4
#endif

#define THREAD_INFO     (THREAD_BITS | (SYSTEM_BASE << 8) | (USER_BASE << 20))
#define PAGE_INFO       ((1 << 12) | PAGE_RIGHTS)       /* 4 KB pages */
#define PROCESSOR_INFO_SHIFT_32 28
#define KIP_AREA_INFO   12

#endif /* !L4IDL_HOSTED_CONFIG_H */
