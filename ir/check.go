package ir

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// This file is the entry of the semantic checker, which turns the syntax
// trees of package parser into the checked Program. The work is split by
// concern:
//
//	check.go        driver, scopes, the declaration pass, name lookup
//	check_types.go  types: built-ins, typedefs, structs, unions, enums
//	check_const.go  constant expressions (math/big) and range checks
//	check_iface.go  interfaces: inheritance, flattening, ids and labels
//	check_op.go     operations and parameters (CORBA and DCE forms)
//	check_attr.go   the attribute policy: what each DCE attribute means
//
// The checker runs in passes. The declaration pass walks every file,
// opening a scope per module, library and interface and entering every
// name (types, constants, enumerators, interfaces, operations) with its
// syntax tree, so names may be used before they are declared. Types and
// constants are then resolved on demand, each once, with a guard that
// turns cycles into errors; interfaces get their bases, operations and
// ids last. Declarations read from C headers are resolved only when IDL
// uses them (a header may hold declarations l4idl cannot read), then the
// rest quietly, so Program.Types lists every usable one.

// Check checks a parsed program and returns its model. Problems go to
// errs; the result is never nil, and describes whatever could be checked.
// Callers must not use the result for code generation when errs has
// errors. A crash of the checker (a bug) is reported as an internal error
// at the position being checked.
func Check(prog *parser.Program, errs *diag.List) (p *Program) {
	if errs == nil {
		errs = &diag.List{}
	}
	p = &Program{}
	if prog == nil || prog.Main == nil {
		return p
	}
	p.File = prog.Main.Path
	c := newChecker(errs, p)
	defer func() {
		if r := recover(); r != nil {
			pos := c.pos
			if pos.Filename == "" {
				pos.Filename = p.File
			}
			errs.Internalf(pos, "checker crashed: %v", r)
		}
	}()
	c.run(prog)
	return p
}

// checker holds the state of one Check.
type checker struct {
	errs *diag.List
	prog *Program
	// pos is the position being checked, for internal errors.
	pos diag.Pos
	// baseStack holds the interfaces whose bases are being resolved,
	// outermost first, to spell inheritance cycles.
	baseStack []*ifaceEntry

	root *scope
	// fileScope records where each file's definitions were declared, and
	// fileSyms its top-level names (for a file imported into several
	// scopes).
	fileScope map[*parser.File]*scope
	fileSyms  map[*parser.File][]*symbol

	// Declarations in declaration order.
	typeList  []*typeEntry
	constList []*constEntry
	ifaceList []*ifaceEntry

	// entries maps every type created from a declaration (named or an
	// inline definition) to how it is resolved; shells maps the AST node
	// of an inline struct, union or enum definition to its type.
	entries map[*Type]*typeEntry
	shells  map[parser.Node]*Type
	// objRefs holds the ObjRef type of each interface.
	objRefs map[*ifaceEntry]*Type
	// reported remembers types already reported as infinitely large.
	reported map[*Type]bool
	// enumDone marks enumerators whose value is known.
	enumDone map[*Enumerator]bool

	// dropped holds the names written in definitions the parser dropped
	// after syntax errors (parser.File.Dropped, of every file), and
	// importMissing is set when an imported file was not found: an
	// undefined name may then have been declared in text the checker
	// never saw, and is not reported (see quiet).
	dropped       map[string]bool
	importMissing bool
}

func newChecker(errs *diag.List, p *Program) *checker {
	return &checker{
		errs:      errs,
		prog:      p,
		root:      &scope{},
		fileScope: map[*parser.File]*scope{},
		fileSyms:  map[*parser.File][]*symbol{},
		entries:   map[*Type]*typeEntry{},
		shells:    map[parser.Node]*Type{},
		objRefs:   map[*ifaceEntry]*Type{},
		reported:  map[*Type]bool{},
		enumDone:  map[*Enumerator]bool{},
	}
}

