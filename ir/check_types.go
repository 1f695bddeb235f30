package ir

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// This file checks types: built-in spellings, named types (typedefs,
// structs, unions, enums, exceptions, natives), anonymous sequence, array
// and bounded string types, and, once everything is resolved, that no
// struct or union contains itself by value.
//
// Struct, union and enum definitions written inline (in a typedef, a
// member, a union arm) get their type when they are declared, so every
// use shares it; a tagged one declares its tag in the scope that holds
// the declaration it appears in, as C does (nested definitions are not
// scopes of their own). An enum's enumerators are declared there too.

// resolveState tracks lazily resolved declarations.
type resolveState int

const (
	unresolved resolveState = iota
	resolving
	resolved
)

// typeEntry describes how a declared type is resolved.
type typeEntry struct {
	t     *Type
	sym   *symbol // nil for anonymous inline definitions
	scope *scope  // where the names of its definition are looked up
	state resolveState
	// ok reports that resolution produced no error (only tracked for
	// declarations from C headers).
	ok bool
	// named types are listed in Program.Types.
	named           bool
	imported, fromC bool

	// What it is made from (one of these).
	aliasOf *parser.TypeSpec // typedef: the aliased type ...
	decl    *parser.Declarator
	attrs   []*parser.Attribute // ... and the typedef's attributes
	st      *parser.StructType
	un      *parser.UnionType
	unAttrs []*parser.Attribute // [switch_type(T)] before a DCE union
	en      *parser.EnumType
	exc     *parser.Exception
	// cycle marks a typedef found to be defined in terms of itself.
	cycle bool
}

// badType stands for a type that could not be resolved (the problem has
// been reported); checks skip it silently.
var badType = &Type{Kind: Invalid}

func isBad(t *Type) bool {
	return t == nil || t.Kind == Invalid || t.Underlying() == nil || t.Underlying().Kind == Invalid
}

func (c *checker) addTypeEntry(e *typeEntry) {
	c.entries[e.t] = e
	c.typeList = append(c.typeList, e)
}

// ---------------------------------------------------------------------
// Declaration.

func (c *checker) declareTypedef(x *parser.Typedef, s *scope, dc *declCtx) {
	c.checkAttrs(dc.attrs, placeType)
	c.declareInline(x.Type, s, dc, dc.attrs)
	for _, d := range x.Declarators {
		if d == nil || d.Name == "" {
			continue
		}
		if d.Pointers == 0 && len(d.Dims) == 0 && tagOf(x.Type) == d.Name {
			// typedef struct tag { ... } tag; the tag already names it.
			continue
		}
		pos := namePos(d.NamePos, d.Pos)
		t := &Type{Kind: Alias, Name: qname(s, d.Name, dc.fromC), Pos: pos, Imported: dc.imported, FromC: dc.fromC, Attrs: convertAttrs(dc.attrs)}
		e := &typeEntry{t: t, scope: s, named: true, imported: dc.imported, fromC: dc.fromC, aliasOf: x.Type, decl: d, attrs: dc.attrs}
		sym := &symbol{kind: symType, name: d.Name, pos: pos, typ: t, imported: dc.imported, fromC: dc.fromC}
		if c.declare(s, sym) != sym {
			continue
		}
		e.sym = sym
		c.addTypeEntry(e)
	}
}

// tagOf returns the tag of a struct, union or enum type spec, or "".
func tagOf(ts *parser.TypeSpec) string {
	switch {
	case ts == nil:
	case ts.Struct != nil:
		return ts.Struct.Tag
	case ts.Union != nil:
		return ts.Union.Tag
	case ts.Enum != nil:
		return ts.Enum.Tag
	}
	return ""
}

func (c *checker) declareTypeDecl(x *parser.TypeDecl, s *scope, dc *declCtx) {
	c.checkAttrs(dc.attrs, placeType)
	ts := x.Type()
	c.declareInline(ts, s, dc, dc.attrs)
	// A forward declaration "struct tag;" declares the tag.
	switch {
	case x.Struct != nil && !x.Struct.Defined && x.Struct.Tag != "":
		c.declareTag(Struct, x.Struct.Tag, x.Struct, namePos(x.Struct.TagPos, x.Struct.Pos), false, s, dc)
	case x.Union != nil && !x.Union.Defined && x.Union.Tag != "":
		c.declareTag(Union, x.Union.Tag, x.Union, namePos(x.Union.TagPos, x.Union.Pos), false, s, dc)
	case x.Enum != nil && !x.Enum.Defined && x.Enum.Tag != "":
		c.declareTag(Enum, x.Enum.Tag, x.Enum, namePos(x.Enum.TagPos, x.Enum.Pos), false, s, dc)
	}
}

