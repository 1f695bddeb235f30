/*
 * mem.c - the kernel's physical frame pool.
 *
 * The pool is one physical range [pool_lo, pool_hi) reserved for the
 * kernel (modules.c picks it and marks it reserved in the KIP). Frames are
 * handed out from a bump pointer and recycled through a free list; the
 * bump pointer also serves boot-time allocations that are never freed.
 * Invariant: every frame given out is zeroed.
 */
#include "kernel.h"

struct meminfo meminfo;
static u32 bump;       /* next never-used physical address */
static void *freelist; /* kernel virtual addresses of free frames */
static u32 nfree;

void frames_init(u32 lo, u32 hi)
{
	meminfo.pool_lo = lo;
	meminfo.pool_hi = hi;
	bump = lo;
}

void *boot_alloc(u32 bytes)
{
	bytes = (bytes + PAGE_SIZE - 1) & PAGE_MASK;
	if (bump + bytes > meminfo.pool_hi)
		panic("kernel memory pool exhausted at boot");
	void *p = P2V(bump);
	bump += bytes;
	memset(p, 0, bytes);
	return p;
}

void *frame_alloc(void)
{
	void *p;
	if (freelist) {
		p = freelist;
		freelist = *(void **)p;
		nfree--;
	} else if (bump + PAGE_SIZE <= meminfo.pool_hi) {
		p = P2V(bump);
		bump += PAGE_SIZE;
	} else {
		return NULL;
	}
	memset(p, 0, PAGE_SIZE);
	return p;
}

void frame_free(void *kva)
{
	*(void **)kva = freelist;
	freelist = kva;
	nfree++;
}

u32 frames_free_count(void)
{
	return nfree + (meminfo.pool_hi - bump) / PAGE_SIZE;
}

extern u8 _kernel_start[], _kernel_end[];

int phys_is_kernel(u32 pa)
{
	if (pa >= V2P(_kernel_start) && pa < V2P(_kernel_end))
		return 1;
	return pa >= meminfo.pool_lo && pa < meminfo.pool_hi;
}