// run performs the passes.
func (c *checker) run(prog *parser.Program) {
	c.noteMissing(prog)
	c.declareFile(prog.Main, c.root)
	// Files not reached through an import statement of a file declared so
	// far (the parser reaches every file through one, so this is a
	// safeguard) are declared at global scope.
	for _, f := range prog.Files {
		if f != nil && c.fileScope[f] == nil {
			c.declareFile(f, c.root)
		}
	}

	// Resolve IDL declarations in order; C declarations come along when
	// used.
	for _, e := range c.constList {
		if !e.fromC {
			c.resolveConst(e)
		}
	}
	for _, e := range c.typeList {
		if !e.fromC {
			c.ensure(e.t)
		}
	}
	for _, ie := range c.ifaceList {
		c.resolveBases(ie)
	}
	for _, ie := range c.ifaceList {
		c.buildOps(ie)
	}
	c.assignIDs()
	for _, ie := range c.ifaceList {
		c.flatten(ie)
	}
	for _, ie := range c.ifaceList {
		c.checkLabels(ie)
	}

	// What IDL did not use from C headers is resolved quietly: it is
	// listed when usable and dropped otherwise.
	c.resolveQuietly()
	c.checkRecursion()

	for _, e := range c.typeList {
		if e.named && (e.ok || !e.fromC) && e.sym != nil && !e.forwardOnly() {
			c.prog.Types = append(c.prog.Types, e.t)
		}
	}
	for _, e := range c.constList {
		if e.c != nil && (e.ok || !e.fromC) {
			c.prog.Consts = append(c.prog.Consts, e.c)
		}
	}
	for _, ie := range c.ifaceList {
		c.prog.Interfaces = append(c.prog.Interfaces, ie.it)
	}
}

// noteMissing collects what the parser could not read: the names in
// dropped definitions and imports that were not found.
func (c *checker) noteMissing(prog *parser.Program) {
	for _, f := range prog.Files {
		if f == nil {
			continue
		}
		for name := range f.Dropped {
			if c.dropped == nil {
				c.dropped = map[string]bool{}
			}
			c.dropped[name] = true
		}
		parser.Inspect(f, func(n parser.Node) bool {
			if ip, ok := n.(*parser.ImportPath); ok && ip.File == nil {
				c.importMissing = true
			}
			return true
		})
	}
}

// quiet reports whether a name that was not found (or was declared but
// never defined) goes unreported because its declaration may be in text
// the checker never saw: a definition dropped after a syntax error, or
// an imported file that was not found. The problem has been reported
// already, and an error for every use of the name would only bury it.
//
// A scoped name is judged by its last part: the dropped text holds the
// name of whatever it declared, in any scope.
func (c *checker) quiet(name string) bool {
	return c.importMissing || c.dropped[name]
}

// last returns the last element of a scoped name ("" for none).
func last(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1]
}

// resolveQuietly resolves the C declarations IDL did not use, with their
// problems kept out of the diagnostics.
func (c *checker) resolveQuietly() {
	saved := c.errs
	defer func() { c.errs = saved }()
	for _, e := range c.constList {
		if e.fromC && e.state == unresolved {
			c.errs = &diag.List{}
			c.resolveConst(e)
		}
	}
	for _, e := range c.typeList {
		if e.fromC && e.state == unresolved {
			c.errs = &diag.List{}
			c.ensure(e.t)
		}
	}
}

// at records the position being checked (for internal errors).
func (c *checker) at(pos diag.Pos) {
	if pos.Line > 0 {
		c.pos = pos
	}
}

// ---------------------------------------------------------------------
// Scopes and symbols.

// symKind classifies a symbol.
type symKind int

const (
	symModule     symKind = iota // module or DCE library
	symInterface                 // interface (defined or forward)
	symType                      // typedef, struct, union, enum, exception, native
	symConst                     // constant
	symEnumerator                // enumerator (visible in the enum's scope)
	symOp                        // operation or attribute of an interface
)

var symKindNames = [...]string{"module", "interface", "type", "constant", "enumerator", "operation"}

func (k symKind) String() string { return symKindNames[k] }

// symbol is a declared name.
type symbol struct {
	kind  symKind
	name  string
	pos   diag.Pos
	scope *scope // the scope that declares it
	inner *scope // the scope a module or interface opens

	typ   *Type       // symType: the declared type
	cnst  *constEntry // symConst
	enum  *Type       // symEnumerator: its enum
	index int         // symEnumerator: index in the enum's Enumerators
	iface *ifaceEntry // symInterface

	imported bool
	fromC    bool
	// forward marks a struct or union declared without a body so far.
	forward bool
}

// scopedName returns the symbol's name with its scope ("a::b").
func (s *symbol) scopedName() string {
	return strings.Join(append(append([]string(nil), s.scope.path...), s.name), "::")
}

