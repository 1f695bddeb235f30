package ir

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes a readable table of every interface's message layouts:
// for each operation the request, reply and exception messages with the
// MR, bits and CPU register of every value, the typed items and the
// receive buffers. It is the human form of WriteJSON.
func (l *Layout) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "# %s, ABI %s (%d-bit words; Ipc registers: send %s; receive %s)\n",
		l.Program.File, l.ABI.Name, l.ABI.WordBits, regList(l.ABI.SendRegs), regList(l.ABI.RecvRegs))
	for _, il := range l.Interfaces {
		i := il.Iface
		var notes []string
		if i.Imported {
			notes = append(notes, "imported")
		}
		if i.Local {
			notes = append(notes, "local")
		}
		if len(i.Bases) > 0 {
			var bs []string
			for _, b := range i.Bases {
				bs = append(bs, b.ScopedName())
			}
			notes = append(notes, "inherits "+strings.Join(bs, ", "))
		}
		how := "assigned"
		if i.IDExplicit {
			how = "uuid"
		}
		fmt.Fprintf(ew, "\ninterface %s: id %d (%s)", i.ScopedName(), i.ID, how)
		if len(notes) > 0 {
			fmt.Fprintf(ew, "; %s", strings.Join(notes, "; "))
		}
		fmt.Fprintln(ew)
		fmt.Fprintf(ew, "  server receive: %s\n", il.ServerRecv.describe())
		for _, ol := range il.Ops {
			writeOp(ew, ol, l.ABI)
		}
	}
	return ew.err
}

func writeOp(w io.Writer, ol *OpLayout, abi *ABI) {
	op := ol.Op
	fmt.Fprintf(w, "\n  %s\n", op.Signature())
	how := "assigned"
	if op.FuncIDExplicit {
		how = "uuid"
	}
	fmt.Fprintf(w, "    function id %d (%s), declared in %s", op.FuncID, how, op.Iface.ScopedName())
	if op.KernelMsg != KernelNone {
		fmt.Fprintf(w, ", kernel message %s", op.KernelMsg)
	}
	fmt.Fprintln(w)
	writeMsg(w, "request", ol.Request, abi)
	if ol.Reply != nil {
		writeMsg(w, "reply", ol.Reply, abi)
	} else {
		fmt.Fprintln(w, "    reply: none")
	}
	for k, e := range ol.Exceptions {
		writeMsg(w, "exception "+op.Raises[k].ScopedName(), e, abi)
	}
}

func writeMsg(w io.Writer, what string, m *Message, abi *ABI) {
	if m == nil {
		return
	}
	u := fmt.Sprint(m.FixedWords)
	if m.Variable {
		u = fmt.Sprintf("%d..%d", m.FixedWords, m.MaxWords)
	}
	label := fmt.Sprintf("0x%04x", m.Label)
	if m.LabelMask != 0 && m.LabelMask != uint64(1)<<abi.LabelBits-1 {
		label += fmt.Sprintf(" (mask 0x%04x)", m.LabelMask)
	}
	fmt.Fprintf(w, "    %s: label %s, u=%s, t=%d, MR0..MR%d in registers %s\n", what, label, u, m.TypedWords,
		m.RegWords-1, strings.Join(m.Regs, " "))
	if len(m.EchoMRs) > 0 {
		fmt.Fprintf(w, "      echoes MRs %v of the request unchanged\n", m.EchoMRs)
	}
	if len(m.Slots) > 0 || len(m.Items) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "      MR\tbits\treg\tvalue\ttype")
		for _, s := range m.Slots {
			fmt.Fprintf(tw, "      %s\t%s\t%s\t%s\t%s\n", s.mrText(), s.bitsText(), dash(s.Reg), s.valueText(), s.Type)
		}
		for _, it := range m.Items {
			mr := fmt.Sprintf("u+%d", it.Index+1)
			if it.MR > 0 {
				mr = fmt.Sprintf("MR%d", it.MR)
			}
			fmt.Fprintf(tw, "      %s\t%s item\t%s\t%s\t%s\n", mr, it.Kind, itemRegs(m, it), it.Path+armsText(it.Arms), it.describe())
			for _, f := range it.Record {
				fmt.Fprintf(tw, "      rec+%d\t%dB\t-\t%s\t%s\n", f.Offset, f.Bytes, roleText(f.Role, f.Path), f.Type)
			}
		}
		tw.Flush()
	}
	if m.Recv.Strings || m.Recv.Window {
		fmt.Fprintf(w, "      receiver installs: %s\n", m.Recv.describe())
	}
}

