package gccx86

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// recv prints the code that checks a received message and stores its
// values into the scope. The caller has matched the label and t (and u,
// or u's range for variable messages) against tagVar. Every check comes
// before the first store: a message that does not have the shape of
// mg.m ends in mg.fail("MALFORMED") having changed nothing but locals;
// data larger than a caller's buffer ends in mg.fail("NO_BUFFER").
func (mg *msgGen) recv(tagVar string) {
	f := mg.f
	m := mg.m
	mg.collect()
	wc := mg.word()

	// Register MRs that runs or variable data are copied from go to the
	// UTCB first, so that memory copies see one array.
	spill := map[int]bool{}
	if m.Variable {
		for k := m.FixedWords + 1; k < len(mg.regs); k++ {
			spill[k] = true
		}
	}
	for _, s := range m.Slots {
		if s.Run || isImageScalar(s.Type) {
			for k := s.MR; k < s.MR+s.Words && !s.Variable; k++ {
				if k < len(mg.regs) {
					spill[k] = true
				}
			}
		}
	}
	for k := 1; k < len(mg.regs); k++ {
		if spill[k] {
			f.P("_utcb[", k, "] = ", mrVar(k), ";")
		}
	}
	if m.Variable {
		f.P("L4_Word_t ", mg.uVar, " = ", tagVar, " & 0x3F;")
	}

	// 1. Item words: types and lengths.
	var conds []string
	lens := map[*ir.Item]string{}
	for _, it := range m.Items {
		w0 := mg.itemWord(it, 0)
		switch it.Kind {
		case ir.StringItem:
			// The item word with its C and hh bits (0..2) cleared,
			// rotated right by 10, is the length when bits 3..9
			// (string item, j = 0, c = 0) are zero, else at least
			// 2^(W-7): larger than every bound the checks below
			// compare it with (all are below 2^(W-10)), so one
			// compare checks the item's shape and its length.
			l := mg.newTmp("l")
			lens[it] = l
			wb := mg.g.abi.WordBits
			f.P("L4_Word_t ", l, " = ", w0, " & ~(L4_Word_t)7;")
			f.P(l, " = (", l, " >> 10) | (", l, " << ", wb-10, ");")
			switch {
			case it.Record != nil || it.Image:
				conds = append(conds, fmt.Sprintf("%s != %d", l, it.MaxBytes))
			default:
				bound := mg.rsize(it.Buffer)
				if it.MaxBytes > 0 {
					bound = fmt.Sprint(it.MaxBytes)
				}
				if it.NulTerminated {
					// At least the NUL and at most bound bytes: one
					// unsigned compare (l - E wraps around for l < E).
					conds = append(conds, fmt.Sprintf("%s - %d > (L4_Word_t)(%s) - %d", l, it.ElemBytes, bound, it.ElemBytes))
				} else {
					conds = append(conds, fmt.Sprintf("%s > %s", l, bound))
				}
				if it.ElemBytes > 1 {
					conds = append(conds, fmt.Sprintf("%s %% %d != 0", l, it.ElemBytes))
				}
				if it.NulTerminated {
					et := "CORBA_char"
					if it.ElemBytes == 4 {
						et = "CORBA_wchar"
					}
					conds = append(conds, fmt.Sprintf("((const %s *)%s)[%s - 1] != 0", et, mg.recvData(it), div(l, it.ElemBytes)))
				}
			}
		// Type bits 1..3 of a map (grant) item: (w - 8) & 0xE is zero
		// exactly when the low four bits of w are 8 or 9 (10 or 11);
		// one lea and one test instead of a copy, an and and a compare.
		case ir.MapItem:
			conds = append(conds, fmt.Sprintf("((%s - 8) & 0xE) != 0", w0))
		case ir.GrantItem:
			conds = append(conds, fmt.Sprintf("((%s - 10) & 0xE) != 0", w0))
		}
	}
	mg.check(conds, "MALFORMED")

	// 2. Counts of variable values, checked against bounds and items.
	conds = nil
	for _, v := range mg.sortedVars() {
		var expr string
		switch {
		case v.lengthSlot != nil:
			s := v.lengthSlot
			expr = fmt.Sprintf("(%s >> %d) & %s", mg.mr(s.MR), s.Bit, mask(s.Width))
			if s.Bit == 0 {
				expr = fmt.Sprintf("%s & %s", mg.mr(s.MR), mask(s.Width))
			}
			if s.Bit == 0 && s.Width == mg.g.abi.WordBits {
				expr = mg.mr(s.MR)
			}
		case v.countPath != "":
			expr = mg.countFrom(v.countPath, wc)
		case v.item != nil:
			expr = div(lens[v.item], v.item.ElemBytes)
			if v.nul {
				expr += " - 1"
			}
		default:
			if it, fl := mg.recordFieldFor(ir.LengthSlot, v.path); fl != nil {
				t := mg.newTmp("len")
				f.P(mg.g.m.Decl(fl.Type, t), ";")
				f.P("__builtin_memcpy(&", t, ", (const char *)", mg.recvData(it), " + ", fl.Offset, ", ", fl.Bytes, ");")
				expr = "(L4_Word_t)" + t
			} else {
				mg.g.internal("no count for %q", v.path)
				expr = "0"
			}
		}
		f.P("L4_Word_t ", v.count, " = ", expr, ";")
		if v.class == cmap.StringValue && v.item != nil {
			f.P("(void)", v.count, ";")
		}
		if v.bound > 0 {
			conds = append(conds, fmt.Sprintf("%s > %d", v.count, v.bound))
		}
		if v.item != nil && (v.countPath != "" || v.lengthSlot != nil) {
			l := lens[v.item]
			if v.nul {
				conds = append(conds, fmt.Sprintf("%s != %s + 1", div(l, v.item.ElemBytes), v.count))
			} else {
				conds = append(conds, fmt.Sprintf("%s != %s", div(l, v.item.ElemBytes), v.count))
			}
		}
	}
	if m.Variable {
		sum := []string{fmt.Sprint(m.FixedWords)}
		for _, s := range m.Slots {
			if s.Run && s.Variable {
				sum = append(sum, mg.wordsExpr(mg.vars[s.Path]))
			}
		}
		conds = append(conds, fmt.Sprintf("%s != %s", mg.uVar, strings.Join(sum, " + ")))
	}
	mg.check(conds, "MALFORMED")
	if mg.client {
		conds = nil
		for _, v := range mg.sortedVars() {
			if c := mg.clientCap(v); c != "" {
				conds = append(conds, fmt.Sprintf("%s > %s", v.count, c))
			}
		}
		mg.check(conds, "NO_BUFFER")
	}

	// 3. Values.
	for _, s := range m.Slots {
		if len(s.Arms) > 0 || s.Role == ir.LengthSlot || (s.Run && s.Variable) {
			continue
		}
		mg.recvSlot(s, wc, tagVar)
	}
	if m.Variable {
		off := mg.newTmp("o")
		f.P("L4_Word_t ", off, " = ", m.FixedWords, ";")
		for _, s := range m.Slots {
			if s.Run && s.Variable {
				v := mg.vars[s.Path]
				mg.recvVar(v, "&_utcb["+off+" + 1]", false)
				f.P(off, " += ", mg.wordsExpr(v), ";")
			}
		}
		f.P("(void)", off, ";")
	}
	for _, it := range m.Items {
		if len(it.Arms) == 0 {
			mg.recvItem(it, lens)
		}
	}
	if entries := mg.armEntries(false); len(entries) > 0 {
		mg.emitArms(entries, 0, func(up string) string {
			r, _ := mg.resolve(up)
			return discExpr(r)
		}, func(e armEntry) {
			if e.slot != nil {
				mg.recvSlot(e.slot, wc, tagVar)
			} else {
				mg.recvItem(e.item, lens)
			}
		})
	}
}

