package gccx86

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// serverFile prints <base>_server.h.
func (g *gen) serverFile() []byte {
	f := cgen.New()
	name := g.base + "_server.h"
	g.header(f, name, "server dispatch loops and reply stubs")
	guard := "L4IDL_" + cgen.GuardName(name)
	f.P("#ifndef ", guard)
	f.P("#define ", guard)
	f.P()
	g.archCheck(f, name)
	g.includes(f)
	g.types(f)
	for _, il := range g.ifaces() {
		f.Comment("Interface " + il.Iface.ScopedName() + fmt.Sprintf(" (interface id %d)", il.Iface.ID))
		f.P()
		f.Comment("Implementations (the application defines them; see " + g.base + "_template.c).")
		if g.implConv() {
			f.Comment("On ia32 they take their first three arguments in registers",
				"(L4IDL_IMPL, regparm(3)): each name is a macro that adds the",
				"attribute to the declarations and definitions that follow, so",
				"implementations written for IDL4 compile unchanged. The server",
				"loop below calls them by their plain names.")
			for _, ol := range il.Ops {
				n := implName(il.Iface, ol.Op)
				f.P("#define ", n, " L4IDL_IMPL ", n)
			}
		}
		for _, ol := range il.Ops {
			f.P(g.implProto(il.Iface, ol.Op), ";")
		}
		f.P()
		for _, ol := range il.Ops {
			if ol.Reply != nil && ol.Op.KernelMsg == ir.KernelNone {
				g.replyStub(f, il.Iface, ol)
				f.P()
			}
		}
		if g.implConv() {
			for _, ol := range il.Ops {
				n := implName(il.Iface, ol.Op)
				f.P("#pragma push_macro(\"", n, "\")")
				f.P("#undef ", n)
			}
		}
		g.serverLoop(f, il)
		if g.implConv() {
			for _, ol := range il.Ops {
				f.P("#pragma pop_macro(\"", implName(il.Iface, ol.Op), "\")")
			}
		}
		f.P()
	}
	f.P("#endif /* ", guard, " */")
	return f.Bytes()
}

// implConv reports whether implementations get the L4IDL_IMPL calling
// convention through per-name macros (ia32: regparm(3), so the server
// loop passes the caller, the first parameter and the second in EAX,
// EDX and ECX instead of pushing them).
func (g *gen) implConv() bool { return g.abi.Name == "ia32" }

// implName returns the C name of an operation's implementation.
func implName(iface *ir.Interface, op *ir.Operation) string {
	return opName(iface, op) + "_implementation"
}

// implProto returns the prototype of an operation's implementation.
func (g *gen) implProto(iface *ir.Interface, op *ir.Operation) string {
	ret, _ := g.m.ReturnType(op.Result)
	ps := []string{"CORBA_Object _caller"}
	for _, p := range op.Params {
		ps = append(ps, g.m.ParamDecl(p, cmap.ServerSide))
	}
	ps = append(ps, "idl4_server_environment *_env")
	return ret + " " + implName(iface, op) + "(" + strings.Join(ps, ", ") + ")"
}

// replyStub prints <iface>_<op>_reply, which sends the normal reply of
// a request whose implementation deferred it (idl4_set_no_response). It
// returns 0, or L4IDL_EX_IPC | the kernel's error code.
func (g *gen) replyStub(f *cgen.File, iface *ir.Interface, ol *ir.OpLayout) {
	op := ol.Op
	g.pos = op.Pos
	ps := []string{"CORBA_Object _client"}
	sc := newScope()
	ret, _ := g.m.ReturnType(op.Result)
	if ret != "void" {
		ps = append(ps, g.m.ValueDecl(op.Result, "_return", true))
		r := &root{expr: "_return", typ: op.Result}
		if c := cmap.ClassOf(op.Result); c == cmap.Aggregate || c == cmap.SeqValue {
			r.expr = "(*_return)"
		}
		sc.add("return", r)
	}
	for _, p := range ReplyStubParams(op) {
		ps = append(ps, g.m.ParamDecl(p, cmap.ReplySide))
		sc.add(p.Name, paramRoot(p, true))
	}
	f.Comment("Sends the reply of "+op.Name+" deferred by idl4_set_no_response();",
		"returns 0, L4IDL_EX_BAD_PARAM, or L4IDL_EX_IPC | the kernel's error code.")
	f.P("static inline int ", opName(iface, op), "_reply(", strings.Join(ps, ", "), ")")
	f.Block("", "", func() {
		nSend := max(1, min(ol.Reply.RegWords, len(g.abi.SendRegs)))
		f.P("L4_Word_t *_utcb = l4idl_utcb();")
		f.P("(void)_utcb;")
		declMRs(f, nSend, false)
		used := false
		fail := func(code string) {
			used = true
			f.P("return L4IDL_EX_", code, ";")
		}
		mg := &msgGen{g: g, f: f, m: ol.Reply, sc: sc, regs: g.abi.SendRegs[:nSend], fail: fail, pfx: "p", uVar: "_u"}
		f.P("_mr0 = ", mg.send(), ";")
		g.emitIpc(f, ipc{to: "_client.raw", from: "0", timeouts: "L4IDL_TIMEOUTS_REPLY", nSend: nSend, nRecv: 1})
		f.P("return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;")
		_ = used
	})
}

