/*
 * l4/message.h - message tags, messages, typed items, acceptors and
 * receive buffers (spec sections 2 and 3).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/message.h>.  L4_MsgTag_t itself is declared in <l4/types.h>.
 */
#ifndef __L4__MESSAGE_H__
#define __L4__MESSAGE_H__

#include <l4/types.h>
#include <l4/vregs.h>

#if defined(__L4IDL__)

/*
 * The view of l4idl's IDL front end (see <l4/types.h>): the message types
 * as raw words, with the sizes of the C declarations below.
 */
typedef struct {
    L4_Word_t raw[2];
} L4_MapItem_t;

typedef struct {
    L4_Word_t raw[2];
} L4_GrantItem_t;

typedef struct {
    L4_Word_t raw[2];
} L4_StringItem_t;

typedef struct {
    L4_Word_t raw;
} L4_Acceptor_t;

typedef struct {
    L4_Word_t raw[64];
} L4_Msg_t;

typedef struct {
    L4_Word_t raw[32];
} L4_MsgBuffer_t;

#else /* C and C++ compilers */

/*
 * ---------------------------------------------------------------------
 * Message tags (MR0, section 2.1)
 * ---------------------------------------------------------------------
 */

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_MsgTag_t, L4_Niltag, 0UL);
#else
#define L4_Niltag               ((L4_MsgTag_t) { .raw = 0UL })
#endif

/* Bits 12..15 of a tag, as L4_MsgTag_t.X.flags. */
#define L4_MsgTagPropagated     1
#define L4_MsgTagRedirected     2
#define L4_MsgTagXcpu           4
#define L4_MsgTagError          8

/* The tag with the given label, u untyped and t typed words, no flags. */
L4_INLINE L4_MsgTag_t L4_MsgTagMake(L4_Word_t label, L4_Word_t u, L4_Word_t t)
{
    L4_MsgTag_t tag;
    tag.raw = (label << 16) | ((t & 0x3fUL) << 6) | (u & 0x3fUL);
    return tag;
}

L4_INLINE L4_Bool_t L4_IsMsgTagEqual(L4_MsgTag_t l, L4_MsgTag_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsMsgTagNotEqual(L4_MsgTag_t l, L4_MsgTag_t r)
{
    return l.raw != r.raw;
}

/* The label is cut to the label field's width. */
L4_INLINE L4_MsgTag_t L4_MsgTagAddLabel(L4_MsgTag_t t, L4_Word_t label)
{
    t.raw = (t.raw & 0xffffUL) | (label << 16);
    return t;
}

L4_INLINE L4_MsgTag_t L4_MsgTagAddLabelTo(L4_MsgTag_t *t, L4_Word_t label)
{
    *t = L4_MsgTagAddLabel(*t, label);
    return *t;
}

L4_INLINE L4_Word_t L4_Label(L4_MsgTag_t t)
{
    return t.raw >> 16;
}

L4_INLINE L4_Word_t L4_UntypedWords(L4_MsgTag_t t)
{
    return t.raw & 0x3fUL;
}

L4_INLINE L4_Word_t L4_TypedWords(L4_MsgTag_t t)
{
    return (t.raw >> 6) & 0x3fUL;
}

L4_INLINE L4_Word_t L4_MsgTagLabel(L4_MsgTag_t t)
{
    return L4_Label(t);
}

L4_INLINE L4_Word_t L4_MsgTagU(L4_MsgTag_t t)
{
    return L4_UntypedWords(t);
}

L4_INLINE L4_Word_t L4_MsgTagT(L4_MsgTag_t t)
{
    return L4_TypedWords(t);
}

L4_INLINE L4_Word_t L4_MsgTagFlags(L4_MsgTag_t t)
{
    return (t.raw >> 12) & 0xfUL;
}

/* MR0 of the current thread. */
L4_INLINE L4_MsgTag_t L4_MsgTag(void)
{
    L4_MsgTag_t t;
    L4_StoreMR(0, &t.raw);
    return t;
}

L4_INLINE void L4_Set_MsgTag(L4_MsgTag_t t)
{
    L4_LoadMR(0, t.raw);
}

/*
 * ---------------------------------------------------------------------
 * Map and grant items (section 3.3): { sndbase | 8 (grant: | 0xA), fpage }
 * ---------------------------------------------------------------------
 */

__extension__ typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     __zeros : 6,
                     snd_base : 22 __PLUS32);
        L4_Fpage_t snd_fpage;
    } X;
} L4_MapItem_t;