// check prints a branch to the failure path for each of conds (separate
// compare-and-branch pairs: cheaper than one combined condition, which
// GCC evaluates with set-on-condition instructions).
func (mg *msgGen) check(conds []string, code string) {
	for _, c := range conds {
		mg.f.Block("if (__builtin_expect("+c+", 0))", "", func() { mg.fail(code) })
	}
}

// div returns "x / n" (just x for n = 1).
func div(x string, n int64) string {
	if n == 1 {
		return x
	}
	return fmt.Sprintf("%s / %d", x, n)
}

func mask(width int) string {
	if width >= 64 {
		return "~(L4_Word_t)0"
	}
	return fmt.Sprintf("(L4_Word_t)0x%X", uint64(1)<<uint(width)-1)
}

// countFrom returns the value of the count carried at path (a scalar
// slot or a record field) as a word.
func (mg *msgGen) countFrom(path string, wc *wordConv) string {
	if s := mg.slotFor(path); s != nil {
		return "(L4_Word_t)" + wc.valueW(mg.slotWords(s, ""), s.Bit, s.Width, s.Type)
	}
	if it, fl := mg.recordFieldFor(ir.ValueSlot, path); fl != nil {
		t := mg.newTmp("cnt")
		mg.f.P(mg.g.m.Decl(fl.Type, t), ";")
		mg.f.P("__builtin_memcpy(&", t, ", (const char *)", mg.recvData(it), " + ", fl.Offset, ", ", fl.Bytes, ");")
		return "(L4_Word_t)" + t
	}
	mg.g.internal("count %q not in message", path)
	return "0"
}

