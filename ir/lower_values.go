package ir

import (
	"fmt"

	"github.com/l4idl/l4idl/parser/diag"
)

// This file turns the values of one message (parameters, the return value,
// exception members) into a tree of nodes: scalars, structs, unions, fixed
// arrays (element runs), variable-length data and fpages. Packing
// (lower_pack.go) decides where each node travels; the tree keeps the
// decisions that can change while a message is fitted into 63 words (a
// node moved to a string item, a variable value sent inline or not).

// nodeKind classifies a value node.
type nodeKind int

const (
	nNone     nodeKind = iota // a value that cannot be sent (already reported)
	nScalar                   // one scalar: one slot
	nStruct                   // struct members, in order
	nUnion                    // discriminator and overlaid arms
	nRun                      // fixed array whose elements are memory images: one run
	nArray                    // fixed array of other elements: one node per element
	nVar                      // string, wstring or sequence: inline run or string item
	nFpage                    // flexpage: map or grant item
	nFpageSeq                 // bounded sequence of fpages: a count and one map/grant item per element
)

// node is one value of a message.
type node struct {
	kind  nodeKind
	path  string
	param *Param
	typ   *Type // as declared (may be a typedef)
	ut    *Type // underlying
	pos   diag.Pos
	// order is the value's position in flattening order (return value
	// first, then parameters and members in declaration order); packing
	// breaks width ties with it.
	order int
	// bits is the width of a scalar on the ABI.
	bits int
	// kids are a struct's members or an expanded array's elements.
	kids []*node
	// disc and arms describe a union.
	disc *node
	arms []*armNode
	// image marks values that can travel as their memory image (structs,
	// unions, arrays without pointers or fpages); bytes is that image's
	// size.
	image bool
	bytes int64
	// Variable data: element type and size, bound (0 = unbounded),
	// strings' NUL, and the path of the value holding the element count
	// when another value of the message carries it.
	elem      *Type
	elemBytes int64
	maxCount  int64
	nul       bool
	countPath string
	// inUnion marks values inside a union arm (variable data there always
	// travels as a string item, so the arm has a fixed size).
	inUnion bool
	// grant marks fpages of a [grant] parameter.
	grant bool

	// Decisions.
	inline bool // nVar: sent inline (length + run) rather than as a string item
	moved  bool // image node sent as a string item of its memory image
	// spill sends a top-level scalar, discriminator (on the disc node),
	// element run or whole plain union in the message's record item
	// instead of the untyped words; lenSpill does so for the length slot
	// of an inline run or fpage sequence.
	spill    bool
	lenSpill bool
}

// armNode is one union arm: its member's value (nil for an empty arm).
type armNode struct {
	arm  *UnionArm
	body *node
}

// flattener builds the nodes of one message.
type flattener struct {
	lw    *lowerer
	op    *Operation
	order int
	busy  map[*Type]bool // structs and unions being expanded (recursion guard)
	union int            // depth of union arms being expanded
	grant bool           // expanding a [grant] parameter
}

func (lw *lowerer) newFlattener(op *Operation) *flattener {
	return &flattener{lw: lw, op: op, busy: map[*Type]bool{}}
}

// param builds the node of parameter p in a message travelling in dir.
func (f *flattener) param(p *Param, dir Direction) *node {
	f.grant = p.Grant
	n := f.value(p.Name, p, p.Type, p.Pos)
	f.grant = false
	if (n.kind == nVar && !n.nul) || n.kind == nFpageSeq {
		cp := p.LengthIs
		if cp == nil {
			cp = p.SizeIs
		}
		if cp != nil && cp != p && cp.Type != nil && cp.Type.IsInteger() && travels(cp, dir) {
			n.countPath = cp.Name
		}
	}
	return n
}

// travels reports whether parameter p is part of a message in dir.
func travels(p *Param, dir Direction) bool {
	if dir == Request {
		return p.Dir.Sends()
	}
	return p.Dir.Returns()
}

// member builds the node of struct member fld of parent at prefix.fld.
func (f *flattener) member(prefix string, p *Param, fld *Field, parent *Type, pos diag.Pos) *node {
	path := prefix + "." + fld.Name
	n := f.value(path, p, fld.Type, pos)
	if ((n.kind == nVar && !n.nul) || n.kind == nFpageSeq) && fld.Size != nil && fld.Size != fld && fld.Size.Type != nil && fld.Size.Type.IsInteger() {
		for _, sib := range parent.Fields {
			if sib == fld.Size {
				n.countPath = prefix + "." + sib.Name
			}
		}
	}
	return n
}

