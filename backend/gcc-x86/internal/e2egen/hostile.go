package e2egen

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/ir"
)

// A hostile request: words (MR0, MR1, ...) as C constant expressions,
// what must happen, and the implementation that must not run.
type hostile struct {
	name   string
	op     int
	expect string // E2E_SYSERR, E2E_IPCERR, E2E_DROPPED, E2E_SERVED, E2E_TRUNCATED, E2E_UNMAPPED
	code   int
	words  []string
}

// msgWords is a message under construction: untyped words, then typed
// words, as C expressions.
type msgWords struct {
	label uint64
	flags uint64 // bits 12..15 of the tag
	u     []string
	t     []string
}

func (w *msgWords) tag(wb int) string {
	return cgen.Hex(w.label<<16|w.flags<<12|uint64(len(w.t))<<6|uint64(len(w.u)), wb)
}

func (w *msgWords) all(wb int) []string {
	return append(append([]string{w.tag(wb)}, w.u...), w.t...)
}

func (w *msgWords) clone() *msgWords {
	return &msgWords{label: w.label, flags: w.flags, u: append([]string(nil), w.u...), t: append([]string(nil), w.t...)}
}

// setBits ORs value v into bits bit.. of untyped word mr (1-based).
func (w *msgWords) setBits(mr, bit int, v uint64) {
	w.u[mr-1] = fmt.Sprintf("(%s | ((L4_Word_t)%#x << %d))", w.u[mr-1], v, bit)
}

// fillerItem returns the words of a valid typed item of the kind of it:
// a string item that passes the receiver's checks (a lone NUL for
// strings, the full size for images and records, empty otherwise), a
// map or grant item of the nil fpage.
func fillerItem(it *ir.Item) []string {
	switch it.Kind {
	case ir.MapItem:
		return []string{"0x8", "0"}
	case ir.GrantItem:
		return []string{"0xA", "0"}
	}
	n := int64(0)
	switch {
	case it.NulTerminated:
		n = it.ElemBytes
	case it.Image || it.Record != nil:
		n = it.MaxBytes
	}
	return []string{fmt.Sprintf("(L4_Word_t)%d << 10", n), "(L4_Word_t)e2e_hzero"}
}

// filler returns a message with the shape of m: zero untyped words (u as
// when every inline run is empty) and valid filler items.
func filler(m *ir.Message) *msgWords {
	w := &msgWords{label: m.Label}
	for i := 0; i < m.FixedWords; i++ {
		w.u = append(w.u, "0")
	}
	for _, it := range m.Items {
		w.t = append(w.t, fillerItem(it)...)
	}
	return w
}

// stringItem returns the words of a string item of n bytes from e2e_hbuf
// (the letter A) with extra bits in its first word.
func stringItem(n int64, extra string) []string {
	w0 := fmt.Sprintf("(L4_Word_t)%d << 10", n)
	if extra != "" {
		w0 += " | " + extra
	}
	return []string{w0, "(L4_Word_t)e2e_hbuf"}
}

// bufBytes returns the size of receive buffer k of a server (servers
// declare their buffers as arrays of words).
func bufBytes(s *server, k int, abi *ir.ABI) int64 {
	if k >= len(s.il.ServerRecv.Buffers) {
		return -1
	}
	b := s.il.ServerRecv.Buffers[k].Bytes
	if b <= 0 {
		b = stringMax
	}
	wb := int64(abi.WordBytes())
	return (b + wb - 1) / wb * wb
}

