/*
 * all_headers.c - compile-matrix input: includes every header of
 * runtime/include and uses every inline function, once called with
 * constant arguments (so the inlined asm must be allocatable in a real
 * caller) and once by address (so an out-of-line copy is emitted too).
 * Compiled, never run, as C99, GNU C11 and C++17 for -m32 and -m64 at
 * -O0 and -O2 with -Wall -Wextra -Werror -pedantic (headers_test.go).
 * headers_test.go also checks that every L4_INLINE function of the
 * headers is named here.
 */
#include <l4/types.h>
#include <l4/vregs.h>
#include <l4/syscalls.h>
#include <l4/message.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/space.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/kdebug.h>
#include <l4/pagefault.h>
/* Every header again: the include guards must hold. */
#include <l4/types.h>
#include <l4/message.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/space.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/kdebug.h>
#include <l4/pagefault.h>

typedef void (*fn_t)(void);
#define F(f) ((fn_t)(f))

/* The address of every inline function. */
fn_t all_functions[] = {
    /* types.h */
    F(L4_GlobalId), F(L4_Version), F(L4_ThreadNo), F(L4_IsThreadEqual),
    F(L4_IsThreadNotEqual), F(L4_IsNilThread), F(L4_IsLocalId),
    F(L4_IsGlobalId), F(L4_FpageLog2), F(L4_Fpage), F(L4_IsNilFpage),
    F(L4_Rights), F(L4_Set_Rights), F(L4_FpageAddRights),
    F(L4_FpageAddRightsTo), F(L4_FpageRemoveRights),
    F(L4_FpageRemoveRightsFrom), F(L4_SizeLog2), F(L4_Size), F(L4_Address),
    F(L4_IoFpageLog2), F(L4_IoFpage), F(L4_IsIoFpage), F(L4_IoFpagePort),
    F(L4_IoFpageSizeLog2), F(L4_IoFpageSize), F(L4_TimePeriod),
    F(L4_IsTimePeriod), F(L4_IsTimePoint), F(L4_IsTimeEqual),
    F(L4_IsTimeNotEqual), F(L4_ClockAddUsec), F(L4_ClockSubUsec),
    F(L4_IsClockEarlier), F(L4_IsClockLater), F(L4_IsClockEqual),
    F(L4_IsClockNotEqual),
    /* vregs.h */
    F(L4_MyGlobalId), F(L4_MyLocalId), F(L4_Myself), F(L4_ProcessorNo),
    F(L4_UserDefinedHandle), F(L4_Set_UserDefinedHandle), F(L4_Pager),
    F(L4_Set_Pager), F(L4_ExceptionHandler), F(L4_Set_ExceptionHandler),
    F(L4_ErrorCode), F(L4_XferTimeouts), F(L4_Set_XferTimeouts),
    F(L4_IntendedReceiver), F(L4_ActualSender), F(L4_Set_VirtualSender),
    F(L4_ThreadWord), F(L4_Set_ThreadWord), F(L4_Set_CopFlag),
    F(L4_Clr_CopFlag), F(L4_EnablePreemptionFaultException),
    F(L4_DisablePreemptionFaultException), F(L4_EnablePreemption),
    F(L4_DisablePreemption), F(L4_PreemptionPending), F(L4_LoadMR),
    F(L4_StoreMR), F(L4_LoadMRs), F(L4_StoreMRs), F(L4_LoadBR),
    F(L4_StoreBR), F(L4_LoadBRs), F(L4_StoreBRs),
    /* syscalls.h */
    F(L4_KernelInterface), F(L4_Ipc), F(L4_Lipc), F(L4_ExchangeRegisters),
    F(L4_ThreadControl), F(L4_SpaceControl), F(L4_Schedule),
    F(L4_ThreadSwitch), F(L4_Unmap), F(L4_MemoryControl),
    F(L4_ProcessorControl), F(L4_SystemClock),
    /* message.h */
    F(L4_MsgTagMake), F(L4_IsMsgTagEqual), F(L4_IsMsgTagNotEqual),
    F(L4_MsgTagAddLabel), F(L4_MsgTagAddLabelTo), F(L4_Label),
    F(L4_UntypedWords), F(L4_TypedWords), F(L4_MsgTagLabel), F(L4_MsgTagU),
    F(L4_MsgTagT), F(L4_MsgTagFlags), F(L4_MsgTag), F(L4_Set_MsgTag),
    F(L4_MapItem), F(L4_IsMapItem), F(L4_MapItemSndFpage),
    F(L4_MapItemSndBase), F(L4_GrantItem), F(L4_IsGrantItem),
    F(L4_GrantItemSndFpage), F(L4_GrantItemSndBase), F(L4_StringItem),
    F(L4_IsStringItem), F(L4_CompoundString), F(L4_Substrings),
    F(L4_Substring), F(L4_SubstringLength), F(L4_CacheAllocationHint),
    F(L4_AddCacheAllocationHint), F(L4_AddSubstringAddressTo),
    F(L4_AddSubstringTo), F(L4_MsgClear), F(L4_MsgMsgTag),
    F(L4_Set_MsgMsgTag), F(L4_MsgLabel), F(L4_Set_MsgLabel), F(L4_MsgPut),
    F(L4_MsgGet), F(L4_MsgLoad), F(L4_MsgStore), F(L4_MsgPutWord),
    F(L4_MsgWord), F(L4_MsgGetWord), F(L4_MsgAppendWord),
    F(L4_MsgAppendMapItem), F(L4_MsgAppendGrantItem),
    F(L4_MsgAppendSimpleStringItem), F(L4_MsgAppendStringItem),
    F(L4_MsgPutMapItem), F(L4_MsgGetMapItem), F(L4_MsgPutGrantItem),
    F(L4_MsgGetGrantItem), F(L4_MsgPutStringItem), F(L4_MsgGetStringItem),
    F(L4_MapGrantItems), F(L4_AddAcceptor), F(L4_AddAcceptorTo),
    F(L4_RemoveAcceptor), F(L4_RemoveAcceptorFrom), F(L4_HasStringItems),
    F(L4_HasCtrlXferItems), F(L4_HasMapGrantItems), F(L4_RcvWindow),
    F(L4_Accept), F(L4_Accepted), F(L4_MsgBufferClear),
    F(L4_MsgBufferAppendSimpleRcvString), F(L4_MsgBufferAppendRcvString),
    F(L4_AcceptStrings),
    /* ipc.h */
    F(L4_Timeouts), F(L4_IpcSucceeded), F(L4_IpcFailed),
    F(L4_IpcPropagated), F(L4_IpcRedirected), F(L4_IpcXcpu),
    F(L4_Set_Propagation), F(L4_IpcError), F(L4_IpcErrorPhase),
    F(L4_IpcErrorNumber), F(L4_IpcErrorOffset), F(L4_IpcErrorCode),
    F(L4_Call_Timeouts), F(L4_Call), F(L4_Send_Timeout), F(L4_Send),
    F(L4_Reply), F(L4_Receive_Timeout), F(L4_Receive), F(L4_Wait_Timeout),
    F(L4_Wait), F(L4_ReplyWait_Timeout), F(L4_ReplyWait), F(L4_Sleep),
    F(L4_Lcall), F(L4_LreplyWait),
    /* kip.h */
    F(L4_GetKernelInterface), F(L4_ApiVersion), F(L4_ApiFlags),
    F(L4_KernelId), F(L4_KernelGenDate), F(L4_KernelVersion),
    F(L4_KernelSupplier), F(L4_KernelVersionString), F(L4_Feature),
    F(L4_NumProcessors), F(L4_NumMemoryDescriptors), F(L4_PageSizeMask),
    F(L4_PageRights), F(L4_ThreadIdBits), F(L4_ThreadIdSystemBase),
    F(L4_ThreadIdUserBase), F(L4_ReadPrecision), F(L4_SchedulePrecision),
    F(L4_UtcbAreaSizeLog2), F(L4_UtcbAreaSize), F(L4_UtcbAlignmentLog2),
    F(L4_UtcbSize), F(L4_KipAreaSizeLog2), F(L4_KipAreaSize),
    F(L4_BootInfo), F(L4_MemoryDesc), F(L4_IsMemoryDescVirtual),
    F(L4_MemoryDescType), F(L4_MemoryDescLow), F(L4_MemoryDescHigh),
    F(L4_ProcDesc), F(L4_ProcDescExternalFreq), F(L4_ProcDescInternalFreq),
    /* thread.h */
    F(L4_ThreadWasHalted), F(L4_ThreadWasReceiving), F(L4_ThreadWasSending),
    F(L4_ThreadWasIpcing), F(L4_GlobalIdOf), F(L4_LocalIdOf),
    F(L4_SameThreads), F(L4_UserDefinedHandleOf),
    F(L4_Set_UserDefinedHandleOf), F(L4_PagerOf), F(L4_Set_PagerOf),
    F(L4_Start), F(L4_Start_SpIp), F(L4_Start_SpIpFlags), F(L4_Stop),
    F(L4_Stop_SpIpFlags), F(L4_AbortReceive_and_stop),
    F(L4_AbortReceive_and_stop_SpIpFlags), F(L4_AbortSend_and_stop),
    F(L4_AbortSend_and_stop_SpIpFlags), F(L4_AbortIpc_and_stop),
    F(L4_AbortIpc_and_stop_SpIpFlags), F(L4_AssociateInterrupt),
    F(L4_DeassociateInterrupt), F(L4_Yield),
    /* space.h */
    F(L4_UnmapFpage), F(L4_Flush), F(L4_GetStatus), F(L4_UnmapFpages),
    F(L4_FlushFpages), F(L4_WasReferenced), F(L4_WasWritten),
    F(L4_WaseXecuted), F(L4_Set_PageAttribute), F(L4_Set_PageAttributes),
    /* schedule.h */
    F(L4_Set_Priority), F(L4_Set_ProcessorNo), F(L4_Timeslice),
    F(L4_Set_Timeslice), F(L4_Set_PreemptionDelay),
    /* sigma0.h */
    F(L4_Sigma0_GetPage), F(L4_Sigma0_GetPage_RcvWindow),
    F(L4_Sigma0_GetAny), F(L4_Sigma0_GetSpecial),
    /* kdebug.h */
    F(L4_KDB_PrintChar), F(L4_KDB_PrintString), F(L4_KDB_ClearPage),
    F(L4_KDB_ToggleBreakin), F(L4_KDB_ReadChar), F(L4_KDB_ReadChar_Blocked),
    /* pagefault.h */
    F(L4_KernelMsgLabel), F(L4_IsKernelMsg), F(L4_KernelMsgKind),
    F(L4_IsInterrupt), F(L4_IsPageFault), F(L4_PageFaultRights),
    F(L4_PageFaultAddress), F(L4_PageFaultIP), F(L4_IsException),
    F(L4_IsIoPageFault),
};

