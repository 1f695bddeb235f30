/*
 * ipc.c - the Ipc/Lipc system call (spec 10.1): send and receive phases,
 * timeouts, interrupt messages and kernel-generated calls.
 *
 * Protocol between the two partners (both are blocked in the kernel on
 * their own kernel stacks; the transfer always runs on the sender's):
 *  - A receiver that finds no matching sender sets T_RECV with partner =
 *    the FromSpecifier (global form) and sleeps.
 *  - A sender finds its destination in T_RECV accepting it: it marks the
 *    destination T_LOCKED (timeouts and aborts no longer apply), copies
 *    the message (transfer.c), stores the result in the destination's
 *    ipc_err/ipc_tag/ipc_from and makes it T_READY.
 *  - Otherwise the sender queues itself on the destination's send queue
 *    (T_SEND) and sleeps. A receiver that finds it there sets xfer_go,
 *    wakes it, becomes T_LOCKED and sleeps until the sender finished.
 *  - The timer ends T_SEND and T_RECV (never T_LOCKED) at their deadline;
 *    ExchangeRegisters cancels them.
 * Errors are ErrorCode values (spec 5.2): (offset << 4) | (number << 1) | phase.
 */
#include "kernel.h"

#define ERR(n, phase) (((n) << 1) | (phase))
#define TAG_E 0x8000u

word_t irq_handler[NIRQ];
static u8 irq_pending[NIRQ]; /* fired, message not yet received */
static u16 irq_pending_mask;  /* bit n = irq_pending[n]: keeps the IPC path from scanning */
static u8 irq_unacked[NIRQ]; /* message received, handler has not acknowledged */

/* Absolute deadline in ticks for a 16-bit timeout (spec 4.1). Time
 * points (bit 15) are not supported and count as zero timeouts. */
u64 timeout_ticks(u32 t16, int *never, int *zero)
{
	t16 &= 0xffff;
	*never = t16 == 0;
	*zero = 0;
	if (*never)
		return 0;
	if (t16 & 0x8000) {
		*zero = 1;
		return 0;
	}
	u64 us = (u64)(t16 & 0x3ff) << ((t16 >> 10) & 0x1f);
	if (us == 0) {
		*zero = 1;
		return 0;
	}
	u64 per = 1000000 / HZ;
	return ticks + (us + per - 1) / per + 1;
}

/* timeout_ticks with the two common values (never, zero) inline. */
static inline u64 timeout_fast(u32 t16, int *never, int *zero)
{
	t16 &= 0xffff;
	if (t16 == 0) {
		*never = 1;
		*zero = 0;
		return 0;
	}
	if (t16 == 0x0400) {
		*never = 0;
		*zero = 1;
		return 0;
	}
	return timeout_ticks(t16, never, zero);
}

/* Kernel fault IPCs during a string copy must end by the xfer deadline. */
static void cap_timeout(struct tcb *self, u64 *deadline, int *never, int *zero)
{
	u64 cap = self->cap_deadline;
	if (!cap || *zero)
		return;
	if (cap <= ticks) {
		*zero = 1;
	} else if (*never || *deadline > cap) {
		*deadline = cap;
		*never = 0;
	}
}

static void sendq_add(struct tcb *dst, struct tcb *s)
{
	struct tcb **pp = &dst->sendq;
	while (*pp)
		pp = &(*pp)->sendq_next; /* FIFO */
	*pp = s;
	s->sendq_next = NULL;
	s->sendq_pprev = pp;
}

static void sendq_remove(struct tcb *s)
{
	if (!s->sendq_pprev)
		return;
	*s->sendq_pprev = s->sendq_next;
	if (s->sendq_next)
		s->sendq_next->sendq_pprev = s->sendq_pprev;
	s->sendq_next = NULL;
	s->sendq_pprev = NULL;
}

/* Does a receive with (global) FromSpecifier want accept sender s? */
static int matches(word_t want, struct tcb *r, struct tcb *s)
{
	return want == ANYTHREAD || (want == ANYLOCAL && s->space == r->space) || want == s->ipc_sid;
}