// scope is a naming scope: the global scope, a module or library, or an
// interface.
type scope struct {
	parent *scope
	// path is the scoped name of the scope (nil for the global scope).
	path []string
	syms map[string]*symbol
	// folded maps lower-case names to the symbols so spelled, for IDL4's
	// case-insensitive lookup.
	folded map[string][]*symbol
	// iface is set for interface scopes: lookups continue in the bases.
	iface *ifaceEntry
	// ifaces and modules are the interfaces defined and the modules
	// opened directly in the scope, in declaration order.
	ifaces  []*ifaceEntry
	modules []*scope
}

func newScope(parent *scope, name string) *scope {
	s := &scope{parent: parent}
	if parent != nil {
		s.path = append(append([]string(nil), parent.path...), name)
	}
	return s
}

// qualify returns the scoped name of name declared in s.
func (s *scope) qualify(name string) []string {
	return append(append([]string(nil), s.path...), name)
}

// qname returns the scoped name of name declared in s; names read from C
// headers stay unscoped, as C has no scopes (the backends refer to them
// by their C names).
func qname(s *scope, name string, fromC bool) []string {
	if fromC {
		return []string{name}
	}
	return s.qualify(name)
}

// add enters sym without checks.
func (s *scope) add(sym *symbol) {
	if s.syms == nil {
		s.syms = map[string]*symbol{}
		s.folded = map[string][]*symbol{}
	}
	s.syms[sym.name] = sym
	low := strings.ToLower(sym.name)
	s.folded[low] = append(s.folded[low], sym)
}

// declare enters sym into s. It reports a redefinition (with a note at
// the previous definition) and returns the symbol that now holds the
// name: sym, or the earlier symbol when the two declare the same thing
// (a reopened module, the same header declaration read twice, a C
// typedef repeating a struct tag).
func (c *checker) declare(s *scope, sym *symbol) *symbol {
	sym.scope = s
	prev := s.syms[sym.name]
	if prev == nil {
		s.add(sym)
		return sym
	}
	switch {
	case prev == sym:
		return prev
	case prev.pos == sym.pos && prev.pos.Line > 0:
		// The same declaration reached twice (a header included by two
		// imported headers).
		return prev
	case prev.kind == symModule && sym.kind == symModule:
		return prev
	case prev.fromC && sym.fromC && prev.kind == sym.kind:
		// C allows a typedef or macro to be repeated; the first wins.
		return prev
	}
	c.errs.Errorf(sym.pos, "redefinition of %q", sym.name)
	c.errs.Notef(prev.pos, "previous definition of %q is here", sym.name)
	return prev
}

// ---------------------------------------------------------------------
// The declaration pass.

// fileCtx says where definitions come from.
type fileCtx struct {
	file     *parser.File
	imported bool
	fromC    bool
}

// isCHeader reports whether a file name is a C header's.
func isCHeader(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".h", ".hh", ".hpp", ".hxx":
		return true
	}
	return false
}

// declareFile declares the definitions of f in s (its first import), or
// makes its top-level names visible in s (a later import elsewhere).
func (c *checker) declareFile(f *parser.File, s *scope) {
	if f == nil {
		return
	}
	if prev := c.fileScope[f]; prev != nil {
		if prev == s {
			return
		}
		for _, sym := range c.fileSyms[f] {
			if s.syms[sym.name] == nil {
				s.add(sym)
			}
		}
		return
	}
	c.fileScope[f] = s
	ctx := &fileCtx{file: f, imported: f.Imported, fromC: f.Lang == parser.LangC}
	before := map[string]*symbol{}
	for k, v := range s.syms {
		before[k] = v
	}
	c.declareDefs(f.Defs, s, ctx)
	for k, v := range s.syms {
		if before[k] != v {
			c.fileSyms[f] = append(c.fileSyms[f], v)
		}
	}
}

// declareDefs declares a list of definitions in s.
func (c *checker) declareDefs(defs []*parser.Definition, s *scope, ctx *fileCtx) {
	for _, d := range defs {
		if d == nil || d.Decl == nil {
			continue
		}
		c.at(d.Pos)
		dc := &declCtx{
			imported: ctx.imported || d.Imported,
			fromC:    ctx.fromC || isCHeader(d.Pos.Filename),
			attrs:    d.Attrs,
			file:     ctx,
		}
		c.declareDecl(d, s, dc)
	}
}