__extension__ typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     __zeros : 6,
                     snd_base : 22 __PLUS32);
        L4_Fpage_t snd_fpage;
    } X;
} L4_GrantItem_t;

L4_INLINE L4_MapItem_t L4_MapItem(L4_Fpage_t f, L4_Word_t SndBase)
{
    L4_MapItem_t m;
    m.raw[0] = (SndBase & ~0x3ffUL) | 0x8UL;
    m.raw[1] = f.raw;
    return m;
}

L4_INLINE L4_Bool_t L4_IsMapItem(L4_MapItem_t m)
{
    return (m.raw[0] & 0xeUL) == 0x8UL;
}

L4_INLINE L4_Fpage_t L4_MapItemSndFpage(L4_MapItem_t m)
{
    L4_Fpage_t f;
    f.raw = m.raw[1];
    return f;
}

L4_INLINE L4_Word_t L4_MapItemSndBase(L4_MapItem_t m)
{
    return m.raw[0] & ~0x3ffUL;
}

L4_INLINE L4_GrantItem_t L4_GrantItem(L4_Fpage_t f, L4_Word_t SndBase)
{
    L4_GrantItem_t g;
    g.raw[0] = (SndBase & ~0x3ffUL) | 0xaUL;
    g.raw[1] = f.raw;
    return g;
}

L4_INLINE L4_Bool_t L4_IsGrantItem(L4_GrantItem_t g)
{
    return (g.raw[0] & 0xeUL) == 0xaUL;
}

L4_INLINE L4_Fpage_t L4_GrantItemSndFpage(L4_GrantItem_t g)
{
    L4_Fpage_t f;
    f.raw = g.raw[1];
    return f;
}

L4_INLINE L4_Word_t L4_GrantItemSndBase(L4_GrantItem_t g)
{
    return g.raw[0] & ~0x3ffUL;
}

/*
 * ---------------------------------------------------------------------
 * String items (section 3.4)
 *   word 0: bit 0 C, bits 1..2 hh, bit 3 = 0, bits 4..8 j (substrings - 1),
 *           bit 9 c (compound: another item of this string follows),
 *           bits 10.. length of each substring
 *   words 1..j+1: substring addresses
 * L4_StringItem_t holds a simple item (j = 0); items with more substrings
 * and compound strings live in larger word arrays that start with one.
 * ---------------------------------------------------------------------
 */

__extension__ typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD6(L4_Word_t,
                     C : 1,
                     cache_hint : 2,
                     __type : 1,
                     j : 5,
                     c : 1,
                     string_length : 22 __PLUS32);
        void *string_ptr;
    } X;
} L4_StringItem_t;

/* Cache-allocation hints (bits 1..2 of word 0); 0 is the default. */
typedef struct {
    L4_Word_t raw;
} L4_CacheAllocationHint_t;

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_CacheAllocationHint_t, L4_UseDefaultCacheLineAllocation, 0UL);
#else
#define L4_UseDefaultCacheLineAllocation ((L4_CacheAllocationHint_t) { 0UL })
#endif

#define __L4_STRING_C           0x1UL
#define __L4_STRING_HH          0x6UL
#define __L4_STRING_TYPE        0x8UL
#define __L4_STRING_J(w)        (((w) >> 4) & 0x1fUL)
#define __L4_STRING_COMPOUND    0x200UL

/*
 * The words of a string that may extend past the two words of an
 * L4_StringItem_t (the union's raw[2] would be indexed out of its bounds).
 */
#define __L4_STRING_WORDS(s)    ((L4_Word_t *)(void *)(s))
#define __L4_CSTRING_WORDS(s)   ((const L4_Word_t *)(const void *)(s))

