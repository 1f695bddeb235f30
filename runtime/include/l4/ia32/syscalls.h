/*
 * l4/ia32/syscalls.h - system-call bindings for ia32 (spec sections 9.1,
 * 9.2 and 10).
 *
 * Part of l4idl's runtime; include the API headers (<l4/ipc.h>,
 * <l4/thread.h>, ...) rather than this file.
 *
 * Entry points.  The kernel publishes one stub per system call in the KIP
 * (link = offset from the KIP base, section 8.1).  libl4
 * (runtime/libl4/ia32/syscalls.S) provides a code symbol per call,
 * __L4_Ipc, __L4_Lipc, ...: an 8-byte-aligned slot holding a 5-byte
 * `jmp rel32'.  Each slot first jumps to a lazy path that saves every
 * register, runs __L4_init_syscalls (KernelInterface, then every slot is
 * rewritten to `jmp KIP + link' with one atomic 8-byte store) and jumps
 * back into the slot; later calls cost one direct jmp.  L4_Init() runs the
 * same initialisation explicitly (do it before starting threads if two
 * threads could make their first system call at the same time).
 * Generated stubs enter with `call __L4_Ipc' from inline asm.
 *
 * Register contracts are those of section 9.2.  The kernel does not
 * preserve EBP across Ipc, and EBP is GCC's frame pointer, so every call
 * below saves EBP on the stack around the `call'.  Every asm statement
 * clobbers "memory" (the kernel reads and writes the UTCB and, for string
 * items, any user memory) and "cc".  Local-to-global ID conversion of
 * thread arguments is done by the kernel's stubs (section 9.2 notes), not
 * here.
 */
#ifndef __L4__IA32__SYSCALLS_H__
#define __L4__IA32__SYSCALLS_H__

#include <l4/types.h>

/* Empty on other architectures and for l4idl's IDL front end; <l4/syscalls.h> picks the right header. */
#if defined(__i386__) && !defined(__L4IDL__)

#include <l4/vregs.h>

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * System-call entry slots.  They use the register conventions of section
 * 9.2, not the C calling convention: call them from assembly only.
 */
extern void __L4_Ipc(void);
extern void __L4_Lipc(void);
extern void __L4_ExchangeRegisters(void);
extern void __L4_ThreadControl(void);
extern void __L4_SystemClock(void);
extern void __L4_ThreadSwitch(void);
extern void __L4_Schedule(void);
extern void __L4_Unmap(void);
extern void __L4_SpaceControl(void);
extern void __L4_ProcessorControl(void);
extern void __L4_MemoryControl(void);

/*
 * Point every slot at the stub in the KIP.  __L4_init_syscalls finds the
 * KIP with KernelInterface; __L4_InitFromKip takes its address (hosted
 * emulations and tests).  L4_Init and __L4_Init are __L4_init_syscalls
 * under the names used by the amd64 library.  All are idempotent.
 */
extern void __L4_init_syscalls(void);
extern void __L4_InitFromKip(void *kip);
extern void __L4_Init(void);
extern void L4_Init(void);

#if defined(__cplusplus)
}
#endif

/*
 * Ipc and Lipc (sections 9.2, 10.1).
 *   in:  EAX to, ECX Timeouts, EDX FromSpecifier, ESI MR0, EDI P
 *        (MR1.. already in the UTCB; the stub stores ESI into MR0)
 *   out: EAX from, ESI MR0, EBX MR1, EBP MR2, EDI P; ECX, EDX destroyed
 * MR0 is taken from the UTCB.  After a receive phase (FromSpecifier not
 * nil) MR0..MR2 are copied from the registers into the UTCB and *from is
 * set (from may be 0); after a send-only IPC the UTCB and *from are left
 * alone, since EBX and EBP then hold nothing.
 */
#define __L4_IA32_IPC(name, entry)                                          \
L4_INLINE L4_MsgTag_t name(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,   \
                           L4_Word_t Timeouts, L4_ThreadId_t *from)         \
{                                                                           \
    L4_Word_t *utcb = __L4_X86_Utcb();                                      \
    L4_Word_t mr0 = utcb[0], mr1, mr2, result, edx, edi;                    \
    L4_MsgTag_t tag;                                                        \
    __asm__ __volatile__("pushl %%ebp\n\t"                                  \
                         "call " entry "\n\t"                               \
                         "movl %%ebp, %%ecx\n\t"                            \
                         "popl %%ebp"                                       \
                         : "=a"(result), "=S"(mr0), "=b"(mr1), "=c"(mr2),   \
                           "=d"(edx), "=D"(edi)                             \
                         : "a"(to.raw), "c"(Timeouts),                      \
                           "d"(FromSpecifier.raw), "S"(mr0), "D"(utcb)      \
                         : "memory", "cc");                                 \
    (void)edx;                                                              \
    (void)edi;                                                              \
    if (!L4_IsNilThread(FromSpecifier)) {                                   \
        utcb[0] = mr0;                                                      \
        utcb[1] = mr1;                                                      \
        utcb[2] = mr2;                                                      \
        if (from != 0)                                                      \
            from->raw = result;                                             \
    }                                                                       \
    tag.raw = mr0;                                                          \
    return tag;                                                             \
}

