/*
 * l4/space.h - address spaces: SpaceControl, Unmap and its derived calls,
 * MemoryControl and page attributes (spec sections 10.4, 10.7, 10.8).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/space.h> and <l4/misc.h>.  L4_SpaceControl, L4_Unmap and
 * L4_MemoryControl are in the architecture's syscalls header.
 */
#ifndef __L4__SPACE_H__
#define __L4__SPACE_H__

#include <l4/types.h>
#include <l4/vregs.h>
#include <l4/syscalls.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* SpaceControl control words that are always safe (section 10.4). */
#define L4_SpaceControlDefault          0UL
#if defined(__i386__)
#define L4_SpaceControlSmallSpace       (1UL << 31)     /* ia32 */
#elif defined(__x86_64__)
#define L4_SpaceControlCompatibilityMode (1UL << 63)    /* amd64 */
#endif

/*
 * ---------------------------------------------------------------------
 * Unmap (section 10.7): control bits 0..5 k (MR0..MRk hold fpages),
 * bit 6 f (flush: also the caller's own mapping).  Each MR comes back
 * with its rwx bits reporting referenced (r), written (w) and executed
 * (x) since the last query.
 * ---------------------------------------------------------------------
 */

#define L4_UnmapFlush                   0x40UL

L4_INLINE L4_Fpage_t __L4_UnmapOne(L4_Fpage_t f, L4_Word_t control)
{
    L4_LoadMR(0, f.raw);
    L4_Unmap(control);
    L4_StoreMR(0, &f.raw);
    return f;
}

/* Revoke the rights given in f's rwx bits from the mappings derived
 * from the caller's; returns f with the access status. */
L4_INLINE L4_Fpage_t L4_UnmapFpage(L4_Fpage_t f)
{
    return __L4_UnmapOne(f, 0);
}

/* As L4_UnmapFpage, also from the caller's own space. */
L4_INLINE L4_Fpage_t L4_Flush(L4_Fpage_t f)
{
    return __L4_UnmapOne(f, L4_UnmapFlush);
}

/* Only query the access status (rights cleared: nothing is revoked). */
L4_INLINE L4_Fpage_t L4_GetStatus(L4_Fpage_t f)
{
    return L4_UnmapFpage(L4_FpageRemoveRights(f, L4_FullyAccessible));
}

/* n fpages (1..64); each comes back with its access status. */
L4_INLINE void __L4_UnmapMany(L4_Word_t n, L4_Fpage_t *fpages,
                              L4_Word_t control)
{
    L4_Word_t i;
    if (n == 0)
        return;
    for (i = 0; i < n; i++)
        L4_LoadMR((int)i, fpages[i].raw);
    L4_Unmap(control | ((n - 1) & 0x3fUL));
    for (i = 0; i < n; i++)
        L4_StoreMR((int)i, &fpages[i].raw);
}

L4_INLINE void L4_UnmapFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
    __L4_UnmapMany(n, fpages, 0);
}

L4_INLINE void L4_FlushFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
    __L4_UnmapMany(n, fpages, L4_UnmapFlush);
}

/* Access status bits of an fpage returned by Unmap. */
L4_INLINE L4_Bool_t L4_WasReferenced(L4_Fpage_t f)
{
    return (f.raw & L4_Readable) != 0;
}

L4_INLINE L4_Bool_t L4_WasWritten(L4_Fpage_t f)
{
    return (f.raw & L4_Writable) != 0;
}

L4_INLINE L4_Bool_t L4_WaseXecuted(L4_Fpage_t f)
{
    return (f.raw & L4_eXecutable) != 0;
}

/*
 * ---------------------------------------------------------------------
 * MemoryControl (section 10.8): control bits 0..5 k; MR0..MRk hold
 * fpages whose low 2 bits pick one of the four attributes.
 * ---------------------------------------------------------------------
 */

#define L4_DefaultMemory                0UL

/* Give the memory of fpage f the attribute `attribute'. */
L4_INLINE L4_Word_t L4_Set_PageAttribute(L4_Fpage_t f, L4_Word_t attribute)
{
    L4_Word_t attributes[4];
    attributes[0] = attribute;
    attributes[1] = attributes[2] = attributes[3] = 0;
    L4_LoadMR(0, f.raw & ~3UL);
    return L4_MemoryControl(0, attributes);
}

/*
 * n fpages (1..64), each with the index (0..3) of its attribute in its
 * low 2 bits, and the four attributes.
 */
L4_INLINE L4_Word_t L4_Set_PageAttributes(L4_Word_t n, const L4_Fpage_t *fpages,
                                          const L4_Word_t *attributes)
{
    L4_Word_t i;
    if (n == 0)
        return 1;
    for (i = 0; i < n; i++)
        L4_LoadMR((int)i, fpages[i].raw);
    return L4_MemoryControl((n - 1) & 0x3fUL, attributes);
}

#endif /* !__L4IDL__ */

#endif /* !__L4__SPACE_H__ */