func (c *checker) declareException(x *parser.Exception, s *scope, dc *declCtx) {
	pos := namePos(x.NamePos, x.Pos)
	t := &Type{Kind: Struct, Exception: true, Name: qname(s, x.Name, dc.fromC), Pos: pos, Imported: dc.imported, FromC: dc.fromC, Attrs: convertAttrs(dc.attrs)}
	e := &typeEntry{t: t, scope: s, named: true, imported: dc.imported, fromC: dc.fromC, exc: x}
	for _, m := range x.Members {
		if m != nil {
			c.declareInline(m.Type, s, dc, nil)
		}
	}
	sym := &symbol{kind: symType, name: x.Name, pos: pos, typ: t, imported: dc.imported, fromC: dc.fromC}
	if c.declare(s, sym) != sym {
		return
	}
	e.sym = sym
	c.addTypeEntry(e)
}

// declareInline declares the struct, union and enum definitions written
// inside a type spec (recursively), giving each its type. attrs are the
// attributes of the declaration the spec belongs to ([switch_type]).
func (c *checker) declareInline(ts *parser.TypeSpec, s *scope, dc *declCtx, attrs []*parser.Attribute) {
	if ts == nil {
		return
	}
	switch {
	case ts.Sequence != nil:
		c.declareInline(ts.Sequence.Elem, s, dc, nil)
	case ts.Struct != nil:
		st := ts.Struct
		if !st.Defined {
			c.implicitTag(Struct, st.Tag, st, namePos(st.TagPos, st.Pos), s, dc)
			return
		}
		e := c.declareTag(Struct, st.Tag, st, namePos(st.TagPos, st.Pos), true, s, dc)
		if e != nil {
			e.st = st
			e.t.Attrs = convertAttrs(attrs)
		}
		for _, m := range st.Members {
			if m != nil {
				c.declareInline(m.Type, s, dc, nil)
			}
		}
	case ts.Union != nil:
		un := ts.Union
		if !un.Defined {
			c.implicitTag(Union, un.Tag, un, namePos(un.TagPos, un.Pos), s, dc)
			return
		}
		e := c.declareTag(Union, un.Tag, un, namePos(un.TagPos, un.Pos), true, s, dc)
		if e != nil {
			e.un, e.unAttrs = un, attrs
			e.t.Attrs = convertAttrs(attrs)
		}
		if un.Switch != nil {
			c.declareInline(un.Switch.Type, s, dc, nil)
		}
		for _, a := range un.Arms {
			if a != nil && a.Member != nil {
				c.declareInline(a.Member.Type, s, dc, nil)
			}
		}
	case ts.Enum != nil:
		en := ts.Enum
		if !en.Defined {
			c.implicitTag(Enum, en.Tag, en, namePos(en.TagPos, en.Pos), s, dc)
			return
		}
		e := c.declareTag(Enum, en.Tag, en, namePos(en.TagPos, en.Pos), true, s, dc)
		if e == nil {
			return
		}
		e.en = en
		e.t.Attrs = convertAttrs(attrs)
		for i, x := range en.Enumerators {
			e.t.Enumerators = append(e.t.Enumerators, &Enumerator{Name: x.Name, Pos: x.Pos})
			c.declare(s, &symbol{kind: symEnumerator, name: x.Name, pos: x.Pos, enum: e.t, index: i, imported: dc.imported, fromC: dc.fromC})
		}
	}
}

// implicitTag handles "struct tag" used without a body. In C that
// declares the tag when it is not known yet; in IDL the name must be
// declared somewhere (it is looked up when resolved).
func (c *checker) implicitTag(k Kind, tag string, node parser.Node, pos diag.Pos, s *scope, dc *declCtx) {
	if tag == "" || !dc.fromC {
		return
	}
	for sc := s; sc != nil; sc = sc.parent {
		if sc.syms[tag] != nil {
			return
		}
	}
	c.declareTag(k, tag, node, pos, false, s, dc)
}

// declareTag gives a struct, union or enum definition (body true) or
// forward declaration its type and, when tagged, declares the tag. A
// definition completes an earlier forward declaration of the same tag.
// It returns the entry to fill, or nil when nothing is to be resolved
// (a forward declaration, or a redefinition that was reported).
func (c *checker) declareTag(k Kind, tag string, node parser.Node, pos diag.Pos, body bool, s *scope, dc *declCtx) *typeEntry {
	if prev := s.syms[tag]; tag != "" && prev != nil && prev.kind == symType && prev.typ != nil && prev.typ.Kind == k {
		pe := c.entries[prev.typ]
		if prev.forward && body && pe != nil {
			// The definition completes the forward declaration.
			prev.forward = false
			prev.pos, prev.typ.Pos = pos, pos
			c.shells[node] = prev.typ
			return pe
		}
		if !body {
			c.shells[node] = prev.typ
			return nil
		}
		if prev.pos == pos {
			// The same definition reached twice.
			c.shells[node] = prev.typ
			return nil
		}
	}
	t := &Type{Kind: k, Pos: pos, Imported: dc.imported, FromC: dc.fromC}
	if tag != "" {
		t.Name = qname(s, tag, dc.fromC)
	}
	c.shells[node] = t
	e := &typeEntry{t: t, scope: s, named: tag != "", imported: dc.imported, fromC: dc.fromC}
	if !body {
		e.state = resolved
	}
	if tag != "" {
		sym := &symbol{kind: symType, name: tag, pos: pos, typ: t, imported: dc.imported, fromC: dc.fromC, forward: !body}
		if got := c.declare(s, sym); got != sym {
			if got.kind == symType && got.typ != nil && got.typ.Kind == k {
				c.shells[node] = got.typ
			}
			return nil
		}
		e.sym = sym
	}
	c.addTypeEntry(e)
	if !body {
		return nil
	}
	return e
}

