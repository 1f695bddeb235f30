package gccx86

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// msgGen prints the code that builds (send) or takes apart (recv) one
// message on one side of a call. The layout comes from the IR; msgGen
// only turns each placement into C.
type msgGen struct {
	g  *gen
	f  *cgen.File
	m  *ir.Message
	sc *scope
	// regs[k] is the CPU register carrying MR k on this side (the
	// sender's Ipc entry registers or the receiver's return registers).
	regs []string
	// fail prints the statements that abandon the message with an error
	// code: "MALFORMED", "NO_BUFFER", "BAD_PARAM", "NO_MEMORY".
	fail func(code string)
	// pfx makes temporaries unique within the enclosing function.
	pfx string
	tmp int
	// vars are the message's variable-length values by path.
	vars map[string]*varVal
	// discs are the paths of the message's union discriminators.
	discs map[string]bool
	// client marks the client side (out buffers belong to the caller).
	client bool
	// owned maps receive buffer positions to the C variable of a buffer
	// the stub allocated (client side); absent positions were installed
	// straight from a parameter.
	owned map[int]string
	// rbuf and rsize give the address and size of receive buffer k.
	rbuf  func(k int) string
	rsize func(k int) string
	// spilled marks register MRs copied into the UTCB (receiver).
	spilled map[int]bool
	// store, when set, returns storage of the given number of words that
	// outlives the current block (a server's reply data lives until the
	// next Ipc, after the dispatch case has ended).
	store func(words int64) string
	// uVar is the C variable holding u after variable runs (sender) or
	// the received u (receiver).
	uVar string
}

// varVal is a string, sequence or DCE buffer of the message.
type varVal struct {
	path  string
	ref   ref
	class cmap.Class
	elem  *ir.Type
	// elemBytes is the element size in the message; memBytes its size
	// in the C mapping (they differ for fpages: one word in the IR, an
	// idl4_fpage_t of two words in C).
	elemBytes, memBytes int64
	// bound is the largest element count (0: unbounded).
	bound int64
	nul   bool
	// count is the C variable holding the element count (without NUL).
	count string
	// countPath names the value that carries the count, if any.
	countPath string
	// lengthSlot is the slot carrying the count, if any.
	lengthSlot *ir.Slot
	// run is the inline variable run, item the string item.
	run  *ir.Slot
	item *ir.Item
	// fpages marks a bounded sequence of fpages (map items).
	fpages bool
	arms   []*ir.UnionArm
}

func (mg *msgGen) newTmp(what string) string {
	mg.tmp++
	return fmt.Sprintf("_%s%s%d", what, mg.pfx, mg.tmp)
}

func (mg *msgGen) wb() int64 { return int64(mg.g.abi.WordBytes()) }

func (mg *msgGen) word() *wordConv { return &wordConv{wordBits: mg.g.abi.WordBits, m: mg.g.m} }

// mrVar returns the C variable of a register MR.
func mrVar(k int) string { return "_mr" + strconv.Itoa(k) }

// mr returns the C lvalue of message register k on this side: its CPU
// register's variable, or its UTCB word.
func (mg *msgGen) mr(k int) string {
	if k < len(mg.regs) {
		return mrVar(k)
	}
	return fmt.Sprintf("_utcb[%d]", k)
}

func (mg *msgGen) resolve(path string) (ref, bool) {
	r, err := mg.sc.resolve(path)
	if err != nil {
		mg.g.internal("%v", err)
		return ref{expr: "0", typ: ir.Basic(ir.Long)}, false
	}
	return r, true
}

// collect gathers the variable-length values and discriminators.
func (mg *msgGen) collect() {
	mg.vars = map[string]*varVal{}
	mg.discs = map[string]bool{}
	get := func(path string, arms []*ir.UnionArm) *varVal {
		if v, ok := mg.vars[path]; ok {
			return v
		}
		r, _ := mg.resolve(path)
		v := &varVal{path: path, ref: r, arms: arms}
		u := r.typ.Underlying()
		switch {
		case u == nil:
		case u.Kind == ir.String || u.Kind == ir.WString:
			v.class = cmap.StringValue
			v.nul = true
			v.elem = ir.Basic(ir.Char)
			if u.Kind == ir.WString {
				v.elem = ir.Basic(ir.WChar)
			}
			v.bound = u.Len
		case u.Kind == ir.Sequence:
			v.class = cmap.SeqValue
			if r.dce {
				v.class = cmap.DCEBuffer
			}
			v.elem = u.Elem
			v.bound = u.Len
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
		return v
	}
	for _, s := range mg.m.Slots {
		switch {
		case s.Role == ir.DiscSlot:
			mg.discs[s.Path] = true
		case s.Role == ir.LengthSlot:
			get(s.Path, s.Arms).lengthSlot = s
		case s.Run && s.Variable:
			v := get(s.Path, s.Arms)
			v.run = s
			v.countPath = s.CountPath
		}
	}
	for _, it := range mg.m.Items {
		switch {
		case it.Record != nil:
			for _, fl := range it.Record {
				if fl.Role == ir.DiscSlot {
					mg.discs[fl.Path] = true
				}
				if fl.Role == ir.LengthSlot {
					get(fl.Path, nil)
				}
			}
		case it.SeqPath != "":
			v := get(it.SeqPath, it.Arms)
			v.countPath = it.CountPath
		case it.Kind == ir.StringItem && !it.Image:
			v := get(it.Path, it.Arms)
			v.item = it
			v.countPath = it.CountPath
			v.nul = it.NulTerminated
		}
	}
}

// sortedVars returns the variable values in message order.
func (mg *msgGen) sortedVars() []*varVal {
	var out []*varVal
	for _, v := range mg.vars {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].count < out[j].count })
	return out
}

