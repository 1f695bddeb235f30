package ir

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/l4idl/l4idl/parser"
)

// This file checks interfaces: declaration (forward declarations
// included), base interfaces, operations, interface and function ids,
// labels, and the flattened operation list.
//
// Labels follow IDL4's convention so that l4idl stubs talk to IDL4 ones:
// label = interface id << 6 | function id, with the id of the interface
// that declares the operation.
//
// Interface ids: [uuid(n)] gives the id (0..1019; 1020..1023 would make
// labels 0xFF00..0xFFFF, which belong to kernel protocols). Interfaces
// without a numeric uuid get the smallest ids >= 1 that no [uuid(n)] of
// the program (imported files included) uses, in declaration order.
// (IDL4 itself gives them id 0; a peer that must talk to IDL4 stubs
// should give its interfaces explicit uuids, as the IDL4 corpus does.)
//
// Function ids follow IDL4's numbering exactly, because implicit ids
// must match an IDL4 peer's. Every operation declared in an interface
// takes the next number of the interface's range, in declaration order,
// whether it has an explicit [uuid(n)] (which then wins), a kernel
// message, or neither; the range starts at 0, except that interfaces
// with the same interface id that are related by inheritance get
// consecutive ranges, bases first, so their labels cannot collide
// (corpus: test.idl's multi_if has A and B : A both with uuid(1): A's
// alpha is 1<<6|0 and B's beta 1<<6|1). Interfaces related that way
// through a common relative (two interfaces with the same id deriving
// from one base) get disjoint ranges too, assigned in the order IDL4
// processes them: its scopes claim ids global interfaces first, then
// modules (interfaces before nested modules), and the claims are served
// last-claimed first as soon as the bases are served. IDL4 has no
// attributes: accessor operations are numbered after all operations of
// the interface, so they do not move any IDL4-compatible number.
//
// Where IDL4's number of an operation without [uuid(n)] is the explicit
// id of another operation (of the interface or a base with the same
// id), or does not fit 6 bits, an IDL4 server could never reach the
// operation; l4idl then gives it the smallest free function id and
// warns, rather than reject the interface. Two explicit ids that clash
// are an error.

// ifaceEntry is an interface being checked.
type ifaceEntry struct {
	sym   *symbol
	ast   *parser.Interface // the definition (nil: only forward-declared)
	attrs []*parser.Attribute
	outer *scope // the scope declaring the interface
	inner *scope // the interface's own scope
	it    *Interface

	baseState resolveState
	bases     []*ifaceEntry

	// own are the interface's operations in declaration order; numbered
	// says how many of them are operations (numbered in IDL4 order)
	// before the attribute accessors are numbered.
	own      []*Operation
	accessor map[*Operation]bool
	// claim is the position in IDL4's id claim order.
	claim int
	// funcBase is the first function id of the interface's range.
	funcBase  int
	funcCount int
	// numbered is set once the operations have their function ids.
	numbered bool
	// dce marks an interface written in DCE style (a parameter has an
	// [in] or [out] attribute): parameters without a direction are in.
	dce bool
}