// ReplyStubParams lists the parameters of an operation's deferred-reply
// stub (<iface>_<op>_reply) after the client and the return value, in
// order: the reply values (out and inout parameters), then the in
// parameters that size a DCE out buffer (size_is, length_is), which the
// reply needs to know how much of the buffer travels. Every stub style
// uses it, so their reply stubs have one signature.
func ReplyStubParams(op *ir.Operation) []*ir.Param {
	var ps []*ir.Param
	sizers := map[*ir.Param]bool{}
	for _, p := range op.Params {
		if !p.Dir.Returns() {
			continue
		}
		ps = append(ps, p)
		if cmap.ParamClass(p) == cmap.DCEBuffer {
			for _, q := range []*ir.Param{p.SizeIs, p.LengthIs} {
				if q != nil && !q.Dir.Returns() {
					sizers[q] = true
				}
			}
		}
	}
	for _, p := range op.Params {
		if sizers[p] {
			ps = append(ps, p)
		}
	}
	return ps
}

// serverLoop prints <iface>_server: the dispatch loop of an interface.
func (g *gen) serverLoop(f *cgen.File, il *ir.IfaceLayout) {
	iface := il.Iface
	name := cmap.Flatten(iface.Name) + "_server"
	sr := il.ServerRecv
	params := "void"
	if sr.Window {
		params = "L4_Fpage_t _rcv_window"
	}
	lines := []string{
		fmt.Sprintf("The server loop of %s: waits for a request, checks it, calls the", iface.ScopedName()),
		"operation's implementation and replies while waiting for the next request",
		"(one Ipc per request). Malformed requests get a system-error reply",
		"(label 0xFE00 | code, u = t = 0); unknown kernel messages and oneway",
		"requests get none. Never returns.",
	}
	if sr.Window {
		lines = append(lines, "_rcv_window: where mappings sent with requests may land.")
	}
	f.Comment(lines...)
	f.P("static inline void ", name, "(", params, ")")
	// The loop's Ipc names only the registers some request or reply of
	// the interface uses; the kernel's others are clobbers.
	nSend, nRecv := 1, 1
	for _, ol := range il.Ops {
		if ol.Request != nil {
			nRecv = max(nRecv, regWords(ol.Request, g.abi.RecvRegs))
		}
		for _, m := range append([]*ir.Message{ol.Reply}, ol.Exceptions...) {
			if m != nil {
				nSend = max(nSend, regWords(m, g.abi.SendRegs))
			}
		}
	}

	// Dispatch cases are printed first (into their own file) so that the
	// storage they need after the case ends can be declared before them.
	body := cgen.New()
	body.SetIndent(3)
	sv := &serverGen{g: g, f: body, il: il, nSend: nSend, nRecv: nRecv}
	var masked []*ir.OpLayout
	for _, ol := range il.Ops {
		if ol.Request == nil {
			continue
		}
		if ol.Request.LabelMask != allLabels(g.abi) {
			masked = append(masked, ol)
			continue
		}
		sv.dispatchCase(ol)
	}
	maskedBody := cgen.New()
	maskedBody.SetIndent(2)
	sv.f = maskedBody
	for _, ol := range masked {
		sv.maskedCase(ol)
	}

	f.Block("", "", func() {
		f.P("L4_Word_t *_utcb = l4idl_utcb();")
		f.P("(void)_utcb;")
		f.P("L4_Word_t _partner = 0; /* nilthread: the first Ipc only waits */")
		declMRs(f, max(nSend, nRecv), true)
		f.P("idl4_server_environment _senv = { 0, (void *)0 };")
		for b, rb := range sr.Buffers {
			size := "L4IDL_STRING_MAX"
			if rb.Bytes > 0 {
				size = fmt.Sprint(rb.Bytes)
			}
			f.P("L4_Word_t _rb", b, "[(", size, " + sizeof(L4_Word_t) - 1) / sizeof(L4_Word_t)]; /* ", rb.Path, " */")
		}
		if len(sv.storage) > 0 {
			f.Comment("Reply data that must live until the reply has been sent.")
			f.Block("union", " _st;", func() {
				for _, s := range sv.storage {
					f.P(s)
				}
			})
		}
		f.Block("for (;;)", "", func() {
			if sr.Strings || sr.Window {
				acc := "0"
				if sr.Strings {
					acc = "1"
				}
				if sr.Window {
					acc += " | (_rcv_window.raw & ~(L4_Word_t)0xF)"
				}
				f.P("_utcb[L4IDL_BR(0)] = ", acc, ";")
				for b := range sr.Buffers {
					more := ""
					if b < len(sr.Buffers)-1 {
						more = " | 1"
					}
					f.P("_utcb[L4IDL_BR(", 2*b+1, ")] = (L4_Word_t)sizeof(_rb", b, ") << 10", more, ";")
					f.P("_utcb[L4IDL_BR(", 2*b+2, ")] = (L4_Word_t)_rb", b, ";")
				}
			} else {
				f.P("_utcb[L4IDL_BR(0)] = 0; /* accept untyped words only */")
			}
			nonLeaf := g.abi.Name == "amd64"
			g.emitIpc(f, ipc{to: "_partner", from: "~(L4_Word_t)0", timeouts: "L4IDL_TIMEOUTS_REPLY", nSend: nSend, nRecv: nRecv, fromOut: "_partner", nonLeaf: nonLeaf})
			// Requests are dispatched on the whole tag; one whose p, r or
			// X flag is set (propagated, redirected, cross-CPU) takes the
			// slow path: dispatched again without them (_mr0 keeps them).
			f.Block("switch (_mr0)", "", func() {
				f.Raw(body.String())
				f.Case("default:")
				f.P("break;")
			})
			if len(sv.cases) > 0 {
				f.Block("switch (_mr0 & ~(L4_Word_t)0x7000)", "", func() {
					for _, c := range sv.cases {
						f.Case(c[0])
						f.P("goto ", c[1], ";")
					}
					f.Case("default:")
					f.P("break;")
				})
			}
			f.Raw(maskedBody.String())
			f.Block("if (_mr0 & 0x8000)", "", func() {
				f.Comment("The Ipc failed (a reply the client did not wait for, a canceled receive): wait again.")
				if nonLeaf {
					f.P("l4idl_nonleaf(); /* a call: no red zone in this function */")
				}
				f.P("_partner = 0;")
				f.P("_mr0 = 0;")
				sv.undefMRs(f, 1)
				f.P("continue;")
			})
			f.Block("if ((_mr0 >> 16) >= 0xFF00)", "", func() {
				f.Comment("A kernel message nobody handles: no reply.")
				f.P("_partner = 0;")
				f.P("_mr0 = 0;")
				sv.undefMRs(f, 1)
				f.P("continue;")
			})
			// Known labels whose message had the wrong shape.
			var bad, drop []string
			for _, ol := range il.Ops {
				if ol.Request == nil || ol.Request.LabelMask != allLabels(g.abi) || ol.Op.KernelMsg != ir.KernelNone {
					continue
				}
				c := "case " + hexWord(ol.Request.Label, g.abi.WordBits) + ":"
				if ol.Reply == nil {
					drop = append(drop, c)
				} else {
					bad = append(bad, c)
				}
			}
			if len(bad)+len(drop) > 0 {
				f.Block("switch (_mr0 >> 16)", "", func() {
					if len(bad) > 0 {
						f.Case(bad...)
						f.P("goto _l4idl_malformed;")
						sv.used["malformed"] = true
					}
					if len(drop) > 0 {
						f.Case(drop...)
						f.P("goto _l4idl_drop;")
						sv.used["drop"] = true
					}
					f.Case("default:")
					f.P("break;")
				})
			}
			f.P("_mr0 = (L4_Word_t)", hexWord(ir.SysErrorLabel(ir.SysErrUnknownOp), 32), " << 16; /* no such operation */")
			sv.undefMRs(f, 1)
			f.P("continue;")
			if sv.used["malformed"] {
				f.Label("_l4idl_malformed")
				sysErrTag(f, hexWord(ir.SysErrorLabel(ir.SysErrMalformed), 32))
				sv.undefMRs(f, 1)
				f.P("continue;")
			}
			if sv.used["nobuf"] {
				f.Label("_l4idl_nobuf")
				sysErrTag(f, hexWord(ir.SysErrorLabel(ir.SysErrNoBuffer), 32))
				sv.undefMRs(f, 1)
				f.P("continue;")
			}
			if sv.used["fault"] {
				f.Label("_l4idl_fault")
				f.P("_mr0 = (L4_Word_t)", hexWord(ir.SysErrorLabelBase, 32), " << 16;")
				sv.undefMRs(f, 1)
				f.P("continue;")
			}
			if sv.used["drop"] {
				f.Label("_l4idl_drop")
				f.P("_partner = 0;")
				f.P("_mr0 = 0;")
				sv.undefMRs(f, 1)
			}
		})
	})
}

