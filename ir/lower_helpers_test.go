package ir

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

// Small constructors for hand-built checked programs (the checker builds
// them from IDL; these tests must not depend on it).

var (
	tChar     = Basic(Char)
	tBool     = Basic(Boolean)
	tOctet    = Basic(Octet)
	tShort    = Basic(Short)
	tLong     = Basic(Long)
	tULong    = Basic(ULong)
	tLongLong = Basic(LongLong)
	tDouble   = Basic(Double)
	tWord     = Basic(Word)
	tFpage    = Basic(Fpage)
	tThread   = Basic(ThreadID)
	tVoid     = Basic(Void)
)

var testPos = 0

// pos returns a distinct position for each declaration.
func pos() diag.Pos {
	testPos++
	return diag.Pos{Filename: "test.idl", Line: testPos, Column: 1}
}

func in(name string, t *Type) *Param    { return &Param{Name: name, Dir: In, Type: t, Pos: pos()} }
func out(name string, t *Type) *Param   { return &Param{Name: name, Dir: Out, Type: t, Pos: pos()} }
func inout(name string, t *Type) *Param { return &Param{Name: name, Dir: InOut, Type: t, Pos: pos()} }

// op returns an operation; iface assigns its function number and label.
func op(name string, result *Type, params ...*Param) *Operation {
	if result == nil {
		result = tVoid
	}
	return &Operation{Name: name, Result: result, Params: params, Pos: pos()}
}

func oneway(o *Operation) *Operation { o.Oneway = true; return o }

func raises(o *Operation, excs ...*Type) *Operation { o.Raises = excs; return o }

func kernel(k KernelMsg, o *Operation) *Operation { o.KernelMsg = k; return o }

// iface returns interface name with number id; operations get function
// numbers 1, 2, ... in order.
func iface(name string, id uint64, ops ...*Operation) *Interface {
	i := &Interface{Name: []string{name}, ID: id, Pos: pos(), Ops: ops}
	for k, o := range ops {
		o.Iface = i
		o.FuncID = uint64(k + 1)
		o.Label = id<<6 | o.FuncID
	}
	return i
}

func prog(ifaces ...*Interface) *Program { return &Program{File: "test.idl", Interfaces: ifaces} }

func field(name string, t *Type) *Field { return &Field{Name: name, Type: t, Pos: pos()} }

func structT(name string, fields ...*Field) *Type {
	return &Type{Kind: Struct, Name: []string{name}, Fields: fields, Pos: pos()}
}

func exceptionT(name string, fields ...*Field) *Type {
	t := structT(name, fields...)
	t.Exception = true
	return t
}

// arm returns a union arm for the given case labels (none: default).
func arm(f *Field, labels ...int64) *UnionArm {
	a := &UnionArm{Field: f, Default: len(labels) == 0, Pos: pos()}
	for _, l := range labels {
		a.Labels = append(a.Labels, big.NewInt(l))
	}
	return a
}

func unionT(name string, disc *Type, arms ...*UnionArm) *Type {
	return &Type{Kind: Union, Name: []string{name}, Disc: disc, Arms: arms, Pos: pos()}
}

func arrayT(elem *Type, n int64) *Type { return &Type{Kind: Array, Elem: elem, Len: n} }
func seqT(elem *Type, n int64) *Type   { return &Type{Kind: Sequence, Elem: elem, Len: n} }
func stringT(n int64) *Type            { return &Type{Kind: String, Len: n} }
func alias(name string, t *Type) *Type { return &Type{Kind: Alias, Name: []string{name}, Elem: t} }

// lower lowers p on the named ABI and fails the test on diagnostics.
func lower(t *testing.T, p *Program, abiName string) *Layout {
	t.Helper()
	l, errs := lowerErrs(t, p, abiName)
	if len(errs.Diags) > 0 {
		t.Fatalf("%s: unexpected diagnostics:\n%s", abiName, diagText(errs))
	}
	return l
}

func lowerErrs(t *testing.T, p *Program, abiName string) (*Layout, *diag.List) {
	t.Helper()
	abi, err := LookupABI(abiName)
	if err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	return Lower(p, abi, &errs), &errs
}