// ---------------------------------------------------------------------
// Resolution.

// ensure resolves a declared type (once) and returns it.
func (c *checker) ensure(t *Type) *Type {
	e := c.entries[t]
	if e == nil {
		return t
	}
	switch e.state {
	case resolved:
		return t
	case resolving:
		if e.aliasOf != nil && !e.cycle {
			c.errs.Errorf(t.Pos, "typedef %q is defined in terms of itself", t.ScopedName())
			e.cycle = true
		}
		return t
	}
	e.state = resolving
	saved := c.pos
	before := c.errs.ErrorCount()
	c.at(t.Pos)
	switch {
	case e.aliasOf != nil:
		c.resolveAlias(e)
		if e.cycle {
			t.Elem = badType
		}
	case e.st != nil:
		if len(e.st.Members) == 0 && !e.fromC {
			// C compilers differ (GCC gives size 0, C++ size 1), and the
			// C backends map structs one to one.
			c.errs.Warnf(t.Pos, "%s has no members (CORBA IDL requires at least one)", describeType(t))
		}
		t.Fields = c.fields(e.st.Members, e.scope, t)
	case e.exc != nil:
		t.Fields = c.fields(e.exc.Members, e.scope, t)
	case e.un != nil:
		c.resolveUnion(e)
	case e.en != nil:
		c.resolveEnum(e)
	}
	e.state = resolved
	e.ok = c.errs.ErrorCount() == before
	c.pos = saved
	return t
}

// forwardOnly reports a struct or union that was declared but never
// defined.
func (e *typeEntry) forwardOnly() bool {
	return (e.t.Kind == Struct || e.t.Kind == Union || e.t.Kind == Enum) && e.st == nil && e.un == nil && e.en == nil && e.exc == nil
}

func (c *checker) resolveAlias(e *typeEntry) {
	base := c.typeSpec(e.aliasOf, e.scope, true)
	d := e.decl
	t := base
	switch {
	case parser.HasAttr(e.attrs, "string") && (d.Pointers > 0 || len(d.Dims) > 0):
		t = c.stringOf(base, d.Pos)
		if len(d.Dims) > 0 && d.Dims[0].Size != nil {
			t = &Type{Kind: t.Kind, Len: c.bound(d.Dims[0].Size, e.scope, "string bound"), Pos: d.Pos}
		}
	default:
		var err bool
		t, err = c.arrayOf(base, d.Dims, e.scope, "typedef "+d.Name)
		if !err && d.Pointers > 0 {
			t = pointerWord(t, d.Pointers)
		}
	}
	if d.Bits != nil {
		c.errs.Errorf(d.Pos, "a typedef cannot have a bit-field width")
	}
	e.t.Elem = t
}

// pointerWord makes the type of a pointer that travels as its value (a
// machine word): IDL4's "ref T" and pointers in shared-memory structs.
func pointerWord(t *Type, n int) *Type {
	p := t
	for i := 0; i < n; i++ {
		p = &Type{Kind: Word, PointsTo: p}
	}
	return p
}

// arrayOf applies array dimensions (outermost first) to elem. Every
// dimension needs a positive constant size here.
func (c *checker) arrayOf(elem *Type, dims []*parser.ArrayDim, s *scope, what string) (*Type, bool) {
	t := elem
	bad := false
	for i := len(dims) - 1; i >= 0; i-- {
		d := dims[i]
		if d == nil {
			continue
		}
		if d.Size == nil {
			c.errs.Errorf(d.Pos, "array %s has no size", what)
			bad = true
			continue
		}
		n := c.bound(d.Size, s, "array size")
		if n <= 0 {
			bad = true
			continue
		}
		t = &Type{Kind: Array, Elem: t, Len: n, Pos: d.Pos}
	}
	if bad {
		return badType, true
	}
	return t, false
}

// bound evaluates a size or bound: a positive integer constant. It
// returns 0 after reporting a problem.
func (c *checker) bound(e parser.Expr, s *scope, what string) int64 {
	v, ok := c.evalInt(e, s, what)
	if !ok {
		return 0
	}
	if v.Sign() <= 0 || !v.IsInt64() || v.Int64() > 1<<40 {
		c.errs.Errorf(e.Position(), "%s must be a positive integer constant, not %s", what, v)
		return 0
	}
	return v.Int64()
}