func allLabels(abi *ir.ABI) uint64 { return uint64(1)<<uint(abi.LabelBits) - 1 }

// regWords returns how many MRs (MR0 included) of message m travel in
// regs, the Ipc registers of one side: the IR's RegWords counts the other
// side's registers for requests (the sender's) and replies (the
// receiver's).
func regWords(m *ir.Message, regs []string) int {
	return min(len(regs), 1+m.MaxWords+m.TypedWords)
}

// sysErrTag sets _mr0 to the system-error tag with label code << 16
// through an empty volatile asm: as a plain constant GCC would load it
// speculatively on the path of every request that passes its checks
// (one instruction per request), since the register is free there.
func sysErrTag(f *cgen.File, code string) {
	f.P("__asm__ __volatile__ (\"\" : \"=r\" (_mr0) : \"0\" ((L4_Word_t)", code, " << 16));")
}

// serverGen prints the dispatch cases of one server loop.
type serverGen struct {
	g  *gen
	f  *cgen.File
	il *ir.IfaceLayout
	// nSend and nRecv are the MR variables the loop's Ipc sends from
	// and receives into.
	nSend, nRecv int
	// cases are the case labels of the dispatch switch with the C label
	// of their handler.
	cases [][2]string
	// storage are the members of the loop's reply-storage union.
	storage []string
	used    map[string]bool
	n       int
}