// value builds the node of a value of type t at path.
func (f *flattener) value(path string, p *Param, t *Type, pos diag.Pos) *node {
	n := &node{path: path, param: p, typ: t, pos: pos, order: f.order, inUnion: f.union > 0}
	f.order++
	u := t.Underlying()
	if u == nil {
		f.fail(n, "has no type")
		return n
	}
	n.ut = u
	abi := f.lw.abi
	switch u.Kind {
	case Void:
		f.fail(n, "has type void: there is no value to send")
	case Native:
		f.fail(n, fmt.Sprintf("has native type %s, which is opaque to l4idl and cannot be sent", t))
	case Fpage:
		n.kind = nFpage
		n.grant = f.grant
	case Boolean, Char, WChar, Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong,
		Float, Double, LongDouble, Word, SignedWord, ThreadID, ObjRef, Enum:
		n.kind = nScalar
		n.bits = t.Bits(abi)
	case Struct:
		if f.busy[u] {
			f.fail(n, fmt.Sprintf("has type %s, which contains itself", t))
			return n
		}
		n.kind = nStruct
		n.image = IsMemoryImage(u)
		n.bytes, _ = f.lw.mem.layout(u)
		f.busy[u] = true
		for _, fld := range u.Fields {
			if fld != nil {
				n.kids = append(n.kids, f.member(path, p, fld, u, pos))
			}
		}
		delete(f.busy, u)
	case Union:
		if f.busy[u] {
			f.fail(n, fmt.Sprintf("has type %s, which contains itself", t))
			return n
		}
		if u.Disc == nil {
			f.cUnion(n, u)
			return n
		}
		if !u.Disc.IsInteger() {
			f.fail(n, fmt.Sprintf("has union type %s without an integer discriminator", t))
			return n
		}
		n.kind = nUnion
		n.image = IsMemoryImage(u)
		n.bytes, _ = f.lw.mem.layout(u)
		n.disc = &node{kind: nScalar, path: path, param: p, typ: u.Disc, ut: u.Disc.Underlying(),
			pos: pos, order: n.order, bits: u.Disc.Bits(abi), inUnion: n.inUnion}
		f.busy[u] = true
		f.union++
		for _, arm := range u.Arms {
			if arm == nil {
				continue
			}
			an := &armNode{arm: arm}
			if arm.Field != nil {
				an.body = f.value(path+"."+arm.Field.Name, p, arm.Field.Type, pos)
			}
			n.arms = append(n.arms, an)
		}
		f.union--
		delete(f.busy, u)
	case Array:
		if u.Elem == nil || u.Len < 0 {
			f.fail(n, fmt.Sprintf("has malformed array type %s", t))
			return n
		}
		if IsMemoryImage(u) {
			n.kind = nRun
			n.image = true
			n.elem = u.Elem
			n.elemBytes, _ = f.lw.mem.layout(u.Elem)
			n.bytes = mulSat(n.elemBytes, u.Len)
			n.maxCount = u.Len
			return n
		}
		if u.Len > MaxPayloadWords {
			f.fail(n, fmt.Sprintf("is an array of %d %s elements; they do not travel as a memory image, and one message holds at most %d words", u.Len, u.Elem, MaxPayloadWords))
			return n
		}
		n.kind = nArray
		for i := int64(0); i < u.Len; i++ {
			before := len(f.lw.errs.Diags)
			n.kids = append(n.kids, f.value(fmt.Sprintf("%s[%d]", path, i), p, u.Elem, pos))
			if len(f.lw.errs.Diags) > before {
				// Every element fails the same way: report the first only.
				n.kind, n.kids = nNone, nil
				break
			}
		}
	case Sequence, String, WString:
		if u.Kind == Sequence && u.Elem != nil && u.Elem.Underlying() != nil && u.Elem.Underlying().Kind == Fpage {
			f.fpageSeq(n, u)
			return n
		}
		elem := u.Elem
		switch u.Kind {
		case String:
			elem, n.nul = Basic(Char), true
		case WString:
			elem, n.nul = Basic(WChar), true
		}
		if elem == nil || !IsMemoryImage(elem) {
			f.fail(n, fmt.Sprintf("has type %s, whose elements are not plain data (they hold strings, sequences, fpages or native values) and cannot be copied as one string", t))
			return n
		}
		n.kind = nVar
		n.elem = elem
		n.elemBytes, _ = f.lw.mem.layout(elem)
		if n.elemBytes == 0 {
			f.fail(n, fmt.Sprintf("has type %s, whose elements have no size", t))
			n.kind = nNone
			return n
		}
		if u.Len < 0 {
			f.fail(n, fmt.Sprintf("has type %s with a negative bound", t))
			n.kind = nNone
			return n
		}
		n.maxCount = u.Len
	default:
		f.fail(n, fmt.Sprintf("has type %s, which cannot be sent", t))
	}
	return n
}

