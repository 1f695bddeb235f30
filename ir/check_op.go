package ir

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// This file checks operations and their parameters, in CORBA form
// ("in long x"), DCE form ("[in, size_is(n)] char *buf") or a mixture.
//
// DCE declarators are interpreted as follows (the element type T is the
// declared type with its pointers stripped; a void element is a byte):
//
//	[in] T x, [in] T *x                 T (the pointer passes it by
//	                                    reference in C)
//	[out] T *x, [in, out] T *x          T (out, inout)
//	T x[N][M]                           array N of array M of T
//	[string] char *s, [string] char s[N]
//	                                    string (bounded by max_is, a
//	                                    constant length_is or N)
//	[size_is(n)] T *p or T p[] or T p[N]
//	                                    sequence<T> whose length travels in
//	                                    parameter n (length_is likewise;
//	                                    bounded by a constant max_is or N)
//	[size_is(*n)] T *p                  the same, n passed by reference
//	[size_is(16)] T *p                  array 16 of T (a constant count)
//	[max_is(M)] T p[]                   array M of T (no count given)
//	[out, size_is(n)] T **p             out sequence<T> (callee's buffer;
//	                                    with [prealloc] the caller's)
//	[transmit_as(U), size_is(n)] T **p  sequence<U>; Param.Presented = T
//
// max_is is DICE's reading of the attribute: the largest element count
// (DCE's "largest index" would be one less).

// sizeRef is a size_is/length_is/max_is argument naming a parameter (or
// a sibling member).
type sizeRef struct {
	attr  string // size_is, length_is or max_is
	name  string
	deref bool // written *name
	pos   diag.Pos
}

// shape is the interpretation of a DCE declarator with its attributes.
type shape struct {
	t *Type
	// presented is the declared element type of a [transmit_as] buffer.
	presented *Type
	// The parameters or members holding counts.
	sizeIs, lengthIs, maxIs *sizeRef
	// pointer is set for a pointer member that travels as its value.
	pointer bool
	// sized is set for strings, sequences and arrays made from pointers
	// by DCE attributes.
	sized bool
}

