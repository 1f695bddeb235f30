// Package cgen is a small printer for generated C code, in the spirit of
// protogen's GeneratedFile: backends print lines with P, open and close
// blocks, and write comments, and the printer keeps the indentation. It
// knows nothing about IDL or L4; backend/cmap and the C backends build on
// it.
package cgen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// File accumulates the text of one generated C file.
type File struct {
	buf    bytes.Buffer
	indent int
	// Tab is the indentation unit (four spaces unless changed).
	Tab string
	// blank records that the last line written was empty, so Blank never
	// writes two empty lines in a row.
	blank bool
}

// New returns an empty file.
func New() *File { return &File{Tab: "    ", blank: true} }

// P prints one line at the current indentation: the arguments are
// concatenated as by fmt.Sprint without spaces. P() prints an empty line.
func (f *File) P(args ...any) {
	var line strings.Builder
	for _, a := range args {
		fmt.Fprint(&line, a)
	}
	f.line(line.String())
}

func (f *File) line(s string) {
	if s == "" {
		f.buf.WriteByte('\n')
		f.blank = true
		return
	}
	for i := 0; i < f.indent; i++ {
		f.buf.WriteString(f.Tab)
	}
	f.buf.WriteString(s)
	f.buf.WriteByte('\n')
	f.blank = false
}

// Raw prints text exactly as given (several lines, no indentation added).
func (f *File) Raw(text string) {
	if text == "" {
		return
	}
	f.buf.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		f.buf.WriteByte('\n')
	}
	f.blank = strings.HasSuffix(text, "\n\n")
}

// Blank prints an empty line unless the previous line was empty.
func (f *File) Blank() {
	if !f.blank {
		f.line("")
	}
}

// Case prints a case or default label (or several on one line) one level
// left of the current indentation, where a switch's body starts.
func (f *File) Case(labels ...string) {
	f.Out()
	f.line(strings.Join(labels, " "))
	f.In()
}

// CaseBlock prints "label {", the body at the current indentation and
// "}", with the label and braces one level left (a case with its own
// scope, in a switch's body).
func (f *File) CaseBlock(label string, body func()) {
	f.Out()
	f.line(label + " {")
	f.In()
	body()
	f.Out()
	f.line("}")
	f.In()
}

// Label prints a C label one level left of the current indentation.
func (f *File) Label(name string) {
	f.Out()
	f.line(name + ":")
	f.In()
}

// SetIndent sets the indentation level (for text printed into a separate
// File and inserted later with Raw).
func (f *File) SetIndent(n int) { f.indent = n }

// In increases the indentation by one level.
func (f *File) In() { f.indent++ }

// Out decreases the indentation by one level.
func (f *File) Out() {
	if f.indent > 0 {
		f.indent--
	}
}

// Block prints head followed by " {", the body one level deeper, and a
// closing "}" followed by tail (";" for declarations, "" for statements).
func (f *File) Block(head, tail string, body func()) {
	if head == "" {
		f.line("{")
	} else {
		f.line(head + " {")
	}
	f.In()
	body()
	f.Out()
	f.line("}" + tail)
}

// Comment prints a C block comment. A single short line becomes
// "/* text */"; longer text is wrapped in a multi-line comment with
// " * " prefixes. Embedded "*/" is defused.
func (f *File) Comment(lines ...string) {
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], "*/", "* /")
	}
	if len(lines) == 1 && !strings.Contains(lines[0], "\n") {
		f.line("/* " + lines[0] + " */")
		return
	}
	f.line("/*")
	for _, l := range lines {
		for _, s := range strings.Split(l, "\n") {
			if s == "" {
				f.line(" *")
			} else {
				f.line(" * " + s)
			}
		}
	}
	f.line(" */")
}

// Bytes returns the text printed so far.
func (f *File) Bytes() []byte { return f.buf.Bytes() }

// String returns the text printed so far.
func (f *File) String() string { return f.buf.String() }

// Quote returns s as a C string literal (printable ASCII kept, everything
// else escaped in octal so that no following character can extend the
// escape).
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c >= 0x20 && c < 0x7f && c != '?':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Hex returns v as a C hexadecimal constant with the suffix that makes
// its type unsigned and at least as wide as bits (32 or 64).
func Hex(v uint64, bits int) string {
	s := "0x" + strings.ToUpper(strconv.FormatUint(v, 16))
	if bits > 32 || v > 0xFFFFFFFF {
		return s + "ULL"
	}
	return s + "U"
}

// GuardName turns a file name into an include-guard macro name.
func GuardName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