func diagText(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// findOp returns the layout of operation name.
func findOp(t *testing.T, l *Layout, name string) *OpLayout {
	t.Helper()
	for _, il := range l.Interfaces {
		for _, ol := range il.Ops {
			if ol.Op.Name == name {
				return ol
			}
		}
	}
	t.Fatalf("no operation %s", name)
	return nil
}

// sig summarises a message in one line:
//
//	u=2 t=0 regs=3 | a@1:0/32:rax b@2:0/32:rbx | map page@+0=MR1
//
// Slots are path@MR:bit/width[:reg]; runs path@MR*words(bytes); a
// variable run adds "+" and its count source; length and discriminator
// slots are written len(p)/disc(p); items kind path@+index[=MRn][ bytes];
// an fpage sequence element adds (seq#index count=...), a record item its
// fields {path@offset/bytes ...}.
func sig(m *Message) string {
	if m == nil {
		return "none"
	}
	var b strings.Builder
	if m.Variable {
		fmt.Fprintf(&b, "u=%d..%d", m.FixedWords, m.MaxWords)
	} else {
		fmt.Fprintf(&b, "u=%d", m.FixedWords)
	}
	fmt.Fprintf(&b, " t=%d regs=%d |", m.TypedWords, m.RegWords)
	for _, s := range m.Slots {
		name := s.Path
		switch s.Role {
		case LengthSlot:
			name = "len(" + s.Path + ")"
		case DiscSlot:
			name = "disc(" + s.Path + ")"
		}
		if s.Run {
			fmt.Fprintf(&b, " %s@%d*%d(%dB)", name, s.MR, s.Words, s.Bytes)
			if s.Variable {
				fmt.Fprintf(&b, "+%s", orDefault(s.CountPath, "len"))
			}
		} else {
			fmt.Fprintf(&b, " %s@%d:%d/%d", name, s.MR, s.Bit, s.Width)
		}
		if s.InTag {
			b.WriteString("(tag)")
		}
		if s.AfterVariable {
			b.WriteString("(after)")
		}
		if s.Reg != "" {
			b.WriteString(":" + s.Reg)
		}
	}
	if len(m.Items) > 0 {
		b.WriteString(" |")
	}
	for _, it := range m.Items {
		fmt.Fprintf(&b, " %s %s@+%d", it.Kind, it.Path, it.Index)
		if it.MR > 0 {
			fmt.Fprintf(&b, "=MR%d", it.MR)
		}
		if it.Kind == StringItem {
			fmt.Fprintf(&b, " %dB", it.MaxBytes)
			if it.NulTerminated {
				b.WriteString("+nul")
			}
			if it.Image {
				b.WriteString(" image")
			}
			if it.CountPath != "" {
				b.WriteString(" count=" + it.CountPath)
			}
		}
		if it.SeqPath != "" {
			fmt.Fprintf(&b, " (%s#%d count=%s)", it.SeqPath, it.SeqIndex, orDefault(it.CountPath, "len"))
		}
		if it.Record != nil {
			var fs []string
			for _, f := range it.Record {
				name := f.Path
				switch f.Role {
				case LengthSlot:
					name = "len(" + f.Path + ")"
				case DiscSlot:
					name = "disc(" + f.Path + ")"
				}
				fs = append(fs, fmt.Sprintf("%s@%d/%d", name, f.Offset, f.Bytes))
			}
			b.WriteString(" {" + strings.Join(fs, " ") + "}")
		}
	}
	return b.String()
}

// recvSig summarises a receive plan: "strings window [a:10 b:0]".
func recvSig(r RecvPlan) string {
	var parts []string
	if r.Strings {
		parts = append(parts, "strings")
	}
	if r.Window {
		parts = append(parts, "window")
	}
	var bufs []string
	for _, b := range r.Buffers {
		bufs = append(bufs, fmt.Sprintf("%s:%d", b.Path, b.Bytes))
	}
	parts = append(parts, "["+strings.Join(bufs, " ")+"]")
	return strings.Join(parts, " ")
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// wantSig compares a message summary.
func wantSig(t *testing.T, what string, m *Message, want string) {
	t.Helper()
	if got := sig(m); got != want {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}