// shapeOf interprets the declarator d of a parameter (names lists the
// operation's parameter names) or member (names lists the sibling
// member names; param is false) of type base with attributes attrs.
func (c *checker) shapeOf(base *Type, d *parser.Declarator, attrs []*parser.Attribute, s *scope, what string, param bool, known map[string]bool) *shape {
	sh := &shape{}
	str := parser.HasAttr(attrs, "string")
	sizeA := parser.FindAttr(attrs, "size_is")
	lenA := parser.FindAttr(attrs, "length_is")
	maxA := parser.FindAttr(attrs, "max_is")
	transmit := parser.FindAttr(attrs, "transmit_as")
	dims := d.Dims
	conformant := len(dims) > 0 && dims[0] != nil && dims[0].Size == nil
	sized := sizeA != nil || lenA != nil || maxA != nil
	if isBad(base) {
		sh.t = badType
		return sh
	}
	if !str && !sized && !conformant {
		if transmit != nil {
			c.errs.Errorf(transmit.Pos, "attribute \"transmit_as\" is not supported here (%s): l4idl supports it only on size_is and length_is buffers", whyLayout)
		}
		t, _ := c.arrayOf(base, dims, s, what)
		if d.Pointers > 0 && !param && !isBad(t) {
			// A pointer in a struct travels as its value.
			t = pointerWord(t, d.Pointers)
			sh.pointer = true
		}
		sh.t = t
		return sh
	}
	sh.sized = true

	// Counts: a parameter (or member), *parameter, or a constant.
	classify := func(a *parser.Attribute) (*sizeRef, int64, bool) {
		if a == nil {
			return nil, 0, true
		}
		arg := a.Arg(0)
		if arg == nil {
			return nil, 0, false // reported by checkAttrs
		}
		if n := arg.AsName(); n != nil && len(n.Parts) == 1 && !n.Global && known[n.Parts[0]] {
			return &sizeRef{attr: a.Name, name: n.Parts[0], pos: arg.Pos}, 0, true
		}
		if arg.Expr == nil {
			raw := strings.TrimSpace(arg.Raw)
			if strings.HasPrefix(raw, "*") {
				name := strings.TrimSpace(raw[1:])
				if known[name] {
					return &sizeRef{attr: a.Name, name: name, deref: true, pos: arg.Pos}, 0, true
				}
				if isIdent(name) {
					c.errs.Errorf(arg.Pos, "%s names unknown %s %q", a.Name, refWord(param), name)
					return nil, 0, false
				}
			}
			c.errs.Errorf(arg.Pos, "%s(%s) is not supported: the count must be a %s name, *name or a constant", a.Name, arg.Raw, refWord(param))
			return nil, 0, false
		}
		if mentions(arg.Expr, known) {
			c.errs.Errorf(arg.Pos, "%s(%s) is not supported: the count must be a %s name, *name or a constant, not an expression", a.Name, arg.Raw, refWord(param))
			return nil, 0, false
		}
		if n := arg.AsName(); n != nil && len(n.Parts) == 1 && !n.Global && c.lookup(n, s, nil) == nil {
			c.errs.Errorf(arg.Pos, "%s names unknown %s %q", a.Name, refWord(param), n.Parts[0])
			return nil, 0, false
		}
		v := c.bound(arg.Expr, s, a.Name+" count")
		return nil, v, v > 0
	}
	sizeRef, sizeN, ok1 := classify(sizeA)
	lenRef, lenN, ok2 := classify(lenA)
	maxRef, maxN, ok3 := classify(maxA)
	sh.sizeIs, sh.lengthIs, sh.maxIs = sizeRef, lenRef, maxRef
	if !ok1 || !ok2 || !ok3 {
		sh.t = badType
		return sh
	}

	elem := base
	if transmit != nil {
		ts := attrType(transmit.Arg(0))
		if ts == nil {
			c.errs.Errorf(transmit.Pos, "transmit_as needs a type argument")
			sh.t = badType
			return sh
		}
		tr := c.typeSpec(ts, s, false)
		if isBad(tr) {
			sh.t = badType
			return sh
		}
		sh.presented = base
		elem = tr
	}
	if u := elem.Underlying(); u != nil && u.Kind == Void {
		elem = Basic(Octet)
	}
	// The varying dimension is the first array dimension, or the pointer.
	var firstN int64
	inner := dims
	if len(dims) > 0 {
		if dims[0] != nil && dims[0].Size != nil {
			if firstN = c.bound(dims[0].Size, s, "array size"); firstN <= 0 {
				sh.t = badType
				return sh
			}
		}
		inner = dims[1:]
	}
	elemT, bad := c.arrayOf(elem, inner, s, what)
	if bad || isBad(elemT) {
		sh.t = badType
		return sh
	}
	if !isBad(elemT) {
		elemT = c.complete(elemT, d.Pos)
	}
	bound := maxN
	if bound == 0 {
		bound = firstN
	}
	if str {
		if transmit != nil {
			c.errs.Errorf(transmit.Pos, "transmit_as cannot be combined with [string]")
		}
		if len(inner) > 0 {
			c.errs.Errorf(d.Pos, "[string] applies to one-dimensional char arrays and pointers")
			sh.t = badType
			return sh
		}
		st := c.stringOf(elemT, d.Pos)
		n := bound
		if n == 0 {
			n = lenN
		}
		if n == 0 {
			n = sizeN
		}
		if n > 0 && !isBad(st) {
			st = &Type{Kind: st.Kind, Len: n, Pos: d.Pos}
		}
		sh.t = st
		return sh
	}
	countN := lenN
	if countN == 0 {
		countN = sizeN
	}
	switch {
	case lenRef != nil || sizeRef != nil:
		sh.t = &Type{Kind: Sequence, Elem: elemT, Len: bound, Pos: d.Pos}
	case countN > 0:
		if bound > 0 && countN > bound {
			c.errs.Errorf(d.Pos, "%s has %d elements but its bound is %d", what, countN, bound)
		}
		sh.t = &Type{Kind: Array, Elem: elemT, Len: countN, Pos: d.Pos}
	case maxRef != nil:
		sh.t = &Type{Kind: Sequence, Elem: elemT, Pos: d.Pos}
	case bound > 0:
		sh.t = &Type{Kind: Array, Elem: elemT, Len: bound, Pos: d.Pos}
	default:
		c.errs.Errorf(d.Pos, "%s has no size: write size_is, length_is or max_is", what)
		sh.t = badType
	}
	return sh
}