// planHostile lists the hostile requests of a server.
func (g *gen) planHostile(s *server) {
	wb := g.abi.WordBits
	startup := handles(s, ir.KernelStartup)
	add := func(name string, op int, expect string, code int, w *msgWords) {
		if len(w.u)+len(w.t) > ir.MaxPayloadWords {
			return
		}
		if startup && len(w.u) == 2 && len(w.t) == 0 {
			// Any label with u = 2, t = 0 is a thread-start message
			// (sheet §12.1), which this server takes: not hostile.
			return
		}
		s.hostile = append(s.hostile, hostile{name: "hostile " + name, op: op, expect: expect, code: code, words: w.all(wb)})
	}
	add("unknown function id", -1, "E2E_SYSERR", ir.SysErrUnknownOp, &msgWords{label: g.unusedLabel(s, false)})
	add("unknown interface id", -1, "E2E_SYSERR", ir.SysErrUnknownOp, &msgWords{label: s.probe})
	if label, _, ok := ir.KernelLabel(ir.KernelPreemption, g.abi); ok && !handles(s, ir.KernelPreemption) {
		add("unhandled kernel message", -1, "E2E_DROPPED", 0, &msgWords{label: label, u: []string{"0", "0"}})
	}
	for _, o := range g.ops {
		if o.srv != s {
			continue
		}
		g.hostileOp(s, o, add)
	}
	for _, h := range s.hostile {
		g.checks = append(g.checks, g.cfg.Name+" "+s.il.Iface.ScopedName()+" "+h.name)
	}
	g.nHostile += len(s.hostile)
}

func handles(s *server, k ir.KernelMsg) bool {
	for _, ol := range s.il.Ops {
		if ol.Op.KernelMsg == k {
			return true
		}
	}
	return false
}

