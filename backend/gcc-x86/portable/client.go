package portable

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
)

// clientFile prints <base>_client.h.
func (g *gen) clientFile() []byte {
	f := cgen.New()
	name := g.base + "_client.h"
	g.prologue(f, name, "client stubs")
	for _, il := range g.ifaces() {
		f.Comment(fmt.Sprintf("Interface %s (interface id %d)", il.Iface.ScopedName(), il.Iface.ID))
		f.P()
		for _, ol := range il.Ops {
			if ol.Op.KernelMsg != ir.KernelNone {
				f.Comment(fmt.Sprintf("%s handles the kernel's %s messages: no client stub.", ol.Op.Name, ol.Op.KernelMsg))
				f.P()
				continue
			}
			g.clientStub(f, il.Iface, ol)
			f.P()
		}
	}
	g.epilogue(f, name)
	return f.Bytes()
}

// paramRoot returns how a parameter is reached inside a stub whose
// signature follows cmap's client (or reply) convention.
func paramRoot(p *ir.Param, byValue bool) *root {
	name := cmap.Ident(p.Name)
	r := &root{expr: name, typ: p.Type, param: p}
	switch cmap.ParamClass(p) {
	case cmap.Scalar, cmap.Handle, cmap.FpageItem:
		if !byValue {
			r.expr = "(*" + name + ")"
		}
	case cmap.Aggregate, cmap.SeqValue:
		r.expr = "(*" + name + ")"
	case cmap.DCEBuffer:
		r.dce = true
	}
	return r
}

// recvBuf is one receive buffer a client installs for its reply.
type recvBuf = gccx86.RecvBuf

// clientBuffers decides where each receive buffer of the reply points
// (as the optimal style does).
func (g *gen) clientBuffers(ol *ir.OpLayout) []recvBuf { return gccx86.ClientBuffers(g.abi, ol) }

// clientStub prints the stub of one operation: marshal the request into
// a buffer, copy it into the MRs, L4_Ipc, copy the reply out of the MRs,
// unmarshal it.
func (g *gen) clientStub(f *cgen.File, iface *ir.Interface, ol *ir.OpLayout) {
	op := ol.Op
	g.pos = op.Pos
	ret, _ := g.m.ReturnType(op.Result)
	f.Comment(op.Signature())
	ps := []string{"CORBA_Object _service"}
	for _, p := range op.Params {
		ps = append(ps, g.m.ParamDecl(p, cmap.ClientSide))
	}
	ps = append(ps, "CORBA_Environment *_env")
	f.P("static inline ", ret, " ", opName(iface, op), "(", strings.Join(ps, ", "), ")")
	f.Block("", "", func() { g.clientBody(f, ol, ret) })
}

