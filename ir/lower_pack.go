package ir

import (
	"fmt"
	"sort"
)

// This file places the values of one message in the untyped words:
//
//  1. scalars, widest first (ties: value order); values of a word or more
//     take whole words (two for 64-bit values on 32-bit ABIs, low half
//     first); values narrower than 32 bits share words first-fit at their
//     natural alignment; on 64-bit ABIs 32-bit values share words only as
//     far as that keeps the message in the Ipc registers (or all of them
//     when it cannot fit anyway);
//  2. union arm regions: each arm packed by the same rules from the same
//     word, the region as large as its largest arm;
//  3. fixed element runs (memory images of arrays);
//  4. inline variable runs (strings and sequences up to InlineMaxWords);
//
// then the typed items in value order (lower_items.go). When the whole
// message does not fit 63 words, the largest memory-image values (and
// inline variable runs) move to string items one at a time until it fits;
// when nothing of more than two words is left to move, the fewest
// fixed-size values from the end of the untyped words in MR order
// (scalars, small runs, small plain unions) that make it fit move into a
// single record item (a string item carrying them at fixed byte offsets).

// leaf is one slot being placed.
type leaf struct {
	slot   *Slot
	node   *node // the value (for a LengthSlot, the run or sequence it counts)
	order  int
	bits   int
	shared bool // a 32-bit value on a 64-bit ABI that may share a word
}

// block is a group of slots packed from one starting word: the message's
// fixed part, or one union arm.
type block struct {
	scalars []*leaf
	regions []*region
	runs    []*leaf
}

// region is the arm region of one union: its arms overlaid from MR
// start, size words long (both set by pack).
type region struct {
	union       *node
	arms        []*armBlock
	start, size int
}

// armBlock is the block of one union arm.
type armBlock struct {
	arm *UnionArm
	blk *block
}

// collection is everything one message carries, gathered in value order.
type collection struct {
	top    block
	vars   []*leaf
	items  []*Item
	slots  []*Slot
	record []*recEntry
}

// recEntry is a value spilled into the record item.
type recEntry struct {
	role SlotRole
	n    *node
	typ  *Type
}

// packMode says which 32-bit values share words on a 64-bit ABI: the last
// shared of the message's top-level 32-bit scalars (in packing order), and
// with full every 32-bit value, union arms included.
type packMode struct {
	shared int
	full   bool
}

// message lays out one message of op from its value nodes.
func (lw *lowerer) message(op *Operation, dir Direction, label uint64, roots []*node) *Message {
	wb := int64(lw.abi.WordBytes())
	initInline(roots, wb)
	full := packMode{full: true}
	var m, unspilled *Message
	var col *collection
	var n32 int
	for {
		m, col, n32 = lw.assemble(dir, roots, full)
		if m.MaxWords+m.TypedWords <= MaxPayloadWords {
			break
		}
		if c := pickOverflow(roots, wb, countStrings(m.Items)); c != nil {
			if c.kind == nVar {
				c.inline = false
			} else {
				c.moved = true
			}
			continue
		}
		if lw.tooManyItems(m) {
			break // checkItems reports the cause
		}
		if unspilled == nil {
			unspilled = m
			if lw.spill(dir, roots, col, m, full) {
				continue
			}
		}
		// Report the size before any value moved into the record: the
		// record's own item only made it larger.
		why := "even with its large values sent as string items and its other fixed-size values in a record item"
		if len(col.record) == 0 && countStrings(m.Items) >= MaxStringItems {
			why = fmt.Sprintf("and its values cannot move to a record item: its %d string items already use every receive buffer", countStrings(m.Items))
		}
		lw.errs.Errorf(op.Pos, "%s of operation %q needs %d words after MR0 (u=%d, t=%d), but an L4 message holds at most %d, %s",
			lw.msgName(dir, label), op.Name, unspilled.MaxWords+unspilled.TypedWords, unspilled.MaxWords, unspilled.TypedWords, MaxPayloadWords, why)
		break
	}
	// On 64-bit ABIs 32-bit values share words only when that keeps the
	// message in the Ipc registers, and then as few pairs as needed (a
	// register MR costs nothing, packing costs shifts). When even the
	// fully packed message leaves the registers, every shared word saves
	// a UTCB store, a kernel copy and a load, so all pairs are packed.
	if lw.abi.WordBits == 64 && 1+m.MaxWords+m.TypedWords <= len(lw.regs(dir)) {
		for s := 0; s <= n32-n32%2; s += 2 {
			mm, _, _ := lw.assemble(dir, roots, packMode{shared: s})
			if 1+mm.MaxWords+mm.TypedWords <= len(lw.regs(dir)) {
				m = mm
				break
			}
		}
	}
	m.Label = label
	m.LabelMask = lw.labelMask()
	lw.checkItems(op, dir, label, m)
	return m
}