// typeSpec resolves a type as written. incomplete allows a struct or
// union that is declared but not defined (behind a pointer).
func (c *checker) typeSpec(ts *parser.TypeSpec, s *scope, incomplete bool) *Type {
	if ts == nil {
		return badType
	}
	c.at(ts.Pos)
	t := c.typeSpecNoRef(ts, s, incomplete || ts.Ref)
	if ts.Ref && !isBad(t) {
		t = pointerWord(t, 1)
	}
	return t
}

func (c *checker) typeSpecNoRef(ts *parser.TypeSpec, s *scope, incomplete bool) *Type {
	switch {
	case ts.Base != nil:
		return c.baseType(ts.Base)
	case ts.Str != nil:
		k := String
		if ts.Str.Wide {
			k = WString
		}
		if ts.Str.Bound == nil {
			return Basic(k)
		}
		n := c.bound(ts.Str.Bound, s, "string bound")
		if n <= 0 {
			return badType
		}
		return &Type{Kind: k, Len: n, Pos: ts.Pos}
	case ts.Sequence != nil:
		elem := c.typeSpec(ts.Sequence.Elem, s, false)
		var n int64
		if ts.Sequence.Bound != nil {
			if n = c.bound(ts.Sequence.Bound, s, "sequence bound"); n <= 0 {
				return badType
			}
		}
		if isBad(elem) {
			return badType
		}
		if u := elem.Underlying(); u.Kind == Void {
			c.errs.Errorf(ts.Sequence.Elem.Pos, "a sequence cannot hold void")
			return badType
		}
		return &Type{Kind: Sequence, Elem: elem, Len: n, Pos: ts.Pos}
	case ts.Fixed != nil:
		c.errs.Errorf(ts.Pos, "type fixed is not supported by l4idl")
		return badType
	case ts.Struct != nil:
		return c.tagType(Struct, "struct", ts.Struct.Tag, ts.Struct, ts.Struct.Defined, ts.Pos, s, incomplete)
	case ts.Union != nil:
		return c.tagType(Union, "union", ts.Union.Tag, ts.Union, ts.Union.Defined, ts.Pos, s, incomplete)
	case ts.Enum != nil:
		return c.tagType(Enum, "enum", ts.Enum.Tag, ts.Enum, ts.Enum.Defined, ts.Pos, s, incomplete)
	case ts.Named != nil:
		return c.namedType(ts.Named, s, incomplete)
	}
	c.errs.Errorf(ts.Pos, "missing type")
	return badType
}

// baseKinds maps the parser's built-in types to kinds.
var baseKinds = map[parser.BaseKind]Kind{
	parser.BaseVoid: Void, parser.BaseBoolean: Boolean, parser.BaseChar: Char,
	parser.BaseSChar: Int8, parser.BaseUChar: Octet, parser.BaseWChar: WChar,
	parser.BaseOctet: Octet, parser.BaseShort: Short, parser.BaseUShort: UShort,
	parser.BaseLong: Long, parser.BaseULong: ULong, parser.BaseLongLong: LongLong,
	parser.BaseULongLong: ULongLong, parser.BaseCLong: SignedWord, parser.BaseCULong: Word,
	parser.BaseFloat: Float, parser.BaseDouble: Double, parser.BaseLongDouble: LongDouble,
	parser.BaseObject: ObjRef, parser.BaseWord: Word, parser.BaseSignedWord: SignedWord,
	parser.BaseThreadID: ThreadID, parser.BaseFpage: Fpage,
}

func (c *checker) baseType(b *parser.BaseType) *Type {
	switch b.Kind {
	case parser.BaseInvalid:
		return badType // reported by the parser
	case parser.BaseAny:
		c.errs.Errorf(b.Pos, "type any is not supported by l4idl")
		return badType
	}
	if k, ok := baseKinds[b.Kind]; ok {
		return Basic(k)
	}
	c.errs.Errorf(b.Pos, "type %s is not supported by l4idl", b.String())
	return badType
}

// tagType resolves "struct tag { ... }" (a definition, whose type was made
// when it was declared) or a reference "struct tag".
func (c *checker) tagType(k Kind, kw, tag string, node parser.Node, defined bool, pos diag.Pos, s *scope, incomplete bool) *Type {
	if t := c.shells[node]; t != nil && (defined || t.Kind == k) {
		c.ensure(t)
		if !defined && !incomplete {
			return c.complete(t, pos)
		}
		return t
	}
	if defined {
		return badType // a redefinition, reported
	}
	sym := c.lookup(&parser.ScopedName{Pos: pos, Parts: []string{tag}}, s, nil)
	if sym == nil {
		if !c.quiet(tag) {
			c.errs.Errorf(pos, "undefined type \"%s %s\"", kw, tag)
		}
		return badType
	}
	if sym.kind != symType || sym.typ == nil {
		c.errs.Errorf(pos, "%q is %s, not a %s", tag, article(sym.kind), kw)
		return badType
	}
	t := c.ensure(sym.typ)
	if u := t.Underlying(); u == nil || u.Kind != k {
		if !isBad(t) {
			c.errs.Errorf(pos, "%q is not a %s", tag, kw)
		}
		return badType
	}
	if incomplete {
		return t
	}
	return c.complete(t, pos)
}

