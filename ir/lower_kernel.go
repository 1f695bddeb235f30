package ir

import (
	"fmt"
	"sort"
	"strings"
)

// This file lays out operations that receive kernel-generated messages
// ([kernelmsg(idl4::...)], ABI sheet §12). Their request is fixed by the
// kernel protocol: a kernel label (sign-extended to the ABI's label width,
// some protocols with variable low bits) and a fixed number of untyped
// words onto which the operation's in-parameters map in order, one or
// more whole words each. The reply is an ordinary reply, except that the
// exception protocol's reply is written back into the faulting thread's
// registers and so mirrors the request's layout, and that preemption and
// thread-start messages get no reply.

// kernelReply says how a kernel protocol is answered.
type kernelReply int

const (
	kReplyNormal kernelReply = iota // an ordinary reply (label 0)
	kReplyNone                      // the kernel expects no reply
	kReplyMirror                    // the reply has the request's layout (exception)
)

// kernelProto describes one kernel protocol.
type kernelProto struct {
	// num: the label is (-num << 4) | low, cut to the label width.
	num int64
	low uint64
	// rights marks label bits 0..3 as variable (page-fault access rights).
	rights bool
	// anyLabel marks protocols whose receiver accepts any label.
	anyLabel bool
	// words are the possible u values (nil: ABI.ExceptionWords).
	words []int
	reply kernelReply
	// what describes the words for error messages.
	what string
}

var kernelProtos = map[KernelMsg]kernelProto{
	KernelInterrupt:   {num: 1, words: []int{0}, reply: kReplyNormal, what: "no words (the reply acknowledges the interrupt)"},
	KernelPagefault:   {num: 2, rights: true, words: []int{2}, reply: kReplyNormal, what: "MR1 fault address, MR2 faulting IP, access rights in label bits 0..3"},
	KernelPreemption:  {num: 3, words: []int{2}, reply: kReplyNone, what: "MR1/MR2 clock low/high word"},
	KernelException:   {num: 5, reply: kReplyMirror, what: "the faulting thread's registers"},
	KernelSigma0RPC:   {num: 6, words: []int{2}, reply: kReplyNormal, what: "MR1 requested fpage, MR2 attributes"},
	KernelIOPagefault: {num: 8, low: 6, words: []int{2}, reply: kReplyNormal, what: "MR1 I/O fpage, MR2 faulting IP"},
	KernelStartup:     {anyLabel: true, words: []int{2}, reply: kReplyNone, what: "MR1 initial IP, MR2 initial SP"},
}

// KernelLabel returns the label of kernel protocol k on abi and the mask
// of its fixed bits (a received label l belongs to the protocol when
// l&mask == label). ok is false for KernelNone and unknown protocols.
// The page fault leaves its access rights (bits 0..3) out of the mask;
// the thread-start message accepts any label (label 0, mask 0).
func KernelLabel(k KernelMsg, abi *ABI) (label, mask uint64, ok bool) {
	kp, found := kernelProtos[k]
	if !found {
		return 0, 0, false
	}
	all := uint64(1)<<uint(abi.LabelBits) - 1
	if kp.anyLabel {
		return 0, 0, true
	}
	label = (uint64(-kp.num<<4) | kp.low) & all
	mask = all
	if kp.rights {
		mask &^= 0xF
	}
	return label, mask, true
}