// cUnion makes n, a union without discriminator (a C union), a run of
// its memory image: nothing in the message says which arm is valid, so
// only the bytes can travel (as IDL4 sends them). Up to InlineMaxWords
// words the image is an element run in the untyped words, like a small
// array; a larger one is a string item of its image from the start.
func (f *flattener) cUnion(n *node, u *Type) {
	if !IsMemoryImage(u) {
		f.fail(n, fmt.Sprintf("has union type %s without a discriminator, and its arms hold strings, sequences, fpages or native values: without a discriminator only the memory image of a union can travel", n.typ))
		return
	}
	n.kind = nRun
	n.image = true
	n.elem = n.typ
	n.bytes, _ = f.lw.mem.layout(u)
	n.elemBytes = n.bytes
	n.maxCount = 1
	n.moved = ceilDiv(n.bytes, int64(f.lw.abi.WordBytes())) > InlineMaxWords
}

// fpageSeq makes n, a sequence of fpages, one map (or grant) item per
// element up to the bound plus a count: t must not depend on the count.
// An unbounded sequence has no such layout.
func (f *flattener) fpageSeq(n *node, u *Type) {
	switch {
	case u.Len <= 0:
		f.fail(n, fmt.Sprintf("has type %s: an unbounded sequence of fpages cannot be sent (each fpage is a map item of its own, and a message has a fixed number of them); give it a bound (max_is or sequence<fpage, N>)", n.typ))
		return
	case u.Len > MaxMapItems:
		f.fail(n, fmt.Sprintf("has type %s: each fpage travels as a map item of two words, so at most %d fit in one message", n.typ, MaxMapItems))
		return
	}
	n.kind = nFpageSeq
	n.elem = u.Elem
	n.maxCount = u.Len
	for i := int64(0); i < u.Len; i++ {
		n.kids = append(n.kids, &node{kind: nFpage, path: fmt.Sprintf("%s[%d]", n.path, i), param: n.param,
			typ: u.Elem, ut: u.Elem.Underlying(), pos: n.pos, order: n.order, inUnion: n.inUnion, grant: f.grant})
	}
}

// fail reports that the value of n cannot be sent and leaves it out.
func (f *flattener) fail(n *node, why string) {
	n.kind = nNone
	f.lw.errs.Errorf(n.pos, "%s of operation %q %s", describeValue(n.path, n.param), f.op.Name, why)
}

// inlineWords returns the words a variable node needs inline at most.
func (n *node) inlineWords(wordBytes int64) int64 {
	return ceilDiv(mulSat(n.maxCount, n.elemBytes), wordBytes)
}

// initInline makes the first decision for variable data: inline when the
// largest value fits InlineMaxWords words (never inside union arms, which
// must keep a fixed size), else a string item.
func initInline(roots []*node, wordBytes int64) {
	walk(roots, func(n *node) bool {
		if n.kind == nVar {
			n.inline = !n.inUnion && n.maxCount > 0 && n.inlineWords(wordBytes) <= InlineMaxWords
		}
		return true
	})
}

// walk visits every node depth-first in value order; visit returns false
// to skip a node's children.
func walk(nodes []*node, visit func(*node) bool) {
	for _, n := range nodes {
		if n == nil || !visit(n) {
			continue
		}
		switch n.kind {
		case nStruct, nArray, nFpageSeq:
			walk(n.kids, visit)
		case nUnion:
			walk([]*node{n.disc}, visit)
			for _, a := range n.arms {
				if a.body != nil {
					walk([]*node{a.body}, visit)
				}
			}
		}
	}
}

func ceilDiv(a, b int64) int64 {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