// slotWords returns the C expressions of the words of a scalar slot.
func (mg *msgGen) slotWords(s *ir.Slot, tagVar string) []string {
	if s.InTag {
		return []string{tagVar}
	}
	ws := []string{mg.mr(s.MR)}
	for i := 1; i < s.Words; i++ {
		ws = append(ws, mg.mr(s.MR+i))
	}
	return ws
}

// recvData returns the address of the data of a received string item.
func (mg *msgGen) recvData(it *ir.Item) string {
	if v, ok := mg.owned[it.Buffer]; ok || mg.rbuf == nil {
		return v
	}
	return mg.rbuf(it.Buffer)
}

// recvSlot stores a scalar, discriminator or fixed run.
func (mg *msgGen) recvSlot(s *ir.Slot, wc *wordConv, tagVar string) {
	f := mg.f
	r, _ := mg.resolve(s.Path)
	if s.Run || isImageScalar(s.Type) {
		bytes := s.Bytes
		if isImageScalar(s.Type) {
			bytes = ir.Sizeof(s.Type, mg.g.abi)
		}
		f.P("__builtin_memcpy(", addrOf(r), ", &_utcb[", s.MR, "], ", bytes, ");")
		return
	}
	lv := r.expr
	if s.Role == ir.DiscSlot {
		lv = discExpr(r)
	}
	f.P(lv, " = ", wc.valueW(mg.slotWords(s, tagVar), s.Bit, s.Width, s.Type), ";")
}

// recvItem stores the value of a received typed item.
func (mg *msgGen) recvItem(it *ir.Item, lens map[*ir.Item]string) {
	f := mg.f
	switch {
	case it.Record != nil:
		src := mg.recvData(it)
		for _, fl := range it.Record {
			if fl.Role == ir.LengthSlot {
				continue
			}
			r, _ := mg.resolve(fl.Path)
			dst := addrOf(r)
			if fl.Role == ir.DiscSlot {
				dst = "&" + discExpr(r)
			}
			f.P("__builtin_memcpy(", dst, ", (const char *)", src, " + ", fl.Offset, ", ", fl.Bytes, ");")
		}
	case it.Kind == ir.StringItem && it.Image:
		r, _ := mg.resolve(it.Path)
		if mg.client && r.root.direct && r.top {
			if _, ok := mg.owned[it.Buffer]; !ok {
				return // received in place
			}
		}
		f.P("__builtin_memcpy(", addrOf(r), ", ", mg.recvData(it), ", ", it.MaxBytes, ");")
	case it.Kind == ir.StringItem:
		mg.recvVar(mg.vars[it.Path], mg.recvData(it), true)
	case it.SeqPath != "":
		v := mg.vars[it.SeqPath]
		if it.SeqIndex == 0 {
			mg.recvVar(v, "", false)
		}
		data := mg.recvDataPtr(v)
		w0, w1 := mg.itemWord(it, 0), mg.itemWord(it, 1)
		f.Block(fmt.Sprintf("if (%s > %d)", v.count, it.SeqIndex), "", func() {
			mg.fpageStore(fmt.Sprintf("%s[%d]", data, it.SeqIndex), cmap.ClassOf(v.elem), w0, w1)
		})
	default:
		r, _ := mg.resolve(it.Path)
		mg.fpageStore(r.expr, cmap.ClassOf(r.typ), mg.itemWord(it, 0), mg.itemWord(it, 1))
	}
}

func (mg *msgGen) fpageStore(lv string, cls cmap.Class, w0, w1 string) {
	if cls == cmap.Handle {
		mg.f.P(lv, ".raw = ", w1, ";")
		return
	}
	mg.f.P(lv, ".base = ", w0, ";")
	if mg.g.abi.WordBits == 64 {
		// No instruction: keeps GCC from merging the two word stores
		// into a vector store built from two general registers (four
		// instructions instead of two).
		mg.f.P("__asm__ (\"\" : \"+m\" (", lv, ".base));")
	}
	mg.f.P(lv, ".fpage = ", w1, ";")
}

