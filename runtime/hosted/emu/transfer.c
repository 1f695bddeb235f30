/*
 * transfer.c - typed items of a message (spec sections 3, 11.2, 11.3): map
 * and grant items and string items, with the matching rules of 3.6 in the
 * order of Pistachio's extended transfer.  Untyped words are already
 * copied (ipc.c); so the receiver sees them even when this fails.
 *
 * Map/grant: sender and receiver share the one address space, so there is
 * nothing to map; the item is checked against the receive window (none ->
 * message overflow) and its two words are delivered.
 *
 * Strings: the data is copied from the sender's substrings into the
 * receiver's buffers (BR1..); the receiver's MRs get the sender's item
 * words (section 3.6 rule 6; all of them, also the headers of compound
 * continuation items, which Pistachio happens to leave uncopied).  There
 * are no page faults here: a bad address is a SIGSEGV of the program.
 *
 * A lone typed word after the last complete item is ignored, as in
 * Pistachio.  On overflow both threads get ErrorCode "message overflow"
 * with the number of string bytes copied so far (section 5.2).
 */
#include "kernel.h"

#define ITEM_TYPE(w)            (((w) >> 1) & 7)
#define IS_STRING(w)            (((w) & 8) == 0)
#define STRING_PARTS(w)         ((((w) >> 4) & 31) + 1)     /* j + 1 */
#define STRING_COMPOUND(w)      (((w) >> 9) & 1)
#define STRING_LENGTH(w)        ((w) >> 10)
#define MORE_BUFFERS(w)         ((w) & 1)                   /* C bit */
#define LAST_BR                 (NUM_BRS - 1)               /* BR32 */

int hosted_transfer_typed(struct tcb *src, struct tcb *dst, word_t tag)
{
	word_t *s = src->utcb, *d = dst->utcb;
	word_t total = TAG_U(tag) + TAG_T(tag);
	word_t acceptor = d[UTCB_BR(0)];
	int accept_strings = acceptor & 1;
	word_t copied = 0;
	word_t br = 1;

	if (total + 1 > NUM_MRS)
		goto overflow;

	for (word_t i = TAG_U(tag) + 1; i < total;) {
		word_t w = s[i];

		if (ITEM_TYPE(w) == 4 || ITEM_TYPE(w) == 5) {
			/* map / grant item: {snd base | 8 or 0xA, fpage} */
			if ((acceptor & ~0xfUL) == 0)
				goto overflow;  /* no receive window */
			d[i] = w;
			d[i + 1] = s[i + 1];
			i += 2;
			continue;
		}
		if (!IS_STRING(w))
			goto overflow;          /* ctrlxfer or unknown item */

		d[i] = w;
		if (!accept_strings)
			goto overflow;
		if (i + STRING_PARTS(w) > total)
			goto overflow;

		word_t sp = 1;                  /* substring index in item */
		word_t saddr = s[i + 1], slen = STRING_LENGTH(w);

		word_t bw = d[UTCB_BR(br)];     /* receive buffer item */
		if (!IS_STRING(bw) || br + STRING_PARTS(bw) > LAST_BR)
			goto overflow;
		word_t dp = 1;
		word_t daddr = d[UTCB_BR(br + 1)], dlen = STRING_LENGTH(bw);
		accept_strings = MORE_BUFFERS(bw);

		for (;;) {
			d[i + sp] = s[i + sp];
			word_t n = slen < dlen ? slen : dlen;
			memmove((void *)daddr, (const void *)saddr, n);
			copied += n;
			saddr += n;
			slen -= n;
			daddr += n;
			dlen -= n;

			if (slen == 0) {
				if (sp < STRING_PARTS(w)) {
					/* next substring of this item */
					sp++;
					saddr = s[i + sp];
					slen = STRING_LENGTH(w);
				} else if (STRING_COMPOUND(w)) {
					/* next item of a compound string */
					i += sp + 1;
					sp = 1;
					if (i + 1 > total)
						goto overflow;
					w = s[i];
					d[i] = w;
					if (!IS_STRING(w) ||
					    i + STRING_PARTS(w) > total)
						goto overflow;
					saddr = s[i + 1];
					slen = STRING_LENGTH(w);
				} else {
					/* end of the send string: skip the
					   rest of this receive buffer */
					i += sp + 1;
					int compound;
					do {
						compound = STRING_COMPOUND(bw);
						br += STRING_PARTS(bw) + 1;
						if (br > LAST_BR) {
							accept_strings = 0;
							break;
						}
						bw = d[UTCB_BR(br)];
					} while (compound);
					break;
				}
			}
			if (dlen == 0 && slen != 0) {
				if (dp < STRING_PARTS(bw)) {
					dp++;
					daddr = d[UTCB_BR(br + dp)];
					dlen = STRING_LENGTH(bw);
				} else if (STRING_COMPOUND(bw)) {
					br += dp + 1;
					dp = 1;
					if (br + 1 > LAST_BR)
						goto overflow;
					bw = d[UTCB_BR(br)];
					if (!IS_STRING(bw) ||
					    br + STRING_PARTS(bw) > LAST_BR)
						goto overflow;
					daddr = d[UTCB_BR(br + 1)];
					dlen = STRING_LENGTH(bw);
				} else {
					goto overflow;  /* buffer too small */
				}
			}
		}
	}
	return 1;

overflow:
	d[UTCB_ERROR_CODE] = IPC_RCV_ERR(ERR_OVERFLOW) | IPC_OFFSET(copied);
	s[UTCB_ERROR_CODE] = IPC_SND_ERR(ERR_OVERFLOW) | IPC_OFFSET(copied);
	return 0;
}
