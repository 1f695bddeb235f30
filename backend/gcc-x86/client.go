package gccx86

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
	g.header(f, name, "client stubs")
	guard := "L4IDL_" + cgen.GuardName(name)
	f.P("#ifndef ", guard)
	f.P("#define ", guard)
	f.P()
	g.archCheck(f, name)
	g.includes(f)
	g.types(f)
	shared := g.sharedStubs()
	for _, il := range g.ifaces() {
		f.Comment("Interface " + il.Iface.ScopedName() + fmt.Sprintf(" (interface id %d)", il.Iface.ID))
		f.P()
		for _, ol := range il.Ops {
			if ol.Op.KernelMsg != ir.KernelNone {
				f.Comment(fmt.Sprintf("%s handles the kernel's %s messages: no client stub.", ol.Op.Name, ol.Op.KernelMsg))
				f.P()
				continue
			}
			if g.inherited(il.Iface, ol.Op) {
				g.forwarder(f, il.Iface, ol.Op)
			} else {
				g.clientStub(f, il.Iface, ol, shared[ol.Op])
			}
			f.P()
		}
	}
	f.P("#endif /* ", guard, " */")
	return f.Bytes()
}

// describeMsg summarises a message for comments.
func describeMsg(m *ir.Message) string {
	u := fmt.Sprint(m.FixedWords)
	if m.Variable {
		u = fmt.Sprintf("%d..%d", m.FixedWords, m.MaxWords)
	}
	return fmt.Sprintf("label 0x%04X, u=%s, t=%d", m.Label, u, m.TypedWords)
}

// clientParams returns the parameter list of a client stub.
func (g *gen) clientParams(op *ir.Operation) string {
	ps := []string{"CORBA_Object _service"}
	for _, p := range op.Params {
		ps = append(ps, g.m.ParamDecl(p, cmap.ClientSide))
	}
	ps = append(ps, "CORBA_Environment *_env")
	return strings.Join(ps, ", ")
}

// paramRoot returns how a parameter is reached inside a stub whose
// signature follows cmap's client (or reply) convention.
func paramRoot(p *ir.Param, byValue bool) *root {
	name := cmap.Ident(p.Name)
	r := &root{typ: p.Type, param: p}
	switch cmap.ParamClass(p) {
	case cmap.Scalar, cmap.Handle, cmap.FpageItem:
		if byValue {
			r.expr = name
		} else {
			r.expr = "(*" + name + ")"
		}
	case cmap.Aggregate, cmap.SeqValue:
		r.expr = "(*" + name + ")"
	case cmap.DCEBuffer:
		r.expr = name
		r.dce = true
	default:
		r.expr = name
	}
	return r
}

// callsBeforeIpc reports whether a client stub calls a function before
// its Ipc: strlen for a string, memcpy for variable inline data,
// l4idl_alloc for a reply buffer. GCC then keeps _env in a callee-saved
// register anyway, and carrying it across the Ipc would only add moves.
func callsBeforeIpc(req *ir.Message, bufs []recvBuf) bool {
	if req.Variable {
		return true
	}
	for _, it := range req.Items {
		if it.NulTerminated {
			return true
		}
	}
	for _, b := range bufs {
		if b.Owned != "" {
			return true
		}
	}
	return false
}

// recvBuf is one receive buffer a client installs for its reply.
type recvBuf = RecvBuf

// RecvBuf is one receive buffer a client stub installs for its reply
// (BR1.. in order of the reply's receive plan).
type RecvBuf struct {
	Owned      string // the stub's buffer variable, or "" for a parameter's
	Addr, Size string // C expressions of the buffer's address and size
}

// clientBuffers decides where each receive buffer of the reply points.
func (g *gen) clientBuffers(ol *ir.OpLayout) []recvBuf { return ClientBuffers(g.abi, ol) }

// ClientBuffers decides where each receive buffer of an operation's reply
// points: straight into the caller's out parameter when only that value
// can land there, else into memory the stub declares (_ob<k>, Owned).
// Every stub style places them the same way.
func ClientBuffers(abi *ir.ABI, ol *ir.OpLayout) []RecvBuf {
	var out []RecvBuf
	msgs := []*ir.Message{}
	if ol.Reply != nil {
		msgs = append(msgs, ol.Reply)
	}
	msgs = append(msgs, ol.Exceptions...)
	for b, pb := range ol.ReplyRecv.Buffers {
		var users []*ir.Item
		for _, m := range msgs {
			for _, it := range m.Items {
				if it.Kind == ir.StringItem && it.Buffer == b {
					users = append(users, it)
				}
			}
		}
		rb := RecvBuf{}
		if len(users) == 1 && ol.Reply != nil && contains(ol.Reply.Items, users[0]) {
			rb.Addr, rb.Size = directBuffer(abi, users[0])
		}
		if rb.Addr == "" {
			rb.Owned = fmt.Sprintf("_ob%d", b)
			rb.Addr = rb.Owned
			rb.Size = "L4IDL_STRING_MAX"
			if pb.Bytes > 0 {
				rb.Size = fmt.Sprint(pb.Bytes)
			}
		}
		out = append(out, rb)
	}
	return out
}