// hostileOp lists the hostile requests aimed at one operation.
func (g *gen) hostileOp(s *server, o *opInfo, add func(string, int, string, int, *msgWords)) {
	m := o.ol.Request
	op := o.ol.Op
	name := func(what string) string { return op.Name + " " + what }
	bad := "E2E_SYSERR"
	if o.ol.Reply == nil {
		bad = "E2E_DROPPED"
	}
	const overflow = 8 // ErrorCode of a message overflow in the send phase
	const xferOwn = 10 // ErrorCode of an xfer timeout in the sender's own space, send phase
	base := filler(m)
	if op.KernelMsg != ir.KernelNone {
		w := base.clone()
		w.u = append(w.u, "0")
		add(name("kernel message of the wrong shape"), o.idx, "E2E_DROPPED", 0, w)
		return
	}
	uMax := m.FixedWords
	if m.Variable {
		uMax = m.MaxWords
	}

	// The request itself (valid filler values), propagated: the server
	// takes its slow path and must serve it like any other request.
	w := base.clone()
	w.flags = 1
	code := 0
	if o.ol.Reply == nil {
		code = -1
	}
	add(name("propagated"), o.idx, "E2E_SERVED", code, w)

	// Wrong u and t for a known label.
	w = base.clone()
	if uMax+1+m.TypedWords <= ir.MaxPayloadWords {
		for len(w.u) <= uMax {
			w.u = append(w.u, "0")
		}
		add(name("with u above its shape"), o.idx, bad, ir.SysErrMalformed, w)
	} else if m.FixedWords > 0 {
		w.u = w.u[:len(w.u)-1]
		add(name("with u below its shape"), o.idx, bad, ir.SysErrMalformed, w)
	}
	// A lone typed word: a string item whose address word is beyond t.
	// A kernel may refuse it (message overflow) or deliver it.
	w = base.clone()
	w.t = append(w.t, "0")
	lone := overflow<<8 | ir.SysErrMalformed
	if o.ol.Reply == nil {
		lone = overflow << 8
	}
	add(name("with a lone typed word (t + 1)"), o.idx, "E2E_TRUNCATED", lone, w)

	strings := 0
	for _, it := range m.Items {
		at := it.Index
		switch it.Kind {
		case ir.StringItem:
			buf := bufBytes(s, it.Buffer, g.abi)
			what := it.Path
			// A map item where the string item belongs.
			w = base.clone()
			w.t[at], w.t[at+1] = "(L4_Word_t)0x8", "(L4_Word_t)0x10"
			if s.il.ServerRecv.Window {
				add(name("map item for string "+what), o.idx, bad, ir.SysErrMalformed, w)
			} else {
				add(name("map item for string "+what), o.idx, "E2E_IPCERR", overflow, w)
			}
			// Substrings: the kernel refuses an item whose address words
			// are missing; with them, t no longer fits the operation.
			if at+2 == len(base.t) {
				// (Before another item, the kernel would take that item's
				// first word for the second substring's address.)
				w = base.clone()
				w.t[at] += " | (1 << 4)"
				add(name("string "+what+" claiming 2 substrings"), o.idx, "E2E_IPCERR", overflow, w)
			}
			w = base.clone()
			w.t[at] = "(L4_Word_t)1 << 4"
			w.t = append(w.t[:at+2], append([]string{"(L4_Word_t)e2e_hzero"}, w.t[at+2:]...)...)
			add(name("string "+what+" with 2 substrings (t + 1)"), o.idx, bad, ir.SysErrMalformed, w)
			// A string at memory the sender's pager never maps (kernel
			// only): the copy faults and ends with the xfer timeout.
			if g.cfg.Kernel && buf > 0 {
				w = base.clone()
				w.t[at] = fmt.Sprintf("(L4_Word_t)%d << 10", min(buf, 16))
				w.t[at+1] = "(L4_Word_t)E2E_UNMAPPED_ADDR"
				code := xferOwn
				if o.ol.Reply == nil {
					code = -xferOwn // oneway: send-only
				}
				add(name("string "+what+" at unmapped memory"), o.idx, "E2E_UNMAPPED", code, w)
			}
			// Lengths.
			if buf > 0 {
				w = base.clone()
				copy(w.t[at:], stringItem(buf+it.ElemBytes, ""))
				g.hbuf = max(g.hbuf, buf+it.ElemBytes)
				add(name("string "+what+" larger than the receive buffer"), o.idx, "E2E_IPCERR", overflow, w)
			}
			switch {
			case it.Record != nil || it.Image:
				if it.MaxBytes > 1 {
					w = base.clone()
					copy(w.t[at:], stringItem(it.MaxBytes-1, ""))
					add(name("string "+what+" shorter than its image"), o.idx, bad, ir.SysErrMalformed, w)
				}
			default:
				if it.MaxBytes > 0 && it.MaxBytes+it.ElemBytes <= buf {
					w = base.clone()
					copy(w.t[at:], stringItem(it.MaxBytes+it.ElemBytes, ""))
					g.hbuf = max(g.hbuf, it.MaxBytes+it.ElemBytes)
					add(name("string "+what+" above its bound"), o.idx, bad, ir.SysErrMalformed, w)
				}
				if it.NulTerminated {
					w = base.clone()
					copy(w.t[at:], stringItem(it.ElemBytes, ""))
					add(name("string "+what+" without NUL"), o.idx, bad, ir.SysErrMalformed, w)
				}
				if it.ElemBytes > 1 {
					w = base.clone()
					n := it.ElemBytes + 1
					if it.NulTerminated {
						n = 2*it.ElemBytes + 1
					}
					copy(w.t[at:], stringItem(n, ""))
					add(name("string "+what+" of a partial element"), o.idx, bad, ir.SysErrMalformed, w)
				}
				if it.CountPath != "" {
					g.countTests(o, m, base, it.CountPath, it, bad, name, add)
				}
			}
			strings++
		case ir.MapItem, ir.GrantItem:
			what := it.Path
			w = base.clone()
			w.t[at], w.t[at+1] = "(L4_Word_t)0 << 10", "(L4_Word_t)e2e_hzero"
			if s.il.ServerRecv.Strings && strings < len(s.il.ServerRecv.Buffers) {
				add(name("string item for fpage "+what), o.idx, bad, ir.SysErrMalformed, w)
			} else {
				add(name("string item for fpage "+what), o.idx, "E2E_IPCERR", overflow, w)
			}
			w = base.clone()
			other, kind := "0xA", "grant"
			if it.Kind == ir.GrantItem {
				other, kind = "0x8", "map"
			}
			w.t[at] = other
			add(name(kind+" item for fpage "+what), o.idx, bad, ir.SysErrMalformed, w)
		}
	}

	// Inline lengths and counts above their bounds.
	for _, sl := range m.Slots {
		if sl.AfterVariable || len(sl.Arms) > 0 || sl.InTag {
			continue
		}
		switch {
		case sl.Role == ir.LengthSlot:
			bound := g.boundOf(o, m, sl.Path)
			if bound <= 0 || sl.Width >= 64 || bound+1 >= int64(1)<<uint(sl.Width) {
				continue
			}
			w = base.clone()
			for len(w.u) < uMax {
				w.u = append(w.u, "0")
			}
			w.setBits(sl.MR, sl.Bit, uint64(bound+1))
			add(name("length of "+sl.Path+" above its bound"), o.idx, bad, ir.SysErrMalformed, w)
		case sl.Run && sl.Variable && sl.CountPath != "":
			g.countTests(o, m, base, sl.CountPath, nil, bad, name, add)
		}
	}
}

