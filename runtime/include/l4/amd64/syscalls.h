/*
 * l4/amd64/syscalls.h - system-call bindings for amd64 (spec sections
 * 9.1, 9.3 and 10).
 *
 * Part of l4idl's runtime; include the API headers (<l4/ipc.h>,
 * <l4/thread.h>, ...) rather than this file.
 *
 * Entry points.  On amd64 the KIP links are absolute addresses (section
 * 8.1).  libl4 (runtime/libl4/amd64/syscalls.S) keeps one pointer
 * variable per call, __L4_Ipc, __L4_Lipc, ..., and every call here is
 * `call *__L4_Ipc(%rip)'.  Each variable starts out pointing at a lazy
 * path that saves every register, runs __L4_Init (KernelInterface, then
 * every variable = its KIP link) and jumps to the real stub, so no
 * explicit initialisation is needed; L4_Init() (= __L4_Init) does it up
 * front.
 *
 * Register contracts are those of section 9.3.  The calls are made from
 * inline asm, so each one first steps over the 128-byte red zone of the
 * System V ABI (the `call' pushes a return address) and saves RBP, which
 * the kernel destroys and GCC may use as the frame pointer.  Every asm
 * statement clobbers "memory" and "cc".  `syscall' destroys RCX and R11.
 * Local-to-global ID conversion is done by the kernel's stubs.
 */
#ifndef __L4__AMD64__SYSCALLS_H__
#define __L4__AMD64__SYSCALLS_H__

#include <l4/types.h>

/* Empty on other architectures and for l4idl's IDL front end; <l4/syscalls.h> picks the right header. */
#if defined(__x86_64__) && !defined(__L4IDL__)

#include <l4/vregs.h>

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * System-call entry points, read from the KIP.  They use the register
 * conventions of section 9.3, not the C calling convention.
 */
extern void *__L4_Ipc;
extern void *__L4_Lipc;
extern void *__L4_ExchangeRegisters;
extern void *__L4_ThreadControl;
extern void *__L4_SystemClock;
extern void *__L4_ThreadSwitch;
extern void *__L4_Schedule;
extern void *__L4_Unmap;
extern void *__L4_SpaceControl;
extern void *__L4_ProcessorControl;
extern void *__L4_MemoryControl;

/*
 * Set every entry pointer from the KIP.  __L4_Init finds the KIP with
 * KernelInterface; __L4_InitFromKip takes its address (hosted emulations
 * and tests).  L4_Init and __L4_init_syscalls are other names of
 * __L4_Init.  All are idempotent.
 */
extern void __L4_Init(void);
extern void __L4_InitFromKip(void *kip);
extern void __L4_init_syscalls(void);
extern void L4_Init(void);

#if defined(__cplusplus)
}
#endif

/* Around every call: skip the red zone and keep RBP. */
#define __L4_AMD64_CALL(entry)                                              \
    "leaq -128(%%rsp), %%rsp\n\t"                                           \
    "pushq %%rbp\n\t"                                                       \
    "call *" entry "(%%rip)\n\t"                                            \
    "popq %%rbp\n\t"                                                        \
    "leaq 128(%%rsp), %%rsp"

/*
 * Ipc and Lipc (sections 9.3, 10.1).
 *   in:  RSI to, RDX FromSpecifier, R8 Timeouts, R9 MR0, RAX MR1, RBX MR2,
 *        R10 MR3, R12 MR4, R13 MR5, R14 MR6, R15 MR7, RDI P
 *        (MR8.. already in the UTCB)
 *   out: RSI from, R9 MR0, RAX MR1, RBX MR2, R10 MR3, R12..R15 MR4..MR7,
 *        RDI P; RCX, RDX, R8, R11, RBP destroyed
 * MR0..MR7 are loaded from the UTCB.  After a receive phase (FromSpecifier
 * not nil) they are stored back into the UTCB and *from is set (from may
 * be 0); after a send-only IPC the UTCB and *from are left alone.
 */
