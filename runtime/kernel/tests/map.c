/*
 * map.c - map and grant items, the receive window, Unmap with recursive
 * revocation, partial rights and flush (spec 3.3, 3.5, 10.7, 11.2).
 *
 * The pages given away are scratch pages of the root task; a probe in a
 * new space reads them at its receive window, where its pager never maps
 * anything by itself: a read there either sees the mapping or hangs in a
 * trapped page fault (probe_cmd then returns 0).
 */
#include "suite.h"

#define WIN(log2) L4_MapGrantItems(L4_FpageLog2(WINDOW_BASE, (log2))).raw
#define RW L4_ReadWriteOnly

static L4_Fpage_t page_fp(int k, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2((L4_Word_t)scratch[k], 12), rights);
}

static void put(int k, L4_Word_t off, L4_Word_t v)
{
	*(volatile L4_Word_t *)(scratch[k] + off) = v;
}

static int map_basic(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(8, 0, 0xC0FFEE01);
	L4_MsgTag_t tag = probe_give(p, page_fp(8, RW), 0, 8);
	EXPECT(L4_IpcSucceeded(tag), "map failed: ErrorCode %#lx", L4_ErrorCode());
	L4_Word_t item[3];
	L4_StoreMR(1, &item[0]);
	L4_StoreMR(2, &item[1]);
	L4_StoreMR(3, &item[2]);
	EXPECT_EQ(item[0], ((L4_Word_t)PROBE_TAKE << 16) | (2 << 6));
	EXPECT_EQ(item[1], 8);                  /* the sender's item words (11.2) */
	EXPECT_EQ(item[2], page_fp(8, RW).raw);
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "window not mapped");
	EXPECT_EQ(v, 0xC0FFEE01);
	put(8, 0, 0xC0FFEE02);                  /* same frame: the change shows */
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "window lost");
	EXPECT_EQ(v, 0xC0FFEE02);
	EXPECT(probe_cmd(p, PROBE_WRITE, WINDOW_BASE + 8, 0xABCD, 0, 0, 0), "write to the window faulted");
	EXPECT_EQ(*(volatile L4_Word_t *)(scratch[8] + 8), 0xABCD);
	return 1;
}

/* S <= R: the page lands at window + (sndbase mod R), rounded down to S. */
static int map_window_offset(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(9, 0, 0x5EED0001);
	/* sndbase mod 64 KiB = 0x61A5, rounded down to 4 KiB: 0x6000 */
	L4_MsgTag_t tag = probe_give(p, page_fp(9, RW), 0x120000 + 0x61A5, 8);
	EXPECT(L4_IpcSucceeded(tag), "map failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE + 0x6000, 0, 0, 0, &v), "not mapped at window + 0x6000");
	EXPECT_EQ(v, 0x5EED0001);
	return 1;
}

/* S > R: only the R-sized part at (sndbase mod S) is mapped, onto the window. */
static int map_larger_than_window(char *why)
{
	L4_Word_t chunk = ((L4_Word_t)scratch + 0x3FFF) & ~0x3FFFUL;
	L4_ThreadId_t p = u_spawn_space(probe, WIN(12));
	L4_Word_t v;

	for (int i = 0; i < 4; i++)
		*(volatile L4_Word_t *)(chunk + 4096UL * (L4_Word_t)i) = 0x10000UL + (L4_Word_t)i;
	L4_Fpage_t fp = L4_FpageAddRights(L4_FpageLog2(chunk, 14), RW);
	L4_MsgTag_t tag = probe_give(p, fp, 0x2000 + 0x10, 8);
	EXPECT(L4_IpcSucceeded(tag), "map failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "window not mapped");
	EXPECT_EQ(v, 0x10002);
	return 1;
}

/* No receive window: message overflow (11.2). */
static int map_no_window(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, 0);
	L4_MsgTag_t tag = probe_give(p, page_fp(8, RW), 0, 8);

	EXPECT(L4_IpcFailed(tag), "map without receive window succeeded");
	EXPECT_EQ(L4_ErrorCode() & 0xF, 8);
	return 1;
}

/* Read-only mapping: reads work, a write faults to the pager as a write
 * fault (label 0xFFE2) at that address (11.2, 12.2). */
static int map_read_only(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(10, 16, 0x0DDBA11);
	EXPECT(L4_IpcSucceeded(probe_give(p, page_fp(10, L4_Readable), 0, 8)), "map failed");
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE + 16, 0, 0, 0, &v), "read of a read-only mapping faulted");
	EXPECT_EQ(v, 0x0DDBA11);
	int traps = u_traps;
	EXPECT(!probe_cmd(p, PROBE_WRITE, WINDOW_BASE + 16, 1, 0, 0, 0), "write to a read-only mapping worked");
	EXPECT(u_traps == traps + 1, "%d faults trapped, want 1", u_traps - traps);
	EXPECT_EQ(u_last_trap.label & 0xFFF2, 0xFFE2);
	EXPECT_EQ(u_last_trap.addr, WINDOW_BASE + 16);
	EXPECT_EQ(*(volatile L4_Word_t *)(scratch[10] + 16), 0x0DDBA11);
	return 1;
}

