/*
 * l4/kip.h - the kernel interface page (KIP): layout, KernelInterface and
 * the accessors of spec sections 8 and 10.11.
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/kip.h>.  Accessors that take `void *KernelInterface' read the KIP at
 * that address (from L4_GetKernelInterface(), or any copy laid out as in
 * section 8); L4_KernelInterface itself is in the architecture's syscalls
 * header.
 */
#ifndef __L4__KIP_H__
#define __L4__KIP_H__

#include <l4/types.h>
#include <l4/syscalls.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* KIP word 0: the bytes 'L' '4' 0xE6 'K'. */
#define L4_MAGIC                        0x4be6344cUL

/*
 * ApiVersion (bits 24..31 version, bits 16..23 subversion), ApiFlags and
 * KernelId (bits 24..31 id, bits 16..23 subid) values of section 8.2.
 */
#define L4_APIVERSION_2                 0x02
#define L4_APIVERSION_4                 0x04
#define L4_APIVERSION_X0                0x83    /* X.0 and X.1 */
#define L4_APIVERSION_X2                0x84
#define L4_APISUBVERSION_X2             0x05    /* Pistachio's */
#define L4_APIVERSION_L4SEC             0x85
#define L4_APIVERSION_N1                0x86
#define L4_APIVERSION_OKL               0xa0

#define L4_APIFLAG_LE                   0x0     /* bits 0..1: endianness */
#define L4_APIFLAG_BE                   0x1
#define L4_APIFLAG_32BIT                0x0     /* bits 2..3: word size */
#define L4_APIFLAG_64BIT                0x4

/* (id << 8) + subid, i.e. KernelId >> 16. */
#define L4_KID_HAZELNUT                 ((4 << 8) + 1)
#define L4_KID_PISTACHIO                ((4 << 8) + 2)
#define L4_KID_FIASCO                   ((3 << 8) + 1)
#define L4_KID_NICTA                    ((5 << 8) + 1)

/* Start of a root server: KIP words 8..11, 12..15, 16..19. */
typedef struct {
    L4_Word_t sp;
    L4_Word_t ip;
    L4_Word_t low;
    L4_Word_t high;
} L4_KernelRootServer_t;

/*
 * The KIP structure, 72 words (0x120 bytes on 32-bit targets, 0x240 on
 * amd64; section 8.1).  Info words are kept raw: use the accessors.
 */
typedef struct {
    L4_Word_t magic;                    /*  0 */
    L4_Word_t ApiVersion;               /*  1 */
    L4_Word_t ApiFlags;                 /*  2 */
    L4_Word_t KernelVerPtr;             /*  3: kernel descriptor offset */
    L4_Word_t KdebugInit;               /*  4 */
    L4_Word_t KdebugEntry;              /*  5 */
    L4_Word_t KdebugLow;                /*  6 */
    L4_Word_t KdebugHigh;               /*  7 */
    L4_KernelRootServer_t sigma0;       /*  8..11 */
    L4_KernelRootServer_t sigma1;       /* 12..15 */
    L4_KernelRootServer_t rootserver;   /* 16..19 */
    L4_Word_t __reserved20;             /* 20 */
    L4_Word_t MemoryInfo;               /* 21 */
    L4_Word_t KdebugConfig[2];          /* 22..23 */
    L4_Word_t MainMemLow;               /* 24 (legacy) */
    L4_Word_t MainMemHigh;              /* 25 */
    L4_Word_t ReservedMem[4];           /* 26..29: 0 low/high, 1 low/high */
    L4_Word_t DedicatedMem[10];         /* 30..39: 0..4 low/high */
    L4_Word_t __reserved40[2];          /* 40..41 */
    L4_Word_t UtcbAreaInfo;             /* 42 */
    L4_Word_t KipAreaInfo;              /* 43 */
    L4_Word_t __reserved44[2];          /* 44..45 */
    L4_Word_t BootInfo;                 /* 46 */
    L4_Word_t ProcDescPtr;              /* 47 */
    L4_Word_t ClockInfo;                /* 48 */
    L4_Word_t ThreadInfo;               /* 49 */
    L4_Word_t PageInfo;                 /* 50 */
    L4_Word_t ProcessorInfo;            /* 51 */
    L4_Word_t SpaceControl;             /* 52: system-call links */
    L4_Word_t ThreadControl;            /* 53 */
    L4_Word_t ProcessorControl;         /* 54 */
    L4_Word_t MemoryControl;            /* 55 */
    L4_Word_t Ipc;                      /* 56 */
    L4_Word_t Lipc;                     /* 57 */
    L4_Word_t Unmap;                    /* 58 */
    L4_Word_t ExchangeRegisters;        /* 59 */
    L4_Word_t SystemClock;              /* 60 */
    L4_Word_t ThreadSwitch;             /* 61 */
    L4_Word_t Schedule;                 /* 62 */
    L4_Word_t __reserved63[5];          /* 63..67 */
    L4_Word_t ArchSyscall[4];           /* 68..71 */
} L4_KernelInterfacePage_t;

