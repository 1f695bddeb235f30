package ir

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// This file is the entry of the lowering: it walks the interfaces and
// operations of a checked Program and builds the messages of each
// operation for one ABI. The work is split by concern:
//
//	lower_values.go  turning parameters into a tree of values to send
//	lower_pack.go    placing values in MRs (packing, runs, overflow)
//	lower_items.go   typed items and receive plans
//	lower_kernel.go  kernel protocols (page fault, interrupt, ...)
//
// docs/message-layout.md explains the rules with worked examples.

// Reply labels. A normal reply has label 0; the reply for exception k of
// Operation.Raises has label k+1 (ExceptionLabel); a server that cannot
// handle a request answers with a system-error reply, label
// SysErrorLabel(code), u = 0, t = 0. User request labels never fall in
// 0xFF00..0xFFFF (kernel protocols), and reply labels of user operations
// stay below 0xFE00, so a client tells the three kinds apart from the label.
const (
	// NormalReplyLabel is the label of a successful reply.
	NormalReplyLabel = 0
	// SysErrorLabelBase is OR-ed with a SysErr code to form the label of a
	// system-error reply.
	SysErrorLabelBase = 0xFE00
	// SysErrUnknownOp: the request's label names no operation of the
	// server's interface.
	SysErrUnknownOp = 1
	// SysErrMalformed: the request does not have the shape of its
	// operation (wrong u or t, wrong item types, lengths out of bounds,
	// a string without its NUL, a count that disagrees with its item).
	SysErrMalformed = 2
	// SysErrNoBuffer: the server had no buffer for the request's data or
	// the data was larger than it accepts.
	SysErrNoBuffer = 3
)

// ExceptionLabel returns the reply label of exception k (0-based) of an
// operation's Raises list.
func ExceptionLabel(k int) uint64 { return uint64(k) + 1 }

// SysErrorLabel returns the label of a system-error reply with the given
// code (SysErrUnknownOp, SysErrMalformed, SysErrNoBuffer).
func SysErrorLabel(code int) uint64 { return SysErrorLabelBase | uint64(code&0xFF) }

// Message-size rules of the lowering (see docs/message-layout.md).
const (
	// InlineMaxWords is the inline threshold: a string or sequence whose
	// largest value fits in this many words travels inline in the untyped
	// words (a length and a run); a larger or unbounded one travels as a
	// string item.
	InlineMaxWords = 8
	// MaxStringItems is the number of string items one message may carry:
	// each lands in its own simple receive buffer of two BR words, and the
	// receiver has MaxBufferWords of them.
	MaxStringItems = MaxBufferWords / 2
	// MaxMapItems is the number of map and grant items one message may
	// carry: two words each within MaxPayloadWords.
	MaxMapItems = MaxPayloadWords / 2
)

// Lower lays out every message of p for abi. Problems that no layout can
// express (a value that cannot be sent, a message larger than 63 words even
// with every large value moved to string items, too many string items for
// the receive buffers, a kernel protocol whose words the operation does
// not match) are reported to errs at the operation or parameter position;
// the layout of the rest is still returned. Lower is deterministic and
// does not modify p.
func Lower(p *Program, abi *ABI, errs *diag.List) *Layout {
	if errs == nil {
		errs = &diag.List{}
	}
	l := &Layout{ABI: abi, Program: p}
	if p == nil {
		return l
	}
	if abi == nil {
		errs.Errorf(diag.Pos{Filename: p.File}, "no target ABI given for lowering")
		return l
	}
	lw := &lowerer{abi: abi, errs: errs, mem: newMemCalc(abi)}
	for _, iface := range p.Interfaces {
		if iface == nil {
			continue
		}
		l.Interfaces = append(l.Interfaces, lw.iface(iface))
	}
	return l
}

// lowerer holds what every operation's lowering shares.
type lowerer struct {
	abi  *ABI
	errs *diag.List
	mem  *memCalc
}

// labelMask is the mask of every label bit on the ABI.
func (lw *lowerer) labelMask() uint64 {
	if lw.abi.LabelBits >= 64 {
		return ^uint64(0)
	}
	return 1<<uint(lw.abi.LabelBits) - 1
}

func (lw *lowerer) iface(iface *Interface) *IfaceLayout {
	il := &IfaceLayout{Iface: iface}
	var reqs []*Message
	var names []string
	for _, op := range iface.Ops {
		if op == nil {
			continue
		}
		ol := lw.op(op)
		il.Ops = append(il.Ops, ol)
		if ol.Request != nil {
			reqs = append(reqs, ol.Request)
			names = append(names, op.Name)
		}
	}
	il.ServerRecv = unionRecv(reqs, names)
	return il
}