// dispatchCase prints the case of an operation whose request has a
// fixed label.
func (sv *serverGen) dispatchCase(ol *ir.OpLayout) {
	f := sv.f
	m := ol.Request
	base := m.Label<<16 | uint64(m.TypedWords)<<6
	wb := sv.g.abi.WordBits
	label := "case " + hexWord(base|uint64(m.FixedWords), wb) + ":"
	if m.Variable {
		label = "case " + hexWord(base|uint64(m.FixedWords), wb) + " ... " + hexWord(base|uint64(m.MaxWords), wb) + ":"
	}
	target := fmt.Sprintf("_l4idl_op%d", len(sv.cases)+1)
	sv.cases = append(sv.cases, [2]string{label, target})
	f.CaseBlock(label+" "+target+":", func() { sv.handler(ol) })
}

// maskedCase prints the handler of a kernel message whose label has
// variable bits (page-fault access rights) or is any label (startup).
func (sv *serverGen) maskedCase(ol *ir.OpLayout) {
	m := ol.Request
	shape := uint64(m.TypedWords)<<6 | uint64(m.FixedWords)
	cond := fmt.Sprintf("((_mr0 >> 16) & %s) == %s && (_mr0 & 0x8FFF) == %s",
		hexWord(m.LabelMask, sv.g.abi.WordBits), hexWord(m.Label, sv.g.abi.WordBits), hexWord(shape, sv.g.abi.WordBits))
	sv.f.Block("if ("+cond+")", "", func() { sv.handler(ol) })
}

