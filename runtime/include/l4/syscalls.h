/*
 * l4/syscalls.h - the system calls of the current architecture.
 *
 * Part of l4idl's runtime.  The API headers include it; it defines
 * L4_KernelInterface (the same trap on ia32 and amd64) and selects
 * <l4/ia32/syscalls.h> or <l4/amd64/syscalls.h>, which define L4_Ipc, L4_Lipc, L4_ExchangeRegisters,
 * L4_ThreadControl, L4_SpaceControl, L4_Schedule, L4_ThreadSwitch,
 * L4_Unmap, L4_MemoryControl, L4_ProcessorControl and L4_SystemClock with
 * Pistachio's signatures.
 */
#ifndef __L4__SYSCALLS_H__
#define __L4__SYSCALLS_H__

#include <l4/types.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)
#include <l4/vregs.h>

#if defined(__i386__) || defined(__x86_64__)
/*
 * KernelInterface (sections 9.2, 9.3): the inline trap `lock; nop' (F0 90)
 * returns the KIP address in EAX/RAX, ApiVersion in ECX/RCX, ApiFlags in
 * EDX/RDX and KernelId in ESI/RSI; the constraint letters name the same
 * registers at either width.  It has no side effects, so the asm is not
 * volatile.
 */
L4_INLINE void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                   L4_Word_t *KernelId)
{
    void *kip;
    L4_Word_t version, flags, id;
    __asm__(".byte 0xf0, 0x90 /* lock; nop */"
            : "=a"(kip), "=c"(version), "=d"(flags), "=S"(id));
    *ApiVersion = version;
    *ApiFlags = flags;
    *KernelId = id;
    return kip;
}
#endif

#if defined(__i386__)
#include <l4/ia32/syscalls.h>
#elif defined(__x86_64__)
#include <l4/amd64/syscalls.h>
#else
#error "l4idl runtime: the L4 user API headers support ia32 and amd64"
#endif

#endif /* !__L4IDL__ */

#endif /* !__L4__SYSCALLS_H__ */
