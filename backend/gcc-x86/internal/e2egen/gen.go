// Package e2egen writes the end-to-end test program of one IDL file for
// the gcc-x86 backend: a C program for the hosted L4 emulator
// (runtime/hosted) in which the generated server loops run in their own
// threads and the generated client stubs call every operation of every
// interface, inherited operations and attribute accessors included.
//
// Nothing in the program is written by hand per operation: from the IR
// (ir.Layout) and the C mapping (backend/cmap) it prints
//
//   - the implementation of every operation, which checks every in and
//     inout value against a value derived from (case, parameter path) and
//     sets every out, inout and return value to another such value, or
//     raises an exception with such members;
//   - one client function per operation, which fills the in values, calls
//     the stub and checks the environment and every value that comes
//     back;
//   - the cases each operation is called in: bounded data at its bound,
//     about half of it and empty, unbounded data of several lengths up to
//     what the buffers hold, every union arm, every exception, a mapping
//     without receive window, and replies from a misbehaving server
//     (wrong u, wrong label, system error, a length above its bound);
//   - hostile requests for every server, sent with the L4 API: unknown
//     labels, wrong u and t, wrong item types, strings above their bound
//     or larger than the receive buffer, strings without NUL, items
//     claiming substrings, counts above their bound or disagreeing with
//     the data; each must get the documented system-error reply (or the
//     kernel's refusal, or be ignored when it is oneway), must not reach
//     the implementation, and the server must go on serving.
//
// Each check prints one line, "ok N name" or "not ok N name: detail";
// Program.Checks lists the names that must appear, each exactly once.
package e2egen

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// Config names a test program.
type Config struct {
	// Base is the stem of the generated stub files (<Base>_client.h,
	// <Base>_server.h) the program includes.
	Base string
	// Name starts every check name (for example "variable ia32").
	Name string
	// Kernel makes a program for l4idl's own kernel (runtime/kernel, with
	// its hosted.h, which starts every thread in a new address space)
	// instead of the hosted emulator: fpage values are real pages that
	// land in a receive window nothing else maps and are read there, and
	// hostile requests also send strings from memory the sender's pager
	// never maps (from a thread in another address space; the IPC must
	// end with the sender's xfer timeout and the server go on serving).
	Kernel bool
}

// Program is a generated test program.
type Program struct {
	// Source is the C source; it includes the generated stubs and
	// hosted.h.
	Source []byte
	// Checks are the names of the checks the program must report, each
	// exactly once, all "ok".
	Checks []string
	// Ops counts the operations called (one per interface and operation,
	// inherited ones and attribute accessors included); Cases the calls
	// made through the stubs or as kernel messages; Hostile the hostile
	// requests.
	Ops, Cases, Hostile int
}

// gen holds the state of one program.
type gen struct {
	l   *ir.Layout
	abi *ir.ABI
	m   *cmap.Mapper
	cfg Config
	// decls are file-scope declarations (tables), printed before body.
	decls, body *cgen.File
	enums       map[*ir.Type]string
	ntmp        int
	err         error
	checks      []string
	servers     []*server
	ops         []*opInfo
	nHostile    int
	hbuf        int64
}

// server is one interface whose server loop runs in a thread.
type server struct {
	idx     int
	il      *ir.IfaceLayout
	name    string // C name of the interface (flattened)
	probe   uint64 // a label of no operation of the server
	after   *opInfo
	hostile []hostile
}

// opInfo is one operation as served by one interface.
type opInfo struct {
	idx   int
	srv   *server
	ol    *ir.OpLayout
	cname string // <iface>_<op>
	show  string // iface::op, for check names
	// counts maps a count parameter (size_is/length_is) to the DCE
	// buffer it sizes.
	counts map[*ir.Param]*ir.Param
	cases  []*caseInfo
}

// caseInfo is one call of an operation.
type caseInfo struct {
	variant string
	kind    string // E2E_NORMAL, ...
	mode    string // E2E_BASE, ...
	arm     int
	exc     int
	minor   string
	evil    string // C array of the misbehaving server's reply, or "0"
	flags   string // C expression of the case's E2E_F_* flags
}

