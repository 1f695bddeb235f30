package portable

import (
	"fmt"
	"sort"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// send prints the marshalling of mg.m into mg.buf from the values in
// scope and returns the C expression of the tag (MR0). A value that
// exceeds its bound ends in mg.fail("BAD_PARAM").
func (mg *msg) send() string {
	f := mg.f
	m := mg.m
	mg.collect()
	for _, v := range mg.order {
		if len(v.ref.arms) == 0 {
			mg.sendCount(v)
		} else {
			f.P("L4_Word_t ", v.count, " = 0;")
			mg.declared[v.count] = true
		}
	}
	f.P("l4idl_msg_clear(", mg.buf, ", ", msgWords(m), ");")

	// Fixed words, in the IR's order; values inside union arms only when
	// their arms are selected (the buffer starts zeroed).
	for _, s := range m.Slots {
		if s.InTag || (s.Run && s.Variable) {
			continue
		}
		mr := fmt.Sprint(s.MR)
		switch s.Role {
		case ir.LengthSlot:
			v := mg.vars[s.Path]
			mg.guarded(v.ref.cond(), func() { mg.putScalar(mr, s.Bit, s.Width, v.count, s.Type) })
		case ir.DiscSlot:
			r := mg.resolve(s.Path)
			mg.guarded(r.cond(), func() { mg.putScalar(mr, s.Bit, s.Width, discOf(r), s.Type) })
		default:
			r := mg.resolve(s.Path)
			mg.guarded(r.cond(), func() {
				if s.Run || isImage(s.Type) {
					f.P("l4idl_put_bytes(", mg.buf, ", ", mr, ", ", addrOf(r), ", ", imageBytes(s, mg.g.abi), ");")
					return
				}
				mg.putScalar(mr, s.Bit, s.Width, r.expr, s.Type)
			})
		}
	}

	// Inline variable runs: u grows with their lengths.
	if m.Variable {
		f.P("L4_Word_t ", mg.uVar, " = ", m.FixedWords, ";")
		for _, s := range m.Slots {
			if s.Run && s.Variable {
				v := mg.vars[s.Path]
				f.P(mg.uVar, " += l4idl_put_bytes(", mg.buf, ", ", mg.uVar, " + 1, ", v.dataExpr(), ", ", v.bytes(false), ");")
			}
		}
	}

	// Typed items; those inside union arms are always sent (empty when
	// the arm is not selected).
	for _, it := range m.Items {
		if len(it.Arms) == 0 {
			mg.sendItem(it)
			continue
		}
		path := it.Path
		if it.SeqPath != "" {
			path = it.SeqPath
		}
		cond := mg.resolve(path).cond()
		f.Block("if ("+cond+")", "", func() {
			if v, ok := mg.vars[path]; ok {
				mg.sendCount(v)
			}
			mg.sendItem(it)
		})
		f.Block("else", "", func() { mg.emptyItem(it) })
	}

	tag := m.Label<<16 | uint64(m.TypedWords)<<6
	if m.Variable {
		return fmt.Sprintf("(%s | %s)", hexWord(tag, mg.g.abi.WordBits), mg.uVar)
	}
	return hexWord(tag|uint64(m.FixedWords), mg.g.abi.WordBits)
}

// imageBytes returns the bytes of a fixed run or long double slot.
func imageBytes(s *ir.Slot, abi *ir.ABI) int64 {
	if isImage(s.Type) {
		return ir.Sizeof(s.Type, abi)
	}
	return s.Bytes
}

// sendCount computes a variable value's element count into v.count and
// checks it against the bound.
func (mg *msg) sendCount(v *varVal) {
	f := mg.f
	var e string
	switch {
	case v.countPath != "":
		e = "(L4_Word_t)" + mg.resolve(v.countPath).expr
	case v.class == cmap.StringValue && v.elemBytes == 1:
		e = "__builtin_strlen(" + v.ref.expr + ")"
	case v.class == cmap.StringValue:
		e = "l4idl_wcslen(" + v.ref.expr + ")"
	case v.class == cmap.SeqValue:
		e = "(L4_Word_t)" + v.ref.expr + "._length"
	case v.class == cmap.DCEBuffer:
		e = mg.dceCount(v)
	default:
		mg.g.internal("no count for %q", v.path)
		e = "0"
	}
	if _, declared := mg.declared[v.count]; !declared {
		f.P("L4_Word_t ", v.count, " = ", e, ";")
		mg.declared[v.count] = true
	} else {
		f.P(v.count, " = ", e, ";")
	}
	limit := v.bound
	if limit == 0 && v.item != nil && v.elemBytes > 0 {
		// The item's length field has W-10 bits.
		limit = (int64(1)<<uint(mg.g.abi.WordBits-10) - 1) / v.elemBytes
		if v.nul {
			limit--
		}
	}
	if limit > 0 {
		f.Block(fmt.Sprintf("if (%s > %dU)", v.count, limit), "", func() { mg.fail("BAD_PARAM") })
	}
}

// dceCount returns the count of a DCE buffer whose count does not travel
// in the message: its length_is or size_is parameter, else its bound.
func (mg *msg) dceCount(v *varVal) string {
	if p := v.ref.root.param; p != nil && v.ref.top {
		for _, c := range []*ir.Param{p.LengthIs, p.SizeIs} {
			if c == nil {
				continue
			}
			if r, err := mg.sc.resolve(c.Name); err == nil {
				return "(L4_Word_t)" + r.expr
			}
		}
	}
	if v.bound > 0 {
		return fmt.Sprint(v.bound)
	}
	mg.g.internal("no count for DCE buffer %q", v.path)
	return "0"
}

// sendItem marshals one typed item.
func (mg *msg) sendItem(it *ir.Item) {
	f := mg.f
	mr := mg.mrOf(it)
	grant := "0"
	if it.Kind == ir.GrantItem {
		grant = "1"
	}
	switch {
	case it.Record != nil:
		words := (it.MaxBytes + mg.wb() - 1) / mg.wb()
		var rec string
		if mg.store != nil {
			rec = mg.store(words)
		} else {
			rec = mg.newTmp("rec")
			f.P("L4_Word_t ", rec, "[", words, "];")
		}
		fields := append([]*ir.RecordField(nil), it.Record...)
		sort.SliceStable(fields, func(i, j int) bool { return fields[i].Offset < fields[j].Offset })
		for _, fl := range fields {
			var src string
			switch fl.Role {
			case ir.LengthSlot:
				t := mg.newTmp("len")
				f.P(mg.g.m.Decl(fl.Type, t), " = (", mg.g.m.TypeName(fl.Type), ")", mg.vars[fl.Path].count, ";")
				src = "&" + t
			case ir.DiscSlot:
				src = "&" + discOf(mg.resolve(fl.Path))
			default:
				src = addrOf(mg.resolve(fl.Path))
			}
			f.P("__builtin_memcpy((char *)", rec, " + ", fl.Offset, ", ", src, ", ", fl.Bytes, ");")
		}
		f.P("l4idl_put_string_item(", mg.buf, ", ", mr, ", ", rec, ", ", it.MaxBytes, ");")
	case it.Kind == ir.StringItem && it.Image:
		f.P("l4idl_put_string_item(", mg.buf, ", ", mr, ", ", addrOf(mg.resolve(it.Path)), ", ", it.MaxBytes, ");")
	case it.Kind == ir.StringItem:
		v := mg.vars[it.Path]
		f.P("l4idl_put_string_item(", mg.buf, ", ", mr, ", ", v.dataExpr(), ", ", v.bytes(true), ");")
	case it.SeqPath != "":
		v := mg.vars[it.SeqPath]
		val := ref{expr: fmt.Sprintf("%s[%d]", v.dataExpr(), it.SeqIndex), typ: v.elem}
		f.Block(fmt.Sprintf("if (%s > %d)", v.count, it.SeqIndex), "", func() { mg.putFpage(mr, val, grant) })
		f.Block("else", "", func() { f.P("l4idl_put_map_item(", mg.buf, ", ", mr, ", 0, 0, ", grant, ");") })
	default:
		mg.putFpage(mr, mg.resolve(it.Path), grant)
	}
}

// putFpage marshals an fpage value as a map or grant item.
func (mg *msg) putFpage(mr string, val ref, grant string) {
	if cmap.ClassOf(val.typ) == cmap.Handle {
		mg.f.P("l4idl_put_map_item(", mg.buf, ", ", mr, ", 0, (", val.expr, ").raw, ", grant, ");")
		return
	}
	mg.f.P("l4idl_put_map_item(", mg.buf, ", ", mr, ", (", val.expr, ").base, (", val.expr, ").fpage, ", grant, ");")
}

// emptyItem marshals the item of a union arm that is not selected: an
// empty string (its NUL, for strings) or the nil fpage.
func (mg *msg) emptyItem(it *ir.Item) {
	mr := mg.mrOf(it)
	switch it.Kind {
	case ir.StringItem:
		if it.NulTerminated {
			mg.f.P("l4idl_put_string_item(", mg.buf, ", ", mr, ", &l4idl_empty_string, ", it.ElemBytes, ");")
			return
		}
		mg.f.P("l4idl_put_string_item(", mg.buf, ", ", mr, ", (void *)0, 0);")
	case ir.MapItem:
		mg.f.P("l4idl_put_map_item(", mg.buf, ", ", mr, ", 0, 0, 0);")
	case ir.GrantItem:
		mg.f.P("l4idl_put_map_item(", mg.buf, ", ", mr, ", 0, 0, 1);")
	}
}

// hexWord formats a word constant.
func hexWord(v uint64, wordBits int) string {
	s := fmt.Sprintf("0x%X", v)
	if wordBits == 64 {
		return s + "UL"
	}
	return s + "U"
}