__L4_IA32_IPC(L4_Ipc, "__L4_Ipc")
__L4_IA32_IPC(L4_Lipc, "__L4_Lipc")

/*
 * ExchangeRegisters (sections 9.2, 10.2).
 *   in:  EAX dest, ECX control, EDX SP, ESI IP, EDI FLAGS,
 *        EBX UserDefinedHandle, EBP pager
 *   out: EAX result, ECX old control, EDX SP, ESI IP, EDI FLAGS,
 *        EBX handle, EBP pager
 * All six other registers are operands, so the pager travels through a
 * stack slot: it is pushed first (a %esp-relative operand address is
 * computed before the push), EBP is saved above it and loaded from it,
 * and the old pager is popped back into the operand after EBP has been
 * restored (pop computes a %esp-relative address after the increment, so
 * it names the same slot as before).
 */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest,
    L4_Word_t control, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
    L4_Word_t UserDefHandle, L4_ThreadId_t pager,
    L4_Word_t *old_control, L4_Word_t *old_sp, L4_Word_t *old_ip,
    L4_Word_t *old_flags, L4_Word_t *old_UserDefHandle,
    L4_ThreadId_t *old_pager)
{
    L4_ThreadId_t result;
    L4_Word_t pg = pager.raw;
    result.raw = dest.raw;
    __asm__ __volatile__("pushl %[pg]\n\t"
                         "pushl %%ebp\n\t"
                         "movl 4(%%esp), %%ebp\n\t"
                         "call __L4_ExchangeRegisters\n\t"
                         "movl %%ebp, 4(%%esp)\n\t"
                         "popl %%ebp\n\t"
                         "popl %[pg]"
                         : "+a"(result.raw), "+c"(control), "+d"(sp),
                           "+S"(ip), "+D"(flags), "+b"(UserDefHandle),
                           [pg] "+m"(pg)
                         :
                         : "memory", "cc");
    *old_control = control;
    *old_sp = sp;
    *old_ip = ip;
    *old_flags = flags;
    *old_UserDefHandle = UserDefHandle;
    old_pager->raw = pg;
    return result;
}

/*
 * ThreadControl (sections 9.2, 10.3).
 *   in:  EAX dest, ESI SpaceSpecifier, EDX Scheduler, ECX Pager,
 *        EDI UtcbLocation
 *   out: EAX result; ECX, EDX, ESI, EDI, EBX destroyed
 */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest,
    L4_ThreadId_t SpaceSpecifier, L4_ThreadId_t Scheduler,
    L4_ThreadId_t Pager, void *UtcbLocation)
{
    L4_Word_t result, ecx, edx, esi, edi, ebx;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_ThreadControl\n\t"
                         "popl %%ebp"
                         : "=a"(result), "=c"(ecx), "=d"(edx), "=S"(esi),
                           "=D"(edi), "=b"(ebx)
                         : "a"(dest.raw), "S"(SpaceSpecifier.raw),
                           "d"(Scheduler.raw), "c"(Pager.raw),
                           "D"(UtcbLocation)
                         : "memory", "cc");
    (void)ecx; (void)edx; (void)esi; (void)edi; (void)ebx;
    return result;
}

/*
 * SpaceControl (sections 9.2, 10.4).
 *   in:  EAX SpaceSpecifier, ECX control, EDX KIP area, ESI UTCB area,
 *        EDI redirector
 *   out: EAX result, ECX old control; EDX, ESI, EDI, EBX destroyed
 */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier,
    L4_Word_t control, L4_Fpage_t KernelInterfacePageArea,
    L4_Fpage_t UtcbArea, L4_ThreadId_t redirector, L4_Word_t *old_control)
{
    L4_Word_t result, edx, esi, edi, ebx;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_SpaceControl\n\t"
                         "popl %%ebp"
                         : "=a"(result), "=c"(control), "=d"(edx),
                           "=S"(esi), "=D"(edi), "=b"(ebx)
                         : "a"(SpaceSpecifier.raw), "c"(control),
                           "d"(KernelInterfacePageArea.raw),
                           "S"(UtcbArea.raw), "D"(redirector.raw)
                         : "memory", "cc");
    (void)edx; (void)esi; (void)edi; (void)ebx;
    *old_control = control;
    return result;
}

