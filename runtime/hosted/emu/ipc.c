/*
 * ipc.c - the Ipc system call (spec sections 5, 10.1, 11), modelled on
 * Pistachio's generic path.
 *
 * Every operation is carried out on TCBs, whichever thread is running:
 * when a receiver picks up a blocked sender, it performs the transfer and
 * moves the sender on -- to ready, or straight into the receive phase of
 * its call, atomically, so that a server's zero-timeout reply finds the
 * client already waiting (section 10.1).  A blocked thread therefore finds
 * its results (MR0 in its UTCB, ErrorCode, ret_from) complete when it
 * runs again and just returns them.
 *
 * Choices where the sheet leaves room (all as in Pistachio):
 *  - from: a sender in the same address space -- here every thread -- is
 *    reported by its local ID; a propagated message by the VirtualSender's
 *    global ID.  After a failed send phase from is nilthread; after a
 *    transfer error the sender gets its `to' back.
 *  - A send-only IPC to a waiting receiver makes the receiver ready and
 *    the sender keeps running; a call switches to the receiver at once.
 *  - A receive picks the first matching sender in arrival order.
 *  - Propagation (p bit, section 11.4) is implemented: it is accepted when
 *    VirtualSender names an existing thread (always same space here).
 *  - When a thread is deleted, threads blocked sending to it, and threads
 *    in a closed receive from it, fail with "non-existing partner".
 */
#include "kernel.h"

enum phase { PHASE_DONE, PHASE_FAILED, PHASE_BLOCKED };

static int time_is_zero(word_t t)
{
	t &= 0xffff;
	return t != 0 && !(t & 0x8000) && (t & 0x3ff) == 0;
}

static int time_is_never(word_t t)
{
	return (t & 0xffff) == 0;
}

/* A failure before any transfer: tag exactly E (section 5.1). */
void hosted_ipc_fail(struct tcb *t, word_t error_code)
{
	t->utcb[UTCB_ERROR_CODE] = error_code;
	t->utcb[0] = TAG_E;
	t->ret_from = NILTHREAD;
}

/* ---- send queues --------------------------------------------------- */

static void sendq_append(struct tcb *receiver, struct tcb *sender)
{
	sender->sendq_next = 0;
	if (receiver->sendq_tail)
		receiver->sendq_tail->sendq_next = sender;
	else
		receiver->sendq_head = sender;
	receiver->sendq_tail = sender;
}

void hosted_sendq_remove(struct tcb *receiver, struct tcb *sender)
{
	struct tcb **pp, *prev = 0;

	for (pp = &receiver->sendq_head; *pp; prev = *pp, pp = &(*pp)->sendq_next) {
		if (*pp == sender) {
			*pp = sender->sendq_next;
			if (receiver->sendq_tail == sender)
				receiver->sendq_tail = prev;
			sender->sendq_next = 0;
			return;
		}
	}
}

/* ---- transfer ------------------------------------------------------ */

/*
 * Copy src's message into dst (which is receiving from src) and set dst's
 * results.  On a transfer error both get the error (section 5.2), src
 * gets dst's error tag and its own `to' as from.  Changes no states.
 * Returns 1 on success.
 */
static int deliver(struct tcb *src, struct tcb *dst)
{
	word_t *s = src->utcb, *d = dst->utcb;
	word_t tag = s[0] & ~(TAG_R | TAG_X | TAG_E);
	int ok = 1;

	for (word_t i = 1; i <= TAG_U(tag); i++)
		d[i] = s[i];
	if (TAG_T(tag) != 0)
		ok = hosted_transfer_typed(src, dst, tag);
	if (!ok)
		tag |= TAG_E;
	d[0] = tag;

	if (tag & TAG_P) {
		if (ok) {
			/* a virtual sender waiting for the propagator now
			   waits for the final receiver (section 11.4) */
			struct tcb *v = hosted_lookup(src->snd_id);
			if (v && v->state == TS_RECEIVING &&
			    v->wait_from == src->gid)
				v->wait_from = dst->gid;
		}
		d[UTCB_VIRTUAL_SENDER] = src->gid;      /* ActualSender */
		dst->ret_from = src->snd_id;
	} else {
		dst->ret_from = hosted_local_id(src);
	}

	if (dst->starting) {
		/* thread start protocol (section 12.1) */
		dst->starting = 0;
		if (ok && TAG_U(tag) == 2 && TAG_T(tag) == 0) {
			dst->start_ip = d[1];
			dst->start_sp = d[2];
		}
	}

	if (!ok) {
		s[0] = tag;
		src->ret_from = src->ipc_to;
	}
	return ok;
}