// local returns the server's local variable for a parameter.
func local(p *ir.Param) string { return "_p_" + p.Name }

// handler prints the body of a dispatch case: decode, call, reply.
func (sv *serverGen) handler(ol *ir.OpLayout) {
	g := sv.g
	f := sv.f
	op := ol.Op
	g.pos = op.Pos
	if sv.used == nil {
		sv.used = map[string]bool{}
	}
	sv.n++
	st := fmt.Sprintf("_st.o%d", sv.n)
	var members []string
	store := func(decl, name string) string {
		members = append(members, decl+";")
		return st + "." + name
	}
	f.Comment(op.Signature())
	ret, _ := g.m.ReturnType(op.Result)
	oneway := ol.Reply == nil

	// Locals: one per parameter, out buffers in reply storage.
	sc := newScope()
	var post []func()
	for _, p := range op.Params {
		lv := local(p)
		cls := cmap.ParamClass(p)
		r := &root{expr: lv, typ: p.Type, param: p}
		switch cls {
		case cmap.DCEBuffer:
			elem := p.Type.Underlying().Elem
			f.P(g.m.Decl(&ir.Type{Kind: ir.Word, PointsTo: elem}, lv), ";")
			r.dce = true
			if p.Dir.Returns() {
				cap := capOf(p.Type, ir.Sizeof(elem, g.abi))
				buf := store(g.m.Decl(elem, fmt.Sprintf("%s[%s]", cmap.Ident(p.Name), cap)), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, " = ", buf, ";")
				} else {
					post = append(post, func() { sv.copyIn(p, lv, buf, cap, elem) })
				}
			}
		case cmap.StringValue:
			ct := "CORBA_char"
			if p.Type.Underlying().Kind == ir.WString {
				ct = "CORBA_wchar"
			}
			f.P(ct, " *", lv, ";")
			if p.Dir.Returns() {
				cap := "L4IDL_STRING_MAX"
				if n := p.Type.Underlying().Len; n > 0 {
					cap = fmt.Sprint(n + 1)
				} else if ct == "CORBA_wchar" {
					cap = "L4IDL_STRING_MAX / 4"
				}
				buf := store(fmt.Sprintf("%s %s[%s]", ct, cmap.Ident(p.Name), cap), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, " = ", buf, ";")
					f.P(lv, "[0] = 0;")
				} else {
					post = append(post, func() { sv.copyInString(p, lv, buf, cap, ct) })
				}
			}
		case cmap.SeqValue:
			f.P(g.m.Decl(p.Type, lv), ";")
			if p.Dir.Returns() {
				elem := p.Type.Underlying().Elem
				cap := capOf(p.Type, ir.Sizeof(elem, g.abi))
				buf := store(g.m.Decl(elem, fmt.Sprintf("%s[%s]", cmap.Ident(p.Name), cap)), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, "._buffer = ", buf, ";")
					f.P(lv, "._maximum = ", cap, ";")
					f.P(lv, "._length = 0;")
				} else {
					post = append(post, func() { sv.copyInSeq(p, lv, buf, cap, elem) })
				}
			}
		default:
			f.P(g.m.Decl(p.Type, lv), ";")
			if p.Dir == ir.Out {
				f.P("__builtin_memset(&", lv, ", 0, sizeof ", lv, ");")
			}
		}
		sc.add(p.Name, r)
	}
	if ret != "void" {
		f.P(ret, " _ret;")
		sc.add("return", &root{expr: "_ret", typ: op.Result})
	}

	// Decode and check the request.
	failLabel := "malformed"
	if oneway {
		failLabel = "drop"
	}
	mg := &msgGen{g: g, f: f, m: ol.Request, sc: sc, regs: g.abi.RecvRegs[:sv.nRecv], pfx: fmt.Sprintf("q%d_", sv.n), uVar: "_u",
		rbuf:  func(k int) string { return fmt.Sprintf("_rb%d", k) },
		rsize: func(k int) string { return fmt.Sprintf("sizeof(_rb%d)", k) },
		fail: func(code string) {
			l := failLabel
			if code == "NO_BUFFER" && !oneway {
				l = "nobuf"
			}
			sv.used[l] = true
			f.P("goto _l4idl_", l, ";")
		}}
	mg.recv("_mr0")
	for _, fn := range post {
		fn()
	}
	// DCE out buffers sized by a request value must fit their storage.
	for _, p := range op.Params {
		if cmap.ParamClass(p) == cmap.DCEBuffer && p.Dir.Returns() && p.SizeIs != nil {
			cap := capOf(p.Type, ir.Sizeof(p.Type.Underlying().Elem, g.abi))
			l := "nobuf"
			if oneway {
				l = "drop"
			}
			sv.used[l] = true
			f.Block(fmt.Sprintf("if ((L4_Word_t)%s > (L4_Word_t)(%s))", local(p.SizeIs), cap), "", func() {
				f.P("goto _l4idl_", l, ";")
			})
		}
	}

	// Words a kernel exception reply echoes (the faulting thread's other
	// registers) are kept from the request; those not in registers are
	// saved first, since the implementation may use the UTCB.
	echo := map[int]string{}
	if ol.Reply != nil {
		for _, k := range ol.Reply.EchoMRs {
			if k >= sv.nRecv {
				echo[k] = fmt.Sprintf("_echo%d", k)
				f.P("L4_Word_t ", echo[k], " = _utcb[", k, "];")
			}
		}
	}

	// Call the implementation.
	args := []string{"l4idl_tid(_partner)"}
	for _, p := range op.Params {
		args = append(args, implArg(p))
	}
	args = append(args, "&_senv")
	call := implName(sv.il.Iface, op) + "(" + strings.Join(args, ", ") + ");"
	if ret != "void" {
		call = "_ret = " + call
	}
	f.P(call)
	if oneway {
		f.P("_senv._action = 0;")
		sv.used["drop"] = true
		f.P("goto _l4idl_drop;")
		sv.flush(st, members)
		return
	}
	f.Block("if (__builtin_expect(_senv._action != 0, 0))", "", func() {
		f.P("int _act = _senv._action;")
		f.P("_senv._action = 0;")
		sv.used["drop"] = true
		f.Block("if (_act == IDL4_NO_RESPONSE)", "", func() { f.P("goto _l4idl_drop;") })
		for k, em := range ol.Exceptions {
			exc := op.Raises[k]
			ct := cmap.NamedType(exc)
			f.Block(fmt.Sprintf("if (_act == CORBA_USER_EXCEPTION + (ex_%s << 8))", ct), "", func() {
				esc := newScope()
				if u := exc.Underlying(); u != nil && len(u.Fields) > 0 {
					f.P("static const ", ct, " _zx;")
					f.P("const ", ct, " *_x = _senv._data ? (const ", ct, " *)_senv._data : &_zx;")
					esc.add(exc.Name[len(exc.Name)-1], &root{expr: "(*_x)", typ: exc})
				}
				xm := &msgGen{g: g, f: f, m: em, sc: esc, regs: g.abi.SendRegs[:sv.nSend], pfx: fmt.Sprintf("x%d_%d_", sv.n, k), uVar: "_xu",
					store: func(words int64) string {
						return store(fmt.Sprintf("L4_Word_t x%drec[%d]", k, words), fmt.Sprintf("x%drec", k))
					},
					fail: func(code string) {
						sv.used["nobuf"] = true
						f.P("goto _l4idl_nobuf;")
					}}
				f.P("_mr0 = ", xm.send(), ";")
				sv.undefMRs(f, regWords(em, g.abi.SendRegs))
				f.P("continue;")
			})
		}
		sv.used["fault"] = true
		f.P("goto _l4idl_fault;")
	})

	// Reply.
	rm := &msgGen{g: g, f: f, m: ol.Reply, sc: sc, regs: g.abi.SendRegs[:sv.nSend], pfx: fmt.Sprintf("r%d_", sv.n), uVar: "_ru",
		store: func(words int64) string {
			return store(fmt.Sprintf("L4_Word_t rec[%d]", words), "rec")
		},
		fail: func(code string) {
			sv.used["nobuf"] = true
			f.P("goto _l4idl_nobuf;")
		}}
	tag := rm.send()
	for _, k := range ol.Reply.EchoMRs {
		dst := rm.mr(k)
		src := echo[k]
		if k < sv.nRecv {
			src = mrVar(k)
		}
		if dst != src {
			f.P(dst, " = ", src, "; /* unchanged register of the faulting thread */")
		}
	}
	f.P("_mr0 = ", tag, ";")
	sv.undefMRs(f, regWords(ol.Reply, g.abi.SendRegs))
	f.P("continue;")
	sv.flush(st, members)
}

