package portable

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
)

// serverFile prints <base>_server.h.
func (g *gen) serverFile() []byte {
	f := cgen.New()
	name := g.base + "_server.h"
	g.prologue(f, name, "server dispatch loops and reply stubs")
	for _, il := range g.ifaces() {
		f.Comment(fmt.Sprintf("Interface %s (interface id %d)", il.Iface.ScopedName(), il.Iface.ID))
		f.P()
		f.Comment("Implementations (the application defines them).")
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
		g.serverLoop(f, il)
		f.P()
	}
	g.epilogue(f, name)
	return f.Bytes()
}

// implProto returns the prototype of an operation's implementation.
func (g *gen) implProto(iface *ir.Interface, op *ir.Operation) string {
	ret, _ := g.m.ReturnType(op.Result)
	ps := []string{"CORBA_Object _caller"}
	for _, p := range op.Params {
		ps = append(ps, g.m.ParamDecl(p, cmap.ServerSide))
	}
	ps = append(ps, "idl4_server_environment *_env")
	return ret + " " + opName(iface, op) + "_implementation(" + strings.Join(ps, ", ") + ")"
}

// replyStub prints <iface>_<op>_reply, which sends the normal reply of a
// request whose implementation deferred it (idl4_set_no_response). It
// returns 0, L4IDL_EX_BAD_PARAM, or L4IDL_EX_IPC | the kernel's error.
func (g *gen) replyStub(f *cgen.File, iface *ir.Interface, ol *ir.OpLayout) {
	op := ol.Op
	g.pos = op.Pos
	ps := []string{"CORBA_Object _client"}
	sc := scope{}
	if ret, _ := g.m.ReturnType(op.Result); ret != "void" {
		ps = append(ps, g.m.ValueDecl(op.Result, "_return", true))
		r := &root{expr: "_return", typ: op.Result}
		if c := cmap.ClassOf(op.Result); c == cmap.Aggregate || c == cmap.SeqValue {
			r.expr = "(*_return)"
		}
		sc["return"] = r
	}
	for _, p := range gccx86.ReplyStubParams(op) {
		ps = append(ps, g.m.ParamDecl(p, cmap.ReplySide))
		sc[p.Name] = paramRoot(p, true)
	}
	f.Comment("Sends the reply of "+op.Name+" deferred by idl4_set_no_response();",
		"returns 0, L4IDL_EX_BAD_PARAM, or L4IDL_EX_IPC | the kernel's error code.")
	f.P("static inline int ", opName(iface, op), "_reply(", strings.Join(ps, ", "), ")")
	f.Block("", "", func() {
		f.P("L4_Msg_t _msg;")
		f.P("L4_MsgTag_t _tag;")
		mg := &msg{g: g, f: f, m: ol.Reply, sc: sc, buf: "&_msg", bufVar: "_msg", pfx: "p", uVar: "_u",
			fail: func(code string) { f.P("return L4IDL_EX_", code, ";") }}
		f.P("_msg.raw[0] = ", mg.send(), ";")
		f.P("l4idl_msg_load(&_msg);")
		f.P("_tag = L4_Ipc(_client, L4_nilthread, L4IDL_TIMEOUTS_REPLY, (L4_ThreadId_t *)0);")
		f.P("return (_tag.raw & 0x8000) ? L4IDL_EX_IPC | (int)(l4idl_utcb()[L4IDL_TCR_ERROR] & 0xF) : 0;")
	})
}