func contains(items []*ir.Item, it *ir.Item) bool {
	for _, x := range items {
		if x == it {
			return true
		}
	}
	return false
}

// directBuffer returns the address and size of the caller's out
// parameter as a receive buffer for item it, or "" when it cannot be one.
func directBuffer(abi *ir.ABI, it *ir.Item) (addr, size string) {
	p := it.Param
	if p == nil || it.Record != nil || it.Path != p.Name || !p.Dir.Returns() {
		return "", ""
	}
	name := cmap.Ident(p.Name)
	limit := int64(1)<<uint(abi.WordBits-10) - 1
	// clamp limits the buffer size to what the item may carry; the
	// compare is left out when n (an unsigned count of bits bits, 0 if
	// signed or unknown) can never exceed it (a compare that is always
	// false is a -Wtype-limits warning).
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
				bits = t.Bits(abi)
			}
			return name, clamp(cmap.Ident(p.SizeIs.Name), it.ElemBytes, bits)
		}
		if it.MaxBytes > 0 {
			return name, fmt.Sprint(it.MaxBytes)
		}
	}
	return "", ""
}

// exCode maps a msgGen failure to the client's system exception code.
func exCode(code string) string {
	if code == "MALFORMED" {
		return "L4IDL_EX_BAD_REPLY"
	}
	return "L4IDL_EX_" + code
}

// inherited reports whether op, an operation of iface, is inherited from
// a base interface whose stubs this file also prints: its stub then
// forwards to the base's (the messages are the same: the label and the
// layout belong to the declaring interface's operation).
func (g *gen) inherited(iface *ir.Interface, op *ir.Operation) bool {
	if op.Iface == nil || op.Iface == iface {
		return false
	}
	for _, il := range g.ifaces() {
		if il.Iface == op.Iface {
			return true
		}
	}
	return false
}

// sharedStubs returns the operations whose stubs derived interfaces'
// stubs forward to.
func (g *gen) sharedStubs() map[*ir.Operation]bool {
	shared := map[*ir.Operation]bool{}
	for _, il := range g.ifaces() {
		for _, ol := range il.Ops {
			if ol.Op.KernelMsg == ir.KernelNone && g.inherited(il.Iface, ol.Op) {
				shared[ol.Op] = true
			}
		}
	}
	return shared
}

// alwaysInline is the attribute line of a stub that other stubs call:
// GCC and Clang must inline it even at -O0, so that a derived
// interface's stub costs exactly what the base's does.
const alwaysInline = "__attribute__((always_inline))"

// forwarder prints the stub of an operation iface inherits: it calls the
// declaring interface's stub, which is always inlined.
func (g *gen) forwarder(f *cgen.File, iface *ir.Interface, op *ir.Operation) {
	g.pos = op.Pos
	ret, _ := g.m.ReturnType(op.Result)
	base := opName(op.Iface, op)
	f.Comment(op.Signature(), "inherited from "+op.Iface.ScopedName()+": the same messages as "+base+"().")
	args := []string{"_service"}
	for _, p := range op.Params {
		args = append(args, cmap.Ident(p.Name))
	}
	args = append(args, "_env")
	call := base + "(" + strings.Join(args, ", ") + ");"
	f.P(alwaysInline)
	f.P("static inline ", ret, " ", opName(iface, op), "(", g.clientParams(op), ")")
	f.Block("", "", func() {
		if ret != "void" {
			f.P("return ", call)
		} else {
			f.P(call)
		}
	})
}