#define __L4_AMD64_IPC(name, entry)                                         \
L4_INLINE L4_MsgTag_t name(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,   \
                           L4_Word_t Timeouts, L4_ThreadId_t *from)         \
{                                                                           \
    L4_Word_t *utcb = __L4_X86_Utcb();                                      \
    L4_Word_t rsi = to.raw, rdx = FromSpecifier.raw;                        \
    L4_Word_t rax = utcb[1], rbx = utcb[2], rdi = (L4_Word_t)utcb;          \
    register L4_Word_t r8 __asm__("r8") = Timeouts;                         \
    register L4_Word_t r9 __asm__("r9") = utcb[0];                          \
    register L4_Word_t r10 __asm__("r10") = utcb[3];                        \
    register L4_Word_t r12 __asm__("r12") = utcb[4];                        \
    register L4_Word_t r13 __asm__("r13") = utcb[5];                        \
    register L4_Word_t r14 __asm__("r14") = utcb[6];                        \
    register L4_Word_t r15 __asm__("r15") = utcb[7];                        \
    L4_MsgTag_t tag;                                                        \
    __asm__ __volatile__(__L4_AMD64_CALL(entry)                             \
                         : "+S"(rsi), "+d"(rdx), "+r"(r8), "+r"(r9),        \
                           "+a"(rax), "+b"(rbx), "+r"(r10), "+r"(r12),      \
                           "+r"(r13), "+r"(r14), "+r"(r15), "+D"(rdi)       \
                         :                                                  \
                         : "rcx", "r11", "memory", "cc");                   \
    if (!L4_IsNilThread(FromSpecifier)) {                                   \
        utcb[0] = r9;                                                       \
        utcb[1] = rax;                                                      \
        utcb[2] = rbx;                                                      \
        utcb[3] = r10;                                                      \
        utcb[4] = r12;                                                      \
        utcb[5] = r13;                                                      \
        utcb[6] = r14;                                                      \
        utcb[7] = r15;                                                      \
        if (from != 0)                                                      \
            from->raw = rsi;                                                \
    }                                                                       \
    tag.raw = r9;                                                           \
    return tag;                                                             \
}

__L4_AMD64_IPC(L4_Ipc, "__L4_Ipc")
__L4_AMD64_IPC(L4_Lipc, "__L4_Lipc")

/*
 * ExchangeRegisters (sections 9.3, 10.2).
 *   in:  RAX dest, RSI control, RDX SP, R8 IP, R9 FLAGS,
 *        R10 UserDefinedHandle, RDI pager
 *   out: RAX result, RSI old control, RDX SP, R8 IP, R9 FLAGS,
 *        R10 handle, RDI pager; RBX, RCX, R11, RBP, R12..R15 destroyed
 */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest,
    L4_Word_t control, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
    L4_Word_t UserDefHandle, L4_ThreadId_t pager,
    L4_Word_t *old_control, L4_Word_t *old_sp, L4_Word_t *old_ip,
    L4_Word_t *old_flags, L4_Word_t *old_UserDefHandle,
    L4_ThreadId_t *old_pager)
{
    L4_ThreadId_t result;
    L4_Word_t rdi = pager.raw;
    register L4_Word_t r8 __asm__("r8") = ip;
    register L4_Word_t r9 __asm__("r9") = flags;
    register L4_Word_t r10 __asm__("r10") = UserDefHandle;
    result.raw = dest.raw;
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_ExchangeRegisters")
                         : "+a"(result.raw), "+S"(control), "+d"(sp),
                           "+r"(r8), "+r"(r9), "+r"(r10), "+D"(rdi)
                         :
                         : "rbx", "rcx", "r11", "r12", "r13", "r14", "r15",
                           "memory", "cc");
    *old_control = control;
    *old_sp = sp;
    *old_ip = r8;
    *old_flags = r9;
    *old_UserDefHandle = r10;
    old_pager->raw = rdi;
    return result;
}

/*
 * Clobbers of the calls that destroy every register but RSP: the
 * registers those calls do not name as operands (RBP is saved instead).
 */