// declCtx describes one definition being declared.
type declCtx struct {
	imported, fromC bool
	attrs           []*parser.Attribute
	file            *fileCtx
}

func (c *checker) declareDecl(d *parser.Definition, s *scope, dc *declCtx) {
	switch x := d.Decl.(type) {
	case *parser.Module:
		c.checkAttrs(dc.attrs, placeModule)
		c.declareModule(x.Name, namePos(x.NamePos, x.Pos), x.Defs, s, dc)
	case *parser.Library:
		c.checkAttrs(dc.attrs, placeModule)
		c.declareModule(x.Name, namePos(x.NamePos, x.Pos), x.Defs, s, dc)
	case *parser.Interface:
		c.declareInterface(x, s, dc)
	case *parser.Import:
		c.checkAttrs(dc.attrs, placeOther)
		for _, ip := range x.Paths {
			if ip != nil && ip.File != nil {
				c.declareFile(ip.File, s)
			}
		}
	case *parser.Const:
		c.checkAttrs(dc.attrs, placeOther)
		c.declareConst(x, s, dc)
	case *parser.Typedef:
		c.declareTypedef(x, s, dc)
	case *parser.TypeDecl:
		c.declareTypeDecl(x, s, dc)
	case *parser.Exception:
		c.checkAttrs(dc.attrs, placeOther)
		c.declareException(x, s, dc)
	case *parser.Native:
		c.checkAttrs(dc.attrs, placeOther)
		pos := namePos(x.NamePos, x.Pos)
		t := &Type{Kind: Native, Name: qname(s, x.Name, dc.fromC), Pos: pos, Imported: dc.imported, FromC: dc.fromC, Attrs: convertAttrs(dc.attrs)}
		e := &typeEntry{t: t, scope: s, named: true, imported: dc.imported, fromC: dc.fromC, state: resolved, ok: true}
		c.addTypeEntry(e)
		e.sym = c.declare(s, &symbol{kind: symType, name: x.Name, pos: pos, typ: t, imported: dc.imported, fromC: dc.fromC})
	case *parser.AttributeDecl, *parser.Operation:
		if s.iface == nil {
			pos := d.Decl.Position()
			if op, ok := d.Decl.(*parser.Operation); ok {
				pos = namePos(op.NamePos, pos)
			}
			c.errs.Errorf(pos, "%s declared outside an interface", declWord(d.Decl))
			return
		}
		// Interface members are declared with their interface.
	}
}

func declWord(d parser.Decl) string {
	switch x := d.(type) {
	case *parser.Operation:
		return fmt.Sprintf("operation %q", x.Name)
	case *parser.AttributeDecl:
		return "attribute"
	}
	return "declaration"
}

func (c *checker) declareModule(name string, pos diag.Pos, defs []*parser.Definition, s *scope, dc *declCtx) {
	sym := c.declare(s, &symbol{kind: symModule, name: name, pos: pos, imported: dc.imported, fromC: dc.fromC})
	if sym.kind != symModule {
		return
	}
	if sym.inner == nil {
		sym.inner = newScope(s, name)
		s.modules = append(s.modules, sym.inner)
	}
	c.declareDefs(defs, sym.inner, dc.file)
}

func (c *checker) declareConst(x *parser.Const, s *scope, dc *declCtx) {
	e := &constEntry{decl: x, scope: s, imported: dc.imported, fromC: dc.fromC}
	sym := &symbol{kind: symConst, name: x.Name, pos: namePos(x.NamePos, x.Pos), cnst: e, imported: dc.imported, fromC: dc.fromC}
	if got := c.declare(s, sym); got != sym {
		return
	}
	e.sym = sym
	c.constList = append(c.constList, e)
}

// namePos returns the position of a declaration's name, or pos (where
// the declaration starts) for trees built without one.
func namePos(name, pos diag.Pos) diag.Pos {
	if name.Line > 0 {
		return name
	}
	return pos
}

// ---------------------------------------------------------------------
// Name lookup.

