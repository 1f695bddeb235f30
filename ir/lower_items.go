package ir

import (
	"sort"
	"strings"
)

// This file builds typed items (string, map, grant) and receive plans.
// Items follow the untyped words in value order; every item l4idl sends is
// two words (a simple string item or a map/grant item). String item k of a
// message lands in receive buffer k of the receiver, so the receive plan
// of a message lists one buffer per string item, in order.

// itemFor starts an item for node n inside arms.
func itemFor(kind ItemKind, n *node, arms []*UnionArm) *Item {
	it := &Item{Kind: kind, Path: n.path, Param: n.param, Type: n.typ, Words: 2}
	if len(arms) > 0 {
		it.Arms = append([]*UnionArm(nil), arms...)
		it.Arm = arms[len(arms)-1]
	}
	return it
}

// imageItem sends a fixed-size value as a string item of its memory image.
func (lw *lowerer) imageItem(n *node, arms []*UnionArm) *Item {
	it := itemFor(StringItem, n, arms)
	it.Image = true
	it.MaxBytes = n.bytes
	it.ElemBytes = n.bytes
	if n.kind == nRun {
		it.ElemBytes = n.elemBytes
	}
	return it
}

// varItem sends a string or sequence as a string item whose length field
// carries the byte count (including the NUL of strings).
func (lw *lowerer) varItem(n *node, arms []*UnionArm) *Item {
	it := itemFor(StringItem, n, arms)
	it.ElemBytes = n.elemBytes
	it.NulTerminated = n.nul
	it.CountPath = n.countPath
	if n.maxCount > 0 {
		it.MaxBytes = mulSat(n.maxCount, n.elemBytes)
		if n.nul {
			it.MaxBytes = addSat(it.MaxBytes, n.elemBytes)
		}
	}
	return it
}

// fpageItem sends a flexpage as a map item, or a grant item for [grant].
func (lw *lowerer) fpageItem(n *node, arms []*UnionArm) *Item {
	kind := MapItem
	if n.grant {
		kind = GrantItem
	}
	return itemFor(kind, n, arms)
}

// recordItem builds the record item that carries the spilled values:
// fields by alignment, largest first (ties in value order), each at the
// next multiple of its alignment, so the record is the C struct of its
// fields; its size is that struct's size.
func (lw *lowerer) recordItem(entries []*recEntry) *Item {
	type sized struct {
		e           *recEntry
		size, align int64
	}
	fs := make([]sized, 0, len(entries))
	for _, e := range entries {
		size, align := lw.mem.layout(e.typ)
		fs = append(fs, sized{e, size, align})
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].align != fs[j].align {
			return fs[i].align > fs[j].align
		}
		return fs[i].e.n.order < fs[j].e.n.order
	})
	st := &Type{Kind: Struct}
	it := &Item{Kind: StringItem, Path: RecordPath, Type: st, Words: 2}
	var off int64
	for _, f := range fs {
		off = alignUp(off, f.align)
		it.Record = append(it.Record, &RecordField{Role: f.e.role, Path: f.e.n.path, Param: f.e.n.param,
			Type: f.e.typ, Offset: off, Bytes: f.size})
		st.Fields = append(st.Fields, &Field{Name: f.e.n.path, Type: f.e.typ, Pos: f.e.n.pos})
		off = addSat(off, f.size)
	}
	it.MaxBytes, _ = lw.mem.layout(st)
	it.ElemBytes = it.MaxBytes
	return it
}

// placeItems numbers the items of m (typed-word index, absolute MR when u
// is fixed, receive buffer of string items) and fills m.Recv.
func (lw *lowerer) placeItems(m *Message) {
	idx, buf := 0, 0
	m.Recv = RecvPlan{}
	for _, it := range m.Items {
		it.Index = idx
		it.MR = 0
		if !m.Variable {
			it.MR = m.FixedWords + 1 + idx
		}
		idx += it.Words
		switch it.Kind {
		case StringItem:
			it.Buffer = buf
			buf++
			m.Recv.Strings = true
			m.Recv.Buffers = append(m.Recv.Buffers, RecvBuffer{Path: it.Path, Bytes: it.MaxBytes})
		case MapItem, GrantItem:
			m.Recv.Window = true
		}
	}
	m.TypedWords = idx
}

// countStrings returns the number of string items.
func countStrings(items []*Item) int {
	n := 0
	for _, it := range items {
		if it.Kind == StringItem {
			n++
		}
	}
	return n
}

// tooManyItems reports whether m has more string or map/grant items than
// any message may carry.
func (lw *lowerer) tooManyItems(m *Message) bool {
	n := countStrings(m.Items)
	return n > MaxStringItems || len(m.Items)-n > MaxMapItems
}

// checkItems reports item lists that no receiver can accept.
func (lw *lowerer) checkItems(op *Operation, dir Direction, label uint64, m *Message) {
	what := lw.msgName(dir, label)
	if n := countStrings(m.Items); n > MaxStringItems {
		lw.errs.Errorf(op.Pos, "%s of operation %q carries %d string items, but a receiver has buffer registers for at most %d (BR1..BR32, two words each)",
			what, op.Name, n, MaxStringItems)
	}
	if n := len(m.Items) - countStrings(m.Items); n > MaxMapItems {
		lw.errs.Errorf(op.Pos, "%s of operation %q carries %d map/grant items, but at most %d fit in 63 message registers",
			what, op.Name, n, MaxMapItems)
	}
	// The length field of a string item has W-10 bits (ABI sheet §3.4).
	limit := int64(1) << uint(lw.abi.WordBits-10)
	for _, it := range m.Items {
		if it.Kind == StringItem && it.MaxBytes >= limit {
			pos := op.Pos
			if it.Param != nil {
				pos = it.Param.Pos
			}
			lw.errs.Errorf(pos, "%s of operation %q may hold %d bytes, more than the %d-bit length field of a string item can express on %s",
				describeValue(it.Path, it.Param), op.Name, it.MaxBytes, lw.abi.WordBits-10, lw.abi.Name)
		}
	}
}

// unionRecv merges the receive plans of several messages that one receive
// may deliver: buffer k is the largest buffer k of any of them (0, run-time
// sized, counts as largest) and names every value that may land in it,
// joined with "|" (prefixed "op:" when names are given, one per message).
func unionRecv(msgs []*Message, names []string) RecvPlan {
	var r RecvPlan
	var paths [][]string
	for i, m := range msgs {
		r.Strings = r.Strings || m.Recv.Strings
		r.Window = r.Window || m.Recv.Window
		for k, b := range m.Recv.Buffers {
			p := b.Path
			if names != nil {
				p = names[i] + ":" + p
			}
			if k == len(r.Buffers) {
				r.Buffers = append(r.Buffers, RecvBuffer{Bytes: b.Bytes})
				paths = append(paths, nil)
			} else if r.Buffers[k].Bytes != 0 && (b.Bytes == 0 || b.Bytes > r.Buffers[k].Bytes) {
				r.Buffers[k].Bytes = b.Bytes
			}
			if !contains(paths[k], p) {
				paths[k] = append(paths[k], p)
			}
		}
	}
	for k := range r.Buffers {
		r.Buffers[k].Path = strings.Join(paths[k], "|")
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
