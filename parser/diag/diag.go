// Package diag collects positioned diagnostics (errors and warnings) and
// prints them in the gcc style that editors and build tools understand:
//
//	file:line:col: error: message
//	    source line
//	        ^
//
// Every stage of l4idl (preprocessor, parser, checker, lowering) reports
// through a *List, so a run reports all problems it finds, in source order.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Pos is a source position: file name, byte offset, 1-based line and column.
// It is participle's position type, so grammar nodes carry it directly.
type Pos = lexer.Position

// Severity tells how bad a diagnostic is.
type Severity int

// The severities, from least to most severe.
const (
	Note Severity = iota
	Warning
	Error
	Internal
)

// String returns the gcc spelling of the severity.
func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return "internal error"
	}
}

// Diagnostic is one message tied to a source position.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// String formats the diagnostic as "file:line:col: severity: message".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", FormatPos(d.Pos), d.Severity, d.Msg)
}

// FormatPos prints a position as file:line:col, leaving out parts that are
// unknown (a zero line or column).
func FormatPos(p Pos) string {
	name := p.Filename
	if name == "" {
		name = "<input>"
	}
	switch {
	case p.Line <= 0:
		return name
	case p.Column <= 0:
		return fmt.Sprintf("%s:%d", name, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

// MaxErrors is the number of errors after which a List stops recording
// more (later errors are counted but not kept).
const MaxErrors = 50

// List collects diagnostics. The zero value is ready to use. A List is not
// safe for concurrent use.
type List struct {
	Diags []Diagnostic
	// WarningsAsErrors turns every warning into an error when it is added.
	WarningsAsErrors bool
	// NoWarnings drops warnings when they are added.
	NoWarnings bool

	errors, warnings int
	seen             map[string]bool
}

// Add records a diagnostic. Exact duplicates (same position, severity and
// text) are recorded once.
func (l *List) Add(pos Pos, sev Severity, msg string) {
	if sev == Warning {
		if l.NoWarnings {
			return
		}
		if l.WarningsAsErrors {
			sev = Error
			msg += " [-Werror]"
		}
	}
	key := fmt.Sprintf("%s|%d|%d|%s", FormatPos(pos), pos.Offset, sev, msg)
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	switch {
	case sev >= Error:
		l.errors++
		if l.errors > MaxErrors {
			return
		}
	case sev == Warning:
		l.warnings++
	}
	l.Diags = append(l.Diags, Diagnostic{Pos: pos, Severity: sev, Msg: msg})
}

// Errorf records an error.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(pos, Error, fmt.Sprintf(format, args...))
}

// Warnf records a warning.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(pos, Warning, fmt.Sprintf(format, args...))
}

// Notef records a note (extra information attached to the previous message).
func (l *List) Notef(pos Pos, format string, args ...any) {
	l.Add(pos, Note, fmt.Sprintf(format, args...))
}

// Internalf records an internal compiler error: a bug in l4idl, not in
// the input.
func (l *List) Internalf(pos Pos, format string, args ...any) {
	l.Add(pos, Internal, fmt.Sprintf(format, args...)+" (this is a bug in l4idl; please report it with the input that caused it)")
}

// HasErrors reports whether any error (or internal error) was recorded.
func (l *List) HasErrors() bool { return l.errors > 0 }

// ErrorCount returns the number of errors, including ones beyond MaxErrors.
func (l *List) ErrorCount() int { return l.errors }

// WarningCount returns the number of warnings.
func (l *List) WarningCount() int { return l.warnings }

// Sort orders diagnostics by file, then position; notes stay after the
// message they belong to because the sort is stable and keyed on the
// position of the preceding non-note.
func (l *List) Sort() {
	type keyed struct {
		d   Diagnostic
		key Pos
		seq int
	}
	ks := make([]keyed, len(l.Diags))
	var last Pos
	for i, d := range l.Diags {
		if d.Severity != Note {
			last = d.Pos
		}
		ks[i] = keyed{d, last, i}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i].key, ks[j].key
		if a.Filename != b.Filename {
			return ks[i].seq < ks[j].seq
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return ks[i].seq < ks[j].seq
	})
	for i := range ks {
		l.Diags[i] = ks[i].d
	}
}

// Sources gives the text of a file by name, so diagnostics can quote the
// offending line. It returns false when the text is unknown.
type Sources interface {
	Source(filename string) ([]byte, bool)
}

// Print writes every diagnostic to w, each followed by its source line and
// a caret under the column when src knows the file, and then a summary
// line "N errors, M warnings" when there is anything to report.
func (l *List) Print(w io.Writer, src Sources) {
	for _, d := range l.Diags {
		fmt.Fprintln(w, d.String())
		if src == nil || d.Pos.Line <= 0 {
			continue
		}
		text, ok := src.Source(d.Pos.Filename)
		if !ok {
			continue
		}
		line, ok := sourceLine(text, d.Pos.Line)
		if !ok {
			continue
		}
		fmt.Fprintf(w, " %s\n", line)
		if d.Pos.Column > 0 {
			fmt.Fprintf(w, " %s^\n", caretPad(line, d.Pos.Column))
		}
	}
	if l.errors > MaxErrors {
		fmt.Fprintf(w, "too many errors: %d more not shown\n", l.errors-MaxErrors)
	}
	if l.errors > 0 || l.warnings > 0 {
		fmt.Fprintf(w, "%s, %s\n", plural(l.errors, "error"), plural(l.warnings, "warning"))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// sourceLine returns line n (1-based) of text without its line ending,
// with bytes that are not printable ASCII or valid UTF-8 shown as '?'.
func sourceLine(text []byte, n int) (string, bool) {
	line := 1
	start := 0
	for i := 0; i < len(text) && line < n; i++ {
		if text[i] == '\n' {
			line++
			start = i + 1
		}
	}
	if line != n || start > len(text) {
		return "", false
	}
	end := start
	for end < len(text) && text[end] != '\n' {
		end++
	}
	s := strings.TrimRight(string(text[start:end]), "\r")
	return strings.ToValidUTF8(s, "?"), true
}

// caretPad returns the blanks that put a caret under column col of line,
// keeping tabs so the caret lines up in a terminal. Columns count
// characters, not bytes, as positions do.
func caretPad(line string, col int) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		if n >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	for ; n < col-1; n++ {
		b.WriteByte(' ')
	}
	return b.String()
}