// boundOf returns the bound of the variable value at path in the
// request of o (0 when unbounded or unknown).
func (g *gen) boundOf(o *opInfo, m *ir.Message, path string) int64 {
	t := g.typeAt(o, path)
	if t == nil {
		return 0
	}
	return t.Underlying().Len
}

// typeAt resolves a value path of an operation's request to its type.
func (g *gen) typeAt(o *opInfo, path string) *ir.Type {
	root, rest := path, ""
	if i := strings.IndexAny(path, ".["); i >= 0 {
		root, rest = path[:i], path[i:]
	}
	var t *ir.Type
	for _, p := range o.ol.Op.Params {
		if p.Name == root {
			t = p.Type
		}
	}
	for t != nil && rest != "" {
		u := t.Underlying()
		if rest[0] == '[' {
			j := strings.IndexByte(rest, ']')
			if j < 0 || u.Kind != ir.Array {
				return nil
			}
			t, rest = u.Elem, rest[j+1:]
			continue
		}
		rest = rest[1:]
		j := strings.IndexAny(rest, ".[")
		if j < 0 {
			j = len(rest)
		}
		member := rest[:j]
		rest = rest[j:]
		var next *ir.Type
		for _, fl := range u.Fields {
			if fl.Name == member {
				next = fl.Type
			}
		}
		for _, a := range u.Arms {
			if a.Field != nil && a.Field.Name == member {
				next = a.Field.Type
			}
		}
		t = next
	}
	return t
}

// countTests adds the requests whose count (a size_is/length_is value
// carried in a scalar slot) is above the bound of its data, or disagrees
// with the length of its string item.
func (g *gen) countTests(o *opInfo, m *ir.Message, base *msgWords, countPath string, it *ir.Item, bad string, name func(string) string, add func(string, int, string, int, *msgWords)) {
	var cs *ir.Slot
	for _, sl := range m.Slots {
		if sl.Role == ir.ValueSlot && sl.Path == countPath && !sl.Run && !sl.AfterVariable && len(sl.Arms) == 0 && !sl.InTag {
			cs = sl
		}
	}
	if cs == nil || cs.Words != 1 {
		return
	}
	var data *ir.Type
	for _, p := range o.ol.Op.Params {
		if (p.SizeIs != nil && p.SizeIs.Name == countPath) || (p.LengthIs != nil && p.LengthIs.Name == countPath) {
			data = p.Type
		}
	}
	if data == nil {
		return
	}
	bound := data.Underlying().Len
	if bound > 0 && cs.Width < 64 && bound+1 < int64(1)<<uint(cs.Width) {
		w := base.clone()
		if m.Variable {
			for len(w.u) < m.MaxWords {
				w.u = append(w.u, "0")
			}
		}
		w.setBits(cs.MR, cs.Bit, uint64(bound+1))
		add(name("count "+countPath+" above the bound"), o.idx, bad, ir.SysErrMalformed, w)
	}
	if it != nil {
		w := base.clone()
		w.setBits(cs.MR, cs.Bit, 1)
		n := 2 * it.ElemBytes
		if it.NulTerminated {
			n += it.ElemBytes
		}
		copy(w.t[it.Index:], stringItem(n, ""))
		add(name("count "+countPath+" disagreeing with its string item"), o.idx, bad, ir.SysErrMalformed, w)
	}
}