L4_Word_t sink;
#define USE(x) (sink += (L4_Word_t)(x))

/* Special values work in initialisers and expressions. */
void use_constants(void)
{
    L4_ThreadId_t nil = L4_nilthread, any = L4_anythread;
    L4_ThreadId_t anylocal = L4_anylocalthread;
    L4_Fpage_t nilpage = L4_Nilpage, all = L4_CompleteAddressSpace;
    L4_Time_t never = L4_Never, zero = L4_ZeroTime;
    L4_MsgTag_t niltag = L4_Niltag;
    L4_Acceptor_t a0 = L4_UntypedWordsAcceptor;
    L4_Acceptor_t a1 = L4_StringItemsAcceptor;
    L4_Acceptor_t a2 = L4_CtrlXferAcceptor;
    L4_CacheAllocationHint_t h = L4_UseDefaultCacheLineAllocation;
    USE(nil.raw + any.raw + anylocal.raw + nilpage.raw + all.raw);
    USE(never.raw + zero.raw + niltag.raw + a0.raw + a1.raw + a2.raw + h.raw);
    USE(nil.global.X.thread_no + nil.global.X.version + nil.local.X.local_id);
    USE(all.X.rwx + all.X.s + all.X.b + all.X.extended);
    USE(niltag.X.u + niltag.X.t + niltag.X.flags + niltag.X.label);
    USE(never.period.m + never.period.e + zero.point.c + a0.X.RcvWindow);
    USE(L4_IsNilThread(L4_nilthread) + L4_IsNilFpage(L4_Nilpage));
    USE(L4_Readable + L4_Writable + L4_eXecutable + L4_FullyAccessible +
        L4_ReadWriteOnly + L4_ReadeXecOnly + L4_NoAccess);
    USE(L4_ErrOk + L4_ErrNoPrivilege + L4_ErrInvalidThread +
        L4_ErrInvalidSpace + L4_ErrInvalidScheduler + L4_ErrInvalidParam +
        L4_ErrUtcbArea + L4_ErrKipArea + L4_ErrNoMem);
    USE(L4_ERROR_OK + L4_ERROR_NO_PRIVILEGE + L4_ERROR_INVALID_THREAD +
        L4_ERROR_INVALID_SPACE + L4_ERROR_INVALID_SCHEDULER +
        L4_ERROR_INVALID_PARAM + L4_ERROR_UTCB_AREA + L4_ERROR_KIP_AREA +
        L4_ERROR_NO_MEM);
    USE(L4_ErrSendPhase + L4_ErrRecvPhase + L4_ErrTimeout + L4_ErrNonExist +
        L4_ErrCanceled + L4_ErrMsgOverflow + L4_ErrXferTimeoutInvoker +
        L4_ErrXferTimeoutPartner + L4_ErrAborted);
    USE(L4_SCHEDRESULT_ERROR + L4_SCHEDRESULT_DEAD + L4_SCHEDRESULT_INACTIVE +
        L4_SCHEDRESULT_RUNNING + L4_SCHEDRESULT_PENDING_SEND +
        L4_SCHEDRESULT_SENDING + L4_SCHEDRESULT_WAITING +
        L4_SCHEDRESULT_RECEIVING);
    USE(L4_ExReg_Halt + L4_ExReg_AbortRecvIPC + L4_ExReg_AbortSendIPC +
        L4_ExReg_AbortIPC + L4_ExReg_sp + L4_ExReg_ip + L4_ExReg_flags +
        L4_ExReg_UserDefHandle + L4_ExReg_Pager + L4_ExReg_HaltFlag +
        L4_ExReg_Deliver + L4_ExReg_sp_ip + L4_ExReg_sp_ip_flags);
    USE(L4_MAGIC + L4_APIVERSION_X2 + L4_APISUBVERSION_X2 + L4_APIFLAG_64BIT +
        L4_KID_PISTACHIO + L4_ConventionalMemoryType + L4_DefaultMemory +
        L4_UnmapFlush + L4_SpaceControlDefault + L4_SIGMA0_LABEL +
        L4_MsgTagError + L4_KernelMsgPageFault);
}