// Seeds of the values of a case (e2e_seed(k)).
const (
	seedIn     = 0x100 // + parameter index: in and inout values sent
	seedOut    = 0x200 // + parameter index: out and inout values returned
	seedReturn = 0x300
	seedExc    = 0x400 // + exception index
)

// Generate returns the test program for layout l (lowered for ia32 or
// amd64). It reports types the value generator does not handle.
func Generate(l *ir.Layout, cfg Config) (*Program, error) {
	if l == nil || l.ABI == nil || (l.ABI.Name != "ia32" && l.ABI.Name != "amd64") {
		return nil, fmt.Errorf("e2egen: needs a layout for ia32 or amd64")
	}
	g := &gen{l: l, abi: l.ABI, m: cmap.New(l.ABI), cfg: cfg, decls: cgen.New(), body: cgen.New(),
		enums: map[*ir.Type]string{}, hbuf: 4096}
	g.m.SetExceptionIDs(l.Program)
	g.collect()
	for _, o := range g.ops {
		g.plan(o)
		// Hand-built calls and the misbehaving server accept strings of
		// up to E2E_HBUF bytes.
		for _, m := range []ir.RecvPlan{o.ol.Request.Recv, o.ol.ReplyRecv} {
			for _, b := range m.Buffers {
				g.hbuf = max(g.hbuf, b.Bytes)
				if b.Bytes == 0 {
					g.hbuf = max(g.hbuf, stringMax)
				}
			}
		}
	}
	for _, s := range g.servers {
		g.planHostile(s)
	}
	for _, o := range g.ops {
		g.impl(o)
		if o.ol.Op.KernelMsg != ir.KernelNone {
			g.kernelClient(o)
		} else {
			g.client(o)
		}
		g.caseTable(o)
	}
	for _, s := range g.servers {
		g.hostileTable(s)
	}
	if g.err != nil {
		return nil, g.err
	}
	p := &Program{Source: g.program(), Checks: g.checks, Ops: len(g.ops), Hostile: g.nHostile}
	for _, o := range g.ops {
		p.Cases += len(o.cases)
	}
	for _, s := range g.servers {
		if s.after != nil {
			p.Cases++
		}
	}
	return p, nil
}

// collect lists the servers and operations: every interface of the main
// file that the backend generates a server for.
func (g *gen) collect() {
	for _, il := range g.l.Interfaces {
		if il == nil || il.Iface == nil || il.Iface.Imported || il.Iface.Local || len(il.Ops) == 0 {
			continue
		}
		s := &server{idx: len(g.servers), il: il, name: cmap.Flatten(il.Iface.Name)}
		g.servers = append(g.servers, s)
		for _, ol := range il.Ops {
			if ol.Request == nil {
				continue
			}
			o := &opInfo{idx: len(g.ops), srv: s, ol: ol,
				cname:  s.name + "_" + cmap.Ident(ol.Op.Name),
				show:   il.Iface.ScopedName() + "::" + ol.Op.Name,
				counts: map[*ir.Param]*ir.Param{}}
			for _, p := range ol.Op.Params {
				if cmap.ParamClass(p) != cmap.DCEBuffer {
					continue
				}
				for _, c := range []*ir.Param{p.SizeIs, p.LengthIs} {
					if c != nil {
						o.counts[c] = p
					}
				}
			}
			g.ops = append(g.ops, o)
			if s.after == nil && ol.Reply != nil && ol.Op.KernelMsg == ir.KernelNone {
				s.after = o
			}
		}
		s.probe = g.unusedLabel(s, true)
	}
}

// unusedLabel returns a request label no operation of s has: with a
// fresh interface id (iface) or with s's own interface id.
func (g *gen) unusedLabel(s *server, iface bool) uint64 {
	used := map[uint64]bool{}
	ids := map[uint64]bool{}
	for _, ol := range s.il.Ops {
		if ol.Request != nil && ol.Op.KernelMsg == ir.KernelNone {
			used[ol.Request.Label] = true
			ids[ol.Request.Label>>6] = true
		}
	}
	if iface {
		for id := uint64(1019); id > 0; id-- {
			if !ids[id] {
				return id << 6
			}
		}
		return 0
	}
	base := s.il.Iface.ID << 6
	for f := uint64(63); f > 0; f-- {
		if !used[base|f] {
			return base | f
		}
	}
	return 0
}