// recordFieldFor returns the record field with a role and path.
func (mg *msgGen) recordFieldFor(role ir.SlotRole, path string) (*ir.Item, *ir.RecordField) {
	for _, it := range mg.m.Items {
		for _, fl := range it.Record {
			if fl.Role == role && fl.Path == path {
				return it, fl
			}
		}
	}
	return nil, nil
}

// slotFor returns the value slot with a path.
func (mg *msgGen) slotFor(path string) *ir.Slot {
	for _, s := range mg.m.Slots {
		if s.Role == ir.ValueSlot && s.Path == path && !s.Run {
			return s
		}
	}
	return nil
}

// unionOf returns, for an entry with the given path inside arms, the
// path of the union whose arm is arms[depth].
func (mg *msgGen) unionOf(path string, arms []*ir.UnionArm, depth int) string {
	level := 0
	for _, p := range parentPaths(path) {
		if !mg.discs[p] {
			continue
		}
		r, ok := mg.resolve(p)
		if !ok {
			continue
		}
		u := r.typ.Underlying()
		if u == nil || u.Kind != ir.Union {
			continue
		}
		for _, a := range u.Arms {
			if a == arms[level] {
				if level == depth {
					return p
				}
				level++
				break
			}
		}
		if level >= len(arms) {
			break
		}
	}
	mg.g.internal("no union for %q", path)
	return ""
}

// armEntry is a slot or item valid only inside union arms.
type armEntry struct {
	path string
	arms []*ir.UnionArm
	slot *ir.Slot
	item *ir.Item
}

// emitArms prints nested switches over the discriminators of the
// entries' unions (all entries share arms[:depth]) and calls body for
// every entry inside its case.
func (mg *msgGen) emitArms(entries []armEntry, depth int, disc func(unionPath string) string, body func(e armEntry)) {
	f := mg.f
	// Group by union path, keeping first-appearance order.
	var order []string
	groups := map[string][]armEntry{}
	var here []armEntry
	for _, e := range entries {
		if len(e.arms) <= depth {
			here = append(here, e)
			continue
		}
		up := mg.unionOf(e.path, e.arms, depth)
		if _, ok := groups[up]; !ok {
			order = append(order, up)
		}
		groups[up] = append(groups[up], e)
	}
	for _, e := range here {
		body(e)
	}
	for _, up := range order {
		r, _ := mg.resolve(up)
		u := r.typ.Underlying()
		f.Block("switch ("+disc(up)+")", "", func() {
			for _, a := range u.Arms {
				var in []armEntry
				for _, e := range groups[up] {
					if e.arms[depth] == a {
						in = append(in, e)
					}
				}
				if len(in) == 0 {
					continue
				}
				// Each case has its own block: the code of an arm may
				// start with a declaration, which C does not allow right
				// after a label.
				f.CaseBlock(strings.Join(caseLabels(a, u.Disc), " "), func() {
					mg.emitArms(in, depth+1, disc, body)
					f.P("break;")
				})
			}
			if !hasDefault(u) {
				f.Case("default:")
				f.P("break;")
			}
		})
	}
}

func hasDefault(u *ir.Type) bool {
	for _, a := range u.Arms {
		if a != nil && a.Default {
			return true
		}
	}
	return false
}

// armEntries returns the slots and items of the message inside unions.
func (mg *msgGen) armEntries(fixedOnly bool) []armEntry {
	var out []armEntry
	for _, s := range mg.m.Slots {
		if len(s.Arms) > 0 {
			out = append(out, armEntry{path: s.Path, arms: s.Arms, slot: s})
		}
	}
	if !fixedOnly {
		for _, it := range mg.m.Items {
			if len(it.Arms) > 0 {
				out = append(out, armEntry{path: it.Path, arms: it.Arms, item: it})
			}
		}
	}
	return out
}

// itemWord returns the lvalue of word j of item it.
func (mg *msgGen) itemWord(it *ir.Item, j int) string {
	if !mg.m.Variable {
		return mg.mr(it.MR + j)
	}
	return fmt.Sprintf("_utcb[%s + %d]", mg.uVar, 1+it.Index+j)
}

// elemsToBytes returns the byte count of n elements of v, plus the NUL.
func (v *varVal) bytesExpr() string {
	n := v.count
	if v.nul {
		n = "(" + n + " + 1)"
	}
	if v.elemBytes == 1 {
		return n
	}
	return fmt.Sprintf("%s * %d", n, v.elemBytes)
}

// wordsExpr returns the number of words n elements of v take inline.
func (mg *msgGen) wordsExpr(v *varVal) string {
	b := v.count
	if v.elemBytes != 1 {
		b = fmt.Sprintf("%s * %d", v.count, v.elemBytes)
	}
	return fmt.Sprintf("((%s + %d) / %d)", b, mg.wb()-1, mg.wb())
}

// elemPtrType returns the C pointer type of v's elements.
func (mg *msgGen) elemPtrType(v *varVal) string {
	return mg.g.m.TypeName(&ir.Type{Kind: ir.Word, PointsTo: v.elem})
}

// dataExpr returns the C expression of v's element pointer (sender).
func (mg *msgGen) dataExpr(v *varVal) string {
	switch v.class {
	case cmap.SeqValue:
		return v.ref.expr + "._buffer"
	}
	return v.ref.expr
}