/* A simple string item for `size' bytes at `address'. */
L4_INLINE L4_StringItem_t L4_StringItem(L4_Word_t size, void *address)
{
    L4_StringItem_t s;
    s.raw[0] = size << 10;
    s.X.string_ptr = address;
    return s;
}

L4_INLINE L4_Bool_t L4_IsStringItem(const L4_StringItem_t *s)
{
    return (s->raw[0] & __L4_STRING_TYPE) == 0;
}

L4_INLINE L4_Bool_t L4_CompoundString(const L4_StringItem_t *s)
{
    return (s->raw[0] & __L4_STRING_COMPOUND) != 0;
}

/* Number of substrings of this item (j + 1). */
L4_INLINE L4_Word_t L4_Substrings(const L4_StringItem_t *s)
{
    return __L4_STRING_J(s->raw[0]) + 1;
}

/* Address of substring n (1 .. L4_Substrings(s)). */
L4_INLINE void *L4_Substring(const L4_StringItem_t *s, L4_Word_t n)
{
    return (void *)__L4_CSTRING_WORDS(s)[n];
}

/* Length in bytes of each substring of this item. */
L4_INLINE L4_Word_t L4_SubstringLength(const L4_StringItem_t *s)
{
    return s->raw[0] >> 10;
}

L4_INLINE L4_CacheAllocationHint_t L4_CacheAllocationHint(L4_StringItem_t s)
{
    L4_CacheAllocationHint_t h;
    h.raw = s.raw[0] & __L4_STRING_HH;
    return h;
}

L4_INLINE L4_StringItem_t L4_AddCacheAllocationHint(L4_StringItem_t s,
                                                    L4_CacheAllocationHint_t h)
{
    s.raw[0] = (s.raw[0] & ~__L4_STRING_HH) | (h.raw & __L4_STRING_HH);
    return s;
}

/* Words of the item at s: the item word plus j + 1 addresses. */
L4_INLINE L4_Word_t __L4_StringItemWords(const L4_Word_t *s)
{
    return __L4_STRING_J(s[0]) + 2;
}

/* Words of the whole (possibly compound) string starting at s. */
L4_INLINE L4_Word_t __L4_StringWords(const L4_Word_t *s)
{
    L4_Word_t n = 0;
    while (s[n] & __L4_STRING_COMPOUND)
        n += __L4_StringItemWords(&s[n]);
    return n + __L4_StringItemWords(&s[n]);
}

/* Append one more substring address to the item at dest (j + 1). */
L4_INLINE L4_StringItem_t *L4_AddSubstringAddressTo(L4_StringItem_t *dest,
                                                    void *substring)
{
    L4_Word_t *d = __L4_STRING_WORDS(dest);
    L4_Word_t j = __L4_STRING_J(d[0]);
    d[j + 2] = (L4_Word_t)substring;
    d[0] = (d[0] & ~(0x1fUL << 4)) | ((j + 1) << 4);
    return dest;
}

/*
 * Append the string at substring as a further compound part of the
 * string at dest (c is set on dest's last item).  dest must have room.
 */
L4_INLINE L4_StringItem_t *L4_AddSubstringTo(L4_StringItem_t *dest,
                                             const L4_StringItem_t *substring)
{
    L4_Word_t *d = __L4_STRING_WORDS(dest), last = 0, n, k;
    const L4_Word_t *sub = __L4_CSTRING_WORDS(substring);
    L4_Word_t words = __L4_StringWords(sub);
    while (d[last] & __L4_STRING_COMPOUND)
        last += __L4_StringItemWords(&d[last]);
    n = last + __L4_StringItemWords(&d[last]);
    d[last] |= __L4_STRING_COMPOUND;
    for (k = 0; k < words; k++)
        d[n + k] = sub[k];
    return dest;
}

/*
 * ---------------------------------------------------------------------
 * Messages (Pistachio's L4_Msg_t: a copy of MR0..MR63 in memory)
 * ---------------------------------------------------------------------
 */

typedef union {
    L4_Word_t raw[__L4_NUM_MRS];
    L4_Word_t msg[__L4_NUM_MRS];
    L4_MsgTag_t tag;
} L4_Msg_t;