// hostileTable prints the hostile requests of a server.
func (g *gen) hostileTable(s *server) {
	if len(s.hostile) == 0 {
		return
	}
	f := g.decls
	for i, h := range s.hostile {
		f.P("static const L4_Word_t e2e_hw_", s.idx, "_", i, "[] = { ", strings.Join(h.words, ", "), " };")
	}
	f.P("static const struct e2e_hostile e2e_hostile_", s.idx, "[] = {")
	f.In()
	for i, h := range s.hostile {
		f.P("{ ", cgen.Quote(h.name), ", ", s.idx, ", ", h.op, ", ", h.expect, ", ", h.code, ", e2e_hw_", s.idx, "_", i, " },")
	}
	f.Out()
	f.P("};")
}

// evilReply is a malformed reply the misbehaving server sends.
type evilReply struct {
	name, minor, array string
}

// evilReplies lists the malformed replies a client of o is tested
// against, and prints their words.
func (g *gen) evilReplies(o *opInfo) []evilReply {
	wb := g.abi.WordBits
	rep := o.ol.Reply
	var out []evilReply
	add := func(name, minor string, w *msgWords) {
		if len(w.u)+len(w.t) > ir.MaxPayloadWords {
			return
		}
		arr := fmt.Sprintf("e2e_evil_%d_%d", o.idx, len(out))
		g.decls.P("static const L4_Word_t ", arr, "[] = { ", strings.Join(w.all(wb), ", "), " };")
		out = append(out, evilReply{name: "reply " + name, minor: minor, array: arr})
	}
	base := filler(rep)
	uMax := rep.FixedWords
	if rep.Variable {
		uMax = rep.MaxWords
	}
	w := base.clone()
	if uMax+1+rep.TypedWords <= ir.MaxPayloadWords {
		for len(w.u) <= uMax {
			w.u = append(w.u, "0")
		}
		add("with u above its shape", "L4IDL_EX_BAD_REPLY", w)
	}
	w = base.clone()
	w.label = ir.ExceptionLabel(len(o.ol.Op.Raises))
	add("with an unknown label", "L4IDL_EX_BAD_REPLY", w)
	add("system error", "L4IDL_EX_MALFORMED", &msgWords{label: ir.SysErrorLabel(ir.SysErrMalformed)})
	// Propagated replies (p set) take the stubs' slow path.
	add("system error, propagated", "L4IDL_EX_MALFORMED", &msgWords{label: ir.SysErrorLabel(ir.SysErrMalformed), flags: 1})
	if !rep.Variable && rep.FixedWords == 0 && rep.TypedWords == 0 {
		add("empty, propagated", "-1", &msgWords{label: rep.Label, flags: 1})
	}
	for k, em := range o.ol.Exceptions {
		w = filler(em)
		w.u = append(w.u, "0")
		add(fmt.Sprintf("exception %d with u above its shape", k+1), "L4IDL_EX_BAD_REPLY", w)
	}
	for _, sl := range rep.Slots {
		if sl.Role != ir.LengthSlot || sl.AfterVariable || len(sl.Arms) > 0 || sl.Width >= 64 {
			continue
		}
		t := g.replyTypeAt(o, sl.Path)
		if t == nil {
			continue
		}
		bound := t.Underlying().Len
		if bound <= 0 || bound+1 >= int64(1)<<uint(sl.Width) {
			continue
		}
		w = base.clone()
		for len(w.u) < uMax {
			w.u = append(w.u, "0")
		}
		w.setBits(sl.MR, sl.Bit, uint64(bound+1))
		add("length of "+sl.Path+" above its bound", "L4IDL_EX_BAD_REPLY", w)
	}
	return out
}

// replyTypeAt resolves a path of a reply (return value or parameter).
func (g *gen) replyTypeAt(o *opInfo, path string) *ir.Type {
	if path == "return" || strings.HasPrefix(path, "return.") || strings.HasPrefix(path, "return[") {
		return nil
	}
	return g.typeAt(o, path)
}