// serverLoop prints <iface>_server: receive a request into a buffer,
// dispatch on its label through a generic switch, unmarshal, call the
// implementation, marshal the reply and send it with the next receive.
func (g *gen) serverLoop(f *cgen.File, il *ir.IfaceLayout) {
	iface := il.Iface
	sr := il.ServerRecv
	params := "void"
	if sr.Window {
		params = "L4_Fpage_t _rcv_window"
	}
	f.Comment(fmt.Sprintf("The server loop of %s (portable style): never returns.", iface.ScopedName()),
		"Malformed requests get a system-error reply (label 0xFE00 | code);",
		"unknown kernel messages and oneway requests get none.")
	f.P("static inline void ", cmap.Flatten(iface.Name), "_server(", params, ")")
	all := uint64(1)<<uint(g.abi.LabelBits) - 1
	wb := g.abi.WordBits

	// The cases are printed first, so that the reply storage they need
	// can be declared before the loop.
	sv := &serverGen{g: g, il: il, used: map[string]bool{}}
	masked := cgen.New()
	masked.SetIndent(3)
	cases := cgen.New()
	cases.SetIndent(4)
	for _, ol := range il.Ops {
		m := ol.Request
		if m == nil {
			continue
		}
		if m.LabelMask != all {
			shape := uint64(m.TypedWords)<<6 | uint64(m.FixedWords)
			cond := fmt.Sprintf("((_t >> 16) & %s) == %s && (_t & 0xFFF) == %s", hexWord(m.LabelMask, wb), hexWord(m.Label, wb), hexWord(shape, wb))
			sv.f = masked
			masked.Block("if ("+cond+")", "", func() { sv.handler(ol) })
			continue
		}
		sv.f = cases
		bad := "malformed"
		if ol.Reply == nil || ol.Op.KernelMsg != ir.KernelNone {
			bad = "drop"
		}
		sv.used[bad] = true
		cases.CaseBlock("case "+hexWord(m.Label, wb)+":", func() {
			cases.Block("if (!("+tagMatch(m, "_t", wb)+"))", "", func() { cases.P("goto _l4idl_", bad, ";") })
			sv.handler(ol)
		})
	}

	f.Block("", "", func() {
		f.P("L4_ThreadId_t _partner = L4_nilthread; /* the first Ipc only waits */")
		f.P("L4_MsgTag_t _tag;")
		f.P("L4_Msg_t _msg, _rep;")
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
		f.P("_rep.raw[0] = 0;")
		f.Block("for (;;)", "", func() {
			strs, win := "0", "0"
			if sr.Strings {
				strs = "1"
			}
			if sr.Window {
				win = "_rcv_window.raw"
			}
			f.P("l4idl_accept(", strs, ", ", win, ");")
			for b := range sr.Buffers {
				more := "0"
				if b < len(sr.Buffers)-1 {
					more = "1"
				}
				f.P("l4idl_recv_buffer(", b, ", _rb", b, ", sizeof(_rb", b, "), ", more, ");")
			}
			f.P("l4idl_msg_load(&_rep);")
			f.P("_tag = L4_Ipc(_partner, L4_anythread, L4IDL_TIMEOUTS_REPLY, &_partner);")
			f.Block("if (_tag.raw & 0x8000)", "", func() {
				f.Comment("The Ipc failed (a reply nobody waited for, a canceled receive): wait again.")
				f.P("_partner = L4_nilthread;")
				f.P("_rep.raw[0] = 0;")
				f.P("continue;")
			})
			f.P("l4idl_msg_store(_tag, &_msg);")
			f.Block("", "", func() {
				f.P("L4_Word_t _t = _tag.raw & ~(L4_Word_t)0x7000; /* p, r, X flags do not matter */")
				f.Raw(masked.String())
				f.Block("switch (_t >> 16)", "", func() {
					f.Raw(cases.String())
					f.Case("default:")
					f.P("break;")
				})
				f.Block("if ((_t >> 16) >= 0xFF00)", "", func() {
					f.Comment("A kernel message nobody handles: no reply.")
					f.P("goto _l4idl_drop;")
				})
				sv.used["drop"] = true
			})
			f.P("_rep.raw[0] = (L4_Word_t)", hexWord(ir.SysErrorLabel(ir.SysErrUnknownOp), 32), " << 16; /* no such operation */")
			f.P("continue;")
			for _, e := range []struct{ used, label, value string }{
				{"malformed", "_l4idl_malformed", hexWord(ir.SysErrorLabel(ir.SysErrMalformed), 32)},
				{"nobuf", "_l4idl_nobuf", hexWord(ir.SysErrorLabel(ir.SysErrNoBuffer), 32)},
				{"fault", "_l4idl_fault", hexWord(ir.SysErrorLabelBase, 32)},
			} {
				if sv.used[e.used] {
					f.Label(e.label)
					f.P("_rep.raw[0] = (L4_Word_t)", e.value, " << 16;")
					f.P("continue;")
				}
			}
			f.Label("_l4idl_drop")
			f.P("_partner = L4_nilthread;")
			f.P("_rep.raw[0] = 0;")
		})
	})
}

// serverGen prints the dispatch cases of one server loop.
type serverGen struct {
	g  *gen
	f  *cgen.File
	il *ir.IfaceLayout
	// storage are the members of the loop's reply-storage union.
	storage []string
	used    map[string]bool
	n       int
}

// local returns the server's local variable for a parameter.
func local(p *ir.Param) string { return "_p_" + p.Name }

// capOf returns the capacity in elements of a server buffer for an out
// sequence or DCE buffer of type t.
func capOf(t *ir.Type, elemBytes int64) string {
	if n := t.Underlying().Len; n > 0 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("(L4IDL_STRING_MAX / %d)", max(elemBytes, 1))
}