func refWord(param bool) string {
	if param {
		return "parameter"
	}
	return "member"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// mentions reports whether e refers to one of names.
func mentions(e parser.Expr, names map[string]bool) bool {
	found := false
	parser.Inspect(e, func(n parser.Node) bool {
		if sn, ok := n.(*parser.ScopedName); ok && len(sn.Parts) == 1 && names[sn.Parts[0]] {
			found = true
		}
		return !found
	})
	return found
}

// ---------------------------------------------------------------------
// Operations.

// kernelMsgs are the kernel protocols [kernelmsg(idl4::x)] may name.
var kernelMsgs = []KernelMsg{KernelPagefault, KernelInterrupt, KernelSigma0RPC, KernelStartup,
	KernelPreemption, KernelIOPagefault, KernelException}

// operation checks an operation of interface ie.
func (c *checker) operation(x *parser.Operation, attrs []*parser.Attribute, ie *ifaceEntry) *Operation {
	c.at(x.Pos)
	s := ie.inner
	c.checkAttrs(attrs, placeOperation)
	op := &Operation{Name: x.Name, Pos: namePos(x.NamePos, x.Pos), Iface: ie.it, Attrs: convertAttrs(attrs)}
	op.Oneway = x.Oneway || parser.HasAttr(attrs, "oneway") || parser.HasAttr(attrs, "in")

	// Result.
	op.Result = c.typeSpec(x.Result, s, false)
	if isBad(op.Result) {
		op.Result = badType
	}

	// Parameters.
	names := map[string]bool{}
	for _, p := range x.Params {
		if p != nil && p.Name() != "" {
			names[p.Name()] = true
		}
	}
	byName := map[string]*Param{}
	type pending struct {
		p  *Param
		sh *shape
	}
	var later []pending
	for i, p := range x.Params {
		if p == nil {
			continue
		}
		c.at(p.Pos)
		if p.Declarator == nil && p.Type != nil && p.Type.Base != nil && p.Type.Base.Kind == parser.BaseVoid && !p.Type.Ref && len(x.Params) == 1 {
			continue // f(void)
		}
		c.checkAttrs(p.Attrs, placeParam)
		name := p.Name()
		if name == "" {
			c.errs.Errorf(p.Pos, "parameter %d of operation %q has no name", i+1, x.Name)
			continue
		}
		base := c.typeSpec(p.Type, s, true)
		sh := c.shapeOf(base, p.Declarator, p.Attrs, s, fmt.Sprintf("parameter %q", name), true, names)
		prm := &Param{Name: name, Pos: namePos(p.Declarator.NamePos, p.Declarator.Pos), Type: sh.t, Pointers: p.Declarator.Pointers, Attrs: convertAttrs(p.Attrs), Presented: sh.presented}
		if !isBad(prm.Type) && !sh.sized {
			prm.Type = c.complete(prm.Type, p.Type.Pos)
		}
		switch p.Direction() {
		case parser.DirIn:
			prm.Dir = In
		case parser.DirOut:
			prm.Dir = Out
		case parser.DirInOut:
			prm.Dir = InOut
		default:
			if ie.dce {
				c.errs.Warnf(prm.Pos, "parameter %q of operation %q has no direction; in assumed (the DCE default)", name, x.Name)
			} else {
				c.errs.Errorf(prm.Pos, "parameter %q of operation %q has no direction (in, out or inout); in assumed", name, x.Name)
			}
			prm.Dir = In
		}
		if prev := byName[name]; prev != nil {
			c.errs.Errorf(prm.Pos, "duplicate parameter %q in operation %q", name, x.Name)
			c.errs.Notef(prev.Pos, "previous parameter %q is here", name)
		} else {
			byName[name] = prm
		}
		c.paramFlags(prm, p, sh, x.Name)
		op.Params = append(op.Params, prm)
		later = append(later, pending{prm, sh})
	}
	for _, l := range later {
		l.p.SizeIs = c.countParam(l.sh.sizeIs, l.p, byName)
		l.p.LengthIs = c.countParam(l.sh.lengthIs, l.p, byName)
		l.p.MaxIs = c.countParam(l.sh.maxIs, l.p, byName)
	}

	// Raises.
	seen := map[*Type]bool{}
	for _, r := range x.Raises {
		if r == nil {
			continue
		}
		sym := c.lookup(r, s, nil)
		switch {
		case sym == nil:
			if !c.quiet(last(r.Parts)) {
				c.errs.Errorf(r.Pos, "undefined exception %q", r.String())
			}
		case sym.kind != symType || sym.typ == nil || sym.typ.Underlying() == nil || !sym.typ.Underlying().Exception:
			c.errs.Errorf(r.Pos, "%q in raises(...) is not an exception", r.String())
		case seen[sym.typ]:
			c.errs.Errorf(r.Pos, "exception %q is listed twice in raises(...)", r.String())
		default:
			seen[sym.typ] = true
			t := c.ensure(sym.typ)
			if why := unsendable(t, map[*Type]bool{}); why != "" {
				c.errs.Errorf(r.Pos, "operation %q raises %s: %s", x.Name, t, why)
			}
			op.Raises = append(op.Raises, t)
		}
	}
	if len(x.Context) > 0 {
		c.errs.Warnf(namePos(x.ContextPos, x.Pos), "context clause ignored")
	}

	// Kernel messages and explicit function ids.
	if a := parser.FindAttr(attrs, "kernelmsg"); a != nil {
		op.KernelMsg = c.kernelMsg(a)
		if parser.HasAttr(attrs, "uuid") {
			c.errs.Errorf(a.Pos, "kernel message operation %q cannot have a [uuid]: its label comes from the kernel protocol", x.Name)
		}
	} else if a := parser.FindAttr(attrs, "uuid"); a != nil && len(a.Args) == 1 {
		if a.Args[0].Expr == nil {
			c.errs.Errorf(a.Args[0].Pos, "function id of operation %q must be an integer constant in 0..63, not %s", x.Name, a.Args[0].Raw)
		} else if v, ok := c.evalInt(a.Args[0].Expr, ie.outer, "function id"); ok {
			if v.Sign() < 0 || v.Cmp(big.NewInt(63)) > 0 {
				c.errs.Errorf(a.Args[0].Pos, "function id %s of operation %q is out of range 0..63", v, x.Name)
			} else {
				op.FuncID, op.FuncIDExplicit = v.Uint64(), true
			}
		}
	}

	c.checkOneway(op, x.Result, x.Raises)
	c.checkSendable(op)
	return op
}

// paramFlags interprets prealloc, grant and map, and warns about a char
// pointer that sends one character.
func (c *checker) paramFlags(prm *Param, p *parser.Param, sh *shape, opName string) {
	if a := parser.FindAttr(p.Attrs, "prealloc"); a != nil {
		if !prm.Dir.Returns() {
			c.errs.Errorf(a.Pos, "[prealloc] applies to out and inout parameters (the caller provides the buffer the reply is received into), not to in parameter %q", prm.Name)
		} else {
			prm.Prealloc = true
		}
	}
	if a := parser.FindAttr(p.Attrs, "prealloc_client"); a != nil {
		if !prm.Dir.Returns() {
			c.errs.Warnf(a.Pos, "attribute \"prealloc_client\" ignored on in parameter %q (it concerns received values)", prm.Name)
		} else {
			prm.Prealloc = true
		}
	}
	grant, mp := parser.FindAttr(p.Attrs, "grant"), parser.FindAttr(p.Attrs, "map")
	for _, a := range []*parser.Attribute{grant, mp} {
		if a != nil && !isBad(prm.Type) && !hasFpage(prm.Type, map[*Type]bool{}) {
			c.errs.Errorf(a.Pos, "[%s] applies to fpage parameters, and %q has type %s", a.Name, prm.Name, prm.Type)
		}
	}
	if grant != nil && mp != nil {
		c.errs.Errorf(grant.Pos, "parameter %q cannot be both [grant] and [map]", prm.Name)
	}
	prm.Grant = grant != nil
	if p.Declarator != nil && p.Declarator.Pointers > 0 && !sh.sized && prm.Dir == In && !isBad(prm.Type) && prm.Type.Underlying().Kind == Char {
		c.errs.Warnf(prm.Pos, "parameter %q of operation %q is a char pointer without [string] or size_is: l4idl sends the one char it points to (write [string] for a string, size_is(n) for a buffer)", prm.Name, opName)
	}
	if !isBad(prm.Type) && prm.Type.Underlying().Kind == Void {
		c.errs.Errorf(prm.Pos, "parameter %q has type void", prm.Name)
		prm.Type = badType
	}
}

// hasFpage reports whether values of t hold an fpage.
func hasFpage(t *Type, seen map[*Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind {
	case Fpage:
		return true
	case Alias, Array, Sequence:
		return hasFpage(t.Elem, seen)
	case Struct:
		for _, f := range t.Fields {
			if f != nil && hasFpage(f.Type, seen) {
				return true
			}
		}
	case Union:
		for _, a := range t.Arms {
			if a != nil && a.Field != nil && hasFpage(a.Field.Type, seen) {
				return true
			}
		}
	}
	return false
}

// countParam resolves a size_is/length_is/max_is parameter reference.
func (c *checker) countParam(r *sizeRef, p *Param, byName map[string]*Param) *Param {
	if r == nil {
		return nil
	}
	q := byName[r.name]
	switch {
	case q == nil:
		c.errs.Errorf(r.pos, "%s names unknown parameter %q", r.attr, r.name)
		return nil
	case q == p:
		c.errs.Errorf(r.pos, "%s of parameter %q names the parameter itself", r.attr, r.name)
		return nil
	case isBad(q.Type):
		return nil
	case !q.Type.IsInteger():
		c.errs.Errorf(r.pos, "%s parameter %q is not an integer", r.attr, r.name)
		return nil
	}
	return q
}

// kernelMsg reads [kernelmsg(idl4::x)] (the idl4:: prefix is optional).
func (c *checker) kernelMsg(a *parser.Attribute) KernelMsg {
	n := a.Arg(0).AsName()
	if n != nil {
		parts := n.Parts
		if len(parts) == 2 && parts[0] == "idl4" {
			parts = parts[1:]
		}
		if len(parts) == 1 {
			for _, k := range kernelMsgs {
				if string(k) == parts[0] {
					return k
				}
			}
		}
	}
	raw := ""
	if arg := a.Arg(0); arg != nil {
		raw = arg.Raw
	}
	var known []string
	for _, k := range kernelMsgs {
		known = append(known, "idl4::"+string(k))
	}
	c.errs.Errorf(a.Pos, "unknown kernel message %q (known: %s)", raw, strings.Join(known, ", "))
	return KernelNone
}

// checkOneway enforces that a oneway operation gets no reply.
func (c *checker) checkOneway(op *Operation, result *parser.TypeSpec, raises []*parser.ScopedName) {
	if !op.Oneway {
		return
	}
	if !isBad(op.Result) && op.Result.Underlying().Kind != Void {
		pos := op.Pos
		if result != nil {
			pos = result.Pos
		}
		c.errs.Errorf(pos, "oneway operation %q must return void, not %s", op.Name, op.Result)
	}
	for _, p := range op.Params {
		if p.Dir.Returns() {
			c.errs.Errorf(p.Pos, "oneway operation %q cannot have %s parameter %q", op.Name, p.Dir, p.Name)
		}
	}
	if len(raises) > 0 {
		c.errs.Errorf(raises[0].Pos, "oneway operation %q cannot raise exceptions", op.Name)
	}
}

// checkSendable reports values whose types the lowering cannot describe.
func (c *checker) checkSendable(op *Operation) {
	if why := unsendable(op.Result, map[*Type]bool{}); why != "" {
		c.errs.Errorf(op.Pos, "the result of operation %q: %s", op.Name, why)
	}
	for _, p := range op.Params {
		if why := unsendable(p.Type, map[*Type]bool{}); why != "" {
			c.errs.Errorf(p.Pos, "parameter %q of operation %q: %s", p.Name, op.Name, why)
		}
	}
}

// attributeOps makes the accessor operations of a CORBA attribute
// declaration: _get_x and, unless readonly, _set_x(in T value).
func (c *checker) attributeOps(x *parser.AttributeDecl, attrs []*parser.Attribute, ie *ifaceEntry) []*Operation {
	c.at(x.Pos)
	c.checkAttrs(attrs, placeOperation)
	base := c.typeSpec(x.Type, ie.inner, false)
	var ops []*Operation
	for _, d := range x.Names {
		if d == nil {
			continue
		}
		t := base
		if d.Pointers > 0 {
			c.errs.Errorf(d.Pos, "attribute %q cannot be a pointer", d.Name)
			t = badType
		} else if len(d.Dims) > 0 {
			t, _ = c.arrayOf(base, d.Dims, ie.inner, "attribute "+d.Name)
		}
		pos := namePos(d.NamePos, d.Pos)
		get := &Operation{Name: "_get_" + d.Name, Pos: pos, Iface: ie.it, Result: t, Attribute: d.Name, Attrs: convertAttrs(attrs)}
		ops = append(ops, get)
		if !x.Readonly {
			set := &Operation{Name: "_set_" + d.Name, Pos: pos, Iface: ie.it, Result: Basic(Void), Attribute: d.Name, Attrs: convertAttrs(attrs),
				Params: []*Param{{Name: "value", Pos: pos, Dir: In, Type: t}}}
			ops = append(ops, set)
		}
		for _, op := range ops[len(ops)-1-boolInt(!x.Readonly):] {
			c.checkSendable(op)
		}
	}
	return ops
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