// msgName names a message for diagnostics.
func (lw *lowerer) msgName(dir Direction, label uint64) string {
	switch {
	case dir == Request:
		return "the request"
	case label == NormalReplyLabel:
		return "the reply"
	}
	return "the exception reply"
}

// regs returns the registers that carry MRs of a message in dir.
func (lw *lowerer) regs(dir Direction) []string {
	if dir == Request {
		return lw.abi.SendRegs
	}
	return lw.abi.RecvRegs
}

// assemble places every value of the message under mode and returns the
// message, what it was assembled from, and the number of top-level
// 32-bit scalars.
func (lw *lowerer) assemble(dir Direction, roots []*node, mode packMode) (*Message, *collection, int) {
	c := &collection{}
	for _, r := range roots {
		lw.collect(r, &c.top, nil, c)
	}

	// Mark the last mode.shared top-level 32-bit scalars (packing order)
	// as sharing words.
	var s32 []*leaf
	for _, l := range c.top.scalars {
		if l.bits == 32 {
			s32 = append(s32, l)
		}
	}
	sort.SliceStable(s32, func(i, j int) bool { return s32[i].order < s32[j].order })
	for k := len(s32) - mode.shared; k < len(s32); k++ {
		if k >= 0 {
			s32[k].shared = true
		}
	}

	m := &Message{Dir: dir}
	m.FixedWords = lw.pack(&c.top, 1, mode.full)
	mr := 1 + m.FixedWords
	for i, v := range c.vars {
		v.slot.MR = mr
		v.slot.AfterVariable = i > 0
		mr += v.slot.Words
	}
	m.Variable = len(c.vars) > 0
	m.MaxWords = mr - 1

	m.Items = c.items
	if len(c.record) > 0 {
		m.Items = append(m.Items, lw.recordItem(c.record))
	}
	lw.placeItems(m)

	sort.SliceStable(c.slots, func(i, j int) bool {
		a, b := c.slots[i], c.slots[j]
		if a.MR != b.MR {
			return a.MR < b.MR
		}
		return a.Bit < b.Bit
	})
	m.Slots = c.slots
	regs := lw.regs(dir)
	for _, s := range m.Slots {
		if !s.AfterVariable {
			s.Reg = regAt(regs, s.MR)
		}
	}
	m.RegWords = min(len(regs), 1+m.MaxWords+m.TypedWords)
	m.Regs = append([]string(nil), regs[:m.RegWords]...)
	return m, c, len(s32)
}

func regAt(regs []string, mr int) string {
	if mr >= 0 && mr < len(regs) {
		return regs[mr]
	}
	return ""
}