/* The ID under which r sees sender s (spec 10.1: local if same space). */
static word_t seen_as(struct tcb *r, struct tcb *s)
{
	if (s->ipc_sid != s->gid)
		return s->ipc_sid; /* propagated: the virtual sender */
	return s->space == r->space ? s->utcb_va : s->gid;
}

/* End the IPC waits whose deadline has passed. Returns the highest
 * priority among the threads woken (-1 if none). */
int ipc_timeouts(void)
{
	int woke = -1;
	for (struct tcb *t = thread_list; t; t = t->list_next) {
		if (!t->wakeup || t->wakeup > ticks)
			continue;
		if (t->state == T_SEND) {
			sendq_remove(t);
			t->ipc_err = ERR(1, 0);
		} else if (t->state == T_RECV) {
			t->ipc_err = ERR(1, 1);
		} else {
			continue;
		}
		t->ipc_tag = TAG_E;
		t->wakeup = 0;
		t->state = T_READY;
		if (t->prio > woke)
			woke = t->prio;
	}
	return woke;
}

/* End t's wait in the send (send) or receive (recv) phase with
 * "canceled" (3). */
static void cancel_wait(struct tcb *t, int send, int recv)
{
	if (send && t->state == T_SEND) {
		sendq_remove(t);
		t->ipc_err = ERR(3, 0);
	} else if (recv && t->state == T_RECV) {
		t->ipc_err = ERR(3, 1);
	} else {
		return;
	}
	t->ipc_tag = TAG_E;
	t->wakeup = 0;
	make_ready(t);
}

void ipc_cancel(struct tcb *t, int send, int recv)
{
	struct tcb *peer = t->nested ? t->saved_peer : t->xfer_peer;
	if (peer && (recv || send)) {
		/* A transfer has started: it stops with "aborted" (7). Whoever
		 * waits for a page fault of it stops waiting: a fault IPC in
		 * progress is canceled, a sender waiting for the receiver's
		 * fault handling (T_LOCKED in receiver_fault) resumes and sees
		 * xfer_abort. A copy without faults is never interrupted. */
		t->xfer_abort = 1;
		peer->xfer_abort = 1;
		struct tcb *side[2] = { t, peer };
		for (int i = 0; i < 2; i++) {
			struct tcb *x = side[i];
			if (x->nested)
				cancel_wait(x, 1, 1);
			else if (x->state == T_LOCKED && x->xfer_is_sender)
				x->state = T_READY;
		}
		return;
	}
	cancel_wait(t, send, recv);
}

static void irq_to(struct tcb *h, int irq)
{
	h->utcb[0] = 0xfff00000u;
	h->ipc_tag = 0xfff00000u;
	h->ipc_from = MKTID((u32)irq, 1);
	h->ipc_err = 0;
	irq_pending[irq] = 0;
	irq_pending_mask &= (u16)~(1u << irq);
	irq_unacked[irq] = 1;
}

void irq_deliver(int irq)
{
	struct tcb *h = tcb_of(irq_handler[irq]);
	if (!h || irq_unacked[irq])
		return;
	if (h->state == T_RECV && (h->partner == ANYTHREAD || h->partner == MKTID((u32)irq, 1))) {
		irq_to(h, irq);
		h->wakeup = 0;
		make_ready(h);
		if (current == idle_tcb || h->prio > current->prio)
			schedule();
	} else {
		irq_pending[irq] = 1;
		irq_pending_mask |= (u16)(1u << irq);
	}
}

/* Interrupt association (ThreadControl on an interrupt thread). */
void irq_associate(int irq, word_t handler)
{
	irq_handler[irq] = handler;
	irq_pending[irq] = irq_unacked[irq] = 0;
	irq_pending_mask &= (u16)~(1u << irq);
	if (irq != 0)
		pic_mask(irq, handler == NILTHREAD);
}

static int is_irq_id(word_t id)
{
	return !IS_LOCAL(id) && id != ANYTHREAD && TID_NO(id) < NIRQ;
}