// kernelOp lowers an operation that handles a kernel message.
func (lw *lowerer) kernelOp(op *Operation, ol *OpLayout) {
	kp, ok := kernelProtos[op.KernelMsg]
	if !ok {
		lw.errs.Errorf(op.Pos, "operation %q handles unknown kernel message %q (known: interrupt, pagefault, preemption, exception, sigma0rpc, iopagefault, startup)", op.Name, string(op.KernelMsg))
		ol.Request = &Message{Dir: Request, LabelMask: lw.labelMask()}
		return
	}
	label, mask, _ := KernelLabel(op.KernelMsg, lw.abi)
	if len(op.Raises) > 0 {
		lw.errs.Errorf(op.Pos, "kernel message operation %q cannot raise exceptions: the kernel does not look at reply labels", op.Name)
	}
	words := kp.words
	if words == nil {
		words = lw.abi.ExceptionWords
	}
	if len(words) == 0 {
		lw.errs.Errorf(op.Pos, "the %s ABI defines no %s message", lw.abi.Name, op.KernelMsg)
		ol.Request = &Message{Dir: Request, Label: label, LabelMask: mask}
		return
	}

	// Place the parameters: every parameter of a mirrored protocol (its
	// reply reuses the positions), else the in-parameters in order.
	type placed struct {
		p     *Param
		mr    int
		words int
		inTag bool
	}
	var ps []placed
	mr := 1
	for _, p := range op.Params {
		if p == nil || (kp.reply != kReplyMirror && !p.Dir.Sends()) {
			continue
		}
		if kp.rights && mr > words[0] && p.Dir.Sends() {
			if p.Type == nil || !p.Type.IsInteger() {
				lw.errs.Errorf(p.Pos, "parameter %q of kernel message operation %q receives the page-fault access rights (label bits 0..3) and must be an integer", p.Name, op.Name)
				continue
			}
			if len(ps) > 0 && ps[len(ps)-1].inTag {
				lw.errs.Errorf(p.Pos, "kernel message operation %q declares more parameters than the %s message carries (%s)", op.Name, op.KernelMsg, kp.what)
				continue
			}
			ps = append(ps, placed{p: p, inTag: true})
			continue
		}
		if p.Type == nil || !p.Type.IsScalar() {
			lw.errs.Errorf(p.Pos, "parameter %q of kernel message operation %q must be a scalar: the kernel sends untyped words (%s)", p.Name, op.Name, kp.what)
			continue
		}
		n := ceilInt(p.Type.Bits(lw.abi), lw.abi.WordBits)
		ps = append(ps, placed{p: p, mr: mr, words: n})
		mr += n
	}
	used := mr - 1
	u := -1
	for _, w := range words {
		if w >= used {
			u = w
			break
		}
	}
	if u < 0 {
		lw.errs.Errorf(op.Pos, "kernel message operation %q needs %s, but the %s message on %s carries %s (%s)",
			op.Name, plural(used, "word"), op.KernelMsg, lw.abi.Name, wordCounts(words), kp.what)
		u = words[len(words)-1]
	}

	slotFor := func(pp placed, regs []string) *Slot {
		s := &Slot{Role: ValueSlot, Path: pp.p.Name, Param: pp.p, Type: pp.p.Type, MR: pp.mr,
			Width: pp.p.Type.Bits(lw.abi), Words: pp.words}
		if pp.inTag {
			s.MR, s.Bit, s.Width, s.Words, s.InTag = 0, 16, 4, 1, true
		}
		s.Reg = regAt(regs, s.MR)
		return s
	}

	req := &Message{Dir: Request, Label: label, LabelMask: mask, FixedWords: u, MaxWords: u}
	for _, pp := range ps {
		if pp.p.Dir.Sends() {
			req.Slots = append(req.Slots, slotFor(pp, lw.regs(Request)))
		}
	}
	// MR order: the label bits (MR0) first.
	sort.SliceStable(req.Slots, func(i, j int) bool { return req.Slots[i].MR < req.Slots[j].MR })
	req.RegWords = min(len(lw.regs(Request)), 1+u)
	req.Regs = append([]string(nil), lw.regs(Request)[:req.RegWords]...)
	ol.Request = req

	returns := false
	for _, p := range op.Params {
		if p != nil && p.Dir.Returns() {
			returns = true
		}
	}
	switch {
	case kp.reply == kReplyNone:
		if returns || !isVoid(op.Result) {
			lw.errs.Errorf(op.Pos, "kernel message operation %q cannot return values: the kernel expects no reply to a %s message", op.Name, op.KernelMsg)
		}
	case op.Oneway:
		// The handler answers later (or never); no reply stub.
	case kp.reply == kReplyMirror:
		if !isVoid(op.Result) {
			lw.errs.Errorf(op.Pos, "kernel message operation %q cannot return a value: the exception reply is written back into the thread's registers; use inout parameters", op.Name)
		}
		rep := &Message{Dir: Reply, Label: NormalReplyLabel, LabelMask: lw.labelMask(), FixedWords: u, MaxWords: u}
		covered := map[int]bool{}
		for _, pp := range ps {
			if pp.p.Dir.Returns() {
				rep.Slots = append(rep.Slots, slotFor(pp, lw.regs(Reply)))
				for k := 0; k < pp.words; k++ {
					covered[pp.mr+k] = true
				}
			}
		}
		for i := 1; i <= u; i++ {
			if !covered[i] {
				rep.EchoMRs = append(rep.EchoMRs, i)
			}
		}
		rep.RegWords = min(len(lw.regs(Reply)), 1+u)
		rep.Regs = append([]string(nil), lw.regs(Reply)[:rep.RegWords]...)
		ol.Reply = rep
	default:
		ol.Reply = lw.message(op, Reply, NormalReplyLabel, lw.replyValues(op))
	}
}

func wordCounts(ws []int) string {
	var s []string
	for _, w := range ws {
		s = append(s, fmt.Sprintf("u=%d", w))
	}
	return strings.Join(s, " or ")
}

// plural spells "1 word", "2 words".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