func (lw *lowerer) op(op *Operation) *OpLayout {
	ol := &OpLayout{Op: op}
	if op.KernelMsg != KernelNone {
		lw.kernelOp(op, ol)
	} else {
		lw.userOp(op, ol)
	}
	var replies []*Message
	if ol.Reply != nil {
		replies = append(replies, ol.Reply)
	}
	replies = append(replies, ol.Exceptions...)
	ol.ReplyRecv = unionRecv(replies, nil)
	return ol
}

// userOp lowers an ordinary operation: request, reply, exception replies.
func (lw *lowerer) userOp(op *Operation, ol *OpLayout) {
	lw.checkUserLabel(op)

	f := lw.newFlattener(op)
	var req []*node
	for _, p := range op.Params {
		if p != nil && p.Dir.Sends() {
			req = append(req, f.param(p, Request))
		}
	}
	ol.Request = lw.message(op, Request, op.Label, req)

	returns := !isVoid(op.Result)
	for _, p := range op.Params {
		if p != nil && p.Dir.Returns() {
			returns = true
		}
	}
	if op.Oneway {
		if returns {
			lw.errs.Errorf(op.Pos, "oneway operation %q cannot return values: a oneway request gets no reply", op.Name)
		}
		if len(op.Raises) > 0 {
			lw.errs.Errorf(op.Pos, "oneway operation %q cannot raise exceptions: a oneway request gets no reply", op.Name)
		}
		return
	}

	ol.Reply = lw.message(op, Reply, NormalReplyLabel, lw.replyValues(op))

	for k, exc := range op.Raises {
		ol.Exceptions = append(ol.Exceptions, lw.exceptionReply(op, k, exc))
	}
}

// exceptionReply lowers the reply for exception k of op: its members are
// the values, with paths "excname.member".
func (lw *lowerer) exceptionReply(op *Operation, k int, exc *Type) *Message {
	label := ExceptionLabel(k)
	if label >= SysErrorLabelBase {
		lw.errs.Errorf(op.Pos, "operation %q raises %d exceptions; reply labels from 0x%X on are reserved for system errors", op.Name, len(op.Raises), SysErrorLabelBase)
	}
	f := lw.newFlattener(op)
	var vals []*node
	u := exc.Underlying()
	if u == nil || u.Kind != Struct {
		lw.errs.Errorf(op.Pos, "operation %q raises %s, which is not an exception", op.Name, exc)
	} else {
		name := "exception"
		if len(exc.Name) > 0 {
			name = exc.Name[len(exc.Name)-1]
		}
		for _, fld := range u.Fields {
			vals = append(vals, f.member(name, nil, fld, u, op.Pos))
		}
	}
	return lw.message(op, Reply, label, vals)
}

// checkUserLabel reports request labels that collide with kernel
// protocols or do not fit the label field.
func (lw *lowerer) checkUserLabel(op *Operation) {
	switch {
	case op.Label > lw.labelMask():
		lw.errs.Errorf(op.Pos, "label 0x%X of operation %q does not fit the %d-bit label field of %s", op.Label, op.Name, lw.abi.LabelBits, lw.abi.Name)
	case op.Label <= 0xFFFF && op.Label&0xFF00 == 0xFF00:
		lw.errs.Errorf(op.Pos, "label 0x%04X of operation %q falls in 0xFF00..0xFFFF, which is reserved for kernel protocols; choose another interface or function number", op.Label, op.Name)
	}
}

func isVoid(t *Type) bool {
	u := t.Underlying()
	return u == nil || u.Kind == Void
}

// describe names a value for error messages.
// replyValues flattens the values of op's normal reply: the return
// value, then the out and inout parameters in order.
func (lw *lowerer) replyValues(op *Operation) []*node {
	f := lw.newFlattener(op)
	var vals []*node
	if !isVoid(op.Result) {
		vals = append(vals, f.value("return", nil, op.Result, op.Pos))
	}
	for _, p := range op.Params {
		if p != nil && p.Dir.Returns() {
			vals = append(vals, f.param(p, Reply))
		}
	}
	return vals
}

func describeValue(path string, p *Param) string {
	switch {
	case path == "return":
		return "the return value"
	case p != nil && path == p.Name:
		return fmt.Sprintf("parameter %q", p.Name)
	case p != nil:
		return fmt.Sprintf("%s (in parameter %q)", path, p.Name)
	case strings.HasPrefix(path, "return"):
		return fmt.Sprintf("%s (in the return value)", path)
	}
	return path
}
