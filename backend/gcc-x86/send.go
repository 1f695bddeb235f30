package gccx86

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// send prints the code that fills the message registers of mg.m from the
// values in scope and returns the C expression of the tag (MR0). Values
// that exceed their bounds end in mg.fail("BAD_PARAM").
func (mg *msgGen) send() string {
	f := mg.f
	m := mg.m
	mg.collect()
	wc := mg.word()

	// Counts of variable-length values (outside unions), with bound checks.
	for _, v := range mg.sortedVars() {
		if len(v.arms) > 0 {
			continue
		}
		mg.sendCount(v)
	}

	// Fixed words: scalars, runs and union regions.
	regionOf := map[int]string{} // MR -> region array
	regionBase := map[string]int{}
	var regionNames []string
	entries := mg.armEntries(true)
	if len(entries) > 0 {
		type span struct{ lo, hi int }
		spans := map[string]*span{}
		var order []string
		for _, e := range entries {
			up := mg.unionOf(e.path, e.arms, 0)
			s := e.slot
			hi := s.MR + max(s.Words, 1) - 1
			if sp, ok := spans[up]; ok {
				sp.lo = min(sp.lo, s.MR)
				sp.hi = max(sp.hi, hi)
			} else {
				spans[up] = &span{s.MR, hi}
				order = append(order, up)
			}
		}
		for _, up := range order {
			sp := spans[up]
			name := mg.newTmp("rg")
			regionNames = append(regionNames, name)
			regionBase[name] = sp.lo
			for k := sp.lo; k <= sp.hi; k++ {
				regionOf[k] = name
			}
			f.P("L4_Word_t ", name, "[", sp.hi-sp.lo+1, "];")
		}
	}
	parts := map[int][]string{}
	runWords := map[int]bool{}
	var runs []*ir.Slot
	for _, s := range m.Slots {
		if len(s.Arms) > 0 || s.InTag || s.AfterVariable || (s.Run && s.Variable) {
			continue
		}
		if s.Run || isImageScalar(s.Type) {
			runs = append(runs, s)
			for k := s.MR; k < s.MR+s.Words; k++ {
				runWords[k] = true
			}
			continue
		}
		for i, p := range mg.slotParts(s, wc) {
			parts[s.MR+i] = append(parts[s.MR+i], shifted(p, s.Bit, i))
		}
	}
	// Region words start with their unconditional parts (or zero).
	for _, name := range regionNames {
		lo := regionBase[name]
		for k := lo; regionOf[k] == name; k++ {
			f.P(name, "[", k-lo, "] = ", orParts(parts[k]), ";")
		}
	}
	if len(entries) > 0 {
		mg.emitArms(entries, 0, func(up string) string {
			r, _ := mg.resolve(up)
			return discExpr(r)
		}, func(e armEntry) {
			s := e.slot
			name := regionOf[s.MR]
			idx := s.MR - regionBase[name]
			if s.Run || isImageScalar(s.Type) {
				r, _ := mg.resolve(s.Path)
				f.P("__builtin_memcpy(&", name, "[", idx, "], ", addrOf(r), ", ", s.Bytes, ");")
				return
			}
			for i, p := range mg.slotParts(s, wc) {
				f.P(name, "[", idx+i, "] |= ", shifted(p, s.Bit, i), ";")
			}
		})
	}
	echo := map[int]bool{}
	for _, k := range m.EchoMRs {
		echo[k] = true
	}
	for k := 1; k <= m.FixedWords; k++ {
		if runWords[k] || echo[k] {
			// (Echoed words of a kernel exception reply are the
			// request's; the caller copies them.)
			continue
		}
		if name, ok := regionOf[k]; ok {
			f.P(mg.mr(k), " = ", name, "[", k-regionBase[name], "];")
			continue
		}
		f.P(mg.mr(k), " = ", orParts(parts[k]), ";")
	}
	for _, s := range runs {
		mg.sendRun(s)
	}

	// Inline variable runs: u grows with their lengths.
	if m.Variable {
		f.P("L4_Word_t ", mg.uVar, " = ", m.FixedWords, ";")
		for _, s := range m.Slots {
			if !(s.Run && s.Variable) {
				continue
			}
			v := mg.vars[s.Path]
			words := mg.wordsExpr(v)
			f.Block("if ("+v.count+" != 0)", "", func() {
				f.P("_utcb[", mg.uVar, " + ", words, "] = 0;")
				f.P("__builtin_memcpy(&_utcb[", mg.uVar, " + 1], ", mg.dataExpr(v), ", ", v.count, " * ", v.elemBytes, ");")
			})
			f.P(mg.uVar, " += ", words, ";")
		}
	}

	// Typed items.
	for _, it := range m.Items {
		if len(it.Arms) > 0 {
			// Sent even when the arm is not selected: empty by default.
			mg.emptyItem(it)
			continue
		}
		mg.sendItem(it)
	}
	if ie := mg.armEntriesItems(); len(ie) > 0 {
		mg.emitArms(ie, 0, func(up string) string {
			r, _ := mg.resolve(up)
			return discExpr(r)
		}, func(e armEntry) {
			if v, ok := mg.vars[e.item.Path]; ok {
				mg.sendCount(v)
			}
			mg.sendItem(e.item)
		})
	}

	// Registers of a variable message beyond its fixed words were filled
	// in the UTCB: load them.
	if m.Variable {
		for k := m.FixedWords + 1; k < len(mg.regs); k++ {
			f.P(mrVar(k), " = _utcb[", k, "];")
		}
	}
	tag := m.Label<<16 | uint64(m.TypedWords)<<6
	if m.Variable {
		return "(" + hexWord(tag, mg.g.abi.WordBits) + " | " + mg.uVar + ")"
	}
	return hexWord(tag|uint64(m.FixedWords), mg.g.abi.WordBits)
}