func (c *checker) declareInterface(x *parser.Interface, s *scope, dc *declCtx) {
	if !x.Forward {
		c.checkAttrs(dc.attrs, placeInterface)
	} else {
		c.checkAttrs(dc.attrs, placeOther)
	}
	pos := namePos(x.NamePos, x.Pos)
	prev := s.syms[x.Name]
	var ie *ifaceEntry
	if prev != nil && prev.kind == symInterface {
		ie = prev.iface
		if x.Forward {
			return // another forward declaration
		}
		if ie.ast != nil && prev.pos != pos {
			c.errs.Errorf(pos, "redefinition of interface %q", x.Name)
			c.errs.Notef(prev.pos, "previous definition of %q is here", x.Name)
			return
		}
		if ie.ast != nil {
			return // the same definition reached twice
		}
		prev.pos = pos
		prev.imported = dc.imported
	} else {
		ie = &ifaceEntry{outer: s}
		sym := &symbol{kind: symInterface, name: x.Name, pos: pos, iface: ie, imported: dc.imported, fromC: dc.fromC}
		if c.declare(s, sym) != sym {
			return
		}
		ie.sym = sym
	}
	if x.Forward {
		return
	}
	ie.ast = x
	ie.attrs = dc.attrs
	ie.inner = newScope(s, x.Name)
	ie.inner.iface = ie
	ie.sym.inner = ie.inner
	ie.it = &Interface{Name: s.qualify(x.Name), Pos: pos, Imported: dc.imported, Attrs: convertAttrs(dc.attrs), Local: parser.HasAttr(dc.attrs, "local")}
	ie.claim = -1
	c.ifaceList = append(c.ifaceList, ie)
	s.ifaces = append(s.ifaces, ie)
	// The body: types, constants and exceptions are declared here;
	// operations and attributes enter their names (operations are
	// checked when every type is known).
	c.declareDefs(x.Defs, ie.inner, dc.file)
	for _, d := range x.Defs {
		if d == nil {
			continue
		}
		switch y := d.Decl.(type) {
		case *parser.Operation:
			c.declare(ie.inner, &symbol{kind: symOp, name: y.Name, pos: namePos(y.NamePos, y.Pos)})
		case *parser.AttributeDecl:
			for _, n := range y.Names {
				if n != nil {
					c.declare(ie.inner, &symbol{kind: symOp, name: n.Name, pos: namePos(n.NamePos, n.Pos)})
				}
			}
		}
	}
}

// basesOf returns the resolved base interfaces of ie.
func (c *checker) basesOf(ie *ifaceEntry) []*ifaceEntry {
	c.resolveBases(ie)
	return ie.bases
}

// resolveBases looks up the bases of ie (in the scope declaring it) and,
// recursively, theirs, reporting cycles.
func (c *checker) resolveBases(ie *ifaceEntry) {
	if ie.baseState != unresolved {
		// Resolved, or being resolved: a cycle is reported where it
		// closes (below); a lookup meanwhile sees the bases found so far.
		return
	}
	ie.baseState = resolving
	c.baseStack = append(c.baseStack, ie)
	defer func() {
		ie.baseState = resolved
		c.baseStack = c.baseStack[:len(c.baseStack)-1]
	}()
	if ie.ast == nil {
		return
	}
	seen := map[*ifaceEntry]bool{}
	for _, n := range ie.ast.Bases {
		if n == nil {
			continue
		}
		sym := c.lookup(n, ie.outer, nil)
		switch {
		case sym == nil:
			if !c.quiet(last(n.Parts)) {
				c.errs.Errorf(n.Pos, "undefined interface %q", n.String())
			}
			continue
		case sym.kind != symInterface:
			c.errs.Errorf(n.Pos, "%q is %s, not an interface", n.String(), article(sym.kind))
			continue
		case sym.iface.ast == nil:
			if !c.quiet(last(n.Parts)) {
				c.errs.Errorf(n.Pos, "base interface %q is declared but never defined", n.String())
			}
			continue
		case sym.iface == ie:
			c.errs.Errorf(n.Pos, "interface %q inherits from itself", ie.sym.scopedName())
			continue
		case seen[sym.iface]:
			c.errs.Errorf(n.Pos, "interface %q lists base %q twice", ie.sym.scopedName(), n.String())
			continue
		}
		b := sym.iface
		if b.baseState == resolving {
			c.errs.Errorf(n.Pos, "interface %q inherits from itself (%s)", ie.sym.scopedName(), c.baseCycle(ie, b))
			continue
		}
		c.resolveBases(b)
		if c.inherits(b, ie) {
			c.errs.Errorf(n.Pos, "interface %q inherits from itself (through %q)", ie.sym.scopedName(), b.sym.scopedName())
			continue
		}
		seen[b] = true
		ie.bases = append(ie.bases, b)
		ie.it.Bases = append(ie.it.Bases, b.it)
	}
}