// caseName returns the C string that starts a case's check names.
func (o *opInfo) caseName(g *gen, variant string) string {
	return fmt.Sprintf("%s %s[%s]", g.cfg.Name, o.show, variant)
}

// seedOf returns the seed of a case.
func seedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// plan lists the cases of an operation and the checks they report.
func (g *gen) plan(o *opInfo) {
	op := o.ol.Op
	if op.KernelMsg != ir.KernelNone {
		o.add(g, "base", "E2E_NORMAL", "E2E_BASE", -1, -1, "0", "0")
		return
	}
	variable, unbounded := false, false
	nch := 0
	types := []*ir.Type{op.Result}
	for _, p := range op.Params {
		types = append(types, p.Type)
	}
	for _, t := range types {
		v, ub := hasVariable(t, map[*ir.Type]bool{})
		variable = variable || v
		unbounded = unbounded || ub
		nch = max(nch, g.maxChoices(t, map[*ir.Type]bool{}))
	}
	kind := "E2E_NORMAL"
	if o.ol.Reply == nil {
		kind = "E2E_ONEWAY"
	}
	o.add(g, "base", kind, "E2E_BASE", -1, -1, "0", "0")
	if variable {
		o.add(g, "mid", kind, "E2E_MID", -1, -1, "0", "0")
		o.add(g, "empty", kind, "E2E_ZERO", -1, -1, "0", "0")
	}
	if unbounded {
		o.add(g, "len1", kind, "E2E_U1", -1, -1, "0", "0")
		o.add(g, "len1000", kind, "E2E_U1000", -1, -1, "0", "0")
		o.add(g, "lenmax", kind, "E2E_UMAX", -1, -1, "0", "0")
	}
	if boundedSent(op) {
		o.add(g, "too long", "E2E_BADPARAM", "E2E_OVER", -1, -1, "L4IDL_EX_BAD_PARAM", "0")
	}
	for k := 0; k < nch; k++ {
		o.add(g, fmt.Sprintf("arm%d", k), kind, "E2E_BASE", k, -1, "0", "0")
	}
	for k, exc := range op.Raises {
		o.add(g, "raise "+exc.Name[len(exc.Name)-1], "E2E_EXCEPTION", "E2E_BASE", -1, k, "0", "0")
		if bounded(exc, map[*ir.Type]bool{}) {
			o.add(g, "raise "+exc.Name[len(exc.Name)-1]+" too long", "E2E_REPLYOVER", "E2E_BASE", -1, k, "L4IDL_EX_NO_SERVER_BUFFER", "0")
		}
	}
	if o.ol.Reply != nil && boundedReply(op) {
		o.add(g, "reply too long", "E2E_REPLYOVER", "E2E_BASE", -1, -1, "L4IDL_EX_NO_SERVER_BUFFER", "0")
	}
	if o.ol.Reply != nil && hasMapItems(o.ol.Reply) {
		o.add(g, "no window", "E2E_NOWIN", "E2E_BASE", -1, -1, "L4IDL_EX_IPC | 9", "0")
	}
	if !o.ol.ReplyRecv.Window {
		o.addFlags(g, "no environment", kind, "E2E_BASE", -1, -1, "0", "0", "E2E_F_NOENV")
	}
	if o.ol.Reply != nil {
		o.addFlags(g, "deferred reply", kind, "E2E_BASE", -1, -1, "0", "0", "E2E_F_DEFER")
	}
	if o.ol.Reply != nil {
		o.add(g, "timeout", "E2E_TIMEOUT", "E2E_BASE", -1, -1, "L4IDL_EX_IPC | 3", "0")
		for _, e := range g.evilReplies(o) {
			o.add(g, e.name, "E2E_EVIL", "E2E_BASE", -1, -1, e.minor, e.array)
		}
	}
}

// boundedSent reports whether a request carries bounded variable data
// outside union arms (a stub must refuse to send it above its bound).
func boundedSent(op *ir.Operation) bool {
	for _, p := range op.Params {
		if p.Dir.Sends() && bounded(p.Type, map[*ir.Type]bool{}) {
			return true
		}
	}
	return false
}