/* Propagation (spec 11.4): decide the sender ID dst will see. */
static void propagate(struct tcb *self, struct tcb *dst, word_t *tag)
{
	self->ipc_sid = self->gid;
	if (!(*tag & 0x1000))
		return;
	struct tcb *v = thread_lookup(self, self->utcb[TCR_VSENDER]);
	if (!v || (self->space != v->space && self->space != dst->space)) {
		*tag &= ~0x1000u;
		return;
	}
	self->ipc_sid = v->gid;
	if (v->state == T_RECV && v->partner == self->gid)
		v->partner = dst->gid; /* the reply goes straight to v */
}

/* Sleep until a sender has delivered to us (or a timeout / cancel ended
 * the wait). A sender copying a string into our space may ask us to send
 * a page-fault IPC for our buffer (pf_req, spec 11.3: IP = -1). */
static void wait_for_transfer(struct tcb *self)
{
	for (;;) {
		if (self->pf_req) {
			/* Clear the request first: the fault IPC below waits in
			 * wait_for_transfer too. */
			self->pf_req = 0;
			self->pf_serving = 1;
			word_t in[2] = { self->pf_addr, ~0u };
			int r;
			if (self->space->sigma0)
				r = sigma0_map_on_demand(self->space, self->pf_addr);
			else
				r = kernel_call(self, self->utcb[TCR_PAGER], (0xffe2u << 16) | 2, in, 2, NULL, 0);
			self->pf_result = r;
			self->pf_done = 1;
			self->state = T_LOCKED;
			self->pf_serving = 0;
			if (self->xfer_peer == self->pf_sender) { /* not deleted or aborted meanwhile */
				if (self->pf_sender->state == T_LOCKED)
					make_ready(self->pf_sender);
			} else { /* the sender was deleted during the copy */
				self->ipc_err = ERR(7, 1);
				self->ipc_tag = TAG_E;
				self->state = T_READY;
			}
		}
		if (self->state != T_RECV && self->state != T_LOCKED)
			break;
		schedule();
	}
}

/* thread_destroy: t is being deleted in the middle of a transfer. */
void ipc_destroy_transfer(struct tcb *t)
{
	/* The transfer t takes part in: kept aside while t is in a fault
	 * IPC (kernel_call), else the current one. */
	struct tcb *p = t->nested ? t->saved_peer : t->xfer_peer;
	int sender = t->nested ? t->saved_is_sender : t->xfer_is_sender;
	if (!p)
		return;
	t->xfer_peer = t->saved_peer = NULL;
	p->xfer_abort = 1;
	if (sender) {
		/* p, the receiver, waits for a copy that will never end. */
		if (p->nested) {
			/* p serves our fault: end that fault IPC, then p ends
			 * its receive with "aborted" (wait_for_transfer). */
			p->xfer_peer_gone = 1;
			ipc_cancel(p, 1, 1);
		} else if (p->state == T_LOCKED) {
			p->xfer_peer = NULL;
			p->ipc_err = ERR(7, 1);
			p->ipc_tag = TAG_E;
			p->state = T_READY;
		}
	} else {
		/* p, the sender, may wait for our fault handling (receiver_fault)
		 * or be in a fault IPC of its own; it sees the abort either way. */
		if (p->nested) {
			p->xfer_peer_gone = 1;
			ipc_cancel(p, 1, 1);
		}
		t->pf_done = 1;
		t->pf_result = -1;
		if (p->state == T_LOCKED && !p->nested)
			p->state = T_READY;
	}
}