// handler prints a dispatch case's body: unmarshal, call, marshal.
func (sv *serverGen) handler(ol *ir.OpLayout) {
	g, f, op := sv.g, sv.f, ol.Op
	g.pos = op.Pos
	sv.n++
	st := fmt.Sprintf("o%d", sv.n)
	var members []string
	store := func(decl, name string) string {
		members = append(members, decl+";")
		return "_st." + st + "." + name
	}
	f.Comment(op.Signature())
	ret, _ := g.m.ReturnType(op.Result)
	oneway := ol.Reply == nil

	// One local per parameter; out buffers live in reply storage.
	sc := scope{}
	var post []func()
	for _, p := range op.Params {
		lv := local(p)
		r := &root{expr: lv, typ: p.Type, param: p}
		switch cmap.ParamClass(p) {
		case cmap.DCEBuffer:
			elem := p.Type.Underlying().Elem
			f.P(g.m.Decl(&ir.Type{Kind: ir.Word, PointsTo: elem}, lv), ";")
			r.dce = true
			if p.Dir.Returns() {
				cp := capOf(p.Type, ir.Sizeof(elem, g.abi))
				buf := store(g.m.Decl(elem, fmt.Sprintf("%s[%s]", cmap.Ident(p.Name), cp)), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, " = ", buf, ";")
				} else {
					post = append(post, func() { sv.copyIn(p, lv, buf, cp, g.m.TypeName(elem), "") })
				}
			}
		case cmap.StringValue:
			ct := "CORBA_char"
			if p.Type.Underlying().Kind == ir.WString {
				ct = "CORBA_wchar"
			}
			f.P(ct, " *", lv, ";")
			if p.Dir.Returns() {
				cp := "L4IDL_STRING_MAX"
				if n := p.Type.Underlying().Len; n > 0 {
					cp = fmt.Sprint(n + 1)
				} else if ct == "CORBA_wchar" {
					cp = "L4IDL_STRING_MAX / 4"
				}
				buf := store(fmt.Sprintf("%s %s[%s]", ct, cmap.Ident(p.Name), cp), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, " = ", buf, ";")
					f.P(lv, "[0] = 0;")
				} else {
					post = append(post, func() { sv.copyInString(lv, buf, cp, ct) })
				}
			}
		case cmap.SeqValue:
			f.P(g.m.Decl(p.Type, lv), ";")
			if p.Dir.Returns() {
				elem := p.Type.Underlying().Elem
				cp := capOf(p.Type, ir.Sizeof(elem, g.abi))
				buf := store(g.m.Decl(elem, fmt.Sprintf("%s[%s]", cmap.Ident(p.Name), cp)), cmap.Ident(p.Name))
				if p.Dir == ir.Out {
					f.P(lv, "._buffer = ", buf, ";")
					f.P(lv, "._maximum = ", cp, ";")
					f.P(lv, "._length = 0;")
				} else {
					post = append(post, func() { sv.copyIn(p, lv, buf, cp, g.m.TypeName(elem), "seq") })
				}
			}
		default:
			f.P(g.m.Decl(p.Type, lv), ";")
			if p.Dir == ir.Out {
				f.P("__builtin_memset(&", lv, ", 0, sizeof ", lv, ");")
			}
		}
		sc[p.Name] = r
	}
	if ret != "void" {
		f.P(ret, " _ret;")
		sc["return"] = &root{expr: "_ret", typ: op.Result}
	}

	// Unmarshal and check the request.
	failTo := func(code string) string {
		switch {
		case oneway:
			return "drop"
		case code == "NO_BUFFER":
			return "nobuf"
		}
		return "malformed"
	}
	mq := &msg{g: g, f: f, m: ol.Request, sc: sc, buf: "&_msg", bufVar: "_msg", pfx: fmt.Sprintf("q%d_", sv.n), uVar: "_u",
		rbuf:  func(k int) string { return fmt.Sprintf("_rb%d", k) },
		rsize: func(k int) string { return fmt.Sprintf("sizeof(_rb%d)", k) },
		fail: func(code string) {
			l := failTo(code)
			sv.used[l] = true
			f.P("goto _l4idl_", l, ";")
		}}
	mq.recv("_tag.raw")
	for _, fn := range post {
		fn()
	}
	for _, p := range op.Params {
		if cmap.ParamClass(p) == cmap.DCEBuffer && p.Dir.Returns() && p.SizeIs != nil {
			cp := capOf(p.Type, ir.Sizeof(p.Type.Underlying().Elem, g.abi))
			l := failTo("NO_BUFFER")
			sv.used[l] = true
			f.Block(fmt.Sprintf("if ((L4_Word_t)%s > (L4_Word_t)(%s))", local(p.SizeIs), cp), "", func() {
				f.P("goto _l4idl_", l, ";")
			})
		}
	}

	// Call the implementation.
	args := []string{"_partner"}
	for _, p := range op.Params {
		args = append(args, implArg(p))
	}
	args = append(args, "&_senv")
	call := opName(sv.il.Iface, op) + "_implementation(" + strings.Join(args, ", ") + ");"
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
	replyFail := func(string) {
		sv.used["nobuf"] = true
		f.P("goto _l4idl_nobuf;")
	}
	f.Block("if (_senv._action != 0)", "", func() {
		f.P("int _act = _senv._action;")
		f.P("_senv._action = 0;")
		f.Block("if (_act == IDL4_NO_RESPONSE)", "", func() { f.P("goto _l4idl_drop;") })
		for k, em := range ol.Exceptions {
			exc := op.Raises[k]
			ct := cmap.NamedType(exc)
			f.Block(fmt.Sprintf("if (_act == CORBA_USER_EXCEPTION + (ex_%s << 8))", ct), "", func() {
				esc := scope{}
				if u := exc.Underlying(); u != nil && len(u.Fields) > 0 {
					f.P("static const ", ct, " _zx;")
					f.P("const ", ct, " *_x = _senv._data ? (const ", ct, " *)_senv._data : &_zx;")
					esc[exc.Name[len(exc.Name)-1]] = &root{expr: "(*_x)", typ: exc}
				}
				xm := &msg{g: g, f: f, m: em, sc: esc, buf: "&_rep", bufVar: "_rep", pfx: fmt.Sprintf("x%d_%d_", sv.n, k), uVar: "_xu", fail: replyFail,
					store: func(words int64) string {
						return store(fmt.Sprintf("L4_Word_t x%drec[%d]", k, words), fmt.Sprintf("x%drec", k))
					}}
				f.P("_rep.raw[0] = ", xm.send(), ";")
				f.P("continue;")
			})
		}
		sv.used["fault"] = true
		f.P("goto _l4idl_fault;")
	})

	// Marshal the reply; it is sent by the loop's next Ipc.
	rm := &msg{g: g, f: f, m: ol.Reply, sc: sc, buf: "&_rep", bufVar: "_rep", pfx: fmt.Sprintf("r%d_", sv.n), uVar: "_ru", fail: replyFail,
		store: func(words int64) string { return store(fmt.Sprintf("L4_Word_t rec[%d]", words), "rec") }}
	tag := rm.send()
	for _, k := range ol.Reply.EchoMRs {
		f.P("_rep.raw[", k, "] = _msg.raw[", k, "]; /* unchanged register of the faulting thread */")
	}
	f.P("_rep.raw[0] = ", tag, ";")
	f.P("continue;")
	sv.flush(st, members)
}