// boundedReply reports whether the reply carries bounded variable data
// outside union arms in memory the implementation provides (not in the
// buffers the server stub passes for out strings and sequences), so
// that an implementation can return too much of it.
func boundedReply(op *ir.Operation) bool {
	if bounded(op.Result, map[*ir.Type]bool{}) {
		return true
	}
	for _, p := range op.Params {
		c := cmap.ParamClass(p)
		if p.Dir.Returns() && (c == cmap.Aggregate || c == cmap.ArrayValue) && bounded(p.Type, map[*ir.Type]bool{}) {
			return true
		}
	}
	return false
}

// bounded reports whether values of t hold bounded strings or sequences
// outside union arms.
func bounded(t *ir.Type, seen map[*ir.Type]bool) bool {
	var walk func(t *ir.Type, seen map[*ir.Type]bool) bool
	walk = func(t *ir.Type, seen map[*ir.Type]bool) bool {
		u := t.Underlying()
		if u == nil || seen[u] {
			return false
		}
		seen[u] = true
		defer delete(seen, u)
		switch u.Kind {
		case ir.String, ir.WString, ir.Sequence:
			return u.Len > 0
		case ir.Array:
			return walk(u.Elem, seen)
		case ir.Struct:
			for _, fl := range u.Fields {
				if walk(fl.Type, seen) {
					return true
				}
			}
		}
		return false
	}
	return walk(t, seen)
}

func hasMapItems(m *ir.Message) bool {
	for _, it := range m.Items {
		if it.Kind != ir.StringItem {
			return true
		}
	}
	return false
}

// add appends a case and its checks.
func (o *opInfo) add(g *gen, variant, kind, mode string, arm, exc int, minor, evil string) *caseInfo {
	return o.addFlags(g, variant, kind, mode, arm, exc, minor, evil, "0")
}

// addFlags appends a case with flags and its checks.
func (o *opInfo) addFlags(g *gen, variant, kind, mode string, arm, exc int, minor, evil, flags string) *caseInfo {
	c := &caseInfo{variant: variant, kind: kind, mode: mode, arm: arm, exc: exc, minor: minor, evil: evil, flags: flags}
	o.cases = append(o.cases, c)
	g.checks = append(g.checks, o.caseChecks(g, c)...)
	return c
}

// caseChecks returns the names of the checks a case reports.
func (o *opInfo) caseChecks(g *gen, c *caseInfo) []string {
	op := o.ol.Op
	name := o.caseName(g, c.variant)
	var out []string
	add := func(what string) { out = append(out, name+" "+what) }
	if c.kind != "E2E_EVIL" && c.kind != "E2E_BADPARAM" && c.kind != "E2E_TIMEOUT" {
		add("server caller")
		for _, p := range op.Params {
			if p.Dir.Sends() {
				add("server in " + p.Name)
			}
		}
		if c.flags == "E2E_F_DEFER" {
			add("server deferred reply")
		}
	}
	if op.KernelMsg != ir.KernelNone {
		if o.ol.Reply != nil {
			add("client reply")
		} else {
			add("oneway delivered")
		}
		return out
	}
	if c.flags != "E2E_F_NOENV" {
		add("client env")
	}
	switch c.kind {
	case "E2E_NORMAL":
		if r, _ := g.m.ReturnType(op.Result); r != "void" {
			add("client return")
		}
		for _, p := range op.Params {
			if p.Dir.Returns() {
				add("client out " + p.Name)
			}
		}
	case "E2E_EXCEPTION":
		for _, fl := range op.Raises[c.exc].Underlying().Fields {
			add("client exception " + fl.Name)
		}
	case "E2E_ONEWAY":
		add("oneway delivered")
	case "E2E_BADPARAM":
		add("not sent")
	}
	return out
}