// collect gathers the slots and items of node n into block b (and the
// message-wide lists of c); arms are the union arms enclosing n.
func (lw *lowerer) collect(n *node, b *block, arms []*UnionArm, c *collection) {
	if n == nil {
		return
	}
	wbits := lw.abi.WordBits
	wb := int64(lw.abi.WordBytes())
	newSlot := func(s *Slot) *Slot {
		s.Path, s.Param = n.path, n.param
		if len(arms) > 0 {
			s.Arms = append([]*UnionArm(nil), arms...)
			s.Arm = arms[len(arms)-1]
		}
		c.slots = append(c.slots, s)
		return s
	}
	switch n.kind {
	case nScalar:
		if n.spill {
			c.record = append(c.record, &recEntry{role: ValueSlot, n: n, typ: n.typ})
			return
		}
		s := newSlot(&Slot{Role: ValueSlot, Type: n.typ, Width: n.bits, Words: ceilInt(n.bits, wbits)})
		b.scalars = append(b.scalars, &leaf{slot: s, node: n, order: n.order, bits: n.bits})
	case nStruct:
		if n.moved {
			c.items = append(c.items, lw.imageItem(n, arms))
			return
		}
		for _, k := range n.kids {
			lw.collect(k, b, arms, c)
		}
	case nArray:
		for _, k := range n.kids {
			lw.collect(k, b, arms, c)
		}
	case nUnion:
		if n.moved {
			c.items = append(c.items, lw.imageItem(n, arms))
			return
		}
		if n.spill {
			c.record = append(c.record, &recEntry{role: ValueSlot, n: n, typ: n.typ})
			return
		}
		d := n.disc
		if d.spill {
			c.record = append(c.record, &recEntry{role: DiscSlot, n: n, typ: d.typ})
		} else {
			s := newSlot(&Slot{Role: DiscSlot, Type: d.typ, Width: d.bits, Words: ceilInt(d.bits, wbits)})
			b.scalars = append(b.scalars, &leaf{slot: s, node: d, order: n.order, bits: d.bits})
		}
		r := &region{union: n}
		for _, a := range n.arms {
			ab := &armBlock{arm: a.arm, blk: &block{}}
			inner := append(append([]*UnionArm(nil), arms...), a.arm)
			lw.collect(a.body, ab.blk, inner, c)
			r.arms = append(r.arms, ab)
		}
		b.regions = append(b.regions, r)
	case nRun:
		if n.moved {
			c.items = append(c.items, lw.imageItem(n, arms))
			return
		}
		if n.bytes == 0 {
			return
		}
		if n.spill {
			c.record = append(c.record, &recEntry{role: ValueSlot, n: n, typ: n.typ})
			return
		}
		s := newSlot(&Slot{Role: ValueSlot, Type: n.elem, Run: true, Count: n.maxCount, Bytes: n.bytes,
			Words: wordCount(n.bytes, wb)})
		b.runs = append(b.runs, &leaf{slot: s, node: n, order: n.order})
	case nVar:
		if !n.inline {
			c.items = append(c.items, lw.varItem(n, arms))
			return
		}
		lw.lengthSlot(n, b, c, newSlot)
		s := newSlot(&Slot{Role: ValueSlot, Type: n.elem, Run: true, Variable: true, Count: n.maxCount,
			Bytes: mulSat(n.maxCount, n.elemBytes), Words: wordCount(mulSat(n.maxCount, n.elemBytes), wb), CountPath: n.countPath})
		c.vars = append(c.vars, &leaf{slot: s, order: n.order})
	case nFpage:
		c.items = append(c.items, lw.fpageItem(n, arms))
	case nFpageSeq:
		lw.lengthSlot(n, b, c, newSlot)
		for i, k := range n.kids {
			it := lw.fpageItem(k, arms)
			it.SeqPath, it.SeqIndex, it.CountPath = n.path, i, n.countPath
			c.items = append(c.items, it)
		}
	}
}

// lengthSlot adds the LengthSlot of an inline run or fpage sequence to b
// (or the record when it is spilled) unless another value of the message
// holds the count.
func (lw *lowerer) lengthSlot(n *node, b *block, c *collection, newSlot func(*Slot) *Slot) {
	if n.countPath != "" {
		return
	}
	lt := lengthType(n.maxCount)
	if n.lenSpill {
		c.record = append(c.record, &recEntry{role: LengthSlot, n: n, typ: lt})
		return
	}
	bits := lt.Bits(lw.abi)
	s := newSlot(&Slot{Role: LengthSlot, Type: lt, Width: bits, Words: ceilInt(bits, lw.abi.WordBits)})
	b.scalars = append(b.scalars, &leaf{slot: s, node: n, order: n.order, bits: bits})
}

// lengthType returns the narrowest unsigned type that holds counts up to
// max: the length of an inline run packs with other small values.
func lengthType(max int64) *Type {
	switch {
	case max <= 0xFF:
		return Basic(Octet)
	case max <= 0xFFFF:
		return Basic(UShort)
	}
	return Basic(ULong)
}

// sharedWord is a word that sub-word values share.
type sharedWord struct {
	mr   int
	used uint64
}

// pack places block b from word base (an MR number) and returns the
// number of words it takes. Inside union arms 32-bit values share words
// only in full mode.
func (lw *lowerer) pack(b *block, base int, full bool) int {
	wbits := lw.abi.WordBits
	sc := append([]*leaf(nil), b.scalars...)
	sort.SliceStable(sc, func(i, j int) bool {
		if sc[i].bits != sc[j].bits {
			return sc[i].bits > sc[j].bits
		}
		return sc[i].order < sc[j].order
	})
	words := 0
	var shared []*sharedWord
	for _, l := range sc {
		w := l.bits
		share := w < 32 || (w == 32 && wbits == 64 && (l.shared || full))
		if !share || w <= 0 {
			l.slot.MR, l.slot.Bit = base+words, 0
			words += l.slot.Words
			continue
		}
		placed := false
		for _, sw := range shared {
			for off := 0; off+w <= wbits; off += w {
				mask := (uint64(1)<<uint(w) - 1) << uint(off)
				if sw.used&mask == 0 {
					sw.used |= mask
					l.slot.MR, l.slot.Bit = sw.mr, off
					placed = true
					break
				}
			}
			if placed {
				break
			}
		}
		if !placed {
			sw := &sharedWord{mr: base + words, used: uint64(1)<<uint(w) - 1}
			shared = append(shared, sw)
			words++
			l.slot.MR, l.slot.Bit = sw.mr, 0
		}
	}
	for _, r := range b.regions {
		r.start, r.size = base+words, 0
		for _, ab := range r.arms {
			r.size = max(r.size, lw.pack(ab.blk, base+words, full))
		}
		words += r.size
	}
	for _, r := range b.runs {
		r.slot.MR = base + words
		words += r.slot.Words
	}
	return words
}