func (g *gen) clientBody(f *cgen.File, ol *ir.OpLayout, ret string) {
	op := ol.Op
	hasRet := ret != "void"
	usedFail := false
	fail := func(code string) {
		usedFail = true
		if code == "MALFORMED" {
			code = "BAD_REPLY"
		}
		f.P("l4idl_fail_code(_env, L4IDL_EX_", code, ");")
		f.P("goto _l4idl_fail;")
	}
	f.P("L4_Msg_t _msg;")
	f.P("L4_MsgTag_t _tag;")
	if hasRet {
		f.P(ret, " _ret;")
	}
	bufs := g.clientBuffers(ol)
	for _, b := range bufs {
		if b.Owned != "" {
			f.P("void *", b.Owned, " = (void *)0;")
		}
	}

	// Request.
	sc := scope{}
	for _, p := range op.Params {
		sc[p.Name] = paramRoot(p, p.Dir == ir.In)
	}
	mq := &msg{g: g, f: f, m: ol.Request, sc: sc, buf: "&_msg", bufVar: "_msg", fail: fail, pfx: "q", client: true, uVar: "_u"}
	f.P("_msg.raw[0] = ", mq.send(), ";")

	// Receive buffers for the reply.
	rr := ol.ReplyRecv
	installed := rr.Strings || rr.Window
	for _, b := range bufs {
		if b.Owned != "" {
			f.P(b.Owned, " = l4idl_alloc(", b.Size, ");")
			f.Block("if (!"+b.Owned+")", "", func() { fail("NO_MEMORY") })
		}
	}
	if installed {
		strs, win := "0", "0"
		if rr.Strings {
			strs = "1"
		}
		if rr.Window {
			win = "(_env ? _env->_rcv_window.raw : 0)"
		}
		f.P("l4idl_accept(", strs, ", ", win, ");")
		for i, b := range bufs {
			more := "0"
			if i < len(bufs)-1 {
				more = "1"
			}
			f.P("l4idl_recv_buffer(", i, ", (void *)", b.Addr, ", (L4_Word_t)(", b.Size, "), ", more, ");")
		}
	}
	f.P("l4idl_msg_load(&_msg);")
	from := "_service"
	if op.Oneway {
		from = "L4_nilthread"
	}
	f.P("_tag = L4_Ipc(_service, ", from, ", _env ? _env->_timeout : L4IDL_TIMEOUTS_NEVER, (L4_ThreadId_t *)0);")
	if installed {
		f.P("l4idl_accept(0, 0);")
	}
	freeOwned := func() {
		for _, b := range bufs {
			if b.Owned != "" {
				f.P("l4idl_free(", b.Owned, ");")
			}
		}
	}
	if op.Oneway {
		f.Block("if (_tag.raw & 0x8000)", "", func() { f.P("l4idl_fail(_env, _tag.raw);") })
		if usedFail {
			f.P("return;")
			f.Label("_l4idl_fail")
			f.P("return;")
		}
		return
	}

	// Reply.
	rep := ol.Reply
	f.P("l4idl_msg_store(_tag, &_msg);")
	f.P("L4_Word_t _t = _tag.raw & ~(L4_Word_t)0x7000; /* p, r, X flags do not matter */")
	f.Block("if (!("+tagMatch(rep, "_t", g.abi.WordBits)+"))", "", func() {
		for k, em := range ol.Exceptions {
			g.clientException(f, op, k, em, bufs, fail)
		}
		usedFail = true
		f.P("l4idl_fail(_env, _tag.raw);")
		f.P("goto _l4idl_fail;")
	})
	rsc := scope{}
	for _, p := range op.Params {
		if p.Dir.Returns() {
			r := paramRoot(p, false)
			r.direct = true
			rsc[p.Name] = r
		} else {
			rsc[p.Name] = paramRoot(p, true)
		}
	}
	if hasRet {
		rsc["return"] = &root{expr: "_ret", typ: op.Result}
	}
	g.replyMsg(f, rep, rsc, bufs, fail, "r", "_ru").recv("_t")
	freeOwned()
	if hasRet {
		f.P("return _ret;")
	} else if usedFail {
		f.P("return;")
	}
	if usedFail {
		f.Label("_l4idl_fail")
		freeOwned()
		if hasRet {
			f.P("__builtin_memset(&_ret, 0, sizeof _ret);")
			f.P("return _ret;")
		} else {
			f.P("return;")
		}
	}
}

// replyMsg returns the msg that unmarshals a reply (or exception) on the
// client.
func (g *gen) replyMsg(f *cgen.File, m *ir.Message, sc scope, bufs []recvBuf, fail func(string), pfx, uVar string) *msg {
	owned := map[int]string{}
	for i, b := range bufs {
		if b.Owned != "" {
			owned[i] = b.Owned
		}
	}
	return &msg{g: g, f: f, m: m, sc: sc, buf: "&_msg", bufVar: "_msg", fail: fail, pfx: pfx, client: true, owned: owned, uVar: uVar,
		rbuf:  func(k int) string { return bufs[k].Addr },
		rsize: func(k int) string { return bufs[k].Size }}
}

// clientException prints the unmarshalling of exception reply k.
func (g *gen) clientException(f *cgen.File, op *ir.Operation, k int, em *ir.Message, bufs []recvBuf, fail func(string)) {
	exc := op.Raises[k]
	id := "ex_" + cmap.NamedType(exc)
	f.Block("if ("+tagMatch(em, "_t", g.abi.WordBits)+")", "", func() {
		u := exc.Underlying()
		if u == nil || len(u.Fields) == 0 {
			f.P("l4idl_user_exception(_env, ", id, ", (void *)0);")
			f.P("goto _l4idl_fail;")
			return
		}
		ct := cmap.NamedType(exc)
		f.P(ct, " *_x = (", ct, " *)l4idl_alloc(sizeof(", ct, "));")
		f.Block("if (!_x)", "", func() {
			f.P("l4idl_user_exception(_env, ", id, ", (void *)0);")
			f.P("goto _l4idl_fail;")
		})
		sc := scope{exc.Name[len(exc.Name)-1]: {expr: "(*_x)", typ: exc}}
		for _, p := range op.Params {
			sc[p.Name] = paramRoot(p, p.Dir == ir.In)
		}
		xfail := func(code string) {
			f.P("l4idl_free(_x);")
			fail(code)
		}
		g.replyMsg(f, em, sc, bufs, xfail, fmt.Sprintf("x%d", k), fmt.Sprintf("_xu%d", k)).recv("_t")
		f.P("l4idl_user_exception(_env, ", id, ", _x);")
		f.P("goto _l4idl_fail;")
	})
}