// clientStub prints the stub of one operation; shared stubs (those of
// inherited operations' forwarders) are always inlined.
func (g *gen) clientStub(f *cgen.File, iface *ir.Interface, ol *ir.OpLayout, shared bool) {
	op := ol.Op
	g.pos = op.Pos
	name := opName(iface, op)
	ret, _ := g.m.ReturnType(op.Result)
	comment := []string{op.Signature(), "request: " + describeMsg(ol.Request)}
	if ol.Reply != nil {
		comment = append(comment, "reply: "+describeMsg(ol.Reply))
	} else {
		comment = append(comment, "oneway: no reply")
	}
	for k, e := range ol.Exceptions {
		comment = append(comment, fmt.Sprintf("exception %s: %s", op.Raises[k], describeMsg(e)))
	}
	f.Comment(comment...)
	if shared {
		f.P(alwaysInline)
	}
	f.P("static inline ", ret, " ", name, "(", g.clientParams(op), ")")
	f.Block("", "", func() {
		g.clientBody(f, ol, ret)
	})
}

func (g *gen) clientBody(f *cgen.File, ol *ir.OpLayout, ret string) {
	op := ol.Op
	req := ol.Request
	nSend := min(req.RegWords, len(g.abi.SendRegs))
	nSend = max(nSend, 1)
	nRecv := 1
	var replies []*ir.Message
	if ol.Reply != nil {
		replies = append(replies, ol.Reply)
	}
	replies = append(replies, ol.Exceptions...)
	for _, m := range replies {
		nRecv = max(nRecv, min(m.RegWords, len(g.abi.RecvRegs)))
	}
	hasRet := ret != "void"
	usedFail := false
	fail := func(code string) {
		usedFail = true
		f.P("l4idl_fail_code(_env, ", exCode(code), ");")
		f.P("goto _l4idl_fail;")
	}

	f.P("L4_Word_t *_utcb = l4idl_utcb();")
	f.P("(void)_utcb;")
	declMRs(f, max(nSend, nRecv), false)
	if hasRet {
		f.P(ret, " _ret;")
	}
	// Buffers the stub allocates for the reply are declared before the
	// request is built: a request that fails its bound checks jumps to
	// the failure path, which frees them.
	bufs := g.clientBuffers(ol)
	for _, b := range bufs {
		if b.Owned != "" {
			f.P("void *", b.Owned, " = (void *)0;")
		}
	}

	// Request.
	sc := newScope()
	for _, p := range op.Params {
		sc.add(p.Name, paramRoot(p, p.Dir == ir.In))
	}
	f.Comment("request: " + describeMsg(req))
	mq := &msgGen{g: g, f: f, m: req, sc: sc, regs: g.abi.SendRegs[:nSend], fail: fail, pfx: "q", client: true, uVar: "_u"}
	tag := mq.send()
	f.P("_mr0 = ", tag, ";")

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
		acc := "0"
		if rr.Strings {
			acc = "1"
		}
		if rr.Window {
			acc += " | (_env ? (_env->_rcv_window.raw & ~(L4_Word_t)0xF) : 0)"
		}
		f.P("_utcb[L4IDL_BR(0)] = ", acc, ";")
		for i, b := range bufs {
			more := ""
			if i < len(bufs)-1 {
				more = " | 1"
			}
			f.P("_utcb[L4IDL_BR(", 2*i+1, ")] = (L4_Word_t)(", b.Size, ") << 10", more, ";")
			f.P("_utcb[L4IDL_BR(", 2*i+2, ")] = (L4_Word_t)", b.Addr, ";")
		}
	}

	from := "_service.raw"
	if op.Oneway {
		from = "0"
	}
	// On ia32 the pointer to the only returned parameter crosses the Ipc
	// on the stack (arch.go); amd64 has no use for it.
	carry := ""
	if g.abi.Name == "ia32" && !op.Oneway {
		var rets []string
		for _, p := range op.Params {
			if p.Dir.Returns() {
				rets = append(rets, cmap.Ident(p.Name))
			}
		}
		if len(rets) == 1 {
			carry = rets[0]
		}
	}
	if g.abi.Name == "amd64" && !op.Oneway && !callsBeforeIpc(req, bufs) {
		carry = "_env"
	}
	// The timeouts word comes from the environment inside the asm
	// (arch.go), except where the receive window already tests the
	// environment for NULL: GCC then shares that test with the timeouts.
	env, timeouts := "_env", ""
	if rr.Window {
		env, timeouts = "", "(_env ? _env->_timeout : L4IDL_TIMEOUTS_NEVER)"
	}
	// amd64: the failure path below calls l4idl_nonleaf ahead of
	// l4idl_fail (never in tail position), so the function the stub is
	// inlined into is never a leaf and keeps nothing in the red zone:
	// the Ipc need not step over it (arch.go).
	nonLeaf := g.abi.Name == "amd64"
	failCall := func() {
		if nonLeaf {
			f.P("l4idl_nonleaf();")
		}
		f.P("l4idl_fail(_env, _mr0);")
	}
	g.emitIpc(f, ipc{to: "_service.raw", from: from, env: env, timeouts: timeouts, nSend: nSend, nRecv: nRecv, carry: carry, nonLeaf: nonLeaf})
	if installed {
		f.P("_utcb[L4IDL_BR(0)] = 0;")
	}

	freeOwned := func() {
		for _, b := range bufs {
			if b.Owned != "" {
				f.P("l4idl_free(", b.Owned, ");")
			}
		}
	}
	if op.Oneway {
		f.Block("if (__builtin_expect((_mr0 & 0x8000) != 0, 0))", "", failCall)
		if usedFail {
			f.P("return;")
			f.Label("_l4idl_fail")
			f.P("return;")
		}
		return
	}

	// Reply: the expected tag is checked in one compare; everything else
	// (flags from a cross-CPU or propagated reply, exceptions, errors)
	// is the slow path.
	rep := ol.Reply
	f.Comment("reply: " + describeMsg(rep))
	fast := tagMatch(rep, "_mr0", g.abi.WordBits, false)
	f.Block("if (__builtin_expect(!("+fast+"), 0))", "", func() {
		f.P("L4_Word_t _t = _mr0 & ~(L4_Word_t)0x7000;")
		f.Block("if (!("+tagMatch(rep, "_t", g.abi.WordBits, true)+"))", "", func() {
			for k, em := range ol.Exceptions {
				g.clientException(f, op, k, em, bufs, nRecv, fail)
			}
			usedFail = true
			failCall()
			f.P("goto _l4idl_fail;")
		})
	})
	rsc := newScope()
	for _, p := range op.Params {
		if p.Dir.Returns() {
			r := paramRoot(p, false)
			r.direct = true
			rsc.add(p.Name, r)
		} else {
			rsc.add(p.Name, paramRoot(p, true))
		}
	}
	if hasRet {
		rsc.add("return", &root{expr: "_ret", typ: op.Result})
	}
	mr := g.replyGen(f, rep, rsc, bufs, nRecv, fail)
	mr.recv("_mr0")
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