// caseTable prints the cases of an operation.
func (g *gen) caseTable(o *opInfo) {
	f := g.decls
	f.P("static const struct e2e_case e2e_cases_", o.idx, "[] = {")
	f.In()
	for _, c := range o.cases {
		name := o.caseName(g, c.variant)
		f.P("{ ", cgen.Quote(name), ", ", cgen.Hex(seedOf(name), 64), ", ", c.mode, ", ", c.arm, ", ", c.kind, ", ", c.exc, ", ", c.minor, ", ", c.evil, ", ", c.flags, " },")
	}
	f.Out()
	f.P("};")
	if s := o.srv; s.after == o {
		name := o.caseName(g, "after hostile")
		f.P("static const struct e2e_case e2e_after_", s.idx, " = { ", cgen.Quote(name), ", ", cgen.Hex(seedOf(name), 64), ", E2E_BASE, -1, E2E_NORMAL, -1, 0, 0, 0 };")
		g.checks = append(g.checks, o.caseChecks(g, &caseInfo{variant: "after hostile", kind: "E2E_NORMAL", flags: "0"})...)
	}
}

// program assembles the C source.
func (g *gen) program() []byte {
	f := cgen.New()
	f.Comment(fmt.Sprintf("End-to-end test of %s_client.h and %s_server.h (%s) on the hosted L4 emulator.", g.cfg.Base, g.cfg.Base, g.abi.Name),
		"", "Generated by l4idl's e2egen from the IR; do not edit.")
	f.P("#include \"", g.cfg.Base, "_server.h\"")
	f.P("#include \"", g.cfg.Base, "_client.h\"")
	f.P("#include <l4/ipc.h>")
	f.P("#include <l4/message.h>")
	f.P("#include <l4/thread.h>")
	f.P("#include \"hosted.h\"")
	f.P()
	if g.cfg.Kernel {
		f.P("#define E2E_KERNEL 1")
	}
	f.P("#define E2E_HBUF ", (g.hbuf+63)/64*64)
	f.P("#define E2E_NSERVERS ", len(g.servers))
	f.P("#define E2E_NOPS ", len(g.ops))
	var probes []string
	for _, s := range g.servers {
		probes = append(probes, cgen.Hex(s.probe, 32))
	}
	probes = append(probes, "0")
	f.P("static const L4_Word_t e2e_probe_label[E2E_NSERVERS + 1] = { ", strings.Join(probes, ", "), " };")
	f.P()
	f.Raw(runtimeC)
	f.P()
	f.Raw(g.decls.String())
	f.P()
	f.Raw(g.body.String())
	f.P()
	for _, s := range g.servers {
		arg := ""
		if s.il.ServerRecv.Window {
			arg = "E2E_WINDOW"
		}
		f.P("static void e2e_srv_entry_", s.idx, "(void) { ", s.name, "_server(", arg, "); }")
	}
	f.P()
	f.P("int main(void)")
	f.Block("", "", func() {
		f.P("e2e_me = L4_Myself();")
		f.P("e2e_me_local = L4_MyLocalId();")
		f.P("memset(e2e_hbuf, 'A', sizeof e2e_hbuf);")
		for _, s := range g.servers {
			f.P("e2e_srv[", s.idx, "] = hosted_thread_create(e2e_srv_entry_", s.idx, ");")
		}
		f.P("e2e_evil = hosted_thread_create(e2e_evil_server);")
		for _, o := range g.ops {
			f.P("for (unsigned i = 0; i < sizeof e2e_cases_", o.idx, " / sizeof e2e_cases_", o.idx, "[0]; i++)")
			f.P(f.Tab, "e2e_cli_", o.idx, "(&e2e_cases_", o.idx, "[i], ", o.srv.idx, ");")
		}
		for _, s := range g.servers {
			if len(s.hostile) > 0 {
				f.P("for (unsigned i = 0; i < sizeof e2e_hostile_", s.idx, " / sizeof e2e_hostile_", s.idx, "[0]; i++)")
				f.P(f.Tab, "e2e_run_hostile(", cgen.Quote(g.cfg.Name+" "+s.il.Iface.ScopedName()), ", &e2e_hostile_", s.idx, "[i]);")
			}
			if s.after != nil {
				f.P("e2e_cli_", s.after.idx, "(&e2e_after_", s.idx, ", ", s.idx, ");")
			}
		}
		f.P("hosted_printf(\"# %d checks, %d failed\\n\", e2e_nchecks, e2e_nfailed);")
		f.P("return e2e_nfailed != 0;")
	})
	return f.Bytes()
}