int ipc(struct tcb *self, word_t to, word_t fromspec, word_t timeouts, word_t *fromp, word_t *rtag)
{
	word_t tag = self->utcb[0];
	struct tcb *hint = NULL;
	*rtag = tag;
	self->ipc_sid = self->gid;
	if (to != NILTHREAD) {
		if (to == ANYTHREAD || to == ANYLOCAL) {
			*rtag = TAG_E;
			return ERR(2, 0);
		}
		if (is_irq_id(to)) {
			int irq = TID_NO(to);
			if (TID_VER(to) != 1 || irq_handler[irq] != self->gid) {
				*rtag = TAG_E;
				return ERR(2, 0);
			}
			irq_unacked[irq] = 0; /* acknowledge: unmask the line */
			if (irq != 0)
				pic_mask(irq, 0);
			goto receive;
		}
		struct tcb *dst = thread_lookup_fast(self, to);
		if (!dst || dst->state == T_FREE) {
			*rtag = TAG_E;
			return ERR(2, 0);
		}
		word_t dgid = dst->gid;
		int never, zero;
		u64 deadline = timeout_fast(timeouts >> 16, &never, &zero);
		if (self->cap_deadline)
			cap_timeout(self, &deadline, &never, &zero);
		if (tag & 0x1000)
			propagate(self, dst, &tag);
		self->xfer_go = 0;
		while (!(dst->state == T_RECV && matches(dst->partner, dst, self))) {
			if (zero) {
				*rtag = TAG_E;
				return ERR(1, 0);
			}
			sendq_add(dst, self);
			self->state = T_SEND;
			self->partner = dgid;
			self->wakeup = never ? 0 : deadline;
			self->ipc_err = 0;
			schedule();
			sendq_remove(self);
			self->wakeup = 0;
			if (self->ipc_err) {
				int e = self->ipc_err;
				self->ipc_err = 0;
				*rtag = TAG_E;
				return e;
			}
			if (dst->gid != dgid || dst->state == T_FREE) {
				*rtag = TAG_E;
				return ERR(2, 0);
			}
			if (self->xfer_go)
				break;
		}
		self->xfer_go = 0;
		dst->wakeup = 0;
		word_t u = tag & 0x3f;
		if ((tag & 0xfc0) == 0 && u < 64) {
			/* Untyped words only: nothing can fault or block, so no
			 * transfer bookkeeping is needed (transfer.c, 11.1). */
			word_t *smr = self->utcb, *dmr = dst->utcb;
			dmr[0] = tag & ~0xe000u;
			for (word_t i = 1; i <= u; i++)
				dmr[i] = smr[i];
			goto delivered;
		}
		dst->state = T_LOCKED;
		word_t off = 0;
		self->xfer_peer = dst;
		dst->xfer_peer = self;
		self->xfer_is_sender = 1;
		dst->xfer_is_sender = 0;
		self->xfer_abort = dst->xfer_abort = 0;
		int e = transfer(self, dst, tag, &off);
		self->xfer_peer = NULL;
		if (dst->gid != dgid) { /* the receiver was deleted during the copy */
			*rtag = tag | TAG_E;
			return (off << 4) | ERR(7, 0);
		}
		if (dst->nested && dst->saved_peer == self) {
			/* The receiver is still in a (canceled) fault IPC for
			 * this copy: it ends its receive with "aborted" itself
			 * (wait_for_transfer) once that IPC returns. */
			dst->xfer_peer_gone = 1;
			*rtag = tag | TAG_E;
			return (off << 4) | ERR(e ? e : 7, 0);
		}
		if (dst->state != T_LOCKED || dst->xfer_peer != self) {
			*rtag = tag | TAG_E;
			return (off << 4) | ERR(7, 0);
		}
		dst->xfer_peer = NULL;
		if (e) {
			/* xfer timeouts: "own" and "partner" swap for the receiver */
			dst->ipc_err = (off << 4) | ERR(e == 5 ? 6 : e == 6 ? 5 : e, 1);
			dst->ipc_tag = (tag & ~0xe000u) | TAG_E;
			dst->ipc_from = seen_as(dst, self);
			make_ready(dst);
			*rtag = tag | TAG_E;
			return (off << 4) | ERR(e, 0);
		}
	delivered:
		dst->ipc_err = 0;
		dst->ipc_tag = dst->utcb[0];
		dst->ipc_from = seen_as(dst, self);
		if (tag & 0x1000)
			dst->utcb[TCR_VSENDER] = self->gid; /* ActualSender */
		make_ready(dst);
		hint = dst;
	}
receive:
	if (fromspec == NILTHREAD) {
		*rtag = tag & ~0xe000u; /* success: the sender's own tag */
		if (hint && hint->prio > self->prio)
			schedule();
		return 0;
	}
	word_t want = fromspec;
	if (want != ANYTHREAD && want != ANYLOCAL) {
		if (is_irq_id(want)) {
			if (TID_VER(want) != 1 || irq_handler[TID_NO(want)] != self->gid) {
				*rtag = TAG_E;
				return ERR(2, 1);
			}
		} else {
			struct tcb *p = thread_lookup_fast(self, want);
			if (!p) {
				*rtag = TAG_E;
				return ERR(2, 1);
			}
			want = p->gid;
		}
	}
	for (int irq = 0; irq_pending_mask && irq < NIRQ; irq++)
		if (irq_pending[irq] && irq_handler[irq] == self->gid &&
		    (want == ANYTHREAD || want == MKTID((u32)irq, 1))) {
			irq_to(self, irq);
			*fromp = self->ipc_from;
			*rtag = self->ipc_tag;
			return 0;
		}
	struct tcb *s;
	for (s = self->sendq; s; s = s->sendq_next)
		if (matches(want, self, s))
			break;
	self->ipc_err = 0;
	self->partner = want;
	if (s) {
		sendq_remove(s);
		s->xfer_go = 1;
		make_ready(s);
		self->state = T_LOCKED;
		switch_to(s);
		wait_for_transfer(self);
	} else {
		int never, zero;
		u64 deadline = timeout_fast(timeouts, &never, &zero);
		if (self->cap_deadline)
			cap_timeout(self, &deadline, &never, &zero);
		if (zero) {
			*rtag = TAG_E;
			return ERR(1, 1);
		}
		self->state = T_RECV;
		self->wakeup = never ? 0 : deadline;
		if (hint && hint->state == T_READY)
			switch_to(hint);
		wait_for_transfer(self);
		self->wakeup = 0;
	}
	*fromp = self->ipc_from;
	*rtag = self->ipc_tag;
	int e = self->ipc_err;
	self->ipc_err = 0;
	return e;
}