void use_values(void *kip, L4_Msg_t *msg, L4_MsgBuffer_t *buf)
{
    L4_ThreadId_t t = L4_GlobalId(100, 1), u = L4_anythread;
    L4_Fpage_t f = L4_FpageLog2(0x10000, 12);
    L4_Time_t tm = L4_TimePeriod(1000);
    L4_Clock_t c;
    L4_MsgTag_t tag = L4_MsgTagMake(0x42, 1, 2);
    L4_MapItem_t mi = L4_MapItem(f, 0x10000);
    L4_GrantItem_t gi = L4_GrantItem(f, 0x10000);
    L4_StringItem_t si = L4_StringItem(16, &sink);
    L4_StringItem_t big[8];
    L4_Acceptor_t acc = L4_MapGrantItems(L4_CompleteAddressSpace);
    L4_Word_t w = 0, words[4] = {1, 2, 3, 4}, y, mo, d;
    L4_Fpage_t fps[2];
    L4_Time_t ts, tq;
    L4_MemoryDesc_t *md;
    L4_ProcDesc_t *pd;
    L4_ThreadState_t st;

    c.raw = 5;
    /* types.h */
    USE(L4_Version(t) + L4_ThreadNo(t) + L4_IsThreadEqual(t, u) +
        L4_IsThreadNotEqual(t, u) + L4_IsLocalId(t) + L4_IsGlobalId(t));
    USE(L4_Fpage(0x1000, 4096).raw + L4_Rights(f) + L4_Set_Rights(&f, 7).raw);
    USE(L4_FpageAddRights(f, 1).raw + L4_FpageAddRightsTo(&f, 2).raw +
        L4_FpageRemoveRights(f, 1).raw + L4_FpageRemoveRightsFrom(&f, 2).raw);
    USE(L4_SizeLog2(f) + L4_Size(f) + L4_Address(f));
    USE(L4_IoFpageLog2(0x60, 4).raw + L4_IoFpage(0x3f8, 8).raw +
        L4_IsIoFpage(f) + L4_IoFpagePort(f) + L4_IoFpageSizeLog2(f) +
        L4_IoFpageSize(f));
    USE(L4_IsTimePeriod(tm) + L4_IsTimePoint(tm) +
        L4_IsTimeEqual(tm, L4_Never) + L4_IsTimeNotEqual(tm, L4_ZeroTime));
    USE(L4_ClockAddUsec(c, 1).raw + L4_ClockSubUsec(c, 1).raw +
        L4_IsClockEarlier(c, c) + L4_IsClockLater(c, c) +
        L4_IsClockEqual(c, c) + L4_IsClockNotEqual(c, c));
    /* vregs.h */
    USE(L4_MyGlobalId().raw + L4_MyLocalId().raw + L4_Myself().raw +
        L4_ProcessorNo() + L4_UserDefinedHandle() + L4_Pager().raw +
        L4_ExceptionHandler().raw + L4_ErrorCode() + L4_XferTimeouts() +
        L4_IntendedReceiver().raw + L4_ActualSender().raw + L4_ThreadWord(1));
    L4_Set_UserDefinedHandle(1);
    L4_Set_Pager(t);
    L4_Set_ExceptionHandler(t);
    L4_Set_XferTimeouts(0);
    L4_Set_VirtualSender(t);
    L4_Set_ThreadWord(0, 3);
    L4_Set_CopFlag(1);
    L4_Clr_CopFlag(1);
    USE(L4_EnablePreemptionFaultException() +
        L4_DisablePreemptionFaultException() + L4_EnablePreemption() +
        L4_DisablePreemption() + L4_PreemptionPending());
    L4_LoadMR(1, 2);
    L4_StoreMR(1, &w);
    L4_LoadMRs(1, 4, words);
    L4_StoreMRs(1, 4, words);
    L4_LoadBR(1, 2);
    L4_StoreBR(1, &w);
    L4_LoadBRs(1, 4, words);
    L4_StoreBRs(1, 4, words);
    /* syscalls.h */
    USE(L4_KernelInterface(&w, &w, &w));
    USE(L4_Ipc(t, t, 0, &u).raw + L4_Lipc(t, L4_nilthread, 0, 0).raw);
    USE(L4_ExchangeRegisters(t, 0, 1, 2, 3, 4, t, &w, &w, &w, &w, &w, &u).raw);
    USE(L4_ThreadControl(t, t, t, t, (void *)0x1000));
    USE(L4_SpaceControl(t, 0, f, f, t, &w));
    USE(L4_Schedule(t, 1, 2, 3, 4, &w));
    L4_ThreadSwitch(t);
    L4_Unmap(3);
    USE(L4_MemoryControl(1, words));
    USE(L4_ProcessorControl(0, 1, 2, 3));
    USE(L4_SystemClock().raw);
    /* message.h */
    USE(L4_IsMsgTagEqual(tag, L4_Niltag) + L4_IsMsgTagNotEqual(tag, tag));
    USE(L4_MsgTagAddLabel(tag, 7).raw + L4_MsgTagAddLabelTo(&tag, 8).raw);
    USE(L4_Label(tag) + L4_UntypedWords(tag) + L4_TypedWords(tag) +
        L4_MsgTagLabel(tag) + L4_MsgTagU(tag) + L4_MsgTagT(tag) +
        L4_MsgTagFlags(tag) + L4_MsgTag().raw);
    L4_Set_MsgTag(tag);
    USE(L4_IsMapItem(mi) + L4_MapItemSndFpage(mi).raw + L4_MapItemSndBase(mi));
    USE(L4_IsGrantItem(gi) + L4_GrantItemSndFpage(gi).raw +
        L4_GrantItemSndBase(gi));
    USE(L4_IsStringItem(&si) + L4_CompoundString(&si) + L4_Substrings(&si) +
        (L4_Word_t)L4_Substring(&si, 1) + L4_SubstringLength(&si));
    USE(L4_CacheAllocationHint(si).raw +
        L4_AddCacheAllocationHint(si, L4_UseDefaultCacheLineAllocation).raw[0]);
    big[0] = si;
    USE(L4_AddSubstringAddressTo(&big[0], &sink));
    USE(L4_AddSubstringTo(&big[0], &si));
    L4_MsgClear(msg);
    USE(L4_MsgMsgTag(msg).raw + L4_MsgLabel(msg));
    L4_Set_MsgMsgTag(msg, tag);
    L4_Set_MsgLabel(msg, 9);
    L4_MsgPut(msg, 1, 2, words, 2, words);
    L4_MsgGet(msg, words, words);
    L4_MsgLoad(msg);
    L4_MsgStore(tag, msg);
    L4_MsgPutWord(msg, 0, 1);
    USE(L4_MsgWord(msg, 0));
    L4_MsgGetWord(msg, 0, &w);
    L4_MsgAppendWord(msg, 5);
    L4_MsgAppendMapItem(msg, mi);
    L4_MsgAppendGrantItem(msg, gi);
    L4_MsgAppendSimpleStringItem(msg, si);
    L4_MsgAppendStringItem(msg, &si);
    L4_MsgPutMapItem(msg, 0, mi);
    USE(L4_MsgGetMapItem(msg, 0, &mi));
    L4_MsgPutGrantItem(msg, 0, gi);
    USE(L4_MsgGetGrantItem(msg, 0, &gi));
    L4_MsgPutStringItem(msg, 0, &si);
    USE(L4_MsgGetStringItem(msg, 0, big));
    USE(L4_AddAcceptor(acc, L4_StringItemsAcceptor).raw);
    USE(L4_AddAcceptorTo(&acc, L4_StringItemsAcceptor).raw);
    USE(L4_RemoveAcceptor(acc, L4_StringItemsAcceptor).raw);
    USE(L4_RemoveAcceptorFrom(&acc, L4_StringItemsAcceptor).raw);
    USE(L4_HasStringItems(acc) + L4_HasCtrlXferItems(acc) +
        L4_HasMapGrantItems(acc) + L4_RcvWindow(acc).raw);
    L4_Accept(acc);
    USE(L4_Accepted().raw);
    L4_MsgBufferClear(buf);
    L4_MsgBufferAppendSimpleRcvString(buf, si);
    L4_MsgBufferAppendRcvString(buf, &si);
    L4_AcceptStrings(acc, buf);
    /* ipc.h */
    USE(L4_Timeouts(L4_ZeroTime, L4_Never));
    USE(L4_IpcSucceeded(tag) + L4_IpcFailed(tag) + L4_IpcPropagated(tag) +
        L4_IpcRedirected(tag) + L4_IpcXcpu(tag));
    L4_Set_Propagation(&tag);
    USE(L4_IpcError(3, &w) + L4_IpcErrorPhase(3) + L4_IpcErrorNumber(3) +
        L4_IpcErrorOffset(3) + L4_IpcErrorCode(1, 1, 0));
    USE(L4_Call_Timeouts(t, L4_Never, L4_ZeroTime).raw + L4_Call(t).raw);
    USE(L4_Send_Timeout(t, L4_ZeroTime).raw + L4_Send(t).raw +
        L4_Reply(t).raw);
    USE(L4_Receive_Timeout(t, L4_ZeroTime).raw + L4_Receive(t).raw);
    USE(L4_Wait_Timeout(L4_ZeroTime, &u).raw + L4_Wait(&u).raw);
    USE(L4_ReplyWait_Timeout(t, L4_ZeroTime, &u).raw +
        L4_ReplyWait(t, &u).raw);
    L4_Sleep(L4_TimePeriod(100));
    USE(L4_Lcall(t).raw + L4_LreplyWait(t, &u).raw);
    /* kip.h */
    USE(L4_GetKernelInterface());
    USE(L4_ApiVersion() + L4_ApiFlags() + L4_KernelId());
    L4_KernelGenDate(kip, &y, &mo, &d);
    USE(L4_KernelVersion(kip) + L4_KernelSupplier(kip) +
        (L4_Word_t)L4_KernelVersionString(kip) + (L4_Word_t)L4_Feature(kip, 0));
    USE(L4_NumProcessors(kip) + L4_NumMemoryDescriptors(kip) +
        L4_PageSizeMask(kip) + L4_PageRights(kip) + L4_ThreadIdBits(kip) +
        L4_ThreadIdSystemBase(kip) + L4_ThreadIdUserBase(kip) +
        L4_ReadPrecision(kip) + L4_SchedulePrecision(kip));
    USE(L4_UtcbAreaSizeLog2(kip) + L4_UtcbAreaSize(kip) +
        L4_UtcbAlignmentLog2(kip) + L4_UtcbSize(kip) +
        L4_KipAreaSizeLog2(kip) + L4_KipAreaSize(kip) + L4_BootInfo(kip));
    md = L4_MemoryDesc(kip, 0);
    USE(L4_IsMemoryDescVirtual(md) + L4_MemoryDescType(md) +
        L4_MemoryDescLow(md) + L4_MemoryDescHigh(md));
    pd = L4_ProcDesc(kip, 0);
    USE(L4_ProcDescExternalFreq(pd) + L4_ProcDescInternalFreq(pd));
    /* thread.h */
    st = L4_Stop(t);
    USE(L4_ThreadWasHalted(st) + L4_ThreadWasReceiving(st) +
        L4_ThreadWasSending(st) + L4_ThreadWasIpcing(st));
    USE(L4_GlobalIdOf(t).raw + L4_LocalIdOf(t).raw + L4_SameThreads(t, u));
    USE(L4_UserDefinedHandleOf(t) + L4_PagerOf(t).raw);
    L4_Set_UserDefinedHandleOf(t, 1);
    L4_Set_PagerOf(t, u);
    L4_Start(t);
    L4_Start_SpIp(t, 1, 2);
    L4_Start_SpIpFlags(t, 1, 2, 3);
    USE(L4_Stop_SpIpFlags(t, &w, &w, &w).raw);
    USE(L4_AbortReceive_and_stop(t).raw +
        L4_AbortReceive_and_stop_SpIpFlags(t, &w, &w, &w).raw);
    USE(L4_AbortSend_and_stop(t).raw +
        L4_AbortSend_and_stop_SpIpFlags(t, &w, &w, &w).raw);
    USE(L4_AbortIpc_and_stop(t).raw +
        L4_AbortIpc_and_stop_SpIpFlags(t, &w, &w, &w).raw);
    USE(L4_AssociateInterrupt(L4_GlobalId(1, 1), t) +
        L4_DeassociateInterrupt(L4_GlobalId(1, 1)));
    L4_Yield();
    /* space.h */
    fps[0] = fps[1] = f;
    USE(L4_UnmapFpage(f).raw + L4_Flush(f).raw + L4_GetStatus(f).raw);
    L4_UnmapFpages(2, fps);
    L4_FlushFpages(2, fps);
    USE(L4_WasReferenced(f) + L4_WasWritten(f) + L4_WaseXecuted(f));
    USE(L4_Set_PageAttribute(f, 1) + L4_Set_PageAttributes(2, fps, words));
    /* schedule.h */
    USE(L4_Set_Priority(t, 100) + L4_Set_ProcessorNo(t, 0) +
        L4_Timeslice(t, &ts, &tq) + ts.raw + tq.raw);
    USE(L4_Set_Timeslice(t, L4_TimePeriod(10000), L4_Never) +
        L4_Set_PreemptionDelay(t, 200, 1000));
    /* sigma0.h */
    USE(L4_Sigma0_GetPage(L4_nilthread, f).raw +
        L4_Sigma0_GetPage_RcvWindow(t, f, L4_CompleteAddressSpace).raw +
        L4_Sigma0_GetAny(L4_nilthread, 12, L4_CompleteAddressSpace).raw +
        L4_Sigma0_GetSpecial(0, 0xb8000, 4096).raw);
    /* kdebug.h */
    L4_KDB_Enter("all_headers");
    L4_KDB_PrintChar('x');
    L4_KDB_PrintString("hello");
    L4_KDB_ClearPage();
    L4_KDB_ToggleBreakin();
    USE(L4_KDB_ReadChar() + L4_KDB_ReadChar_Blocked());
    /* pagefault.h */
    USE(L4_KernelMsgLabel(L4_KernelMsgPageFault, 2) + L4_IsKernelMsg(tag) +
        L4_KernelMsgKind(tag) + L4_IsInterrupt(tag) + L4_IsPageFault(tag) +
        L4_PageFaultRights(tag) + L4_PageFaultAddress() + L4_PageFaultIP() +
        L4_IsException(tag) + L4_IsIoPageFault(tag));
}

#if defined(__cplusplus)
/* The C++ operators. */
void use_operators(void)
{
    L4_ThreadId_t a = L4_nilthread, b = L4_anythread;
    L4_Fpage_t f = L4_Nilpage;
    L4_Time_t t = L4_Never;
    L4_Clock_t c;
    L4_MsgTag_t tag = L4_Niltag;
    L4_Acceptor_t acc = L4_UntypedWordsAcceptor;
    c.raw = 1;
    USE((a == b) + (a != b) + (t == L4_ZeroTime) + (t != L4_ZeroTime));
    USE((f + 7).raw + (f - 1).raw + (f += 2).raw + (f -= 2).raw);
    USE((c + 1).raw + (c - 1).raw + (c < c) + (c > c) + (c == c) + (c != c));
    USE((tag == L4_Niltag) + (tag != L4_Niltag) + (tag + 5).raw + (tag += 6).raw);
    USE((acc + L4_StringItemsAcceptor).raw + (acc - L4_StringItemsAcceptor).raw);
    USE((acc += L4_StringItemsAcceptor).raw + (acc -= L4_StringItemsAcceptor).raw);
}
#endif