// undefMRs marks the send MR variables from..nSend-1 as holding nothing
// the reply needs (an empty asm "sets" them): without it they would carry
// the last request's words around the loop, kept alive across the
// implementation call in saved registers or on the stack, for a reply
// that does not send them.
func (sv *serverGen) undefMRs(f *cgen.File, from int) {
	var outs []string
	for k := from; k < sv.nSend; k++ {
		outs = append(outs, `"=r" (`+mrVar(k)+`)`)
	}
	if len(outs) > 0 {
		f.P(`__asm__ ("" : `, strings.Join(outs, ", "), "); /* not sent */")
	}
}

// flush adds an operation's reply storage to the loop's union.
func (sv *serverGen) flush(st string, members []string) {
	if len(members) == 0 {
		return
	}
	sv.storage = append(sv.storage, "struct { "+strings.Join(members, " ")+" } "+strings.TrimPrefix(st, "_st.")+";")
}

// capOf returns the capacity in elements of a server buffer for an out
// sequence or DCE buffer of type t.
func capOf(t *ir.Type, elemBytes int64) string {
	if n := t.Underlying().Len; n > 0 {
		return fmt.Sprint(n)
	}
	if elemBytes <= 0 {
		elemBytes = 1
	}
	return fmt.Sprintf("(L4IDL_STRING_MAX / %d)", elemBytes)
}