// inherits reports whether a has b among its (transitive) bases.
// baseCycle spells the inheritance cycle that closes when ie names b, an
// interface still on the resolution stack, as a base: "b -> a -> c -> b"
// (each inherits from the next). The stack holds b, then the bases being
// resolved on the way from b to ie, and ie on top.
func (c *checker) baseCycle(ie, b *ifaceEntry) string {
	start := len(c.baseStack) - 1
	for start > 0 && c.baseStack[start] != b {
		start--
	}
	names := []string{ie.sym.scopedName()}
	for _, e := range c.baseStack[start:] {
		names = append(names, e.sym.scopedName())
	}
	return strings.Join(names, " -> ")
}

func (c *checker) inherits(a, b *ifaceEntry) bool {
	seen := map[*ifaceEntry]bool{}
	var walk func(x *ifaceEntry) bool
	walk = func(x *ifaceEntry) bool {
		for _, y := range x.bases {
			if y == b {
				return true
			}
			if !seen[y] {
				seen[y] = true
				if walk(y) {
					return true
				}
			}
		}
		return false
	}
	return walk(a)
}

// allBases returns the transitive bases of ie, each once.
func allBases(ie *ifaceEntry) []*ifaceEntry {
	var out []*ifaceEntry
	seen := map[*ifaceEntry]bool{ie: true}
	var walk func(x *ifaceEntry)
	walk = func(x *ifaceEntry) {
		for _, b := range x.bases {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
				walk(b)
			}
		}
	}
	walk(ie)
	return out
}

// buildOps checks the operations and attributes of ie, in declaration
// order.
func (c *checker) buildOps(ie *ifaceEntry) {
	ie.accessor = map[*Operation]bool{}
	for _, d := range ie.ast.Defs {
		if op, ok := d.Decl.(*parser.Operation); ok {
			for _, p := range op.Params {
				if p != nil && (parser.HasAttr(p.Attrs, "in") || parser.HasAttr(p.Attrs, "out")) {
					ie.dce = true
				}
			}
		}
	}
	for _, d := range ie.ast.Defs {
		if d == nil {
			continue
		}
		switch y := d.Decl.(type) {
		case *parser.Operation:
			ie.own = append(ie.own, c.operation(y, d.Attrs, ie))
		case *parser.AttributeDecl:
			for _, op := range c.attributeOps(y, d.Attrs, ie) {
				ie.accessor[op] = true
				ie.own = append(ie.own, op)
			}
		}
	}
	ie.funcCount = len(ie.own)
}

// ---------------------------------------------------------------------
// Ids and labels.

// assignIDs gives every interface its id, every operation its function
// id and label (see the comment at the top of the file).
func (c *checker) assignIDs() {
	used := map[uint64]bool{}
	var implicit []*ifaceEntry
	for _, ie := range c.ifaceList {
		if !c.explicitID(ie) {
			implicit = append(implicit, ie)
			continue
		}
		used[ie.it.ID] = true
	}
	next := uint64(1)
	for _, ie := range implicit {
		for used[next] {
			next++
		}
		if next >= reservedIfaceID {
			c.errs.Errorf(ie.sym.pos, "no interface id left for %q: ids 1..%d are all used", ie.sym.scopedName(), reservedIfaceID-1)
			continue
		}
		ie.it.ID = next
		used[next] = true
	}
	for _, ie := range c.assignFuncIDs() {
		c.numberOps(ie)
	}
}

// reservedIfaceID is the first interface id whose labels (id << 6 |
// function) fall in 0xFF00..0xFFFF, the kernel protocols' labels.
const reservedIfaceID = 0xFF00 >> 6