// pickOverflow chooses the value to move out of the untyped words when a
// message is too large: the largest memory-image value (struct, union,
// fixed array) or inline variable run, first in value order on ties.
// Moving a value of two words or less gains nothing (a string item takes
// two words), and nothing moves once the receiver's buffers are all used.
func pickOverflow(roots []*node, wb int64, strings int) *node {
	if strings >= MaxStringItems {
		return nil
	}
	var best *node
	var bestWords int64 = 2
	walk(roots, func(n *node) bool {
		var words int64
		switch {
		case n.moved || n.spill:
			return false
		case n.kind == nVar && n.inline:
			words = n.inlineWords(wb)
		case n.image && (n.kind == nStruct || n.kind == nUnion || n.kind == nRun):
			words = ceilDiv(n.bytes, wb)
		}
		if words > bestWords {
			best, bestWords = n, words
		}
		return true
	})
	return best
}

// wordCount returns the words that bytes bytes take, capped so that it
// fits an int on every host (such messages are too large anyway).
func wordCount(bytes, wordBytes int64) int {
	return int(min(ceilDiv(bytes, wordBytes), 1<<30))
}

func ceilInt(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// spillUnit is a value that may move into the record item: end is the
// last word it occupies and bit the bit just above it in that word
// (Bit+Width; 0 for runs and regions, which end at a word boundary);
// flag is its decision (node.spill or node.lenSpill).
type spillUnit struct {
	end, bit int
	flag     *bool
}

// spillUnits lists the values that may move into the record item, last
// in MR order first: the message's top-level fixed values (scalars,
// discriminators and length slots, element runs, and plain unions as a
// whole, which frees their arm region too), ordered by the word they
// end in and, within a word, by their highest bit. Values inside union
// arms stay: the region keeps the size of its largest arm.
func spillUnits(c *collection) []spillUnit {
	var us []spillUnit
	for _, l := range c.top.scalars {
		f := &l.node.spill
		if l.slot.Role == LengthSlot {
			f = &l.node.lenSpill
		}
		us = append(us, spillUnit{l.slot.MR + l.slot.Words - 1, l.slot.Bit + l.slot.Width, f})
	}
	for _, l := range c.top.runs {
		us = append(us, spillUnit{l.slot.MR + l.slot.Words - 1, 0, &l.node.spill})
	}
	for _, r := range c.top.regions {
		if r.size > 0 && r.union.image {
			us = append(us, spillUnit{r.start + r.size - 1, 0, &r.union.spill})
		}
	}
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].end != us[j].end {
			return us[i].end > us[j].end
		}
		return us[i].bit > us[j].bit
	})
	return us
}

// spill moves the fewest values, last in MR order first (spillUnits of
// the message as packed before), into the record item so that the
// message fits, and reports whether it does. Removing values never makes
// the untyped words longer and the record's item takes two words however
// many values it holds, so the smallest count that fits is found by
// bisection. Nothing moves when the message has no record yet and every
// receive buffer is taken.
func (lw *lowerer) spill(dir Direction, roots []*node, c *collection, m *Message, mode packMode) bool {
	if len(c.record) == 0 && countStrings(m.Items) >= MaxStringItems {
		return false
	}
	us := spillUnits(c)
	set := func(k int) {
		for i, u := range us {
			*u.flag = i < k
		}
	}
	fits := func(k int) bool {
		set(k)
		mm, _, _ := lw.assemble(dir, roots, mode)
		return mm.MaxWords+mm.TypedWords <= MaxPayloadWords
	}
	if len(us) == 0 || !fits(len(us)) {
		set(0)
		return false
	}
	lo, hi := 1, len(us) // fits(hi) holds
	for lo < hi {
		mid := (lo + hi) / 2
		if fits(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	set(hi)
	return true
}
