package portable

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
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
type recvBuf struct {
	owned      string // the stub's buffer variable, or "" for a parameter's
	addr, size string
}

// clientBuffers decides where each receive buffer of the reply points:
// into the caller's out parameter when only that value can land there,
// else into memory the stub allocates (the optimal style's contract).
func (g *gen) clientBuffers(ol *ir.OpLayout) []recvBuf {
	var msgs []*ir.Message
	if ol.Reply != nil {
		msgs = append(msgs, ol.Reply)
	}
	msgs = append(msgs, ol.Exceptions...)
	var out []recvBuf
	for b, pb := range ol.ReplyRecv.Buffers {
		var users []*ir.Item
		for _, m := range msgs {
			for _, it := range m.Items {
				if it.Kind == ir.StringItem && it.Buffer == b {
					users = append(users, it)
				}
			}
		}
		rb := recvBuf{}
		if len(users) == 1 && ol.Reply != nil && hasItem(ol.Reply, users[0]) {
			rb.addr, rb.size = g.directBuffer(users[0])
		}
		if rb.addr == "" {
			rb.owned = fmt.Sprintf("_ob%d", b)
			rb.addr = rb.owned
			rb.size = "L4IDL_STRING_MAX"
			if pb.Bytes > 0 {
				rb.size = fmt.Sprint(pb.Bytes)
			}
		}
		out = append(out, rb)
	}
	return out
}

func hasItem(m *ir.Message, it *ir.Item) bool {
	for _, x := range m.Items {
		if x == it {
			return true
		}
	}
	return false
}

// directBuffer returns the address and size of the caller's out
// parameter as a receive buffer for item it, or "" when it cannot be one.
func (g *gen) directBuffer(it *ir.Item) (addr, size string) {
	p := it.Param
	if p == nil || it.Record != nil || it.Path != p.Name || !p.Dir.Returns() {
		return "", ""
	}
	name := cmap.Ident(p.Name)
	limit := int64(1)<<uint(g.abi.WordBits-10) - 1
	// clamp limits the size to what the item may carry; the compare is
	// left out when n (unsigned, of bits bits; 0 if unknown) can never
	// exceed it (an always-false compare is a -Wtype-limits warning).
	clamp := func(n string, elem int64, bits int) string {
		max := it.MaxBytes
		if max == 0 {
			max = limit / elem * elem
		}
		if bits > 0 && bits < 63 && uint64(1)<<uint(bits)-1 <= uint64(max/elem) {
			return fmt.Sprintf("((L4_Word_t)%s * %d)", n, elem)
		}
		return fmt.Sprintf("((L4_Word_t)%s > %d ? %d : (L4_Word_t)%s * %d)", n, max/elem, max, n, elem)
	}
	cls := cmap.ParamClass(p)
	switch {
	case it.Image && (cls == cmap.Aggregate || cls == cmap.ArrayValue):
		return name, fmt.Sprint(it.MaxBytes)
	case it.Image:
		return "", ""
	case cls == cmap.StringValue:
		if it.MaxBytes > 0 {
			return name, fmt.Sprint(it.MaxBytes)
		}
		return name, "L4IDL_STRING_MAX"
	case cls == cmap.SeqValue:
		return name + "->_buffer", clamp(name+"->_maximum", it.ElemBytes, 32)
	case cls == cmap.DCEBuffer:
		if p.SizeIs != nil {
			bits := 0
			if t := p.SizeIs.Type; t.IsInteger() && !t.IsSigned() {
				bits = t.Bits(g.abi)
			}
			return name, clamp(cmap.Ident(p.SizeIs.Name), it.ElemBytes, bits)
		}
		if it.MaxBytes > 0 {
			return name, fmt.Sprint(it.MaxBytes)
		}
	}
	return "", ""
}

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
		if b.owned != "" {
			f.P("void *", b.owned, " = (void *)0;")
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
		if b.owned != "" {
			f.P(b.owned, " = l4idl_alloc(", b.size, ");")
			f.Block("if (!"+b.owned+")", "", func() { fail("NO_MEMORY") })
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
			f.P("l4idl_recv_buffer(", i, ", (void *)", b.addr, ", (L4_Word_t)(", b.size, "), ", more, ");")
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
			if b.owned != "" {
				f.P("l4idl_free(", b.owned, ");")
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
		if b.owned != "" {
			owned[i] = b.owned
		}
	}
	return &msg{g: g, f: f, m: m, sc: sc, buf: "&_msg", bufVar: "_msg", fail: fail, pfx: pfx, client: true, owned: owned, uVar: uVar,
		rbuf:  func(k int) string { return bufs[k].addr },
		rsize: func(k int) string { return bufs[k].size }}
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