// explicitID reads [uuid(n)] of an interface; it reports whether the
// interface has an explicit numeric id.
func (c *checker) explicitID(ie *ifaceEntry) bool {
	a := parser.FindAttr(ie.attrs, "uuid")
	if a == nil || len(a.Args) != 1 {
		return false
	}
	arg := a.Args[0]
	if arg.UUID != "" || arg.Expr == nil {
		c.errs.Warnf(arg.Pos, "DCE UUID %s of interface %q is not an interface number; l4idl assigns one (write [uuid(n)] with a number to fix it)", arg.Raw, ie.sym.scopedName())
		return false
	}
	v, ok := c.evalInt(arg.Expr, ie.outer, "interface id")
	if !ok {
		return false
	}
	switch {
	case v.Sign() < 0 || v.Cmp(big.NewInt(1023)) > 0:
		c.errs.Errorf(arg.Pos, "interface id %s of %q is not supported: labels (IDL4's convention) hold interface ids 0..%d in bits 6..15", v, ie.sym.scopedName(), reservedIfaceID-1)
		return false
	case v.Int64() >= reservedIfaceID:
		c.errs.Errorf(arg.Pos, "interface id %s of %q would give labels 0x%04X..0x%04X, which are reserved for kernel protocols; use an id below %d", v, ie.sym.scopedName(), v.Int64()<<6, v.Int64()<<6|63, reservedIfaceID)
		return false
	}
	ie.it.ID, ie.it.IDExplicit = v.Uint64(), true
	return true
}

// numberOps gives the operations of ie their function ids and labels.
// An operation without [uuid(n)] takes the number of its position in
// IDL4's numbering (funcBase + its index among the interface's
// operations; accessors after them); when that number is taken by an
// explicit [uuid(n)] of the interface or of a base with the same
// interface id, or does not fit 6 bits, IDL4 would produce a server that
// cannot reach the operation, so l4idl gives it the smallest free number
// instead and warns.
func (c *checker) numberOps(ie *ifaceEntry) {
	var ordered []*Operation
	for _, op := range ie.own {
		if !ie.accessor[op] {
			ordered = append(ordered, op)
		}
	}
	for _, op := range ie.own {
		if ie.accessor[op] {
			ordered = append(ordered, op)
		}
	}
	used := map[uint64]*Operation{}
	for _, b := range allBases(ie) {
		if b.it.ID != ie.it.ID {
			continue
		}
		for _, op := range b.own {
			if op.KernelMsg == KernelNone && (b.numbered || op.FuncIDExplicit) {
				used[op.FuncID] = op
			}
		}
	}
	for _, op := range ordered {
		if op.KernelMsg == KernelNone && op.FuncIDExplicit {
			if used[op.FuncID] == nil {
				used[op.FuncID] = op
			}
		}
	}
	defer func() { ie.numbered = true }()
	var moved []*Operation
	want := map[*Operation]int{}
	for k, op := range ordered {
		switch {
		case op.KernelMsg != KernelNone:
			label, _, _ := KernelLabel(op.KernelMsg, &ABI{LabelBits: 16})
			op.Label = label
			continue
		case op.FuncIDExplicit:
		default:
			fid := ie.funcBase + k
			want[op] = fid
			if fid > 63 || used[uint64(fid)] != nil {
				moved = append(moved, op)
				continue
			}
			op.FuncID = uint64(fid)
			used[op.FuncID] = op
		}
		op.Label = ie.it.ID<<6 | op.FuncID
	}
	next := uint64(0)
	for _, op := range moved {
		for next <= 63 && used[next] != nil {
			next++
		}
		fid := want[op]
		if next > 63 {
			c.errs.Errorf(op.Pos, "no function id left for operation %q: all of 0..63 are used", op.Name)
			continue
		}
		if fid > 63 {
			c.errs.Warnf(op.Pos, "operation %q takes function id %d: its place in IDL4's numbering, %d, does not fit 6 bits (an IDL4 peer could not call it)", op.Name, next, fid)
		} else {
			c.errs.Warnf(op.Pos, "operation %q takes function id %d: its place in IDL4's numbering, %d, is the explicit id of %q (an IDL4 peer could not call it)", op.Name, next, fid, opName(ie, used[uint64(fid)]))
		}
		op.FuncID = next
		used[next] = op
		op.Label = ie.it.ID<<6 | op.FuncID
	}
}