// armEntriesItems returns the items inside union arms.
func (mg *msgGen) armEntriesItems() []armEntry {
	var out []armEntry
	for _, it := range mg.m.Items {
		if len(it.Arms) > 0 {
			out = append(out, armEntry{path: it.Path, arms: it.Arms, item: it})
		}
	}
	return out
}

// shifted places a word part at bit (only the first word of a value is
// shifted; two-word values start at bit 0).
func shifted(p string, bit, i int) string {
	if bit == 0 || i > 0 {
		return p
	}
	return fmt.Sprintf("%s << %d", p, bit)
}

func orParts(ps []string) string {
	if len(ps) == 0 {
		return "0"
	}
	if len(ps) == 1 {
		return ps[0]
	}
	return "(" + strings.Join(ps, ") | (") + ")"
}

// slotParts returns the word parts of a scalar slot's value.
func (mg *msgGen) slotParts(s *ir.Slot, wc *wordConv) []string {
	switch s.Role {
	case ir.LengthSlot:
		v := mg.vars[s.Path]
		return []string{wc.parts(v.count, s.Type)[0]}
	case ir.DiscSlot:
		r, _ := mg.resolve(s.Path)
		return wc.parts(discExpr(r), s.Type)
	}
	r, _ := mg.resolve(s.Path)
	return wc.parts(r.expr, s.Type)
}

// addrOf returns the address of a value (arrays are their address).
func addrOf(r ref) string {
	if u := r.typ.Underlying(); u != nil && u.Kind == ir.Array {
		return r.expr
	}
	return "&" + r.expr
}

// sendRun copies a fixed element run (or a long double) into its words.
func (mg *msgGen) sendRun(s *ir.Slot) {
	f := mg.f
	r, _ := mg.resolve(s.Path)
	bytes := s.Bytes
	if isImageScalar(s.Type) {
		bytes = ir.Sizeof(s.Type, mg.g.abi)
	}
	inRegs := false
	for k := s.MR; k < s.MR+s.Words; k++ {
		if k < len(mg.regs) {
			inRegs = true
		}
	}
	if !inRegs {
		if bytes%mg.wb() != 0 {
			f.P("_utcb[", s.MR+s.Words-1, "] = 0;")
		}
		f.P("__builtin_memcpy(&_utcb[", s.MR, "], ", addrOf(r), ", ", bytes, ");")
		return
	}
	t := mg.newTmp("rn")
	f.P("L4_Word_t ", t, "[", s.Words, "];")
	if bytes%mg.wb() != 0 {
		f.P(t, "[", s.Words-1, "] = 0;")
	}
	f.P("__builtin_memcpy(", t, ", ", addrOf(r), ", ", bytes, ");")
	for k := s.MR; k < s.MR+s.Words; k++ {
		f.P(mg.mr(k), " = ", t, "[", k-s.MR, "];")
	}
}

// sendCount computes the element count of a variable value into
// v.count and checks it against the bound.
func (mg *msgGen) sendCount(v *varVal) {
	f := mg.f
	var expr string
	switch {
	case v.countPath != "":
		r, _ := mg.resolve(v.countPath)
		expr = "(L4_Word_t)" + r.expr
	case v.class == cmap.StringValue:
		if v.elemBytes == 1 {
			expr = "__builtin_strlen(" + v.ref.expr + ")"
		} else {
			expr = "l4idl_wcslen(" + v.ref.expr + ")"
		}
	case v.class == cmap.SeqValue:
		expr = "(L4_Word_t)" + v.ref.expr + "._length"
	case v.class == cmap.DCEBuffer:
		expr = mg.dceCount(v)
	default:
		mg.g.internal("no count for %q", v.path)
		expr = "0"
	}
	f.P("L4_Word_t ", v.count, " = ", expr, ";")
	var conds []string
	if v.bound > 0 {
		conds = append(conds, fmt.Sprintf("%s > %d", v.count, v.bound))
	} else if v.item != nil && v.elemBytes > 0 {
		// The item length field has W-10 bits. On 64-bit targets the
		// count is also kept below 2^31, so that the compare takes an
		// immediate (2^54 would need a register): no receive buffer
		// comes near either.
		limit := (int64(1)<<uint(mg.g.abi.WordBits-10) - 1) / v.elemBytes
		if v.nul {
			limit--
		}
		limit = min(limit, 1<<31-1)
		conds = append(conds, fmt.Sprintf("%s > %dU", v.count, limit))
	}
	if len(conds) > 0 {
		f.Block("if (__builtin_expect("+strings.Join(conds, " || ")+", 0))", "", func() {
			mg.fail("BAD_PARAM")
		})
	}
}