// recvDataPtr returns the element pointer of a received variable value.
func (mg *msgGen) recvDataPtr(v *varVal) string {
	if v.class == cmap.SeqValue {
		return v.ref.expr + "._buffer"
	}
	return v.ref.expr
}

// clientCap returns the capacity (in elements, NUL excluded) of the
// caller's buffer for v, or "" when the stub provides the memory.
func (mg *msgGen) clientCap(v *varVal) string {
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
		return mg.dceCap(v)
	}
	return ""
}

// dceCap returns the capacity of a caller's DCE buffer: its size_is
// value, or its bound.
func (mg *msgGen) dceCap(v *varVal) string {
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

// recvVar stores a variable value whose data is at src (the receive
// buffer of an item, or the UTCB for an inline run; "" for fpage
// sequences, whose elements the items fill).
func (mg *msgGen) recvVar(v *varVal, src string, isItem bool) {
	f := mg.f
	dest := v.ref.expr
	bytes := fmt.Sprintf("%s * %d", v.count, v.elemBytes)
	if v.elemBytes == 1 {
		bytes = v.count
	}
	ptrT := mg.elemPtrType(v)
	direct := mg.client && v.ref.root.direct && v.ref.top
	switch {
	case direct:
		// The caller's buffer: the data may already be in place.
		inPlace := false
		if isItem {
			_, owned := mg.owned[v.item.Buffer]
			inPlace = !owned
		}
		data := mg.recvDataPtr(v)
		if src != "" && !inPlace {
			f.P("__builtin_memcpy(", data, ", ", src, ", ", bytes, ");")
		}
		switch v.class {
		case cmap.StringValue:
			if !inPlace {
				f.P(data, "[", v.count, "] = 0;")
			}
		case cmap.SeqValue:
			f.P(dest, "._length = (CORBA_unsigned_long)", v.count, ";")
		}
		return
	case mg.client:
		// Memory for the caller: the owned receive buffer, or a copy.
		var ptr string
		if isItem {
			ptr = mg.owned[v.item.Buffer]
			mg.setVar(v, dest, "("+ptrT+")"+ptr)
			f.P(ptr, " = (void *)0;")
			return
		} else {
			ptr = mg.newTmp("a")
			size := bytes
			if v.memBytes != v.elemBytes {
				size = fmt.Sprintf("%s * %d", v.count, v.memBytes)
			}
			if v.nul {
				size = fmt.Sprintf("(%s + 1) * %d", v.count, v.elemBytes)
			}
			f.P("void *", ptr, " = l4idl_alloc(", size, ");")
			f.Block("if (!"+ptr+")", "", func() { mg.fail("NO_MEMORY") })
			if src != "" {
				f.P("__builtin_memcpy(", ptr, ", ", src, ", ", bytes, ");")
			}
			if v.nul {
				f.P("((", ptrT, ")", ptr, ")[", v.count, "] = 0;")
			}
		}
		mg.setVar(v, dest, "("+ptrT+")"+ptr)
	default:
		// Server: strings and sequences point into the receive buffer;
		// inline data is copied to a buffer of the case block.
		var ptr string
		switch {
		case isItem:
			ptr = src
		default:
			n := v.bound
			if v.nul {
				n++
			}
			words := (n*v.memBytes + mg.wb() - 1) / mg.wb()
			if words == 0 {
				words = 1
			}
			ptr = mg.newTmp("vb")
			f.P("L4_Word_t ", ptr, "[", words, "];")
			if src != "" {
				f.P("__builtin_memcpy(", ptr, ", ", src, ", ", bytes, ");")
			}
			if v.nul {
				f.P("((", ptrT, ")", ptr, ")[", v.count, "] = 0;")
			}
		}
		mg.setVar(v, dest, "("+ptrT+")"+ptr)
	}
}

// setVar points a string, sequence or DCE buffer at data.
func (mg *msgGen) setVar(v *varVal, dest, data string) {
	f := mg.f
	switch v.class {
	case cmap.SeqValue:
		f.P(dest, "._buffer = ", data, ";")
		f.P(dest, "._length = (CORBA_unsigned_long)", v.count, ";")
		if mg.g.abi.WordBits == 64 {
			// No instruction: keeps GCC from building the two equal
			// 32-bit stores as one vector store (three instructions).
			f.P("__asm__ (\"\" : \"+m\" (", dest, "._length));")
		}
		f.P(dest, "._maximum = (CORBA_unsigned_long)", v.count, ";")
	default:
		f.P(dest, " = ", data, ";")
	}
}