// assignFuncIDs computes the first function id of every interface's
// range with IDL4's rule. It returns the interfaces in the order they
// were served (bases with the same interface id first).
func (c *checker) assignFuncIDs() []*ifaceEntry {
	c.claimOrder()
	// masters[x] are the transitive bases of x with x's interface id;
	// related groups interfaces connected by such pairs.
	masters := map[*ifaceEntry][]*ifaceEntry{}
	parent := map[*ifaceEntry]*ifaceEntry{}
	var find func(x *ifaceEntry) *ifaceEntry
	find = func(x *ifaceEntry) *ifaceEntry {
		for parent[x] != nil && parent[x] != x {
			x = parent[x]
		}
		return x
	}
	for _, ie := range c.ifaceList {
		parent[ie] = ie
	}
	for _, ie := range c.ifaceList {
		for _, b := range allBases(ie) {
			if b.it != nil && b.it.ID == ie.it.ID {
				masters[ie] = append(masters[ie], b)
				if ra, rb := find(ie), find(b); ra != rb {
					parent[ra] = rb
				}
			}
		}
	}
	// Serve the claims in IDL4's order: last claimed first, an interface
	// only once all its masters are served; the range starts after every
	// range already served in its group.
	order := append([]*ifaceEntry(nil), c.ifaceList...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].claim > order[j].claim })
	deps := map[*ifaceEntry]int{}
	slaves := map[*ifaceEntry][]*ifaceEntry{}
	for _, ie := range c.ifaceList {
		deps[ie] = len(masters[ie])
		for _, m := range masters[ie] {
			slaves[m] = append(slaves[m], ie)
		}
	}
	served := map[*ifaceEntry]bool{}
	var out []*ifaceEntry
	groupEnd := map[*ifaceEntry]int{}
	for left := len(order); left > 0; {
		progress := false
		for _, ie := range order {
			if served[ie] || deps[ie] > 0 {
				continue
			}
			g := find(ie)
			ie.funcBase = groupEnd[g]
			if end := ie.funcBase + ie.funcCount; end > groupEnd[g] {
				groupEnd[g] = end
			}
			for _, s := range slaves[ie] {
				deps[s]--
			}
			served[ie] = true
			out = append(out, ie)
			left--
			progress = true
		}
		if !progress {
			break // an inheritance cycle, reported already
		}
	}
	for _, ie := range order {
		if !served[ie] {
			out = append(out, ie)
		}
	}
	return out
}

// claimOrder numbers the interfaces in the order IDL4 claims ids: the
// global scope's interfaces, then each module's (a module's interfaces
// before its nested modules), modules in declaration order.
func (c *checker) claimOrder() {
	n := 0
	var walk func(s *scope)
	walk = func(s *scope) {
		for _, ie := range s.ifaces {
			ie.claim = n
			n++
		}
		for _, m := range s.modules {
			walk(m)
		}
	}
	walk(c.root)
	for _, ie := range c.ifaceList {
		if ie.claim < 0 {
			ie.claim = n
			n++
		}
	}
}

// flatten builds the operation list of ie: its own operations, then
// each base's, depth first in declaration order, each interface once.
// Two different operations with the same name are an error.
func (c *checker) flatten(ie *ifaceEntry) {
	seen := map[*ifaceEntry]bool{ie: true}
	byName := map[string]*Operation{}
	var add func(x *ifaceEntry)
	add = func(x *ifaceEntry) {
		for _, op := range x.own {
			if prev := byName[op.Name]; prev != nil && prev != op {
				switch {
				case prev.Iface != op.Iface:
					c.nameClash(ie, prev, op)
				case x == ie && (prev.Attribute != "") != (op.Attribute != ""):
					c.accessorClash(prev, op)
				} // else: a redefinition within one interface, reported
				continue
			}
			byName[op.Name] = op
			ie.it.Ops = append(ie.it.Ops, op)
		}
		for _, b := range x.bases {
			if !seen[b] {
				seen[b] = true
				add(b)
			}
		}
	}
	add(ie)
}

