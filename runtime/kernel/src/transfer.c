/*
 * transfer.c - copying a message from sender to receiver (spec 11):
 * untyped words, then typed items in order: map/grant items (through the
 * mapping database) and string items (into the receiver's buffers).
 * Runs on the sender's kernel stack while the receiver is T_LOCKED.
 *
 * Returns 0 or an IPC error number: 4 message overflow, 5/6 xfer timeout
 * (in the sender's / receiver's space, as seen by the sender; ipc.c turns
 * them around for the receiver's error code). *off = string bytes copied.
 *
 * Page faults during string copy: a fault in the sender's buffer is sent
 * by the sender to its pager (label 0xFFE4/0xFFE2, IP = the sender's user
 * IP); a fault in the receiver's buffer is sent by the receiver to its
 * pager (IP = -1, spec 11.3), the sender waiting meanwhile. The earlier
 * of the sender's send and the receiver's receive xfer timeout bounds all
 * fault handling of the copy (the fault IPCs' own timeouts are capped at
 * it); a zero xfer timeout fails at the first fault.
 * An address outside the user area is a message overflow.
 */
#include "kernel.h"

struct seg { u32 addr, len; };
#define MAXSEG 32

static u32 fp_log2(u32 fp) { u32 s = (fp >> 4) & 0x3f; return s == 1 ? 32 : s; }

static int map_item(struct tcb *src, struct tcb *dst, word_t w0, word_t fp, int grant)
{
	word_t acc = dst->utcb[BR(0)];
	u32 rs = fp_log2(acc & ~0xfu), ss = fp_log2(fp);
	if ((acc & ~0xfu) == 0 || rs < 12)
		return 4; /* no receive window */
	if ((fp & 0x3f0) == 0x20)
		return 0; /* I/O fpage: all ports are open (IOPL is not used); nothing to map */
	if (ss < 12 || (fp & 7) == 0)
		return 0; /* nil fpage or no rights: nothing to map */
	u64 S = 1ull << ss, R = 1ull << rs;
	u32 sbase = (u32)(fp & ~(u32)(S - 1)), rbase = rs == 32 ? 0 : (u32)(acc & ~(u32)(R - 1));
	u32 snd = w0 & ~0x3ffu;
	u64 len;
	u32 from, to;
	if (S <= R) {
		from = sbase;
		to = rbase + (u32)(((u64)snd % R) & ~(S - 1));
		len = S;
	} else {
		from = sbase + (u32)(((u64)snd % S) & ~(R - 1));
		to = rbase;
		len = R;
	}
	u32 wr = (fp & 2) ? 1 : 0;
	for (u64 o = 0; o < len; o += PAGE_SIZE) {
		u32 sa = from + (u32)o, da = to + (u32)o;
		if (sa >= USER_TOP || da >= USER_TOP)
			break;
		/* Skip whole absent page tables of the sender quickly. */
		if (!src->space->sigma0 && !(src->space->pd[sa >> 22] & PTE_P)) {
			u64 skip = 0x400000 - (sa & 0x3fffff);
			o += skip - PAGE_SIZE;
			continue;
		}
		if (mapdb_map(src->space, sa, dst->space, da, wr, grant))
			return 4; /* kernel out of mapping memory */
	}
	return 0;
}

/* Collect the substrings of the logical string item starting at MR idx
 * (compound items chained by c) of sender words mr[..end]. Returns the
 * number of segments or -1 if malformed; *next = index after it. */
static int send_string(word_t *mr, int idx, int end, struct seg *seg, int *next)
{
	int n = 0;
	for (;;) {
		if (idx > end)
			return -1;
		word_t w = mr[idx];
		if (w & 8)
			return -1;
		int j = (w >> 4) & 0x1f;
		if (idx + 1 + j > end || n + j + 1 > MAXSEG)
			return -1;
		for (int k = 0; k <= j; k++) {
			seg[n].addr = mr[idx + 1 + k];
			seg[n].len = w >> 10;
			n++;
		}
		idx += j + 2;
		if (!(w & 0x200))
			break;
	}
	*next = idx;
	return n;
}

/* Parse the receive buffer starting at BR bi of dst. Returns the number
 * of segments or -1; *more = its C bit; *next = BR index after it. */
static int rcv_buffer(word_t *utcb, int bi, struct seg *seg, int *more, int *next)
{
	int n = 0;
	for (;;) {
		if (bi > 32)
			return -1;
		word_t w = utcb[BR(bi)];
		if (w & 8)
			return -1;
		int j = (w >> 4) & 0x1f;
		if (bi + 1 + j > 32 || n + j + 1 > MAXSEG)
			return -1;
		for (int k = 0; k <= j; k++) {
			seg[n].addr = utcb[BR(bi + 1 + k)];
			seg[n].len = w >> 10;
			n++;
		}
		*more = w & 1;
		bi += j + 2;
		if (!(w & 0x200))
			break;
	}
	*next = bi;
	return n;
}

/* Resolve a fault in the receiver's space: the receiver itself sends the
 * page-fault IPC (ipc.c, wait_for_transfer) while we wait. */
