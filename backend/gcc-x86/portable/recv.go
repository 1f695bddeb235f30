package portable

import (
	"fmt"
	"sort"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// recv prints the unmarshalling of mg.m from mg.buf into the values in
// scope. The caller has matched the label, t and u (or u's range)
// against tagVar. Every check comes before the first store: a message
// without the shape of mg.m ends in mg.fail("MALFORMED"), data larger
// than a caller's buffer in mg.fail("NO_BUFFER").
func (mg *msg) recv(tagVar string) {
	f := mg.f
	m := mg.m
	mg.collect()
	if m.Variable {
		f.P("L4_Word_t ", mg.uVar, " = ", tagVar, " & 0x3F;")
	}
	if !mg.client {
		// Server storage for inline data and fpage sequences.
		for _, v := range mg.order {
			if v.item != nil || (v.run == nil && !v.fpages) {
				continue
			}
			n := v.bound
			if v.nul {
				n++
			}
			words := max(1, (n*v.memBytes+mg.wb()-1)/mg.wb())
			v.local = mg.newTmp("vb")
			f.P("L4_Word_t ", v.local, "[", words, "];")
		}
	}

	// 1. Typed items: types, lengths, NULs.
	lens := map[*ir.Item]string{}
	var conds []string
	for _, it := range m.Items {
		mr := mg.mrOf(it)
		switch it.Kind {
		case ir.StringItem:
			conds = append(conds, fmt.Sprintf("!l4idl_is_string_item(%s, %s)", mg.buf, mr))
			l := mg.newTmp("l")
			lens[it] = l
			f.P("L4_Word_t ", l, " = l4idl_item_length(", mg.buf, ", ", mr, ");")
			switch {
			case it.Record != nil || it.Image:
				conds = append(conds, fmt.Sprintf("%s != %d", l, it.MaxBytes))
			default:
				if it.MaxBytes > 0 {
					conds = append(conds, fmt.Sprintf("%s > %d", l, it.MaxBytes))
				} else {
					conds = append(conds, fmt.Sprintf("%s > %s", l, mg.rsize(it.Buffer)))
				}
				if it.ElemBytes > 1 {
					conds = append(conds, fmt.Sprintf("%s %% %d != 0", l, it.ElemBytes))
				}
				if it.NulTerminated {
					conds = append(conds, fmt.Sprintf("!l4idl_nul_terminated(%s, %s, %d)", mg.recvData(it), l, it.ElemBytes))
				}
			}
		case ir.MapItem:
			conds = append(conds, fmt.Sprintf("!l4idl_is_map_item(%s, %s, 0)", mg.buf, mr))
		case ir.GrantItem:
			conds = append(conds, fmt.Sprintf("!l4idl_is_map_item(%s, %s, 1)", mg.buf, mr))
		}
	}
	mg.check(conds, "MALFORMED")

	// 2. Counts, against bounds, items and u.
	conds = nil
	for _, v := range mg.order {
		var e string
		switch {
		case v.lengthSlot != nil:
			s := v.lengthSlot
			e = fmt.Sprintf("l4idl_get_bits(%s, %d, %d, %d)", mg.buf, s.MR, s.Bit, s.Width)
		case v.countPath != "":
			e = mg.countFrom(v.countPath)
		case v.item != nil:
			e = fmt.Sprintf("%s / %d", lens[v.item], v.item.ElemBytes)
			if v.nul {
				e += " - 1"
			}
		default:
			if it, fl := mg.recordField(ir.LengthSlot, v.path); fl != nil {
				t := mg.newTmp("len")
				f.P(mg.g.m.Decl(fl.Type, t), ";")
				f.P("__builtin_memcpy(&", t, ", (const char *)", mg.recvData(it), " + ", fl.Offset, ", ", fl.Bytes, ");")
				e = "(L4_Word_t)" + t
			} else {
				mg.g.internal("no count for %q", v.path)
				e = "0"
			}
		}
		f.P("L4_Word_t ", v.count, " = ", e, ";")
		f.P("(void)", v.count, ";")
		if v.bound > 0 {
			conds = append(conds, fmt.Sprintf("%s > %d", v.count, v.bound))
		}
		if v.item != nil && (v.countPath != "" || v.lengthSlot != nil) {
			n := v.count
			if v.nul {
				n += " + 1"
			}
			conds = append(conds, fmt.Sprintf("%s / %d != %s", lens[v.item], v.item.ElemBytes, n))
		}
	}
	if m.Variable {
		sum := []string{fmt.Sprint(m.FixedWords)}
		for _, s := range m.Slots {
			if s.Run && s.Variable {
				sum = append(sum, mg.words(mg.vars[s.Path]))
			}
		}
		conds = append(conds, fmt.Sprintf("%s != %s", mg.uVar, strings.Join(sum, " + ")))
	}
	mg.check(conds, "MALFORMED")
	if mg.client {
		conds = nil
		for _, v := range mg.order {
			if c := mg.clientCap(v); c != "" {
				conds = append(conds, fmt.Sprintf("%s > %s", v.count, c))
			}
		}
		mg.check(conds, "NO_BUFFER")
	}

	// 3. Values: outside unions first (discriminators included), then
	// the arms, outer ones first.
	type entry struct {
		slot *ir.Slot
		item *ir.Item
		r    ref
	}
	var arms []entry
	for _, s := range m.Slots {
		if s.Role == ir.LengthSlot || (s.Run && s.Variable) {
			continue
		}
		r := mg.resolve(s.Path)
		if len(r.arms) > 0 {
			arms = append(arms, entry{slot: s, r: r})
			continue
		}
		mg.recvSlot(s, r, tagVar)
	}
	if m.Variable {
		off := mg.newTmp("o")
		f.P("L4_Word_t ", off, " = ", m.FixedWords, ";")
		for _, s := range m.Slots {
			if s.Run && s.Variable {
				v := mg.vars[s.Path]
				mg.recvVar(v, "", off+" + 1", false)
				f.P(off, " += ", mg.words(v), ";")
			}
		}
		f.P("(void)", off, ";")
	}
	for _, it := range m.Items {
		path := it.Path
		if it.SeqPath != "" {
			path = it.SeqPath
		}
		if it.Record == nil {
			if r := mg.resolve(path); len(r.arms) > 0 {
				arms = append(arms, entry{item: it, r: r})
				continue
			}
		}
		mg.recvItem(it)
	}
	sort.SliceStable(arms, func(i, j int) bool { return len(arms[i].r.arms) < len(arms[j].r.arms) })
	for _, e := range arms {
		mg.guarded(e.r.cond(), func() {
			if e.slot != nil {
				mg.recvSlot(e.slot, e.r, tagVar)
			} else {
				mg.recvItem(e.item)
			}
		})
	}
}

// check prints one branch to the failure path per condition.
func (mg *msg) check(conds []string, code string) {
	for _, c := range conds {
		mg.f.Block("if ("+c+")", "", func() { mg.fail(code) })
	}
}

// countFrom returns the count carried at path (a scalar slot or a
// record field) as a word.
func (mg *msg) countFrom(path string) string {
	if s := mg.valueSlot(path); s != nil {
		return "(L4_Word_t)" + mg.getScalar(fmt.Sprint(s.MR), s.Bit, s.Width, s.Type)
	}
	if it, fl := mg.recordField(ir.ValueSlot, path); fl != nil {
		t := mg.newTmp("cnt")
		mg.f.P(mg.g.m.Decl(fl.Type, t), ";")
		mg.f.P("__builtin_memcpy(&", t, ", (const char *)", mg.recvData(it), " + ", fl.Offset, ", ", fl.Bytes, ");")
		return "(L4_Word_t)" + t
	}
	mg.g.internal("count %q not in message", path)
	return "0"
}

// recvData returns the address of the data of a received string item.
func (mg *msg) recvData(it *ir.Item) string {
	if v, ok := mg.owned[it.Buffer]; ok {
		return v
	}
	return mg.rbuf(it.Buffer)
}

// recvSlot unmarshals a scalar, discriminator, fixed run or long double.
func (mg *msg) recvSlot(s *ir.Slot, r ref, tagVar string) {
	mr := fmt.Sprint(s.MR)
	if s.Run || isImage(s.Type) {
		mg.f.P("l4idl_get_bytes(", mg.buf, ", ", mr, ", ", addrOf(r), ", ", imageBytes(s, mg.g.abi), ");")
		return
	}
	lv := r.expr
	if s.Role == ir.DiscSlot {
		lv = discOf(r)
	}
	mg.f.P(lv, " = ", mg.getScalar(mr, s.Bit, s.Width, s.Type), ";")
}

// recvItem unmarshals one checked typed item.
func (mg *msg) recvItem(it *ir.Item) {
	f := mg.f
	switch {
	case it.Record != nil:
		src := mg.recvData(it)
		for _, fl := range it.Record {
			if fl.Role == ir.LengthSlot {
				continue
			}
			r := mg.resolve(fl.Path)
			dst := addrOf(r)
			if fl.Role == ir.DiscSlot {
				dst = "&" + discOf(r)
			}
			f.P("__builtin_memcpy(", dst, ", (const char *)", src, " + ", fl.Offset, ", ", fl.Bytes, ");")
		}
	case it.Kind == ir.StringItem && it.Image:
		r := mg.resolve(it.Path)
		if _, owned := mg.owned[it.Buffer]; mg.client && r.root.direct && r.top && !owned {
			return // received in place
		}
		f.P("__builtin_memcpy(", addrOf(r), ", ", mg.recvData(it), ", ", it.MaxBytes, ");")
	case it.Kind == ir.StringItem:
		mg.recvVar(mg.vars[it.Path], mg.recvData(it), "", true)
	case it.SeqPath != "":
		v := mg.vars[it.SeqPath]
		if it.SeqIndex == 0 {
			mg.recvVar(v, "", "", false)
		}
		mr := mg.mrOf(it)
		f.Block(fmt.Sprintf("if (%s > %d)", v.count, it.SeqIndex), "", func() {
			mg.getFpage(fmt.Sprintf("%s[%d]", v.dataExpr(), it.SeqIndex), cmap.ClassOf(v.elem), mr)
		})
	default:
		r := mg.resolve(it.Path)
		mg.getFpage(r.expr, cmap.ClassOf(r.typ), mg.mrOf(it))
	}
}

// getFpage unmarshals a map or grant item into an fpage lvalue.
func (mg *msg) getFpage(lv string, cls cmap.Class, mr string) {
	if cls == cmap.Handle {
		mg.f.P(lv, ".raw = l4idl_get_word(", mg.buf, ", ", mr, " + 1);")
		return
	}
	mg.f.P(lv, ".base = l4idl_get_word(", mg.buf, ", ", mr, ");")
	mg.f.P(lv, ".fpage = l4idl_get_word(", mg.buf, ", ", mr, " + 1);")
}

// clientCap returns the capacity (elements, NUL excluded) of the
// caller's buffer for v, or "" when the stub provides the memory.
func (mg *msg) clientCap(v *varVal) string {
	if !v.ref.root.direct || !v.ref.top {
		return ""
	}
	switch v.class {
	case cmap.StringValue:
		if v.bound > 0 {
			return ""
		}
		return fmt.Sprintf("L4IDL_STRING_MAX / %d - 1", v.elemBytes)
	case cmap.SeqValue:
		return "(L4_Word_t)" + v.ref.expr + "._maximum"
	case cmap.DCEBuffer:
		if p := v.ref.root.param; p != nil && p.SizeIs != nil {
			if r, err := mg.sc.resolve(p.SizeIs.Name); err == nil {
				return "(L4_Word_t)" + r.expr
			}
		}
		if v.bound > 0 {
			return fmt.Sprint(v.bound)
		}
		return fmt.Sprintf("L4IDL_STRING_MAX / %d", v.elemBytes)
	}
	return ""
}

// recvVar stores a variable value whose data is at src (a receive
// buffer) or, for an inline run, in the message buffer from word mr;
// both are "" for fpage sequences, whose items fill the elements.
func (mg *msg) recvVar(v *varVal, src, mr string, isItem bool) {
	f := mg.f
	bytes := v.bytes(false)
	ptrT := mg.elemPtr(v)
	copyTo := func(dst string) {
		switch {
		case mr != "":
			f.P("l4idl_get_bytes(", mg.buf, ", ", mr, ", ", dst, ", ", bytes, ");")
		case src != "":
			f.P("__builtin_memcpy(", dst, ", ", src, ", ", bytes, ");")
		}
	}
	switch {
	case mg.client && v.ref.root.direct && v.ref.top:
		inPlace := false
		if isItem {
			_, owned := mg.owned[v.item.Buffer]
			inPlace = !owned
		}
		if !inPlace {
			copyTo(v.dataExpr())
		}
		switch v.class {
		case cmap.StringValue:
			if !inPlace {
				f.P(v.dataExpr(), "[", v.count, "] = 0;")
			}
		case cmap.SeqValue:
			f.P(v.ref.expr, "._length = (CORBA_unsigned_long)", v.count, ";")
		}
	case mg.client && isItem:
		ptr := mg.owned[v.item.Buffer]
		mg.setVar(v, "("+ptrT+")"+ptr)
		f.P(ptr, " = (void *)0;")
	case mg.client:
		ptr := mg.newTmp("a")
		size := fmt.Sprintf("%s * %d", v.count, v.memBytes)
		if v.nul {
			size = fmt.Sprintf("(%s + 1) * %d", v.count, v.elemBytes)
		}
		f.P("void *", ptr, " = l4idl_alloc(", size, ");")
		f.Block("if (!"+ptr+")", "", func() { mg.fail("NO_MEMORY") })
		copyTo(ptr)
		if v.nul {
			f.P("((", ptrT, ")", ptr, ")[", v.count, "] = 0;")
		}
		mg.setVar(v, "("+ptrT+")"+ptr)
	default:
		ptr := src
		if !isItem {
			ptr = v.local
			copyTo(ptr)
			if v.nul {
				f.P("((", ptrT, ")", ptr, ")[", v.count, "] = 0;")
			}
		}
		mg.setVar(v, "("+ptrT+")"+ptr)
	}
}

// setVar points a string, sequence or DCE buffer at data.
func (mg *msg) setVar(v *varVal, data string) {
	f := mg.f
	if v.class == cmap.SeqValue {
		f.P(v.ref.expr, "._buffer = ", data, ";")
		f.P(v.ref.expr, "._length = (CORBA_unsigned_long)", v.count, ";")
		f.P(v.ref.expr, "._maximum = (CORBA_unsigned_long)", v.count, ";")
		return
	}
	f.P(v.ref.expr, " = ", data, ";")
}