L4_INLINE void L4_MsgClear(L4_Msg_t *msg)
{
    msg->raw[0] = 0;
}

L4_INLINE L4_MsgTag_t L4_MsgMsgTag(const L4_Msg_t *msg)
{
    return msg->tag;
}

L4_INLINE void L4_Set_MsgMsgTag(L4_Msg_t *msg, L4_MsgTag_t t)
{
    msg->tag = t;
}

L4_INLINE L4_Word_t L4_MsgLabel(const L4_Msg_t *msg)
{
    return L4_Label(msg->tag);
}

L4_INLINE void L4_Set_MsgLabel(L4_Msg_t *msg, L4_Word_t label)
{
    L4_MsgTagAddLabelTo(&msg->tag, label);
}

/*
 * msg = { label, u untyped words, t typed words }.  Items holds the t
 * typed words (map/grant/string items) as an array of words.
 */
L4_INLINE void L4_MsgPut(L4_Msg_t *msg, L4_Word_t label, int u,
                         const L4_Word_t *Untyped, int t, const void *Items)
{
    const L4_Word_t *items = (const L4_Word_t *)Items;
    int i;
    for (i = 0; i < u; i++)
        msg->msg[1 + i] = Untyped[i];
    for (i = 0; i < t; i++)
        msg->msg[1 + u + i] = items[i];
    msg->tag = L4_MsgTagMake(label, (L4_Word_t)u, (L4_Word_t)t);
}

/* Copy the untyped words to Untyped and the typed words to Items. */
L4_INLINE void L4_MsgGet(const L4_Msg_t *msg, L4_Word_t *Untyped, void *Items)
{
    L4_Word_t u = L4_UntypedWords(msg->tag), t = L4_TypedWords(msg->tag), i;
    L4_Word_t *items = (L4_Word_t *)Items;
    for (i = 0; i < u; i++)
        Untyped[i] = msg->msg[1 + i];
    for (i = 0; i < t; i++)
        items[i] = msg->msg[1 + u + i];
}

/* MR0..MR(u+t) = msg. */
L4_INLINE void L4_MsgLoad(const L4_Msg_t *msg)
{
    L4_LoadMRs(0, 1 + (int)(L4_UntypedWords(msg->tag) +
                            L4_TypedWords(msg->tag)), msg->msg);
}

/* msg = { t, MR1..MR(u+t) } after a receive that returned tag t. */
L4_INLINE void L4_MsgStore(L4_MsgTag_t t, L4_Msg_t *msg)
{
    msg->tag = t;
    L4_StoreMRs(1, (int)(L4_UntypedWords(t) + L4_TypedWords(t)), &msg->msg[1]);
}

/* Untyped word u (0-based: MR u+1). */
L4_INLINE void L4_MsgPutWord(L4_Msg_t *msg, L4_Word_t u, L4_Word_t w)
{
    msg->msg[u + 1] = w;
}

L4_INLINE L4_Word_t L4_MsgWord(const L4_Msg_t *msg, L4_Word_t u)
{
    return msg->msg[u + 1];
}

L4_INLINE void L4_MsgGetWord(const L4_Msg_t *msg, L4_Word_t u, L4_Word_t *w)
{
    *w = msg->msg[u + 1];
}

/* Append an untyped word; typed words already present move up by one. */
L4_INLINE void L4_MsgAppendWord(L4_Msg_t *msg, L4_Word_t w)
{
    L4_Word_t u = L4_UntypedWords(msg->tag), t = L4_TypedWords(msg->tag), i;
    for (i = t; i > 0; i--)
        msg->msg[u + i + 1] = msg->msg[u + i];
    msg->msg[u + 1] = w;
    msg->tag.raw = (msg->tag.raw & ~0x3fUL) | ((u + 1) & 0x3fUL);
}

