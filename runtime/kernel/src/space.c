/*
 * space.c - address spaces: page directories, page tables, the UTCB and
 * KIP areas, and kernel access to user memory.
 *
 * Invariants:
 *  - PDEs 768..1023 of every space equal those of kernel_pd (the physical
 *    direct map and the UTCB-pointer page table); they never change after
 *    paging_init.
 *  - A user PTE with PTE_KERNEL maps a kernel-owned frame (a UTCB page or
 *    the KIP); such PTEs are never touched by map, grant or unmap.
 *  - Every other present user PTE has a mapping node (mapdb.c) in
 *    s->node[pdi][pti].
 *  - The kernel never dereferences a user address: user_read/user_write
 *    walk the page tables and copy through the direct map.
 */
#include "kernel.h"

extern u32 kernel_pd_store[1024];
extern u8 uptr_page[4096];
u32 *kernel_pd = kernel_pd_store;
static u32 uptr_pt[1024] __attribute__((aligned(4096), section(".bss.pagealigned")));
struct space *current_space;

void paging_init(void)
{
	if (meminfo.ram_top > 256u << 20)
		meminfo.ram_top = 256u << 20; /* boot.S maps 256 MiB */
	uptr_pt[0] = V2P(uptr_page) | PTE_P | PTE_U;
	kernel_pd[UPTR_PAGE >> 22] = V2P(uptr_pt) | PTE_P | PTE_W | PTE_U;
	kernel_pd[0] = 0; /* drop the boot identity map */
	write_cr3(V2P(kernel_pd));
}

struct space *space_new(void)
{
	struct space *s = frame_alloc(); /* struct space fits in one frame */
	if (!s)
		return NULL;
	_Static_assert(sizeof(struct space) <= PAGE_SIZE, "struct space too big");
	s->pd = frame_alloc();
	if (!s->pd) {
		frame_free(s);
		return NULL;
	}
	for (int i = 768; i < 1024; i++)
		s->pd[i] = kernel_pd[i];
	s->in_use = 1;
	return s;
}

void space_free(struct space *s)
{
	mapdb_remove_space(s);
	for (int i = 0; i < 768; i++) {
		if (!(s->pd[i] & PTE_P))
			continue;
		u32 *pt = P2V(s->pd[i] & PAGE_MASK);
		for (int j = 0; j < 1024; j++)
			if ((pt[j] & (PTE_P | PTE_KERNEL)) == (PTE_P | PTE_KERNEL) &&
			    (pt[j] & PAGE_MASK) != V2P(kip_page))
				frame_free(P2V(pt[j] & PAGE_MASK)); /* a UTCB page */
		frame_free(pt);
		frame_free(s->node[i]);
	}
	if (current_space == s) {
		write_cr3(V2P(kernel_pd));
		current_space = NULL;
	}
	frame_free(s->pd);
	frame_free(s);
}

void space_switch(struct space *s)
{
	if (s && s != current_space) {
		current_space = s;
		write_cr3(V2P(s->pd));
	}
}

u32 *pte_lookup(struct space *s, u32 va, int create)
{
	if (va >= USER_TOP)
		return NULL;
	u32 pdi = va >> 22;
	if (!(s->pd[pdi] & PTE_P)) {
		if (!create)
			return NULL;
		u32 *pt = frame_alloc();
		struct mapnode **nodes = frame_alloc();
		if (!pt || !nodes) {
			if (pt)
				frame_free(pt);
			if (nodes)
				frame_free(nodes);
			return NULL;
		}
		s->node[pdi] = nodes;
		s->pd[pdi] = V2P(pt) | PTE_P | PTE_W | PTE_U;
	}
	u32 *pt = P2V(s->pd[pdi] & PAGE_MASK);
	return &pt[(va >> 12) & 1023];
}

int space_map_kernel_page(struct space *s, u32 va, u32 pa, int writable)
{
	u32 *pte = pte_lookup(s, va, 1);
	if (!pte)
		return -1;
	*pte = pa | PTE_P | PTE_U | PTE_KERNEL | (writable ? PTE_W : 0);
	if (s == current_space)
		invlpg(va);
	return 0;
}

/* Size of an fpage word (0 for s < 10 is "no fpage"), spec 3.1. */
static u32 fp_size_log2(u32 fp) { return (fp >> 4) & 0x3f; }

int space_init_areas(struct space *s, u32 kip_fp, u32 utcb_fp)
{
	u32 us = fp_size_log2(utcb_fp), ks = fp_size_log2(kip_fp);
	if (us < 12 || us > 31)
		return 6;
	u32 ub = utcb_fp & ~((1u << us) - 1), ue = ub + (1u << us);
	if (ue > USER_TOP || ue < ub)
		return 6;
	if (ks < 12 || ks > 31)
		return 7;
	u32 kb = kip_fp & ~((1u << ks) - 1), ke = kb + (1u << ks);
	if (ke > USER_TOP || ke < kb || (kb < ue && ub < ke))
		return 7;
	if (space_map_kernel_page(s, kb, V2P(kip_page), 0))
		return 8;
	s->utcb_area = ub;
	s->utcb_size = 1u << us;
	s->kip_area = kb;
	return 0;
}

/* Copy len bytes between user va in s and kernel buffer k; write: to user. */
static u32 user_copy(struct space *s, u32 va, u8 *k, u32 len, int write)
{
	u32 done = 0;
	while (done < len) {
		u32 a = va + done;
		if (a < va || a >= USER_TOP)
			return done;
		u32 *pte = pte_lookup(s, a, 0);
		if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
			return done;
		u32 n = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		if (n > len - done)
			n = len - done;
		u8 *p = (u8 *)P2V((*pte & PAGE_MASK) | (a & (PAGE_SIZE - 1)));
		if (write)
			memcpy(p, k + done, n);
		else
			memcpy(k + done, p, n);
		*pte |= 0x20 | (write ? 0x40 : 0); /* accessed / dirty, for Unmap's status */
		done += n;
	}
	return done;
}

void *user_kptr(struct space *s, u32 va, int write)
{
	u32 *pte = pte_lookup(s, va, 0);
	if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
		return NULL;
	*pte |= 0x20 | (write ? 0x40 : 0);
	return (u8 *)P2V((*pte & PAGE_MASK) | (va & (PAGE_SIZE - 1)));
}

u32 user_read(struct space *s, u32 va, void *dst, u32 len) { return user_copy(s, va, dst, len, 0); }
u32 user_write(struct space *s, u32 va, const void *src, u32 len) { return user_copy(s, va, (u8 *)src, len, 1); }