// itemRegs names the registers that carry an item's words, "-" when
// they are all in the UTCB.
func itemRegs(m *Message, it *Item) string {
	var regs []string
	for w := 0; it.MR > 0 && w < it.Words; w++ {
		if r := it.MR + w; r < len(m.Regs) {
			regs = append(regs, m.Regs[r])
		}
	}
	if len(regs) == 0 {
		return "-"
	}
	return strings.Join(regs, ",")
}

func (s *Slot) mrText() string {
	if s.InTag {
		return "MR0"
	}
	t := fmt.Sprintf("MR%d", s.MR)
	if s.Words > 1 {
		t = fmt.Sprintf("MR%d-%d", s.MR, s.MR+s.Words-1)
	}
	if s.AfterVariable || s.Variable {
		t += "+"
	}
	return t
}

func (s *Slot) bitsText() string {
	if s.Run {
		return fmt.Sprintf("%dB", s.Bytes)
	}
	return fmt.Sprintf("%d..%d", s.Bit, s.Bit+s.Width-1)
}

// roleText names a value by its role: "p", "length(p)", "switch(p)".
func roleText(r SlotRole, path string) string {
	switch r {
	case LengthSlot:
		return "length(" + path + ")"
	case DiscSlot:
		return "switch(" + path + ")"
	}
	return path
}

func (s *Slot) valueText() string {
	v := roleText(s.Role, s.Path)
	if s.Run {
		if s.Variable {
			v += fmt.Sprintf(" [<=%d]", s.Count)
		} else {
			v += fmt.Sprintf(" [%d]", s.Count)
		}
	}
	if s.CountPath != "" {
		v += " (count in " + s.CountPath + ")"
	}
	return v + armsText(s.Arms)
}

// armsText describes the union arms that must be selected for a value to
// be valid: " (case 1,2; default)".
func armsText(arms []*UnionArm) string {
	if len(arms) == 0 {
		return ""
	}
	var parts []string
	for _, a := range arms {
		if a.Default {
			parts = append(parts, "default")
			continue
		}
		var ls []string
		for _, l := range a.Labels {
			ls = append(ls, l.String())
		}
		parts = append(parts, "case "+strings.Join(ls, ","))
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func (it *Item) describe() string {
	switch {
	case it.Record != nil:
		return fmt.Sprintf("record of %d values, %d bytes, buffer %d", len(it.Record), it.MaxBytes, it.Buffer)
	case it.SeqPath != "":
		count := "length(" + it.SeqPath + ")"
		if it.CountPath != "" {
			count = it.CountPath
		}
		return fmt.Sprintf("%s, element %d of %s (nil fpage from count %s on)", it.Type, it.SeqIndex, it.SeqPath, count)
	case it.Kind == StringItem:
		size := "unbounded"
		if it.MaxBytes > 0 {
			size = fmt.Sprintf("<=%d bytes", it.MaxBytes)
		}
		nul := ""
		if it.NulTerminated {
			nul = ", NUL included"
		}
		return fmt.Sprintf("%s, %s%s, buffer %d", it.Type, size, nul, it.Buffer)
	}
	return it.Type.String()
}

func (r *RecvPlan) describe() string {
	if !r.Strings && !r.Window {
		return "acceptor 0 (untyped words only)"
	}
	var parts []string
	if r.Window {
		parts = append(parts, "receive window")
	}
	for k, b := range r.Buffers {
		size := "run-time size"
		if b.Bytes > 0 {
			size = fmt.Sprintf("%d bytes", b.Bytes)
		}
		parts = append(parts, fmt.Sprintf("buffer %d (%s): %s", k, b.Path, size))
	}
	return "acceptor " + strings.Join(parts, "; ")
}

// Signature returns the operation in IDL-like spelling, for dumps and
// messages: "long add(in long a, in long b)".
func (op *Operation) Signature() string {
	var b strings.Builder
	if op.Oneway {
		b.WriteString("oneway ")
	}
	res := "void"
	if op.Result != nil {
		res = op.Result.String()
	}
	fmt.Fprintf(&b, "%s %s(", res, op.Name)
	for k, p := range op.Params {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s %s", p.Dir, p.Type, p.Name)
	}
	b.WriteString(")")
	if len(op.Raises) > 0 {
		var rs []string
		for _, r := range op.Raises {
			rs = append(rs, r.ScopedName())
		}
		fmt.Fprintf(&b, " raises(%s)", strings.Join(rs, ", "))
	}
	return b.String()
}

func regList(r []string) string {
	if len(r) == 0 {
		return "none"
	}
	var parts []string
	for k, name := range r {
		parts = append(parts, fmt.Sprintf("MR%d=%s", k, name))
	}
	return strings.Join(parts, " ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter keeps the first write error so printing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, nil
}