void sys_ipc(struct frame *f)
{
	struct tcb *self = current;
	word_t from = f->eax, rtag;
	if (f->edx == NILTHREAD)
		from = 0;
	int e = ipc(self, f->eax, f->edx, f->ecx, &from, &rtag);
	if (e)
		self->utcb[TCR_ERRORCODE] = e;
	f->esi = rtag;
	f->eax = from;
	f->ebx = self->utcb[1];
	f->ebp = self->utcb[2];
	f->edi = self->utcb_va;
}

int kernel_call(struct tcb *t, word_t to, word_t tag, const word_t *in, int n, word_t *out, int nout)
{
	word_t save[65], from, rtag;
	memcpy(save, t->utcb, 64 * sizeof(word_t));
	save[64] = t->utcb[BR(0)];
	t->utcb[0] = tag;
	for (int i = 0; i < n; i++)
		t->utcb[1 + i] = in[i];
	t->utcb[BR(0)] = 0x10; /* accept mappings anywhere */
	/* The fault IPC is a transfer of its own: keep the state of the one
	 * it interrupts (a deletion meanwhile shows in xfer_peer_gone). */
	word_t sid = t->ipc_sid;
	struct tcb *peer = t->xfer_peer, *outer_peer = t->saved_peer;
	int is_sender = t->xfer_is_sender, outer_sender = t->saved_is_sender;
	t->saved_peer = peer;
	t->saved_is_sender = is_sender;
	t->xfer_peer = NULL;
	t->xfer_peer_gone = 0;
	t->nested++;
	int e = ipc(t, to, to, 0, &from, &rtag);
	t->nested--;
	t->ipc_sid = sid;
	t->xfer_peer = t->xfer_peer_gone ? NULL : peer;
	t->xfer_is_sender = is_sender;
	t->saved_peer = outer_peer;
	t->saved_is_sender = outer_sender;
	if (!e && out)
		for (int i = 0; i < nout; i++)
			out[i] = t->utcb[1 + i];
	memcpy(t->utcb, save, 64 * sizeof(word_t));
	t->utcb[BR(0)] = save[64];
	return e;
}