/* Append `words' typed words. */
L4_INLINE void __L4_MsgAppendTyped(L4_Msg_t *msg, const L4_Word_t *words,
                                   L4_Word_t n)
{
    L4_Word_t u = L4_UntypedWords(msg->tag), t = L4_TypedWords(msg->tag), i;
    for (i = 0; i < n; i++)
        msg->msg[1 + u + t + i] = words[i];
    msg->tag.raw = (msg->tag.raw & ~(0x3fUL << 6)) | (((t + n) & 0x3fUL) << 6);
}

L4_INLINE void L4_MsgAppendMapItem(L4_Msg_t *msg, L4_MapItem_t m)
{
    __L4_MsgAppendTyped(msg, m.raw, 2);
}

L4_INLINE void L4_MsgAppendGrantItem(L4_Msg_t *msg, L4_GrantItem_t g)
{
    __L4_MsgAppendTyped(msg, g.raw, 2);
}

/* Appends s as a simple string (j and c cleared). */
L4_INLINE void L4_MsgAppendSimpleStringItem(L4_Msg_t *msg, L4_StringItem_t s)
{
    s.raw[0] &= ~((0x1fUL << 4) | __L4_STRING_COMPOUND);
    __L4_MsgAppendTyped(msg, s.raw, 2);
}

/* Appends the whole (possibly compound) string at s. */
L4_INLINE void L4_MsgAppendStringItem(L4_Msg_t *msg, const L4_StringItem_t *s)
{
    const L4_Word_t *w = __L4_CSTRING_WORDS(s);
    __L4_MsgAppendTyped(msg, w, __L4_StringWords(w));
}

/* Typed items at typed-word offset t (0-based: MR u+1+t). */
L4_INLINE void L4_MsgPutMapItem(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t m)
{
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t;
    msg->msg[i] = m.raw[0];
    msg->msg[i + 1] = m.raw[1];
}

/* Returns the number of words read (2). */
L4_INLINE L4_Word_t L4_MsgGetMapItem(const L4_Msg_t *msg, L4_Word_t t,
                                     L4_MapItem_t *m)
{
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t;
    m->raw[0] = msg->msg[i];
    m->raw[1] = msg->msg[i + 1];
    return 2;
}

L4_INLINE void L4_MsgPutGrantItem(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t g)
{
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t;
    msg->msg[i] = g.raw[0];
    msg->msg[i + 1] = g.raw[1];
}

L4_INLINE L4_Word_t L4_MsgGetGrantItem(const L4_Msg_t *msg, L4_Word_t t,
                                       L4_GrantItem_t *g)
{
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t;
    g->raw[0] = msg->msg[i];
    g->raw[1] = msg->msg[i + 1];
    return 2;
}

/* Copies the whole (possibly compound) string at s into the message. */
L4_INLINE void L4_MsgPutStringItem(L4_Msg_t *msg, L4_Word_t t,
                                   const L4_StringItem_t *s)
{
    const L4_Word_t *w = __L4_CSTRING_WORDS(s);
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t, n = __L4_StringWords(w), k;
    for (k = 0; k < n; k++)
        msg->msg[i + k] = w[k];
}

/*
 * Copies the string at typed-word offset t to s (which must have room for
 * all its words) and returns the number of words.
 */
L4_INLINE L4_Word_t L4_MsgGetStringItem(const L4_Msg_t *msg, L4_Word_t t,
                                        L4_StringItem_t *s)
{
    L4_Word_t i = 1 + L4_UntypedWords(msg->tag) + t;
    L4_Word_t n = __L4_StringWords(&msg->msg[i]), k;
    L4_Word_t *w = __L4_STRING_WORDS(s);
    for (k = 0; k < n; k++)
        w[k] = msg->msg[i + k];
    return n;
}

/*
 * ---------------------------------------------------------------------
 * Acceptor (BR0, section 3.5)
 * ---------------------------------------------------------------------
 */