// dceCount returns the element count of a DCE buffer whose count does
// not travel in the message: its length_is or size_is parameter.
func (mg *msgGen) dceCount(v *varVal) string {
	p := v.ref.root.param
	if p != nil && v.ref.top {
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

// emptyItem writes the words of an item whose union arm is not selected:
// an empty string item or a nil map item.
func (mg *msgGen) emptyItem(it *ir.Item) {
	f := mg.f
	switch it.Kind {
	case ir.StringItem:
		if it.NulTerminated {
			// An empty string is its NUL: the receiver checks every
			// string item before it looks at the discriminators, and a
			// string item without its NUL is malformed.
			f.P(mg.itemWord(it, 0), " = (L4_Word_t)", it.ElemBytes, " << 10;")
			f.P(mg.itemWord(it, 1), " = (L4_Word_t)&l4idl_empty_string;")
			return
		}
		f.P(mg.itemWord(it, 0), " = 0;")
		f.P(mg.itemWord(it, 1), " = 0;")
	case ir.MapItem:
		f.P(mg.itemWord(it, 0), " = 8;")
		f.P(mg.itemWord(it, 1), " = 0;")
	case ir.GrantItem:
		f.P(mg.itemWord(it, 0), " = 10;")
		f.P(mg.itemWord(it, 1), " = 0;")
	}
}

// sendItem writes the two words of a typed item.
func (mg *msgGen) sendItem(it *ir.Item) {
	f := mg.f
	w0, w1 := mg.itemWord(it, 0), mg.itemWord(it, 1)
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
		for _, fl := range it.Record {
			src := ""
			switch fl.Role {
			case ir.LengthSlot:
				t := mg.newTmp("len")
				f.P(mg.g.m.Decl(fl.Type, t), " = (", mg.g.m.TypeName(fl.Type), ")", mg.vars[fl.Path].count, ";")
				src = "&" + t
			case ir.DiscSlot:
				r, _ := mg.resolve(fl.Path)
				src = "&" + discExpr(r)
			default:
				r, _ := mg.resolve(fl.Path)
				src = addrOf(r)
			}
			f.P("__builtin_memcpy((char *)", rec, " + ", fl.Offset, ", ", src, ", ", fl.Bytes, ");")
		}
		f.P(w0, " = (L4_Word_t)", it.MaxBytes, " << 10;")
		f.P(w1, " = (L4_Word_t)", rec, ";")
	case it.Kind == ir.StringItem && it.Image:
		r, _ := mg.resolve(it.Path)
		f.P(w0, " = (L4_Word_t)", it.MaxBytes, " << 10;")
		f.P(w1, " = (L4_Word_t)", addrOf(r), ";")
	case it.Kind == ir.StringItem:
		v := mg.vars[it.Path]
		f.P(w0, " = (L4_Word_t)(", v.bytesExpr(), ") << 10;")
		f.P(w1, " = (L4_Word_t)", mg.dataExpr(v), ";")
	default:
		typ := "8"
		if it.Kind == ir.GrantItem {
			typ = "10"
		}
		var val ref
		var cls cmap.Class
		if it.SeqPath != "" {
			v := mg.vars[it.SeqPath]
			val = ref{expr: fmt.Sprintf("%s[%d]", mg.dataExpr(v), it.SeqIndex), typ: v.elem}
			cls = cmap.ClassOf(v.elem)
			f.Block(fmt.Sprintf("if (%s > %d)", v.count, it.SeqIndex), "", func() {
				mg.fpageWords(val, cls, typ, w0, w1)
			})
			f.Block("else", "", func() {
				f.P(w0, " = ", typ, ";")
				f.P(w1, " = 0;")
			})
			return
		}
		val, _ = mg.resolve(it.Path)
		mg.fpageWords(val, cmap.ClassOf(val.typ), typ, w0, w1)
	}
}

func (mg *msgGen) fpageWords(val ref, cls cmap.Class, typ, w0, w1 string) {
	f := mg.f
	if cls == cmap.Handle {
		f.P(w0, " = ", typ, ";")
		f.P(w1, " = (", val.expr, ").raw;")
		return
	}
	f.P(w0, " = ((", val.expr, ").base & ~(L4_Word_t)0x3FF) | ", typ, ";")
	f.P(w1, " = (", val.expr, ").fpage;")
}