// opName names an operation as seen from interface ie.
func opName(ie *ifaceEntry, op *Operation) string {
	if op.Iface == ie.it || op.Iface == nil {
		return op.Name
	}
	return op.Iface.ScopedName() + "::" + op.Name
}

// accessorClash reports an operation that has the name of an attribute's
// _get_/_set_ accessor in the same interface.
func (c *checker) accessorClash(a, b *Operation) {
	user, acc := a, b
	if a.Attribute != "" {
		user, acc = b, a
	}
	c.errs.Errorf(user.Pos, "operation %q clashes with the accessor of attribute %q", user.Name, acc.Attribute)
	c.errs.Notef(acc.Pos, "attribute %q is declared here", acc.Attribute)
}

func (c *checker) nameClash(ie *ifaceEntry, prev, op *Operation) {
	if prev.Iface == ie.it {
		c.errs.Errorf(prev.Pos, "operation %q of %q clashes with inherited operation %q", prev.Name, ie.sym.scopedName(), opName(ie, op))
		c.errs.Notef(op.Pos, "%q is declared here", opName(ie, op))
		return
	}
	c.errs.Errorf(ie.sym.pos, "interface %q inherits two operations named %q: %q and %q", ie.sym.scopedName(), op.Name, opName(ie, prev), opName(ie, op))
	c.errs.Notef(prev.Pos, "%q is declared here", opName(ie, prev))
	c.errs.Notef(op.Pos, "%q is declared here", opName(ie, op))
}

// checkLabels reports two operations of the flattened interface with the
// same label, and two handlers of one kernel message.
func (c *checker) checkLabels(ie *ifaceEntry) {
	byLabel := map[uint64]*Operation{}
	byKernel := map[KernelMsg]*Operation{}
	for _, op := range ie.it.Ops {
		if op.KernelMsg != KernelNone {
			if prev := byKernel[op.KernelMsg]; prev != nil {
				c.clash(ie, op, prev, c.clashMsg(ie, op, prev))
				continue
			}
			byKernel[op.KernelMsg] = op
			continue
		}
		if prev := byLabel[op.Label]; prev != nil {
			c.clash(ie, op, prev, c.clashMsg(ie, op, prev))
			continue
		}
		byLabel[op.Label] = op
	}
}

// clash reports a clash between op and prev at op (or, when both are
// inherited, at the interface that brings them together).
func (c *checker) clash(ie *ifaceEntry, op, prev *Operation, msg string) {
	if op.Iface != ie.it && prev.Iface == ie.it {
		// Report at the interface's own operation.
		op, prev = prev, op
		msg = c.clashMsg(ie, op, prev)
	}
	if op.Iface == ie.it {
		c.errs.Errorf(op.Pos, "%s", msg)
		c.errs.Notef(prev.Pos, "%q is declared here", opName(ie, prev))
		return
	}
	if op.Iface == prev.Iface {
		// Both come from one base, which reports it itself.
		return
	}
	c.errs.Errorf(ie.sym.pos, "in interface %q: %s", ie.sym.scopedName(), msg)
	c.errs.Notef(op.Pos, "%q is declared here", opName(ie, op))
	c.errs.Notef(prev.Pos, "%q is declared here", opName(ie, prev))
}

// clashMsg describes a clash of op with prev.
func (c *checker) clashMsg(ie *ifaceEntry, op, prev *Operation) string {
	if op.KernelMsg != KernelNone {
		return fmt.Sprintf("operation %q handles kernel message %s, which %q handles already", opName(ie, op), op.KernelMsg, opName(ie, prev))
	}
	return fmt.Sprintf("function id %d of %q clashes with %q (both have label 0x%04X)", op.FuncID, opName(ie, op), opName(ie, prev), op.Label)
}