// implArg returns the argument passed to an implementation for p.
func implArg(p *ir.Param) string {
	lv := local(p)
	switch cmap.ParamClass(p) {
	case cmap.Scalar, cmap.Handle, cmap.FpageItem:
		if p.Dir == ir.In {
			return lv
		}
		return "&" + lv
	case cmap.Aggregate, cmap.SeqValue:
		return "&" + lv
	}
	return lv
}

// copyInString moves an inout string from the receive buffer into the
// reply storage the implementation may write.
func (sv *serverGen) copyInString(p *ir.Param, lv, buf, cap, ct string) {
	f := sv.f
	f.Block("", "", func() {
		f.P("L4_Word_t _k = 0;")
		f.P("while (", lv, "[_k] != 0)")
		f.In()
		f.P("_k++;")
		f.Out()
		sv.used["nobuf"] = true
		f.Block("if (_k >= (L4_Word_t)("+cap+"))", "", func() { f.P("goto _l4idl_nobuf;") })
		f.P("__builtin_memcpy(", buf, ", ", lv, ", (_k + 1) * sizeof(", ct, "));")
		f.P(lv, " = ", buf, ";")
	})
}

// copyInSeq moves an inout sequence into reply storage.
func (sv *serverGen) copyInSeq(p *ir.Param, lv, buf, cap string, elem *ir.Type) {
	f := sv.f
	sv.used["nobuf"] = true
	f.Block("if ((L4_Word_t)"+lv+"._length > (L4_Word_t)("+cap+"))", "", func() { f.P("goto _l4idl_nobuf;") })
	f.P("__builtin_memcpy(", buf, ", ", lv, "._buffer, ", lv, "._length * sizeof(", sv.g.m.TypeName(elem), "));")
	f.P(lv, "._buffer = ", buf, ";")
	f.P(lv, "._maximum = ", cap, ";")
}

// copyIn moves an inout DCE buffer into reply storage.
func (sv *serverGen) copyIn(p *ir.Param, lv, buf, cap string, elem *ir.Type) {
	f := sv.f
	n := "(L4_Word_t)(" + cap + ")"
	if p.SizeIs != nil {
		n = "(L4_Word_t)" + local(p.SizeIs)
	}
	sv.used["nobuf"] = true
	f.Block("if ("+n+" > (L4_Word_t)("+cap+"))", "", func() { f.P("goto _l4idl_nobuf;") })
	f.P("__builtin_memcpy(", buf, ", ", lv, ", ", n, " * sizeof(", sv.g.m.TypeName(elem), "));")
	f.P(lv, " = ", buf, ";")
}