/* Processor descriptor (section 8.4), one per CPU. */
typedef union {
    L4_Word_t raw[4];
    struct {
        L4_Word_t ExternalFreq;         /* kHz */
        L4_Word_t InternalFreq;         /* kHz */
        L4_Word_t __reserved[2];
    } X;
} L4_ProcDesc_t;

/*
 * Memory descriptor (section 8.5): word 0 type (bits 0..3), subtype t
 * (4..7), virtual v (9), low >> 10 (10..); word 1 high >> 10 (10..).
 */
__extension__ typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD5(L4_Word_t,
                     type : 4,
                     t : 4,
                     __padding1 : 1,
                     v : 1,
                     low : 22 __PLUS32);
        L4_BITFIELD2(L4_Word_t,
                     __padding2 : 10,
                     high : 22 __PLUS32);
    } x;
} L4_MemoryDesc_t;

#define L4_UndefinedMemoryType          0x0
#define L4_ConventionalMemoryType       0x1
#define L4_ReservedMemoryType           0x2
#define L4_DedicatedMemoryType          0x3
#define L4_SharedMemoryType             0x4
#define L4_BootLoaderSpecificMemoryType 0xe
#define L4_ArchitectureSpecificMemoryType 0xf

/*
 * ---------------------------------------------------------------------
 * KernelInterface
 * ---------------------------------------------------------------------
 */

L4_INLINE void *L4_GetKernelInterface(void)
{
    L4_Word_t version, flags, id;
    return L4_KernelInterface(&version, &flags, &id);
}

L4_INLINE L4_Word_t L4_ApiVersion(void)
{
    L4_Word_t version, flags, id;
    (void)L4_KernelInterface(&version, &flags, &id);
    return version;
}

L4_INLINE L4_Word_t L4_ApiFlags(void)
{
    L4_Word_t version, flags, id;
    (void)L4_KernelInterface(&version, &flags, &id);
    return flags;
}

L4_INLINE L4_Word_t L4_KernelId(void)
{
    L4_Word_t version, flags, id;
    (void)L4_KernelInterface(&version, &flags, &id);
    return id;
}

/*
 * ---------------------------------------------------------------------
 * Accessors (section 10.11)
 * ---------------------------------------------------------------------
 */

#define __L4_KIP(k)     ((const L4_KernelInterfacePage_t *)(k))

/* The kernel descriptor (section 8.6). */
L4_INLINE const L4_Word_t *__L4_KernelDesc(void *KernelInterface)
{
    return (const L4_Word_t *)((const char *)KernelInterface +
                               __L4_KIP(KernelInterface)->KernelVerPtr);
}

/* The generation date: year (e.g. 2014), month 1..12, day 1..31. */
L4_INLINE void L4_KernelGenDate(void *KernelInterface, L4_Word_t *year,
                                L4_Word_t *month, L4_Word_t *day)
{
    L4_Word_t d = __L4_KernelDesc(KernelInterface)[1];
    *day = d & 0x1fUL;
    *month = (d >> 5) & 0xfUL;
    *year = ((d >> 9) & 0x7fUL) + 2000;
}

/* Bits 24..31 version, 16..23 subversion, 0..15 subsubversion. */
L4_INLINE L4_Word_t L4_KernelVersion(void *KernelInterface)
{
    return __L4_KernelDesc(KernelInterface)[2];
}

/* Four ASCII characters, the first in the lowest byte ("UKa "). */
L4_INLINE L4_Word_t L4_KernelSupplier(void *KernelInterface)
{
    return __L4_KernelDesc(KernelInterface)[3];
}

/* The NUL-terminated version string after the kernel descriptor words. */
L4_INLINE char *L4_KernelVersionString(void *KernelInterface)
{
    return (char *)(__L4_KernelDesc(KernelInterface) + 4);
}

/*
 * Feature string n (0-based) of the list that follows the version string
 * ("smallspaces", "ioflexpages", ...), or 0 past the end of the list.
 */
L4_INLINE char *L4_Feature(void *KernelInterface, L4_Word_t num)
{
    char *s = L4_KernelVersionString(KernelInterface);
    while (*s != 0)
        s++;
    s++;
    for (;;) {
        if (*s == 0)
            return 0;
        if (num-- == 0)
            return s;
        while (*s != 0)
            s++;
        s++;
    }
}

L4_INLINE L4_Word_t L4_NumProcessors(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->ProcessorInfo & 0xffffUL) + 1;
}

L4_INLINE L4_Word_t L4_NumMemoryDescriptors(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->MemoryInfo &
           ((1UL << (L4_BITS_PER_WORD / 2)) - 1);
}

