package portable

import (
	"fmt"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// msg prints the marshalling (send) or unmarshalling (recv) of one
// message on one side of a call, through the helpers of l4idl_portable.h
// into or out of the L4_Msg_t buf. Every MR, bit and item comes from the
// IR's layout.
type msg struct {
	g  *gen
	f  *cgen.File
	m  *ir.Message
	sc scope
	// buf is the C expression of the L4_Msg_t pointer ("&" + bufVar).
	buf, bufVar string
	// fail prints the statements that abandon the message with a code:
	// "MALFORMED", "NO_BUFFER", "BAD_PARAM", "NO_MEMORY".
	fail func(code string)
	// pfx makes temporaries unique within the enclosing function.
	pfx string
	tmp int
	// vars are the variable-length values of the message, in order.
	vars  map[string]*varVal
	order []*varVal
	// uVar holds u after the variable runs (sender) or as received.
	uVar string
	// client marks the client side; owned maps receive buffer positions
	// to buffers the client stub allocated.
	client bool
	owned  map[int]string
	// rbuf and rsize give the address and size of receive buffer k.
	rbuf, rsize func(k int) string
	// store returns storage of the given number of words that lives
	// until the message has been sent (a server's reply records); nil
	// means a local array.
	store func(words int64) string
	// declared marks count variables already declared.
	declared map[string]bool
}

// varVal is a string, sequence or DCE buffer of the message.
type varVal struct {
	path  string
	ref   ref
	class cmap.Class
	elem  *ir.Type
	// elemBytes is the element size in the message, memBytes in C (an
	// IDL fpage is one word in the IR, an idl4_fpage_t in C).
	elemBytes, memBytes int64
	bound               int64
	nul                 bool
	// count is the C variable holding the element count (NUL excluded).
	count      string
	countPath  string
	lengthSlot *ir.Slot
	run        *ir.Slot
	item       *ir.Item
	fpages     bool
	// local is the server's storage for inline data ("" if none).
	local string
}

func (mg *msg) newTmp(what string) string {
	mg.tmp++
	return fmt.Sprintf("_%s%s%d", what, mg.pfx, mg.tmp)
}

func (mg *msg) wb() int64 { return int64(mg.g.abi.WordBytes()) }

func (mg *msg) resolve(path string) ref {
	r, err := mg.sc.resolve(path)
	if err != nil {
		mg.g.internal("%v", err)
		return ref{expr: "0", typ: ir.Basic(ir.Long), root: &root{}}
	}
	return r
}

// collect gathers the message's variable-length values.
func (mg *msg) collect() {
	mg.vars = map[string]*varVal{}
	mg.order = nil
	mg.declared = map[string]bool{}
	get := func(path string) *varVal {
		if v, ok := mg.vars[path]; ok {
			return v
		}
		r := mg.resolve(path)
		v := &varVal{path: path, ref: r}
		u := r.typ.Underlying()
		switch {
		case u == nil:
		case u.Kind == ir.String || u.Kind == ir.WString:
			v.class, v.nul, v.bound = cmap.StringValue, true, u.Len
			v.elem = ir.Basic(ir.Char)
			if u.Kind == ir.WString {
				v.elem = ir.Basic(ir.WChar)
			}
		case u.Kind == ir.Sequence:
			v.class, v.elem, v.bound = cmap.SeqValue, u.Elem, u.Len
			if r.dce {
				v.class = cmap.DCEBuffer
			}
			if e := u.Elem.Underlying(); e != nil && e.Kind == ir.Fpage {
				v.fpages = true
			}
		}
		if v.elem != nil {
			v.elemBytes = ir.Sizeof(v.elem, mg.g.abi)
			v.memBytes = v.elemBytes
			if cmap.ClassOf(v.elem) == cmap.FpageItem {
				v.memBytes = 2 * mg.wb()
			}
		}
		v.count = mg.newTmp("n")
		mg.vars[path] = v
		mg.order = append(mg.order, v)
		return v
	}
	for _, s := range mg.m.Slots {
		switch {
		case s.Role == ir.LengthSlot:
			get(s.Path).lengthSlot = s
		case s.Run && s.Variable:
			v := get(s.Path)
			v.run, v.countPath = s, s.CountPath
		}
	}
	for _, it := range mg.m.Items {
		switch {
		case it.Record != nil:
			for _, fl := range it.Record {
				if fl.Role == ir.LengthSlot {
					get(fl.Path)
				}
			}
		case it.SeqPath != "":
			get(it.SeqPath).countPath = it.CountPath
		case it.Kind == ir.StringItem && !it.Image:
			v := get(it.Path)
			v.item, v.countPath, v.nul = it, it.CountPath, it.NulTerminated
		}
	}
}

// mrOf returns the C expression of an item's first MR.
func (mg *msg) mrOf(it *ir.Item) string {
	if !mg.m.Variable {
		return fmt.Sprint(it.MR)
	}
	return fmt.Sprintf("%s + %d", mg.uVar, 1+it.Index)
}

// dataExpr returns the element pointer of a variable value.
func (v *varVal) dataExpr() string {
	if v.class == cmap.SeqValue {
		return v.ref.expr + "._buffer"
	}
	return v.ref.expr
}

// bytes returns the byte count of the value's elements (and NUL).
func (v *varVal) bytes(withNul bool) string {
	n := v.count
	if withNul && v.nul {
		n = "(" + n + " + 1)"
	}
	return fmt.Sprintf("%s * %d", n, v.elemBytes)
}

// words returns the number of words the value's elements take inline.
func (mg *msg) words(v *varVal) string {
	return fmt.Sprintf("((%s + %d) / %d)", v.bytes(false), mg.wb()-1, mg.wb())
}

// elemPtr returns the C pointer type of v's elements.
func (mg *msg) elemPtr(v *varVal) string {
	return mg.g.m.TypeName(&ir.Type{Kind: ir.Word, PointsTo: v.elem})
}

// recordField returns the record field with a role and path.
func (mg *msg) recordField(role ir.SlotRole, path string) (*ir.Item, *ir.RecordField) {
	for _, it := range mg.m.Items {
		for _, fl := range it.Record {
			if fl.Role == role && fl.Path == path {
				return it, fl
			}
		}
	}
	return nil, nil
}

// valueSlot returns the scalar value slot with a path.
func (mg *msg) valueSlot(path string) *ir.Slot {
	for _, s := range mg.m.Slots {
		if s.Role == ir.ValueSlot && s.Path == path && !s.Run {
			return s
		}
	}
	return nil
}

// guarded prints body inside "if (cond)" (or plainly when cond is "").
func (mg *msg) guarded(cond string, body func()) {
	if cond == "" {
		body()
		return
	}
	mg.f.Block("if ("+cond+")", "", body)
}

// isImage reports scalars that travel as a memory image (long double).
func isImage(t *ir.Type) bool {
	u := t.Underlying()
	return u != nil && u.Kind == ir.LongDouble
}

// tagOf returns the tag word of a message with a fixed u.
func tagOf(m *ir.Message, wordBits int) string {
	return cgen.Hex(m.Label<<16|uint64(m.TypedWords)<<6|uint64(m.FixedWords), wordBits)
}

// tagMatch returns the C condition that tag word v (flags p, r, X
// cleared) is the tag of m.
func tagMatch(m *ir.Message, v string, wordBits int) string {
	if !m.Variable {
		return fmt.Sprintf("%s == %s", v, tagOf(m, wordBits))
	}
	base := m.Label<<16 | uint64(m.TypedWords)<<6
	return fmt.Sprintf("(%s & ~(L4_Word_t)0x3F) == %s && (%s & 0x3F) >= %d && (%s & 0x3F) <= %d",
		v, cgen.Hex(base, wordBits), v, m.FixedWords, v, m.MaxWords)
}

// msgWords returns how many words after MR0 a message may use.
func msgWords(m *ir.Message) int {
	return min(ir.MaxPayloadWords, max(m.FixedWords, m.MaxWords)+m.TypedWords)
}