__extension__ typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     s : 1,
                     c : 1,
                     __zeros : 2,
                     RcvWindow : 28 __PLUS32);
    } X;
} L4_Acceptor_t;

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_Acceptor_t, L4_UntypedWordsAcceptor, 0UL);
__L4_CONST_VALUE(L4_Acceptor_t, L4_StringItemsAcceptor, 1UL);
__L4_CONST_VALUE(L4_Acceptor_t, L4_CtrlXferAcceptor, 2UL);
#else
#define L4_UntypedWordsAcceptor ((L4_Acceptor_t) { .raw = 0UL })
#define L4_StringItemsAcceptor  ((L4_Acceptor_t) { .raw = 1UL })
#define L4_CtrlXferAcceptor     ((L4_Acceptor_t) { .raw = 2UL })
#endif

/* Accept mappings and grants into RcvWindow (its bits 0..3 cleared). */
L4_INLINE L4_Acceptor_t L4_MapGrantItems(L4_Fpage_t RcvWindow)
{
    L4_Acceptor_t a;
    a.raw = RcvWindow.raw & ~0xfUL;
    return a;
}

L4_INLINE L4_Acceptor_t L4_AddAcceptor(L4_Acceptor_t l, L4_Acceptor_t r)
{
    L4_Acceptor_t a;
    a.raw = (l.raw & 0xfUL) | (r.raw & 0xfUL);
    a.raw |= (r.raw & ~0xfUL) != 0 ? (r.raw & ~0xfUL) : (l.raw & ~0xfUL);
    return a;
}

L4_INLINE L4_Acceptor_t L4_AddAcceptorTo(L4_Acceptor_t *l, L4_Acceptor_t r)
{
    *l = L4_AddAcceptor(*l, r);
    return *l;
}

L4_INLINE L4_Acceptor_t L4_RemoveAcceptor(L4_Acceptor_t l, L4_Acceptor_t r)
{
    L4_Acceptor_t a;
    a.raw = l.raw & ~(r.raw & 0xfUL);
    if ((r.raw & ~0xfUL) != 0)
        a.raw &= 0xfUL;
    return a;
}

L4_INLINE L4_Acceptor_t L4_RemoveAcceptorFrom(L4_Acceptor_t *l, L4_Acceptor_t r)
{
    *l = L4_RemoveAcceptor(*l, r);
    return *l;
}

L4_INLINE L4_Bool_t L4_HasStringItems(L4_Acceptor_t a)
{
    return (a.raw & 1UL) != 0;
}

L4_INLINE L4_Bool_t L4_HasCtrlXferItems(L4_Acceptor_t a)
{
    return (a.raw & 2UL) != 0;
}

L4_INLINE L4_Bool_t L4_HasMapGrantItems(L4_Acceptor_t a)
{
    return (a.raw & ~0xfUL) != 0;
}

L4_INLINE L4_Fpage_t L4_RcvWindow(L4_Acceptor_t a)
{
    L4_Fpage_t f;
    f.raw = a.raw & ~0xfUL;
    return f;
}

/* Install a as BR0 of the current thread. */
L4_INLINE void L4_Accept(L4_Acceptor_t a)
{
    L4_LoadBR(0, a.raw);
}

L4_INLINE L4_Acceptor_t L4_Accepted(void)
{
    L4_Acceptor_t a;
    L4_StoreBR(0, &a.raw);
    return a;
}

/*
 * ---------------------------------------------------------------------
 * Receive buffers (BR1..BR32, section 3.6)
 *
 * An L4_MsgBuffer_t holds the words destined for BR1.. : one receive
 * buffer after the other, each a (possibly compound) string item.  Every
 * item of a buffer has C set when another buffer follows and clear in the
 * last buffer.  A buffer whose first two words are zero is empty.
 * ---------------------------------------------------------------------
 */

typedef union {
    L4_Word_t raw[__L4_NUM_BRS - 1];
    L4_StringItem_t string[(__L4_NUM_BRS - 1) / 2];
} L4_MsgBuffer_t;

L4_INLINE void L4_MsgBufferClear(L4_MsgBuffer_t *b)
{
    b->raw[0] = 0;
    b->raw[1] = 0;
}

/*
 * Words in use in b; *last is set to the index of the first item of the
 * last buffer (0 when b is empty).
 */
