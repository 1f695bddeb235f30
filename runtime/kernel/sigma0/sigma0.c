/*
 * sigma0.c - l4idl's sigma0 (spec 12.6): the root pager. Its address space
 * is the identity map of physical memory (the kernel fills it on demand),
 * so every fpage it maps names physical memory.
 *
 * Memory pools, from the KIP memory descriptors (later descriptors
 * override earlier ones, spec 8.5), one entry per 4 KiB page below 256 MiB:
 *   conventional  given to the first thread that asks (by address, by
 *                 "any page" or by page fault); the owner may ask again,
 *                 others are refused
 *   reserved      the kernel's: always refused
 *   dedicated, shared, boot loader, architecture specific, and physical
 *                 memory no descriptor mentions: given to anyone by address
 *                 and by page fault
 * Requests: page-fault IPC (label 0xFFE0..0xFFE7, u = 2) maps the 4 KiB
 * page at the fault address 1:1; sigma0 request (label 0xFFA0, u = 2 or 3)
 * maps the requested fpage (base all ones: any free conventional page of
 * that size). Reply: one map item; a refused request gets the map item of
 * L4_Nilpage. A refused page fault gets no reply (the faulting thread
 * stays blocked) and a message on the console.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/message.h>
#include <l4/thread.h>

#define NPAGES 65536 /* 256 MiB */
enum { FREE_OTHER, CONVENTIONAL, RESERVED };
static unsigned char pool[NPAGES];
static L4_Word_t owner[NPAGES]; /* conventional pages: owning thread, 0 = free */

static void print_hex(L4_Word_t v)
{
	char b[11] = "0x";
	for (int i = 0; i < 8; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
	b[10] = 0;
	L4_KDB_PrintString(b);
}

static void init_pools(void *kip)
{
	L4_Word_t n = L4_NumMemoryDescriptors(kip);
	for (L4_Word_t i = 0; i < n; i++) {
		L4_MemoryDesc_t *d = L4_MemoryDesc(kip, i);
		if (L4_IsMemoryDescVirtual(d))
			continue;
		L4_Word_t lo = L4_MemoryDescLow(d) >> 12, hi = L4_MemoryDescHigh(d) >> 12;
		unsigned char kind;
		switch (L4_MemoryDescType(d) & 0xf) {
		case 1: kind = CONVENTIONAL; break;
		case 2: kind = RESERVED; break;
		default: kind = FREE_OTHER; break;
		}
		for (L4_Word_t p = lo; p <= hi && p < NPAGES; p++)
			pool[p] = kind;
	}
}

/* May thread t have pages [p, p + n)? If so, take them. */
static int claim(L4_Word_t t, L4_Word_t p, L4_Word_t n)
{
	if (p + n > NPAGES || p + n < p) {
		/* beyond the pools: only device memory above RAM, by address */
		return p >= NPAGES;
	}
	for (L4_Word_t i = p; i < p + n; i++) {
		if (pool[i] == RESERVED)
			return 0;
		if (pool[i] == CONVENTIONAL && owner[i] && owner[i] != t)
			return 0;
	}
	for (L4_Word_t i = p; i < p + n; i++)
		if (pool[i] == CONVENTIONAL)
			owner[i] = t;
	return 1;
}

/* Any free, aligned run of 2^s bytes of conventional memory. */
static L4_Word_t claim_any(L4_Word_t t, L4_Word_t s)
{
	L4_Word_t n = 1ul << (s - 12);
	for (L4_Word_t p = 256; p + n <= NPAGES; p += n) { /* not below 1 MiB */
		L4_Word_t i;
		for (i = 0; i < n; i++)
			if (pool[p + i] != CONVENTIONAL || owner[p + i])
				break;
		if (i == n) {
			for (i = 0; i < n; i++)
				owner[p + i] = t;
			return p << 12;
		}
	}
	return ~0ul;
}

static void load_map(L4_Word_t base, L4_Word_t s, L4_Word_t rights)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(base, (int)s), rights);
	L4_LoadMR(0, L4_MsgTagMake(0, 0, 2).raw);
	L4_LoadMR(1, (base & ~0x3fful) | 8);
	L4_LoadMR(2, f.raw);
}

static void refuse(void)
{
	L4_LoadMR(0, L4_MsgTagMake(0, 0, 2).raw);
	L4_LoadMR(1, 8);
	L4_LoadMR(2, 0);
}

void sigma0_main(void)
{
	void *kip = L4_GetKernelInterface();
	init_pools(kip);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		while (L4_IpcFailed(tag))
			tag = L4_Wait(&from);
		L4_Word_t label = L4_Label(tag), u = L4_UntypedWords(tag), w1, w2;
		L4_StoreMR(1, &w1);
		L4_StoreMR(2, &w2);
		int reply = 1;
		if ((label & 0xfff0) == 0xffe0 && u == 2) {
			L4_Word_t page = w1 & ~0xffful;
			if (claim(from.raw, page >> 12, 1)) {
				load_map(page, 12, L4_FullyAccessible);
			} else {
				L4_KDB_PrintString("sigma0: refused page fault at ");
				print_hex(w1);
				L4_KDB_PrintString(" of thread ");
				print_hex(from.raw);
				L4_KDB_PrintString("\n");
				reply = 0;
			}
		} else if ((label & 0xffff) == 0xffa0 && (u == 2 || u == 3)) {
			L4_Fpage_t f = { .raw = w1 };
			L4_Word_t s = L4_SizeLog2(f), rights = L4_Rights(f);
			L4_Word_t base = L4_Address(f);
			if (u == 3 || (w1 & 8) || w2 != 0 || s < 12 || s > 31 || L4_IsIoFpage(f)) {
				refuse(); /* >4 GiB, attributes and I/O ports: not supported */
			} else if ((w1 >> 10) == (~0ul >> 10)) {
				L4_Word_t a = claim_any(from.raw, s);
				if (a == ~0ul)
					refuse();
				else
					load_map(a, s, rights);
			} else if (claim(from.raw, base >> 12, 1ul << (s - 12))) {
				load_map(base, s, rights);
			} else {
				refuse();
			}
		} else {
			refuse();
		}
		if (reply)
			tag = L4_ReplyWait(from, &from);
		else
			tag = L4_Wait(&from);
	}
}