static int receiver_fault(struct tcb *src, struct tcb *dst, u32 addr)
{
	dst->pf_addr = addr;
	dst->pf_sender = src;
	dst->pf_done = 0;
	dst->pf_req = 1;
	dst->state = T_READY;
	src->state = T_LOCKED;
	word_t g = dst->gid;
	while (!dst->pf_done && dst->gid == g && !src->xfer_abort)
		schedule(); /* (dst's deletion sets pf_done; an abort sets xfer_abort) */
	if (src->xfer_abort)
		return -1;
	return dst->pf_result;
}

static int sender_fault(struct tcb *src, u32 addr)
{
	return user_fault(src, addr, 0);
}

/* Xfer-timeout deadline of a copy (spec 4.3): the earlier of the sender's
 * send and the receiver's receive xfer timeout; *zero if either is zero;
 * 0 = unlimited. */
static u64 xfer_deadline(struct tcb *src, struct tcb *dst, int *zero)
{
	u32 t[2] = { src->utcb[TCR_XFERTIMEOUTS] >> 16, dst->utcb[TCR_XFERTIMEOUTS] & 0xffff };
	u64 cap = 0;
	*zero = 0;
	for (int i = 0; i < 2; i++) {
		int never, z;
		u64 d = timeout_ticks(t[i], &never, &z);
		if (z)
			*zero = 1;
		else if (!never && (!cap || d < cap))
			cap = d;
	}
	return cap;
}

/* Copy one send string into one receive buffer. */
static int copy_string(struct tcb *src, struct tcb *dst, struct seg *ss, int ns, struct seg *rs, int nr, word_t *off)
{
	int ri = 0, zero_xfer;
	u32 rdone = 0;
	u64 cap = xfer_deadline(src, dst, &zero_xfer);
	for (int si = 0; si < ns; si++) {
		u32 sdone = 0;
		while (sdone < ss[si].len) {
			while (ri < nr && rdone == rs[ri].len) {
				ri++;
				rdone = 0;
			}
			if (ri >= nr)
				return 4; /* receive buffer too small */
			u32 n = ss[si].len - sdone;
			if (n > rs[ri].len - rdone)
				n = rs[ri].len - rdone;
			u32 sa = ss[si].addr + sdone, da = rs[ri].addr + rdone;
			if (sa + n < sa || sa + n > USER_TOP || da + n < da || da + n > USER_TOP)
				return 4;
			/* Copy page by page, frame to frame through the direct map. */
			if (n > PAGE_SIZE - (sa & (PAGE_SIZE - 1)))
				n = PAGE_SIZE - (sa & (PAGE_SIZE - 1));
			if (n > PAGE_SIZE - (da & (PAGE_SIZE - 1)))
				n = PAGE_SIZE - (da & (PAGE_SIZE - 1));
			u8 *sp = user_kptr(src->space, sa, 0);
			u8 *dp = sp ? user_kptr(dst->space, da, 1) : NULL;
			if (sp && dp) {
				memcpy(dp, sp, n);
				*off += n;
				sdone += n;
				rdone += n;
			} else if (sp) { /* fault in the receiver's buffer */
				if (zero_xfer || (cap && ticks >= cap))
					return 6;
				dst->cap_deadline = cap;
				int e = receiver_fault(src, dst, da);
				dst->cap_deadline = 0;
				if (src->xfer_abort || dst->xfer_abort)
					return 7;
				if (e || (cap && ticks >= cap))
					return 6;
			} else { /* fault in the sender's buffer */
				if (zero_xfer || (cap && ticks >= cap))
					return 5;
				src->cap_deadline = cap;
				int e = sender_fault(src, sa);
				src->cap_deadline = 0;
				if (src->xfer_abort || dst->xfer_abort)
					return 7;
				if (e || (cap && ticks >= cap))
					return 5;
			}
		}
	}
	return 0;
}

int transfer(struct tcb *src, struct tcb *dst, word_t tag, word_t *off)
{
	u32 u = tag & 0x3f, t = (tag >> 6) & 0x3f;
	*off = 0;
	if (u + t >= 64)
		return 4;
	word_t *smr = src->utcb, *dmr = dst->utcb;
	dmr[0] = tag & ~0xe000u; /* the receiver sees p, never r, X or E */
	for (u32 i = 1; i <= u + t; i++)
		dmr[i] = smr[i]; /* typed items arrive as copies of the sender's words */
	int end = (int)(u + t), bi = 1, more = 1, strings = 0;
	for (int i = (int)u + 1; i <= end;) {
		word_t w = smr[i];
		if (w & 8) {
			int type = (w >> 1) & 7;
			if ((type != 4 && type != 5) || i + 1 > end)
				return 4;
			int e = map_item(src, dst, w, smr[i + 1], type == 5);
			if (e)
				return e;
			i += 2;
			continue;
		}
		struct seg ss[MAXSEG], rs[MAXSEG];
		int next, nb;
		int ns = send_string(smr, i, end, ss, &next);
		if (ns < 0 || !(dmr[BR(0)] & 1) || !more)
			return 4;
		int nr = rcv_buffer(dmr, bi, rs, &more, &nb);
		if (nr < 0)
			return 4;
		int e = copy_string(src, dst, ss, ns, rs, nr, off);
		if (e)
			return e;
		bi = nb;
		i = next;
		strings++;
	}
	return 0;
}