/* Bit n set: pages of 2^n bytes are supported (n >= 10). */
L4_INLINE L4_Word_t L4_PageSizeMask(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->PageInfo & ~0x3ffUL;
}

/* The rwx rights the hardware supports. */
L4_INLINE L4_Word_t L4_PageRights(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->PageInfo & 7UL;
}

L4_INLINE L4_Word_t L4_ThreadIdBits(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->ThreadInfo & 0xffUL;
}

L4_INLINE L4_Word_t L4_ThreadIdSystemBase(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->ThreadInfo >> 8) & 0xfffUL;
}

L4_INLINE L4_Word_t L4_ThreadIdUserBase(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->ThreadInfo >> 20) & 0xfffUL;
}

L4_INLINE L4_Word_t L4_ReadPrecision(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->ClockInfo & 0xffffUL;
}

L4_INLINE L4_Word_t L4_SchedulePrecision(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->ClockInfo >> 16) & 0xffffUL;
}

/* log2 of the minimal UTCB area size. */
L4_INLINE L4_Word_t L4_UtcbAreaSizeLog2(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->UtcbAreaInfo >> 16) & 0x3fUL;
}

L4_INLINE L4_Word_t L4_UtcbAreaSize(void *KernelInterface)
{
    return 1UL << L4_UtcbAreaSizeLog2(KernelInterface);
}

L4_INLINE L4_Word_t L4_UtcbAlignmentLog2(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->UtcbAreaInfo >> 10) & 0x3fUL;
}

/* m * 2^a bytes. */
L4_INLINE L4_Word_t L4_UtcbSize(void *KernelInterface)
{
    return (__L4_KIP(KernelInterface)->UtcbAreaInfo & 0x3ffUL)
           << L4_UtcbAlignmentLog2(KernelInterface);
}

L4_INLINE L4_Word_t L4_KipAreaSizeLog2(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->KipAreaInfo & 0x3fUL;
}

L4_INLINE L4_Word_t L4_KipAreaSize(void *KernelInterface)
{
    return 1UL << L4_KipAreaSizeLog2(KernelInterface);
}

L4_INLINE L4_Word_t L4_BootInfo(void *KernelInterface)
{
    return __L4_KIP(KernelInterface)->BootInfo;
}

/* Memory descriptor num (0-based), or 0 past the last one. */
L4_INLINE L4_MemoryDesc_t *L4_MemoryDesc(void *KernelInterface, L4_Word_t num)
{
    L4_Word_t info = __L4_KIP(KernelInterface)->MemoryInfo;
    if (num >= L4_NumMemoryDescriptors(KernelInterface))
        return 0;
    return (L4_MemoryDesc_t *)((char *)KernelInterface +
                               (info >> (L4_BITS_PER_WORD / 2))) + num;
}

L4_INLINE L4_Bool_t L4_IsMemoryDescVirtual(const L4_MemoryDesc_t *m)
{
    return (m->raw[0] >> 9) & 1UL;
}

/* type, or type + (subtype << 4) for types 0xE and 0xF. */
L4_INLINE L4_Word_t L4_MemoryDescType(const L4_MemoryDesc_t *m)
{
    L4_Word_t type = m->raw[0] & 0xfUL;
    return type >= 0xe ? type + (m->raw[0] & 0xf0UL) : type;
}

L4_INLINE L4_Word_t L4_MemoryDescLow(const L4_MemoryDesc_t *m)
{
    return m->raw[0] & ~0x3ffUL;
}

/* The last byte of the range (inclusive). */
L4_INLINE L4_Word_t L4_MemoryDescHigh(const L4_MemoryDesc_t *m)
{
    return m->raw[1] | 0x3ffUL;
}

/* Processor descriptor of CPU cpu, or 0 past the last CPU. */
L4_INLINE L4_ProcDesc_t *L4_ProcDesc(void *KernelInterface, L4_Word_t cpu)
{
    const L4_KernelInterfacePage_t *kip = __L4_KIP(KernelInterface);
    L4_Word_t log2size = kip->ProcessorInfo >> (L4_BITS_PER_WORD - 4);
    if (cpu >= L4_NumProcessors(KernelInterface))
        return 0;
    return (L4_ProcDesc_t *)((char *)KernelInterface + kip->ProcDescPtr +
                             (cpu << log2size));
}

L4_INLINE L4_Word_t L4_ProcDescExternalFreq(const L4_ProcDesc_t *p)
{
    return p->X.ExternalFreq;
}

L4_INLINE L4_Word_t L4_ProcDescInternalFreq(const L4_ProcDesc_t *p)
{
    return p->X.InternalFreq;
}

#endif /* !__L4IDL__ */

#endif /* !__L4__KIP_H__ */