// complete reports a struct or union that was declared but never
// defined, used where its contents matter.
func (c *checker) complete(t *Type, pos diag.Pos) *Type {
	u := t.Underlying()
	if u == nil || (u.Kind != Struct && u.Kind != Union) {
		return t
	}
	if e := c.entries[u]; e != nil && e.st == nil && e.un == nil && e.exc == nil {
		if !c.quiet(last(u.Name)) {
			c.errs.Errorf(pos, "%s %q is declared but never defined", u.Kind, u.ScopedName())
		}
		return badType
	}
	return t
}

func article(k symKind) string {
	switch k {
	case symInterface, symEnumerator, symOp:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// namedType resolves a type name.
func (c *checker) namedType(n *parser.ScopedName, s *scope, incomplete bool) *Type {
	sym := c.lookup(n, s, nil)
	if sym == nil {
		if k, name, ok := wellKnownL4(n); ok {
			c.errs.Warnf(n.Pos, "type %q is not declared; taken as the L4 X.2 type %s (%s): import \"l4/types.h\" to declare it", n.String(), name, k)
			return Basic(k)
		}
		if !c.quiet(last(n.Parts)) {
			c.errs.Errorf(n.Pos, "undefined type %q", n.String())
		}
		return badType
	}
	switch sym.kind {
	case symType:
		t := c.ensure(sym.typ)
		if !incomplete {
			return c.complete(t, n.Pos)
		}
		return t
	case symInterface:
		return c.objRef(sym.iface)
	}
	c.errs.Errorf(n.Pos, "%q is %s, not a type", n.String(), article(sym.kind))
	return badType
}

// objRef returns the ObjRef type of an interface (one per interface).
func (c *checker) objRef(ie *ifaceEntry) *Type {
	if t := c.objRefs[ie]; t != nil {
		return t
	}
	t := &Type{Kind: ObjRef, Name: ie.sym.scope.qualify(ie.sym.name), Pos: ie.sym.pos, Imported: ie.sym.imported}
	c.objRefs[ie] = t
	return t
}

// stringOf makes the string type of a DCE [string] pointer or array of
// elem (char: string; wchar: wstring).
func (c *checker) stringOf(elem *Type, pos diag.Pos) *Type {
	if isBad(elem) {
		return badType
	}
	switch elem.Underlying().Kind {
	case Char, Octet, Int8:
		return Basic(String)
	case WChar:
		return Basic(WString)
	}
	c.errs.Errorf(pos, "[string] applies to char and wchar pointers and arrays, not %s", elem)
	return badType
}

// ---------------------------------------------------------------------
// Structs and exceptions.

// fields resolves the members of a struct or exception. Sizes of DCE
// sized members refer to sibling members, so they are resolved after
// all members exist.
func (c *checker) fields(members []*parser.Member, s *scope, owner *Type) []*Field {
	var out []*Field
	seen := map[string]*Field{}
	type pending struct {
		f     *Field
		sh    *shape
		bits  parser.Expr
		decls *parser.Declarator
	}
	var later []pending
	names := map[string]bool{}
	for _, m := range members {
		if m != nil {
			for _, d := range m.Declarators {
				if d != nil {
					names[d.Name] = true
				}
			}
		}
	}
	for _, m := range members {
		if m == nil {
			continue
		}
		c.at(m.Pos)
		if m.Type == nil {
			c.errs.Errorf(m.Pos, "empty member in %s", describeType(owner))
			continue
		}
		c.checkAttrs(m.Attrs, placeMember)
		base := c.typeSpec(m.Type, s, true)
		if len(m.Declarators) == 0 {
			c.errs.Errorf(m.Pos, "anonymous members are not supported (give the member a name)")
			continue
		}
		for _, d := range m.Declarators {
			if d == nil {
				continue
			}
			sh := c.shapeOf(base, d, m.Attrs, s, "member "+d.Name, false, names)
			pos := namePos(d.NamePos, d.Pos)
			f := &Field{Name: d.Name, Type: sh.t, Pos: pos, Attrs: convertAttrs(m.Attrs)}
			if !sh.pointer && !isBad(sh.t) {
				f.Type = c.complete(sh.t, pos)
			}
			if prev := seen[d.Name]; prev != nil {
				c.errs.Errorf(pos, "duplicate member %q in %s", d.Name, describeType(owner))
				c.errs.Notef(prev.Pos, "previous member %q is here", d.Name)
			} else {
				seen[d.Name] = f
			}
			out = append(out, f)
			later = append(later, pending{f, sh, d.Bits, d})
		}
	}
	for _, p := range later {
		if p.bits != nil {
			p.f.Bits = c.bitWidth(p.bits, p.f, s)
		}
		ref := p.sh.lengthIs
		if ref == nil {
			ref = p.sh.sizeIs
		}
		if ref == nil {
			continue
		}
		if ref.deref {
			c.errs.Errorf(ref.pos, "%s(*%s) is not supported on struct members: name the member that holds the count", ref.attr, ref.name)
			continue
		}
		sib := seen[ref.name]
		switch {
		case sib == nil:
			c.errs.Errorf(ref.pos, "%s names unknown member %q", ref.attr, ref.name)
		case sib == p.f:
			c.errs.Errorf(ref.pos, "%s of member %q names the member itself", ref.attr, ref.name)
		case isBad(sib.Type):
		case !sib.Type.IsInteger():
			c.errs.Errorf(ref.pos, "%s member %q is not an integer", ref.attr, ref.name)
		default:
			p.f.Size = sib
		}
	}
	return out
}

// bitWidth evaluates a bit-field width.
func (c *checker) bitWidth(e parser.Expr, f *Field, s *scope) int {
	v, ok := c.evalInt(e, s, "bit-field width")
	if !ok {
		return 0
	}
	bits := int64(0)
	if !isBad(f.Type) && f.Type.IsInteger() {
		bits = int64(f.Type.Bits(&ABI{WordBits: 64}))
	} else if !isBad(f.Type) {
		c.errs.Errorf(f.Pos, "bit-field %q must have an integer type, not %s", f.Name, f.Type)
		return 0
	}
	if v.Sign() <= 0 || !v.IsInt64() || v.Int64() > bits {
		c.errs.Errorf(e.Position(), "bit-field width %s of %q is out of range 1..%d", v, f.Name, bits)
		return 0
	}
	return int(v.Int64())
}

// describeType names a struct, union or exception for messages.
func describeType(t *Type) string {
	what := "struct"
	switch {
	case t == nil:
		return "type"
	case t.Exception:
		what = "exception"
	case t.Kind == Union:
		what = "union"
	}
	if len(t.Name) == 0 {
		return "anonymous " + what
	}
	return fmt.Sprintf("%s %q", what, t.ScopedName())
}

// ---------------------------------------------------------------------
// Unions.

func (c *checker) resolveUnion(e *typeEntry) {
	t, un := e.t, e.un
	if len(un.Arms) == 0 {
		c.errs.Errorf(t.Pos, "%s has no members", describeType(t))
	}
	if un.Switch != nil {
		t.Disc = c.typeSpec(un.Switch.Type, e.scope, false)
		t.DiscName = un.Switch.Name
		t.UnionName = un.Switch.UnionName
	} else if a := parser.FindAttr(e.unAttrs, "switch_type"); a != nil {
		if ts := attrType(a.Arg(0)); ts != nil {
			t.Disc = c.typeSpec(ts, e.scope, false)
		} else {
			c.errs.Errorf(a.Pos, "switch_type needs a type argument")
			t.Disc = badType
		}
	}
	if t.Disc != nil && !isBad(t.Disc) && !t.Disc.IsInteger() {
		c.errs.Errorf(discPos(un, e.unAttrs), "union discriminator must be an integer, char, boolean or enum type, not %s", t.Disc)
		t.Disc = badType
	}
	labelled := false
	for _, a := range un.Arms {
		if a != nil && (len(a.Labels) > 0 || (a.Member != nil && (parser.HasAttr(a.Member.Attrs, "case") || parser.HasAttr(a.Member.Attrs, "default")))) {
			labelled = true
		}
	}
	if t.Disc == nil && labelled {
		c.errs.Errorf(un.Pos, "%s has case labels but no discriminator type: write switch (T) or [switch_type(T)]", describeType(t))
		t.Disc = badType
	}
	if t.Disc != nil && isBad(t.Disc) {
		t.Disc = badType
	}

	seen := map[string]diag.Pos{}
	var dflt *UnionArm
	names := map[string]diag.Pos{}
	for _, a := range un.Arms {
		if a == nil {
			continue
		}
		c.at(a.Pos)
		arm := &UnionArm{Pos: a.Pos}
		written := false // a label or default was written (it may have failed)
		addLabel := func(e parser.Expr, pos diag.Pos) {
			written = true
			if t.Disc == nil || isBad(t.Disc) {
				return
			}
			v, ok := c.caseValue(e, t.Disc, c.entries[t].scope)
			if !ok {
				return
			}
			key := v.String()
			if prev, dup := seen[key]; dup {
				c.errs.Errorf(pos, "duplicate case label %s in %s", key, describeType(t))
				c.errs.Notef(prev, "previous case %s is here", key)
				return
			}
			seen[key] = pos
			arm.Labels = append(arm.Labels, v)
		}
		setDefault := func(pos diag.Pos) {
			written = true
			if dflt != nil {
				c.errs.Errorf(pos, "%s has more than one default case", describeType(t))
				c.errs.Notef(dflt.Pos, "previous default case is here")
				return
			}
			arm.Default = true
			dflt = arm
		}
		for _, l := range a.Labels {
			if l == nil {
				continue
			}
			if l.Default {
				setDefault(l.Pos)
			} else {
				addLabel(l.Value, l.Pos)
			}
		}
		m := a.Member
		if m != nil {
			for _, at := range m.Attrs {
				switch at.Name {
				case "case":
					if len(at.Args) == 0 {
						c.errs.Errorf(at.Pos, "case needs at least one value")
					}
					for _, arg := range at.Args {
						if arg.Expr == nil {
							c.errs.Errorf(arg.Pos, "case value %q is not a constant expression", arg.Raw)
							continue
						}
						addLabel(arg.Expr, arg.Pos)
					}
				case "default":
					setDefault(at.Pos)
				}
			}
		}
		if m != nil && m.Type != nil {
			c.checkAttrs(m.Attrs, placeMember)
			base := c.typeSpec(m.Type, e.scope, true)
			switch {
			case len(m.Declarators) == 0:
				c.errs.Errorf(m.Pos, "union member without a name")
			case len(m.Declarators) > 1:
				c.errs.Errorf(m.Declarators[1].Pos, "a union case holds one member")
			}
			if len(m.Declarators) > 0 && m.Declarators[0] != nil {
				d := m.Declarators[0]
				sh := c.shapeOf(base, d, m.Attrs, e.scope, "member "+d.Name, false, nil)
				if sh.sizeIs != nil || sh.lengthIs != nil {
					c.errs.Errorf(d.Pos, "size_is and length_is are not supported in union members")
				}
				pos := namePos(d.NamePos, d.Pos)
				ft := sh.t
				if !sh.pointer && !isBad(ft) {
					ft = c.complete(ft, pos)
				}
				if d.Bits != nil {
					c.errs.Errorf(d.Pos, "bit-fields are not supported in unions")
				}
				arm.Field = &Field{Name: d.Name, Type: ft, Pos: pos, Attrs: convertAttrs(m.Attrs)}
				if prev, dup := names[d.Name]; dup {
					c.errs.Errorf(pos, "duplicate member %q in %s", d.Name, describeType(t))
					c.errs.Notef(prev, "previous member %q is here", d.Name)
				}
				names[d.Name] = pos
			}
		}
		if t.Disc != nil && !written && !isBad(t.Disc) {
			c.errs.Errorf(a.Pos, "union case without a case label")
		}
		t.Arms = append(t.Arms, arm)
	}
}

func discPos(un *parser.UnionType, attrs []*parser.Attribute) diag.Pos {
	if un.Switch != nil && un.Switch.Type != nil {
		return un.Switch.Type.Pos
	}
	if a := parser.FindAttr(attrs, "switch_type"); a != nil {
		return a.Pos
	}
	return un.Pos
}

// caseValue evaluates a case label and converts it to the discriminator
// type.
func (c *checker) caseValue(e parser.Expr, disc *Type, s *scope) (*big.Int, bool) {
	v, ok := c.eval(e, &evalEnv{scope: s, target: disc})
	if !ok {
		return nil, false
	}
	cv, ok := c.convert(v, disc, e.Position(), "case label")
	if !ok {
		return nil, false
	}
	switch cv.Kind {
	case IntValue, CharValue:
		return cv.Int, true
	case BoolValue:
		if cv.Bool {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	c.errs.Errorf(e.Position(), "case label must be an integer, char, boolean or enumerator constant")
	return nil, false
}

// attrType returns an attribute argument as a type: a type spec, or a
// name (a built-in spelled as one word, such as "long", is a base type).
func attrType(a *parser.AttrArg) *parser.TypeSpec {
	if a == nil {
		return nil
	}
	if a.Type != nil {
		return a.Type
	}
	n := a.AsName()
	if n == nil {
		return nil
	}
	if len(n.Parts) == 1 && !n.Global {
		if k, ok := oneWordBase[n.Parts[0]]; ok {
			return &parser.TypeSpec{Pos: n.Pos, Base: &parser.BaseType{Pos: n.Pos, Words: []string{n.Parts[0]}, Kind: k}}
		}
	}
	return &parser.TypeSpec{Pos: n.Pos, Named: n}
}

// oneWordBase lists the built-in types spelled with one word.
var oneWordBase = map[string]parser.BaseKind{
	"void": parser.BaseVoid, "boolean": parser.BaseBoolean, "char": parser.BaseChar,
	"wchar": parser.BaseWChar, "octet": parser.BaseOctet, "byte": parser.BaseOctet,
	"short": parser.BaseShort, "long": parser.BaseLong, "int": parser.BaseLong,
	"unsigned": parser.BaseULong, "signed": parser.BaseLong, "float": parser.BaseFloat,
	"double": parser.BaseDouble, "word": parser.BaseWord, "signed_word": parser.BaseSignedWord,
	"threadid": parser.BaseThreadID, "fpage": parser.BaseFpage, "flexpage": parser.BaseFpage,
	"Object": parser.BaseObject,
}

// ---------------------------------------------------------------------
// Enums.

func (c *checker) resolveEnum(e *typeEntry) {
	t := e.t
	if len(e.en.Enumerators) == 0 {
		name := "anonymous enum"
		if len(t.Name) > 0 {
			name = fmt.Sprintf("enum %q", t.ScopedName())
		}
		c.errs.Errorf(t.Pos, "%s has no enumerators", name)
	}
	next := big.NewInt(0)
	lo, hi := big.NewInt(-1<<31), big.NewInt(1<<32-1)
	for i, x := range e.en.Enumerators {
		if i >= len(t.Enumerators) {
			break
		}
		if x.Value != nil {
			if v, ok := c.evalInt(x.Value, e.scope, "enumerator value"); ok {
				next = v
			}
		}
		if next.Cmp(lo) < 0 || next.Cmp(hi) > 0 {
			c.errs.Errorf(x.Pos, "enumerator %q has value %s, which does not fit 32 bits", x.Name, next)
			next = big.NewInt(0)
		}
		t.Enumerators[i].Value = next.Int64()
		c.enumDone[t.Enumerators[i]] = true
		next = new(big.Int).Add(next, big.NewInt(1))
	}
}

// ---------------------------------------------------------------------
// Infinitely large types.

// checkRecursion reports structs and unions that contain themselves by
// value (directly, or through other structs, unions, arrays and
// typedefs), which would be infinitely large. Containment through a
// sequence, string or pointer is fine in the type system.
func (c *checker) checkRecursion() {
	const (
		white = iota
		grey
		black
	)
	color := map[*Type]int{}
	type step struct {
		t    *Type
		name string
	}
	var stack []step
	var visit func(t *Type, via string)
	visit = func(t *Type, via string) {
		if t == nil || t.Kind == Invalid {
			return
		}
		switch color[t] {
		case black:
			return
		case grey:
			if t.Kind != Struct && t.Kind != Union {
				return // a typedef cycle, reported when resolved
			}
			// Find the cycle on the stack.
			for i := range stack {
				if stack[i].t == t {
					cyc := stack[i:]
					if c.reported[t] {
						return
					}
					var parts []string
					for j, st := range cyc {
						if st.name != "" {
							parts = append(parts, st.name)
						}
						c.reported[st.t] = true
						_ = j
					}
					parts = append(parts, via)
					c.errs.Errorf(t.Pos, "%s contains itself by value (%s), so it would be infinitely large; use a sequence to refer to it", describeType(t), strings.Join(nonEmpty(parts), " -> "))
					return
				}
			}
			return
		}
		color[t] = grey
		stack = append(stack, step{t: t, name: via})
		switch t.Kind {
		case Alias, Array:
			visit(t.Elem, "")
		case Struct:
			for _, f := range t.Fields {
				if f != nil {
					visit(f.Type, typeLabel(t)+"."+f.Name)
				}
			}
		case Union:
			for _, a := range t.Arms {
				if a != nil && a.Field != nil {
					visit(a.Field.Type, typeLabel(t)+"."+a.Field.Name)
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[t] = black
	}
	for _, e := range c.typeList {
		if e.fromC && !e.ok && e.state != resolved {
			continue
		}
		visit(e.t, "")
	}
}

func typeLabel(t *Type) string {
	if len(t.Name) > 0 {
		return t.Name[len(t.Name)-1]
	}
	return t.Kind.String()
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// unsendable returns why a value of type t cannot be described to the
// lowering (a bit-field member somewhere inside it), or "".
func unsendable(t *Type, seen map[*Type]bool) string {
	if t == nil || seen[t] {
		return ""
	}
	seen[t] = true
	switch t.Kind {
	case Alias, Array, Sequence:
		return unsendable(t.Elem, seen)
	case Struct:
		for _, f := range t.Fields {
			if f == nil {
				continue
			}
			if f.Bits > 0 {
				return fmt.Sprintf("%s has bit-field member %q, which l4idl cannot send", describeType(t), f.Name)
			}
			if why := unsendable(f.Type, seen); why != "" {
				return why
			}
		}
	case Union:
		for _, a := range t.Arms {
			if a != nil && a.Field != nil {
				if why := unsendable(a.Field.Type, seen); why != "" {
					return why
				}
			}
		}
	}
	return ""
}

// wellKnownL4 recognizes the L4 X.2 API type names that IDL files use
// without declaring them when they are included into a file that imports
// l4/types.h (afterburner's types.idl): a name not declared anywhere is
// taken as the L4 type, as l4/types.h would declare it.
func wellKnownL4(n *parser.ScopedName) (Kind, string, bool) {
	if len(n.Parts) != 1 {
		return 0, "", false
	}
	for _, w := range []struct {
		name string
		k    Kind
	}{{"L4_Word_t", Word}, {"L4_ThreadId_t", ThreadID}, {"L4_Fpage_t", Fpage}, {"L4_SignedWord_t", SignedWord}} {
		if strings.EqualFold(n.Parts[0], w.name) {
			return w.k, w.name, true
		}
	}
	return 0, "", false
}