/* Does dst, in its receive phase, accept a message from src now? */
static int accepts(struct tcb *dst, struct tcb *src)
{
	if (dst->state != TS_RECEIVING)
		return 0;
	return dst->wait_from == src->snd_id || dst->wait_from == src->gid ||
	       dst->wait_from == ANYTHREAD || dst->wait_from == ANYLOCALTHREAD;
}

/* ---- phases ---------------------------------------------------------- */

static enum phase receive_phase(struct tcb *t);

/* A blocked sender's message was taken: move it on. */
static void finish_send(struct tcb *src, int ok)
{
	if (!ok || src->ipc_from == NILTHREAD) {
		hosted_make_ready(src);
		return;
	}
	if (receive_phase(src) != PHASE_BLOCKED)
		hosted_make_ready(src);
}

/* Receive phase of t (running or not).  Sets t's results unless blocked. */
static enum phase receive_phase(struct tcb *t)
{
	word_t from = t->ipc_from;
	struct tcb *src = 0;

	if (from == ANYTHREAD || from == ANYLOCALTHREAD) {
		src = t->sendq_head;    /* one address space: anylocal = any */
	} else {
		struct tcb *f = hosted_lookup(from);
		if (!f) {
			hosted_ipc_fail(t, IPC_RCV_ERR(ERR_NONEXIST));
			return PHASE_FAILED;
		}
		from = f->gid;
		if (f->state == TS_SENDING && f->partner == t)
			src = f;
	}
	if (src) {
		hosted_sendq_remove(t, src);
		hosted_cancel_timeout(src);
		int ok = deliver(src, t);
		finish_send(src, ok);
		return ok ? PHASE_DONE : PHASE_FAILED;
	}
	if (time_is_zero(t->ipc_timeouts)) {
		hosted_ipc_fail(t, IPC_RCV_ERR(ERR_TIMEOUT));
		return PHASE_FAILED;
	}
	t->state = TS_RECEIVING;
	t->wait_from = from;
	if (!time_is_never(t->ipc_timeouts))
		hosted_set_timeout(t, t->ipc_timeouts & 0xffff);
	return PHASE_BLOCKED;
}

/* Send phase of the running thread. */
static enum phase send_phase(struct tcb *cur, struct tcb **woken)
{
	struct tcb *dst = hosted_lookup(cur->ipc_to);
	word_t snd_timeout = (cur->ipc_timeouts >> 16) & 0xffff;

	if (!dst) {
		hosted_ipc_fail(cur, IPC_SND_ERR(ERR_NONEXIST));
		return PHASE_FAILED;
	}

	cur->snd_id = cur->gid;
	if (cur->utcb[0] & TAG_P) {
		word_t vs = cur->utcb[UTCB_VIRTUAL_SENDER];
		struct tcb *v = tid_is_local(vs) ? 0 : hosted_lookup(vs);
		if (v)
			cur->snd_id = vs;
		else
			cur->utcb[0] &= ~TAG_P; /* silently not propagated */
	}

	if (accepts(dst, cur)) {
		int ok = deliver(cur, dst);
		hosted_make_ready(dst);
		if (!ok)
			return PHASE_FAILED;
		*woken = dst;
		return PHASE_DONE;
	}
	if (time_is_zero(snd_timeout)) {
		hosted_ipc_fail(cur, IPC_SND_ERR(ERR_TIMEOUT));
		return PHASE_FAILED;
	}
	cur->state = TS_SENDING;
	cur->partner = dst;
	sendq_append(dst, cur);
	if (!time_is_never(snd_timeout))
		hosted_set_timeout(cur, snd_timeout);
	return PHASE_BLOCKED;
}

word_t hosted_ipc(struct tcb *cur, word_t to, word_t from, word_t timeouts)
{
	struct tcb *woken = 0;

	cur->ipc_to = to;
	cur->ipc_from = from;
	cur->ipc_timeouts = timeouts & 0xffffffffUL;
	cur->ret_from = NILTHREAD;

	if (to != NILTHREAD) {
		switch (send_phase(cur, &woken)) {
		case PHASE_BLOCKED:
			/* whoever takes the message also runs our receive
			   phase; we wake up with everything done */
			hosted_block(0);
			return cur->ret_from;
		case PHASE_FAILED:
			return cur->ret_from;
		case PHASE_DONE:
			break;
		}
	}
	if (from == NILTHREAD)
		return NILTHREAD;
	if (receive_phase(cur) == PHASE_BLOCKED)
		hosted_block(woken);
	return cur->ret_from;
}