// lookup resolves a scoped name as seen from scope s: the first part
// innermost scope outwards (each interface scope including what its bases
// declare), the others inside the scope found so far; a leading "::"
// starts at the global scope. exclude is a symbol the lookup skips (a
// constant being defined, whose own name on the right-hand side means an
// outer one). When the exact lookup fails, a case-insensitive one is
// tried, as IDL4 looks names up with strcasecmp: a unique match is used
// with a warning. The result is nil when the name is not found (the
// caller reports it).
func (c *checker) lookup(n *parser.ScopedName, s *scope, exclude *symbol) *symbol {
	if n == nil || len(n.Parts) == 0 {
		return nil
	}
	if sym := c.lookupMode(n, s, exclude, false); sym != nil {
		return sym
	}
	sym := c.lookupMode(n, s, exclude, true)
	if sym != nil {
		c.errs.Warnf(n.Pos, "%q resolved to %q by case-insensitive lookup (IDL4 compatibility)", n.String(), c.spelling(n, sym))
	}
	return sym
}

// spelling returns the name as the lookup resolved it: the declared
// spelling of each part.
func (c *checker) spelling(n *parser.ScopedName, sym *symbol) string {
	parts := make([]string, len(n.Parts))
	for i, s := len(n.Parts)-1, sym; i >= 0; i-- {
		if s == nil {
			parts[i] = n.Parts[i]
			continue
		}
		parts[i] = s.name
		s = s.scope.owner()
	}
	out := strings.Join(parts, "::")
	if n.Global {
		out = "::" + out
	}
	return out
}

// owner returns the module or interface symbol that opens s, or nil.
func (s *scope) owner() *symbol {
	if s == nil || s.parent == nil || len(s.path) == 0 {
		return nil
	}
	name := s.path[len(s.path)-1]
	for _, sym := range s.parent.folded[strings.ToLower(name)] {
		if sym.inner == s {
			return sym
		}
	}
	return nil
}

func (c *checker) lookupMode(n *parser.ScopedName, s *scope, exclude *symbol, fold bool) *symbol {
	var sym *symbol
	if n.Global {
		sym = c.member(c.root, n.Parts[0], n, exclude, fold)
	} else {
		for sc := s; sc != nil && sym == nil; sc = sc.parent {
			sym = c.member(sc, n.Parts[0], n, exclude, fold)
		}
	}
	for _, part := range n.Parts[1:] {
		if sym == nil {
			return nil
		}
		if sym.inner == nil {
			if sym.kind == symInterface && sym.iface != nil && sym.iface.inner != nil {
				sym.inner = sym.iface.inner
			} else {
				return nil
			}
		}
		sym = c.member(sym.inner, part, n, exclude, fold)
	}
	return sym
}

// member finds name declared in s or, for an interface scope, inherited
// from its bases. A name inherited from two different bases is reported
// as ambiguous (the first is used).
func (c *checker) member(s *scope, name string, n *parser.ScopedName, exclude *symbol, fold bool) *symbol {
	found := c.members(s, name, exclude, fold, map[*scope]bool{})
	if len(found) == 0 {
		return nil
	}
	if len(found) > 1 {
		if fold && s.syms[name] == nil {
			// Several spellings match: not a unique case-insensitive match.
			return nil
		}
		c.errs.Errorf(n.Pos, "ambiguous name %q: it may be %s or %s", n.String(), found[0].scopedName(), found[1].scopedName())
	}
	return found[0]
}

func (c *checker) members(s *scope, name string, exclude *symbol, fold bool, seen map[*scope]bool) []*symbol {
	if s == nil || seen[s] {
		return nil
	}
	seen[s] = true
	// Operation names are never looked up (no construct refers to an
	// operation by name): they hide nothing, as in IDL4, whose lookups
	// ask for a kind of symbol.
	var own []*symbol
	if sym := s.syms[name]; sym != nil && sym != exclude && sym.kind != symOp {
		own = append(own, sym)
	} else if fold {
		for _, sym := range s.folded[strings.ToLower(name)] {
			if sym != exclude && sym.kind != symOp {
				own = append(own, sym)
			}
		}
	}
	if len(own) > 0 || s.iface == nil {
		return own
	}
	var found []*symbol
	for _, b := range c.basesOf(s.iface) {
		for _, sym := range c.members(b.inner, name, exclude, fold, seen) {
			dup := false
			for _, f := range found {
				dup = dup || f == sym
			}
			if !dup {
				found = append(found, sym)
			}
		}
	}
	return found
}
