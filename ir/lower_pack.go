package ir

import (
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
// inline variable runs) move to string items one at a time until it fits.

// leaf is one slot being placed.
type leaf struct {
	slot   *Slot
	order  int
	bits   int
	shared bool // a 32-bit value on a 64-bit ABI that may share a word
}

// block is a group of slots packed from one starting word: the message's
// fixed part, or one union arm.
type block struct {
	scalars []*leaf
	regions [][]*armBlock
	runs    []*leaf
}

// armBlock is the block of one union arm.
type armBlock struct {
	arm *UnionArm
	blk *block
}

// collection is everything one message carries, gathered in value order.
type collection struct {
	top   block
	vars  []*leaf
	items []*Item
	slots []*Slot
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
	var m *Message
	var n32 int
	for {
		m, n32 = lw.assemble(dir, roots, full)
		if m.MaxWords+m.TypedWords <= MaxPayloadWords {
			break
		}
		c := pickOverflow(roots, wb, countStrings(m.Items))
		if c == nil {
			if lw.tooManyItems(m) {
				break // checkItems reports the cause
			}
			lw.errs.Errorf(op.Pos, "%s of operation %s needs %d words after MR0 (u=%d, t=%d), but an L4 message holds at most %d, even with its large values sent as string items",
				lw.msgName(dir, label), op.Name, m.MaxWords+m.TypedWords, m.MaxWords, m.TypedWords, MaxPayloadWords)
			break
		}
		if c.kind == nVar {
			c.inline = false
		} else {
			c.moved = true
		}
	}
	// On 64-bit ABIs 32-bit values share words only when that keeps the
	// message in the Ipc registers, and then as few pairs as needed (a
	// register MR costs nothing, packing costs shifts). When even the
	// fully packed message leaves the registers, every shared word saves
	// a UTCB store, a kernel copy and a load, so all pairs are packed.
	if lw.abi.WordBits == 64 && 1+m.MaxWords+m.TypedWords <= len(lw.regs(dir)) {
		for s := 0; s <= n32-n32%2; s += 2 {
			mm, _ := lw.assemble(dir, roots, packMode{shared: s})
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
// message and the number of top-level 32-bit scalars.
func (lw *lowerer) assemble(dir Direction, roots []*node, mode packMode) (*Message, int) {
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
	return m, len(s32)
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
		s := newSlot(&Slot{Role: ValueSlot, Type: n.typ, Width: n.bits, Words: ceilInt(n.bits, wbits)})
		b.scalars = append(b.scalars, &leaf{slot: s, order: n.order, bits: n.bits})
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
		d := n.disc
		s := newSlot(&Slot{Role: DiscSlot, Type: d.typ, Width: d.bits, Words: ceilInt(d.bits, wbits)})
		b.scalars = append(b.scalars, &leaf{slot: s, order: n.order, bits: d.bits})
		var region []*armBlock
		for _, a := range n.arms {
			ab := &armBlock{arm: a.arm, blk: &block{}}
			inner := append(append([]*UnionArm(nil), arms...), a.arm)
			lw.collect(a.body, ab.blk, inner, c)
			region = append(region, ab)
		}
		b.regions = append(b.regions, region)
	case nRun:
		if n.moved {
			c.items = append(c.items, lw.imageItem(n, arms))
			return
		}
		if n.bytes == 0 {
			return
		}
		s := newSlot(&Slot{Role: ValueSlot, Type: n.elem, Run: true, Count: n.maxCount, Bytes: n.bytes,
			Words: wordCount(n.bytes, wb)})
		b.runs = append(b.runs, &leaf{slot: s, order: n.order})
	case nVar:
		if !n.inline {
			c.items = append(c.items, lw.varItem(n, arms))
			return
		}
		if n.countPath == "" {
			lt := lengthType(n.maxCount)
			bits := lt.Bits(lw.abi)
			s := newSlot(&Slot{Role: LengthSlot, Type: lt, Width: bits, Words: ceilInt(bits, wbits)})
			b.scalars = append(b.scalars, &leaf{slot: s, order: n.order, bits: bits})
		}
		s := newSlot(&Slot{Role: ValueSlot, Type: n.elem, Run: true, Variable: true, Count: n.maxCount,
			Bytes: mulSat(n.maxCount, n.elemBytes), Words: wordCount(mulSat(n.maxCount, n.elemBytes), wb), CountPath: n.countPath})
		c.vars = append(c.vars, &leaf{slot: s, order: n.order})
	case nFpage:
		c.items = append(c.items, lw.fpageItem(n, arms))
	}
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
	for _, region := range b.regions {
		size := 0
		for _, ab := range region {
			size = max(size, lw.pack(ab.blk, base+words, full))
		}
		words += size
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
		case n.moved:
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
