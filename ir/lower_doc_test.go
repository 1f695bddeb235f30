package ir

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The worked examples in docs/message-layout.md are generated from the
// lowering and checked here, so the document cannot drift from the code.
// Run `go test ./ir -run DocTables -update` to rewrite them.

func init() {
	// Another golden test of the package may define -update as well.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files and generated documentation")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// docExtrasProgram holds the further examples of the document.
func docExtrasProgram() *Program {
	u := unionT("shape", tLong, arm(field("radius", tLong), 1), arm(field("area", tDouble), 2), arm(field("tag", tChar)))
	notfound := exceptionT("notfound", field("code", tLong), field("reason", tChar))
	n := in("n", tShort)
	v := in("v", seqT(tShort, 8))
	v.SizeIs = n
	var big []*Field
	for i := 0; i < 100; i++ {
		big = append(big, field(fmt.Sprintf("f%d", i), tLong))
	}
	var lls []*Param
	for i := 0; i < 32; i++ {
		lls = append(lls, in(fmt.Sprintf("v%d", i), tLongLong))
	}
	lls = append(lls, in("s", tShort), in("c", tChar))
	tUnion := cUnionT("t_union", field("a", tLong), field("b", tChar))
	return prog(iface("more", 6,
		op("pk", nil, in("c1", tChar), in("s1", tShort), in("b1", tBool), in("l1", tLong), in("o1", tOctet), in("s2", tShort)),
		op("w", tLongLong, in("x", tLongLong), in("c", tChar)),
		op("p8", nil, longs("a", 8)...),
		op("un", nil, in("s", u)),
		op("ar", nil, in("v", arrayT(tLong, 3)), in("name", arrayT(tChar, 5))),
		op("sv", nil, in("s", stringT(16)), n, v),
		raises(op("ex", tLong, in("k", tLong)), notfound),
		op("big", nil, in("b", structT("big", big...))),
		pagefaultOp(),
		op("sp", nil, lls...),
		op("cu", nil, in("a", tUnion), out("b", tUnion)),
		op("fs", nil, in("f", seqT(tFpage, 3)), out("g", arrayT(tFpage, 2))),
	))
}

// docTable renders the messages of every operation of l as a Markdown
// table.
func docTable(l *Layout) string {
	var b strings.Builder
	b.WriteString("| op | message | label | u | t | regs | untyped words: MR[bits] value (register) | typed items | receiver installs |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, il := range l.Interfaces {
		for _, ol := range il.Ops {
			row := func(what string, m *Message) {
				if m == nil {
					fmt.Fprintf(&b, "| %s | %s | — | | | | no reply | | |\n", ol.Op.Name, what)
					return
				}
				label := fmt.Sprintf("0x%04X", m.Label)
				if m.LabelMask != 1<<uint(l.ABI.LabelBits)-1 {
					label += fmt.Sprintf(" mask 0x%X", m.LabelMask)
				}
				u := fmt.Sprint(m.FixedWords)
				if m.Variable {
					u = fmt.Sprintf("%d..%d", m.FixedWords, m.MaxWords)
				}
				regs := "MR0"
				if m.RegWords > 1 {
					regs = fmt.Sprintf("MR0..%d", m.RegWords-1)
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %s | %s | %s | %s |\n",
					ol.Op.Name, what, label, u, m.TypedWords, regs, docSlots(m), docItems(m), docRecv(m.Recv))
			}
			row("request", ol.Request)
			if ol.Reply != nil || ol.Op.Oneway || ol.Op.KernelMsg == KernelNone {
				row("reply", ol.Reply)
			}
			for k, e := range ol.Exceptions {
				row("exception "+ol.Op.Raises[k].ScopedName(), e)
			}
		}
	}
	return b.String()
}

func docSlots(m *Message) string {
	var parts []string
	for _, s := range m.Slots {
		mr := fmt.Sprintf("MR%d", s.MR)
		if s.Words > 1 {
			mr = fmt.Sprintf("MR%d-%d", s.MR, s.MR+s.Words-1)
		}
		if s.AfterVariable {
			mr += "+"
		}
		var bits string
		switch {
		case s.Run && s.Variable:
			bits = fmt.Sprintf("[≤%dB]", s.Bytes)
		case s.Run:
			bits = fmt.Sprintf("[%dB]", s.Bytes)
		case s.InTag:
			bits = fmt.Sprintf("[%d..%d] (label bits %d..%d)", s.Bit, s.Bit+s.Width-1, s.Bit-16, s.Bit-16+s.Width-1)
		default:
			bits = fmt.Sprintf("[%d..%d]", s.Bit, s.Bit+s.Width-1)
		}
		v := s.Path
		switch s.Role {
		case LengthSlot:
			v = "length(" + s.Path + ")"
		case DiscSlot:
			v = "switch(" + s.Path + ")"
		}
		if s.Variable {
			v += " ×" + orDefault(s.CountPath, "length")
		}
		if s.Arm != nil {
			if s.Arm.Default {
				v += " {default}"
			} else {
				var ls []string
				for _, l := range s.Arm.Labels {
					ls = append(ls, l.String())
				}
				v += " {case " + strings.Join(ls, ",") + "}"
			}
		}
		p := mr + bits + " " + v
		if s.Reg != "" {
			p += " (" + s.Reg + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) > 16 {
		// Keep long messages readable: the start, the end, the count.
		n := len(parts)
		parts = append(append(parts[:8:8], fmt.Sprintf("… (%d slots in all) …", n)), parts[n-2:]...)
	}
	if len(m.EchoMRs) > 0 {
		parts = append(parts, fmt.Sprintf("MR%d..%d not listed: echoed", m.EchoMRs[0], m.EchoMRs[len(m.EchoMRs)-1]))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

func docItems(m *Message) string {
	var parts []string
	for _, it := range m.Items {
		where := fmt.Sprintf("u+%d", it.Index+1)
		if it.MR > 0 {
			where = fmt.Sprintf("MR%d-%d", it.MR, it.MR+1)
		}
		if it.MR > 0 && it.MR < len(m.Regs) {
			where += " (" + m.Regs[it.MR]
			if it.MR+1 < len(m.Regs) {
				where += ", " + m.Regs[it.MR+1]
			}
			where += ")"
		}
		p := fmt.Sprintf("%s %s %s", where, it.Kind, it.Path)
		switch {
		case it.Record != nil:
			var fs []string
			for _, f := range it.Record {
				name := f.Path
				switch f.Role {
				case LengthSlot:
					name = "length(" + f.Path + ")"
				case DiscSlot:
					name = "switch(" + f.Path + ")"
				}
				fs = append(fs, fmt.Sprintf("%s @%d", name, f.Offset))
			}
			p += fmt.Sprintf(" (%d B: %s) → buffer %d", it.MaxBytes, strings.Join(fs, ", "), it.Buffer)
		case it.SeqPath != "":
			p += fmt.Sprintf(" (count %s)", orDefault(it.CountPath, "length("+it.SeqPath+")"))
		case it.Kind == StringItem:
			size := "unbounded"
			if it.MaxBytes > 0 {
				size = fmt.Sprintf("≤%d B", it.MaxBytes)
			}
			if it.Image {
				size = fmt.Sprintf("image %d B", it.MaxBytes)
			}
			if it.NulTerminated {
				size += " incl. NUL"
			}
			if it.CountPath != "" {
				size += ", count " + it.CountPath
			}
			p += fmt.Sprintf(" (%s) → buffer %d", size, it.Buffer)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

func docRecv(r RecvPlan) string {
	var parts []string
	if r.Window {
		parts = append(parts, "window")
	}
	for k, b := range r.Buffers {
		size := "run-time size"
		if b.Bytes > 0 {
			size = fmt.Sprintf("%d B", b.Bytes)
		}
		parts = append(parts, fmt.Sprintf("buffer %d: %s", k, size))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

// TestDocTables checks (or with -update rewrites) every generated block
// of docs/message-layout.md: the text between
// "<!-- generated: NAME ABI -->" and "<!-- end generated -->".
func TestDocTables(t *testing.T) {
	path := filepath.Join("..", "docs", "message-layout.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the layout document: %v", err)
	}
	programs := map[string]func() *Program{"anchor": anchorProgram, "extras": docExtrasProgram}
	const open, end = "<!-- generated: ", "<!-- end generated -->"
	doc := string(data)
	var out strings.Builder
	blocks := 0
	for {
		i := strings.Index(doc, open)
		if i < 0 {
			out.WriteString(doc)
			break
		}
		j := strings.Index(doc[i:], "-->")
		k := strings.Index(doc[i:], end)
		if j < 0 || k < 0 {
			t.Fatalf("unterminated generated block in %s", path)
		}
		header := doc[i : i+j+3]
		fields := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(header, open), "-->"))
		if len(fields) != 2 || programs[fields[0]] == nil {
			t.Fatalf("bad generated block header %q", header)
		}
		l := lower(t, programs[fields[0]](), fields[1])
		want := header + "\n" + docTable(l)
		got := doc[i : i+k]
		if got != want && !updating() {
			t.Errorf("%s: the %s table for %s is out of date; run go test ./ir -run DocTables -update\n got:\n%s\nwant:\n%s",
				path, fields[0], fields[1], got, want)
		}
		out.WriteString(doc[:i] + want)
		doc = doc[i+k:]
		out.WriteString(end)
		doc = doc[len(end):]
		blocks++
	}
	if blocks < len(ABINames()) {
		t.Errorf("%s has %d generated tables; want at least one per ABI", path, blocks)
	}
	for _, abi := range ABINames() {
		if !strings.Contains(string(data), "<!-- generated: anchor "+abi+" -->") {
			t.Errorf("%s lacks the anchor table for %s", path, abi)
		}
	}
	if updating() && out.String() != string(data) {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