/* Grant moves the mapping: the granter loses it (11.2). */
static int map_grant(char *why)
{
	L4_ThreadId_t a = u_spawn_space(probe, WIN(16));
	L4_ThreadId_t b = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(11, 0, 0x6A6A6A6A);
	EXPECT(L4_IpcSucceeded(probe_give(a, page_fp(11, RW), 0, 8)), "map to A failed");
	EXPECT(probe_cmd(a, PROBE_FORWARD, L4_FpageAddRights(L4_FpageLog2(WINDOW_BASE, 12), RW).raw,
			 0x1000, b.raw, 10, &v), "A did not answer");
	EXPECT(!(v & 0x8000), "A's grant to B failed: tag %#lx", v);
	EXPECT(probe_cmd(b, PROBE_READ, WINDOW_BASE + 0x1000, 0, 0, 0, &v), "B: granted page not mapped");
	EXPECT_EQ(v, 0x6A6A6A6A);
	EXPECT(!probe_cmd(a, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "A still has the page it granted");
	return 1;
}

/* Grant moves the mapping with what was derived from it: a page mapped
 * to A and then granted (same message) to B is still mapped in A, and an
 * Unmap by B revokes A's copy (11.2, 10.7; Pistachio moves the mapping
 * node with its subtree). */
static int map_grant_keeps_children(char *why)
{
	L4_ThreadId_t a = u_spawn_space(probe, WIN(16));
	L4_ThreadId_t b = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(7, 0, 0x7A7A7A7A);
	EXPECT(L4_IpcSucceeded(probe_give(b, page_fp(7, RW), 0, 8)), "map to B failed");
	EXPECT(probe_cmd(b, PROBE_FORWARD, L4_FpageAddRights(L4_FpageLog2(WINDOW_BASE, 12), RW).raw,
			 0x3000, a.raw, 8, &v) && !(v & 0x8000), "B's map to A failed");
	EXPECT(probe_cmd(a, PROBE_READ, WINDOW_BASE + 0x3000, 0, 0, 0, &v) && v == 0x7A7A7A7A, "A cannot read");
	/* B grants its page (the parent of A's) to a third probe C */
	L4_ThreadId_t c = u_spawn_space(probe, WIN(16));
	EXPECT(probe_cmd(b, PROBE_FORWARD, L4_FpageAddRights(L4_FpageLog2(WINDOW_BASE, 12), RW).raw,
			 0x5000, c.raw, 10, &v) && !(v & 0x8000), "B's grant to C failed");
	EXPECT(probe_cmd(c, PROBE_READ, WINDOW_BASE + 0x5000, 0, 0, 0, &v) && v == 0x7A7A7A7A, "C cannot read the granted page");
	EXPECT(probe_cmd(a, PROBE_READ, WINDOW_BASE + 0x3000, 0, 0, 0, &v) && v == 0x7A7A7A7A,
	       "A lost the page derived from the one B granted");
	return 1;
}

/* Unmap revokes every mapping derived from the caller's, recursively,
 * and the caller keeps its own (10.7). */
static int map_unmap_recursive(char *why)
{
	L4_ThreadId_t a = u_spawn_space(probe, WIN(16));
	L4_ThreadId_t b = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(12, 0, 0x12121212);
	EXPECT(L4_IpcSucceeded(probe_give(a, page_fp(12, RW), 0, 8)), "map to A failed");
	EXPECT(probe_cmd(a, PROBE_FORWARD, L4_FpageAddRights(L4_FpageLog2(WINDOW_BASE, 12), RW).raw,
			 0x2000, b.raw, 8, &v) && !(v & 0x8000), "A's map to B failed");
	EXPECT(probe_cmd(b, PROBE_READ, WINDOW_BASE + 0x2000, 0, 0, 0, &v) && v == 0x12121212,
	       "B cannot read the page A mapped");
	L4_UnmapFpage(page_fp(12, L4_FullyAccessible));
	EXPECT(!probe_cmd(b, PROBE_READ, WINDOW_BASE + 0x2000, 0, 0, 0, &v), "B still reads after Unmap");
	EXPECT(!probe_cmd(a, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "A still reads after Unmap");
	EXPECT_EQ(*(volatile L4_Word_t *)scratch[12], 0x12121212);
	return 1;
}

/* Unmapping only w leaves a readable mapping (10.7). */
static int map_unmap_write_right(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(13, 0, 0x13131313);
	EXPECT(L4_IpcSucceeded(probe_give(p, page_fp(13, RW), 0, 8)), "map failed");
	EXPECT(probe_cmd(p, PROBE_WRITE, WINDOW_BASE + 4, 7, 0, 0, 0), "write before Unmap faulted");
	L4_UnmapFpage(page_fp(13, L4_Writable));
	EXPECT(probe_cmd(p, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "read after removing w faulted");
	EXPECT_EQ(v, 0x13131313);
	EXPECT(!probe_cmd(p, PROBE_WRITE, WINDOW_BASE + 4, 8, 0, 0, 0), "write after removing w worked");
	EXPECT_EQ(*(volatile L4_Word_t *)(scratch[13] + 4), 7);
	return 1;
}

/* Flush also removes the caller's own mapping; sigma0 maps the same
 * frame again on the next touch (10.7, 12.6). */
static int map_flush(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, WIN(16));
	L4_Word_t v;

	put(14, 0, 0x14141414);
	EXPECT(L4_IpcSucceeded(probe_give(p, page_fp(14, RW), 0, 8)), "map failed");
	L4_Flush(page_fp(14, L4_FullyAccessible));
	EXPECT(!probe_cmd(p, PROBE_READ, WINDOW_BASE, 0, 0, 0, &v), "probe still reads after Flush");
	EXPECT_EQ(*(volatile L4_Word_t *)scratch[14], 0x14141414);
	return 1;
}

/* A mapping aimed at the receiver's UTCB area is not made there (11.2);
 * the receiver keeps working. */
static int map_not_over_utcb(char *why)
{
	L4_Word_t acc = L4_MapGrantItems(L4_CompleteAddressSpace).raw;
	L4_ThreadId_t p = u_spawn_space(probe, acc);
	L4_Word_t area = u_utcb_of(p);
	L4_Word_t v;

	memset(scratch[15], 0xEE, 4096);
	L4_MsgTag_t tag = probe_give(p, page_fp(15, RW), area & ~0xFFFUL, 8);
	(void)tag;
	EXPECT(probe_cmd(p, PROBE_IDS, 0, 0, 0, 0, &v), "probe died after a map at its UTCB");
	EXPECT_EQ(v, p.raw);
	return 1;
}

const struct tcase map_cases[] = {
	{ "map: page appears in the receive window and shares the frame", map_basic },
	{ "map: placement at window + sndbase mod window size", map_window_offset },
	{ "map: fpage larger than the window maps the part at sndbase", map_larger_than_window },
	{ "map: no receive window is message overflow", map_no_window },
	{ "map: read-only mapping, write becomes a write page fault", map_read_only },
	{ "map: grant moves the mapping", map_grant },
	{ "map: grant keeps the mappings derived from the granted one", map_grant_keeps_children },
	{ "map: Unmap revokes recursively, caller keeps its page", map_unmap_recursive },
	{ "map: Unmap of w only leaves read access", map_unmap_write_right },
	{ "map: Flush revokes the children and the own mapping", map_flush },
	{ "map: no mapping over the receiver's UTCB area", map_not_over_utcb },
	{ 0, 0 },
};