L4_INLINE L4_Word_t __L4_MsgBufferWords(const L4_MsgBuffer_t *b, L4_Word_t *last)
{
    L4_Word_t i = 0, start = 0;
    *last = 0;
    if (b->raw[0] == 0 && b->raw[1] == 0)
        return 0;
    for (;;) {
        L4_Word_t w;
        start = i;
        while (i < __L4_NUM_BRS - 1 && (b->raw[i] & __L4_STRING_COMPOUND))
            i += __L4_StringItemWords(&b->raw[i]);
        if (i >= __L4_NUM_BRS - 1)
            return __L4_NUM_BRS - 1;
        w = b->raw[i];
        i += __L4_StringItemWords(&b->raw[i]);
        *last = start;
        if (!(w & __L4_STRING_C) || i >= __L4_NUM_BRS - 1)
            return i < __L4_NUM_BRS - 1 ? i : __L4_NUM_BRS - 1;
    }
}

/* Append the n words at s as a new receive buffer. */
L4_INLINE void __L4_MsgBufferAppend(L4_MsgBuffer_t *b, const L4_Word_t *s,
                                    L4_Word_t n)
{
    L4_Word_t last, end = __L4_MsgBufferWords(b, &last), k;
    if (end != 0) {
        /* The old last buffer now has a successor: set C on its items. */
        for (k = last; k < end; k += __L4_StringItemWords(&b->raw[k]))
            b->raw[k] |= __L4_STRING_C;
    }
    for (k = 0; k < n && end + k < __L4_NUM_BRS - 1; k++)
        b->raw[end + k] = s[k];
    /* Clear C on the item words of the new buffer. */
    for (k = end; k < end + n && k < __L4_NUM_BRS - 1;
         k += __L4_StringItemWords(&b->raw[k]))
        b->raw[k] &= ~__L4_STRING_C;
}

L4_INLINE void L4_MsgBufferAppendSimpleRcvString(L4_MsgBuffer_t *b,
                                                 L4_StringItem_t s)
{
    s.raw[0] &= ~((0x1fUL << 4) | __L4_STRING_COMPOUND | __L4_STRING_C);
    __L4_MsgBufferAppend(b, s.raw, 2);
}

/* Append the (possibly compound) string at s as one receive buffer. */
L4_INLINE void L4_MsgBufferAppendRcvString(L4_MsgBuffer_t *b,
                                           const L4_StringItem_t *s)
{
    const L4_Word_t *w = __L4_CSTRING_WORDS(s);
    __L4_MsgBufferAppend(b, w, __L4_StringWords(w));
}

/*
 * BR0 = a, BR1.. = the buffers of b.  The acceptor is taken as given: add
 * L4_StringItemsAcceptor to it to have the buffers used.
 */
L4_INLINE void L4_AcceptStrings(L4_Acceptor_t a, const L4_MsgBuffer_t *b)
{
    L4_Word_t last, n = __L4_MsgBufferWords(b, &last);
    L4_LoadBR(0, a.raw);
    L4_LoadBRs(1, (int)n, b->raw);
}

#if defined(__cplusplus)
static inline bool operator==(const L4_MsgTag_t &l, const L4_MsgTag_t &r)
{
    return l.raw == r.raw;
}

static inline bool operator!=(const L4_MsgTag_t &l, const L4_MsgTag_t &r)
{
    return l.raw != r.raw;
}

static inline L4_MsgTag_t operator+(const L4_MsgTag_t &t, L4_Word_t label)
{
    return L4_MsgTagAddLabel(t, label);
}

static inline L4_MsgTag_t operator+=(L4_MsgTag_t &t, L4_Word_t label)
{
    return L4_MsgTagAddLabelTo(&t, label);
}

static inline L4_Acceptor_t operator+(const L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_AddAcceptor(l, r);
}

static inline L4_Acceptor_t operator-(const L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_RemoveAcceptor(l, r);
}

static inline L4_Acceptor_t operator+=(L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_AddAcceptorTo(&l, r);
}

static inline L4_Acceptor_t operator-=(L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_RemoveAcceptorFrom(&l, r);
}
#endif /* __cplusplus */

#endif /* !__L4IDL__ */

#endif /* !__L4__MESSAGE_H__ */