#define __L4_AMD64_OTHER_REGS(...)                                     \
    "rbx", "rcx", "r10", "r11", "r12", "r13", "r14", "r15", __VA_ARGS__

/*
 * ThreadControl (sections 9.3, 10.3).
 *   in:  RDI dest, R8 SpaceSpecifier, RDX Scheduler, RSI Pager,
 *        R9 UtcbLocation
 *   out: RAX result; every other register but RSP destroyed
 */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest,
    L4_ThreadId_t SpaceSpecifier, L4_ThreadId_t Scheduler,
    L4_ThreadId_t Pager, void *UtcbLocation)
{
    L4_Word_t result, rdi = dest.raw, rdx = Scheduler.raw, rsi = Pager.raw;
    register L4_Word_t r8 __asm__("r8") = SpaceSpecifier.raw;
    register L4_Word_t r9 __asm__("r9") = (L4_Word_t)UtcbLocation;
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_ThreadControl")
                         : "=a"(result), "+D"(rdi), "+r"(r8), "+d"(rdx),
                           "+S"(rsi), "+r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    return result;
}

/*
 * SpaceControl (sections 9.3, 10.4).
 *   in:  RDI SpaceSpecifier, RSI control, RDX KIP area, R8 UTCB area,
 *        R9 redirector
 *   out: RAX result, RDX old control; every other register but RSP
 *        destroyed
 */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier,
    L4_Word_t control, L4_Fpage_t KernelInterfacePageArea,
    L4_Fpage_t UtcbArea, L4_ThreadId_t redirector, L4_Word_t *old_control)
{
    L4_Word_t result, rdi = SpaceSpecifier.raw, rsi = control;
    L4_Word_t rdx = KernelInterfacePageArea.raw;
    register L4_Word_t r8 __asm__("r8") = UtcbArea.raw;
    register L4_Word_t r9 __asm__("r9") = redirector.raw;
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_SpaceControl")
                         : "=a"(result), "+D"(rdi), "+S"(rsi), "+d"(rdx),
                           "+r"(r8), "+r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    *old_control = rdx;
    return result;
}

/*
 * Schedule (sections 9.3, 10.5).
 *   in:  RDI dest, RDX TimeControl, R8 ProcessorControl, RSI PrioControl,
 *        R9 PreemptionControl
 *   out: RAX result, RDX old TimeControl; every other register but RSP
 *        destroyed
 */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
    L4_Word_t ProcessorControl, L4_Word_t PrioControl,
    L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
    L4_Word_t result, rdi = dest.raw, rdx = TimeControl, rsi = PrioControl;
    register L4_Word_t r8 __asm__("r8") = ProcessorControl;
    register L4_Word_t r9 __asm__("r9") = PreemptionControl;
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_Schedule")
                         : "=a"(result), "+D"(rdi), "+d"(rdx), "+r"(r8),
                           "+S"(rsi), "+r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    *old_TimeControl = rdx;
    return result;
}

/*
 * ThreadSwitch (sections 9.3, 10.6).
 *   in:  RDI dest
 *   out: every register but RSP destroyed
 */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    L4_Word_t rdi = dest.raw, rax, rdx, rsi;
    register L4_Word_t r8 __asm__("r8");
    register L4_Word_t r9 __asm__("r9");
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_ThreadSwitch")
                         : "+D"(rdi), "=a"(rax), "=d"(rdx), "=S"(rsi),
                           "=r"(r8), "=r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    (void)rax; (void)rdx; (void)rsi; (void)r8; (void)r9;
}