/*
 * Schedule (sections 9.2, 10.5).
 *   in:  EAX dest, EDX TimeControl, ESI ProcessorControl, ECX PrioControl,
 *        EDI PreemptionControl
 *   out: EAX result, EDX old TimeControl; ECX, ESI, EDI, EBX destroyed
 */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
    L4_Word_t ProcessorControl, L4_Word_t PrioControl,
    L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
    L4_Word_t result, ecx, esi, edi, ebx;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_Schedule\n\t"
                         "popl %%ebp"
                         : "=a"(result), "=d"(TimeControl), "=c"(ecx),
                           "=S"(esi), "=D"(edi), "=b"(ebx)
                         : "a"(dest.raw), "d"(TimeControl),
                           "S"(ProcessorControl), "c"(PrioControl),
                           "D"(PreemptionControl)
                         : "memory", "cc");
    (void)ecx; (void)esi; (void)edi; (void)ebx;
    *old_TimeControl = TimeControl;
    return result;
}

/*
 * ThreadSwitch (sections 9.2, 10.6).
 *   in:  EAX dest
 *   out: EAX destroyed (the stub may replace a local ID by the global one)
 */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    L4_Word_t eax;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_ThreadSwitch\n\t"
                         "popl %%ebp"
                         : "=a"(eax)
                         : "a"(dest.raw)
                         : "memory", "cc");
    (void)eax;
}

/*
 * Unmap (sections 9.2, 10.7).
 *   in:  EAX control, ESI MR0, EDI P (MR1..MRk in the UTCB)
 *   out: ESI MR0; results in the UTCB MRs; EAX, EDX, EDI, EBX destroyed
 */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
    L4_Word_t *utcb = __L4_X86_Utcb();
    L4_Word_t mr0 = utcb[0], eax, edx, edi, ebx;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_Unmap\n\t"
                         "popl %%ebp"
                         : "=S"(mr0), "=a"(eax), "=d"(edx), "=D"(edi),
                           "=b"(ebx)
                         : "a"(control), "S"(mr0), "D"(utcb)
                         : "memory", "cc");
    (void)eax; (void)edx; (void)edi; (void)ebx;
    utcb[0] = mr0;
}

/*
 * MemoryControl (sections 9.2, 10.8).
 *   in:  EAX control, ECX attribute0, EDX attribute1, EBX attribute2,
 *        EBP attribute3, ESI MR0, EDI P (MR1..MRk in the UTCB)
 *   out: EAX result; ECX, EDX, ESI, EDI, EBX, EBP destroyed
 * attribute3 reaches EBP through a stack slot, as the pager does in
 * L4_ExchangeRegisters.
 */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control,
                                     const L4_Word_t *attributes)
{
    L4_Word_t *utcb = __L4_X86_Utcb();
    L4_Word_t result, ecx, edx, ebx, esi, edi;
    L4_Word_t attr3 = attributes[3];
    __asm__ __volatile__("pushl %[attr3]\n\t"
                         "pushl %%ebp\n\t"
                         "movl 4(%%esp), %%ebp\n\t"
                         "call __L4_MemoryControl\n\t"
                         "popl %%ebp\n\t"
                         "leal 4(%%esp), %%esp"
                         : "=a"(result), "=c"(ecx), "=d"(edx), "=b"(ebx),
                           "=S"(esi), "=D"(edi)
                         : "a"(control), "c"(attributes[0]),
                           "d"(attributes[1]), "b"(attributes[2]),
                           [attr3] "m"(attr3), "S"(utcb[0]), "D"(utcb)
                         : "memory", "cc");
    (void)ecx; (void)edx; (void)ebx; (void)esi; (void)edi;
    return result;
}

/*
 * ProcessorControl (sections 9.2, 10.9).
 *   in:  EAX processor number, ECX internal frequency, EDX external
 *        frequency, ESI voltage
 *   out: EAX result; ECX, EDX, ESI, EDI destroyed
 */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo,
    L4_Word_t InternalFrequency, L4_Word_t ExternalFrequency,
    L4_Word_t voltage)
{
    L4_Word_t result, ecx, edx, esi, edi;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_ProcessorControl\n\t"
                         "popl %%ebp"
                         : "=a"(result), "=c"(ecx), "=d"(edx), "=S"(esi),
                           "=D"(edi)
                         : "a"(ProcessorNo), "c"(InternalFrequency),
                           "d"(ExternalFrequency), "S"(voltage)
                         : "memory", "cc");
    (void)ecx; (void)edx; (void)esi; (void)edi;
    return result;
}

/*
 * SystemClock (sections 9.2, 10.10).
 *   out: EDX:EAX microseconds; ECX, ESI, EDI destroyed
 */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
    L4_Word_t lo, hi, ecx, esi, edi;
    L4_Clock_t c;
    __asm__ __volatile__("pushl %%ebp\n\t"
                         "call __L4_SystemClock\n\t"
                         "popl %%ebp"
                         : "=a"(lo), "=d"(hi), "=c"(ecx), "=S"(esi),
                           "=D"(edi)
                         :
                         : "memory", "cc");
    (void)ecx; (void)esi; (void)edi;
    c.raw = ((L4_Word64_t)hi << 32) | lo;
    return c;
}

#endif /* __i386__ */

#endif /* !__L4__IA32__SYSCALLS_H__ */