// flush adds an operation's reply storage to the loop's union.
func (sv *serverGen) flush(st string, members []string) {
	if len(members) > 0 {
		sv.storage = append(sv.storage, "struct { "+strings.Join(members, " ")+" } "+st+";")
	}
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

// copyInString moves an inout string from the receive buffer into reply
// storage the implementation may write.
func (sv *serverGen) copyInString(lv, buf, cp, ct string) {
	f := sv.f
	sv.used["nobuf"] = true
	f.Block("", "", func() {
		f.P("L4_Word_t _k = 0;")
		f.P("while (", lv, "[_k] != 0)")
		f.In()
		f.P("_k++;")
		f.Out()
		f.Block("if (_k >= (L4_Word_t)("+cp+"))", "", func() { f.P("goto _l4idl_nobuf;") })
		f.P("__builtin_memcpy(", buf, ", ", lv, ", (_k + 1) * sizeof(", ct, "));")
		f.P(lv, " = ", buf, ";")
	})
}

// copyIn moves an inout sequence (kind "seq") or DCE buffer into reply
// storage.
func (sv *serverGen) copyIn(p *ir.Param, lv, buf, cp, elem, kind string) {
	f := sv.f
	sv.used["nobuf"] = true
	n := "(L4_Word_t)(" + cp + ")"
	data := lv
	switch {
	case kind == "seq":
		n = "(L4_Word_t)" + lv + "._length"
		data = lv + "._buffer"
	case p.SizeIs != nil:
		n = "(L4_Word_t)" + local(p.SizeIs)
	}
	f.Block("if ("+n+" > (L4_Word_t)("+cp+"))", "", func() { f.P("goto _l4idl_nobuf;") })
	f.P("__builtin_memcpy(", buf, ", ", data, ", ", n, " * sizeof(", elem, "));")
	if kind == "seq" {
		f.P(lv, "._buffer = ", buf, ";")
		f.P(lv, "._maximum = ", cp, ";")
		return
	}
	f.P(lv, " = ", buf, ";")
}