/*
 * Unmap (sections 9.3, 10.7).
 *   in:  RDX control, R9 MR0, RAX/RBX/R10/R12/R13/R14/R15 MR1..MR7, RDI P
 *        (MR8.. in the UTCB)
 *   out: the same registers hold MR0..MR7 (also stored in the UTCB by the
 *        stub); RCX, RDX, RSI, R8, R11, RBP destroyed
 */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
    L4_Word_t *utcb = __L4_X86_Utcb();
    L4_Word_t rdx = control, rsi;
    L4_Word_t rax = utcb[1], rbx = utcb[2], rdi = (L4_Word_t)utcb;
    register L4_Word_t r8 __asm__("r8");
    register L4_Word_t r9 __asm__("r9") = utcb[0];
    register L4_Word_t r10 __asm__("r10") = utcb[3];
    register L4_Word_t r12 __asm__("r12") = utcb[4];
    register L4_Word_t r13 __asm__("r13") = utcb[5];
    register L4_Word_t r14 __asm__("r14") = utcb[6];
    register L4_Word_t r15 __asm__("r15") = utcb[7];
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_Unmap")
                         : "+d"(rdx), "=S"(rsi), "=r"(r8), "+r"(r9),
                           "+a"(rax), "+b"(rbx), "+r"(r10), "+r"(r12),
                           "+r"(r13), "+r"(r14), "+r"(r15), "+D"(rdi)
                         :
                         : "rcx", "r11", "memory", "cc");
    (void)rsi; (void)r8;
    utcb[0] = r9;
    utcb[1] = rax;
    utcb[2] = rbx;
    utcb[3] = r10;
    utcb[4] = r12;
    utcb[5] = r13;
    utcb[6] = r14;
    utcb[7] = r15;
}

/*
 * MemoryControl (sections 9.3, 10.8).  Pistachio's amd64 kernel does not
 * implement it and its library's register choice (attributes in RCX and
 * R11) cannot survive `syscall'; as the sheet suggests, l4idl mirrors
 * SpaceControl:
 *   in:  RDI control, RSI attribute0, RDX attribute1, R8 attribute2,
 *        R9 attribute3 (the fpages in MR0..MRk, in the UTCB only)
 *   out: RAX result; every other register but RSP destroyed
 */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control,
                                     const L4_Word_t *attributes)
{
    L4_Word_t result, rdi = control, rsi = attributes[0], rdx = attributes[1];
    register L4_Word_t r8 __asm__("r8") = attributes[2];
    register L4_Word_t r9 __asm__("r9") = attributes[3];
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_MemoryControl")
                         : "=a"(result), "+D"(rdi), "+S"(rsi), "+d"(rdx),
                           "+r"(r8), "+r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    return result;
}

/*
 * ProcessorControl (sections 9.3, 10.9).
 *   in:  RDI processor number, RSI internal frequency, RDX external
 *        frequency, R8 voltage
 *   out: RAX result; every other register but RSP destroyed
 */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo,
    L4_Word_t InternalFrequency, L4_Word_t ExternalFrequency,
    L4_Word_t voltage)
{
    L4_Word_t result, rdi = ProcessorNo, rsi = InternalFrequency;
    L4_Word_t rdx = ExternalFrequency;
    register L4_Word_t r8 __asm__("r8") = voltage;
    register L4_Word_t r9 __asm__("r9");
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_ProcessorControl")
                         : "=a"(result), "+D"(rdi), "+S"(rsi), "+d"(rdx),
                           "+r"(r8), "=r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    (void)r9;
    return result;
}

/*
 * SystemClock (sections 9.3, 10.10).
 *   out: RAX microseconds; every other register but RSP destroyed
 */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
    L4_Clock_t c;
    L4_Word_t rdi, rsi, rdx;
    register L4_Word_t r8 __asm__("r8");
    register L4_Word_t r9 __asm__("r9");
    __asm__ __volatile__(__L4_AMD64_CALL("__L4_SystemClock")
                         : "=a"(c.raw), "=D"(rdi), "=S"(rsi), "=d"(rdx),
                           "=r"(r8), "=r"(r9)
                         :
                         : __L4_AMD64_OTHER_REGS("memory", "cc"));
    (void)rdi; (void)rsi; (void)rdx; (void)r8; (void)r9;
    return c;
}

#endif /* __x86_64__ */

#endif /* !__L4__AMD64__SYSCALLS_H__ */