// replyGen returns the msgGen that decodes a reply (or exception) on the
// client.
func (g *gen) replyGen(f *cgen.File, m *ir.Message, sc *scope, bufs []recvBuf, nRecv int, fail func(string)) *msgGen {
	owned := map[int]string{}
	for i, b := range bufs {
		if b.Owned != "" {
			owned[i] = b.Owned
		}
	}
	return &msgGen{g: g, f: f, m: m, sc: sc, regs: g.abi.RecvRegs[:min(nRecv, m.RegWords)], fail: fail, pfx: "r", client: true, owned: owned,
		rbuf:  func(k int) string { return bufs[k].Addr },
		rsize: func(k int) string { return bufs[k].Size }, uVar: "_ru"}
}

// clientException prints the decoding of exception reply k.
func (g *gen) clientException(f *cgen.File, op *ir.Operation, k int, em *ir.Message, bufs []recvBuf, nRecv int, fail func(string)) {
	exc := op.Raises[k]
	id := "ex_" + cmap.NamedType(exc)
	f.Block("if ("+tagMatch(em, "_t", g.abi.WordBits, true)+")", "", func() {
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
		sc := newScope()
		sc.add(exc.Name[len(exc.Name)-1], &root{expr: "(*_x)", typ: exc})
		for _, p := range op.Params {
			sc.add(p.Name, paramRoot(p, p.Dir == ir.In))
		}
		xfail := func(code string) {
			f.P("l4idl_free(_x);")
			fail(code)
		}
		mg := g.replyGen(f, em, sc, bufs, nRecv, xfail)
		mg.pfx = fmt.Sprintf("x%d", k)
		mg.uVar = fmt.Sprintf("_xu%d", k)
		mg.recv("_mr0")
		f.P("l4idl_user_exception(_env, ", id, ", _x);")
		f.P("goto _l4idl_fail;")
	})
}

// tagMatch returns the C condition that tag variable v is the tag of m.
// With masked set, v has had its p, r and X flags cleared.
func tagMatch(m *ir.Message, v string, wordBits int, masked bool) string {
	base := m.Label<<16 | uint64(m.TypedWords)<<6
	if !m.Variable {
		return fmt.Sprintf("%s == %s", v, hexWord(base|uint64(m.FixedWords), wordBits))
	}
	return fmt.Sprintf("(%s & ~(L4_Word_t)0x3F) == %s && (%s & 0x3F) >= %d && (%s & 0x3F) <= %d",
		v, hexWord(base, wordBits), v, m.FixedWords, v, m.MaxWords)
}
