package cpp

import (
	"strings"
	"unicode/utf8"

	"github.com/l4idl/l4idl/parser/diag"
)

// Lex splits src into preprocessing tokens. It removes comments and line
// splices (backslash-newline) while keeping every token's original
// position. Problems (unterminated comments or literals, bytes that are
// not UTF-8, stray characters) are reported to errs and lexing goes on.
// The result always ends with an EOF token.
func Lex(filename string, src []byte, errs *diag.List) []Token {
	if errs == nil {
		errs = &diag.List{}
	}
	return lex(filename, src, errs)
}

// errorSink receives lexer errors. *diag.List is one; the preprocessor
// uses its own (see lexDiags) so it can drop errors in skipped groups.
type errorSink interface {
	Errorf(pos diag.Pos, format string, args ...any)
}

func lex(filename string, src []byte, errs errorSink) []Token {
	lx := newLexer(filename, src, errs)
	lx.run()
	return lx.toks
}

// lexer works on the source with line splices removed (text); pos maps a
// text offset back to the original file offset, so positions stay true.
type lexer struct {
	file  string
	orig  []byte
	text  []byte
	stext string  // text as a string: token texts are slices of it
	omap  []int32 // text offset -> original offset; nil when there were no splices
	lines []int   // original offsets of line starts
	errs  errorSink
	toks  []Token

	// Column cache: positions are mostly asked for in increasing order,
	// so the column is counted on from the last answer instead of from
	// the start of the line (which is quadratic on very long lines).
	colLine, colOff, col int

	i        int  // read offset in text
	bol      bool // next token is the first on its line
	space    bool // white space seen before the next token
	header   bool // a <header-name> may come next (after include/import)
	dirLine  bool // current line is a directive ("#" first)
	dirWords int  // tokens seen on a directive line
	lastEnd  int  // text offset just after the last token
}

func newLexer(filename string, src []byte, errs errorSink) *lexer {
	lx := &lexer{file: filename, orig: src, errs: errs, bol: true}
	lx.lines = append(lx.lines, 0)
	for i, c := range src {
		if c == '\n' {
			lx.lines = append(lx.lines, i+1)
		}
	}
	if !containsSplice(src) {
		lx.text = src
		return lx
	}
	lx.text = make([]byte, 0, len(src))
	lx.omap = make([]int32, 0, len(src)+1)
	for i := 0; i < len(src); i++ {
		if src[i] == '\\' {
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
				continue
			}
			if i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n' {
				i += 2
				continue
			}
		}
		lx.text = append(lx.text, src[i])
		lx.omap = append(lx.omap, int32(i))
	}
	lx.omap = append(lx.omap, int32(len(src)))
	return lx
}

func containsSplice(src []byte) bool {
	for i := 0; i+1 < len(src); i++ {
		if src[i] == '\\' && (src[i+1] == '\n' || src[i+1] == '\r') {
			return true
		}
	}
	return false
}

// position returns the original position of text offset off.
func (lx *lexer) position(off int) diag.Pos {
	o := off
	if lx.omap != nil {
		if off >= len(lx.omap) {
			off = len(lx.omap) - 1
		}
		o = int(lx.omap[off])
	}
	// Positions are mostly asked for in increasing order: try the line
	// of the last answer and the next one before a binary search.
	lo, hi := 0, len(lx.lines)-1
	if l := lx.colLine - 1; l >= 0 && lx.lines[l] <= o {
		if l+1 > hi || o < lx.lines[l+1] {
			lo, hi = l, l
		} else if l+2 > hi || o < lx.lines[l+2] {
			lo, hi = l+1, l+1
		} else {
			lo = l + 2
		}
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if lx.lines[mid] <= o {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	o = min(o, len(lx.orig))
	if lx.colLine != lo+1 || o < lx.colOff {
		lx.colLine, lx.colOff, lx.col = lo+1, lx.lines[lo], 1
	}
	lx.col += utf8.RuneCount(lx.orig[lx.colOff:o])
	lx.colOff = o
	return diag.Pos{Filename: lx.file, Offset: o, Line: lo + 1, Column: lx.col}
}

func (lx *lexer) emit(k Kind, start int) {
	t := Token{Kind: k, Text: lx.stext[start:lx.i], Pos: lx.position(start), BOL: lx.bol, Space: lx.space}
	if lx.bol {
		lx.dirLine = k == Punct && t.Text == "#"
		lx.dirWords = 0
	}
	lx.dirWords++
	// A header name may follow "#include", "#import" or the IDL keyword import.
	lx.header = k == Ident && (t.Text == "import" || (lx.dirLine && lx.dirWords == 2 && (t.Text == "include" || t.Text == "include_next")))
	lx.bol, lx.space = false, false
	lx.toks = append(lx.toks, t)
	lx.lastEnd = lx.i
}

func (lx *lexer) run() {
	t := lx.text
	lx.stext = string(t)
	// Dense IDL (generated interfaces, short names) has about one token
	// per 3 bytes; reserving a little more than that avoids copying the
	// list (with its pointers) while it grows, which costs more than the
	// unused tail on sparser, comment-rich files.
	lx.toks = make([]Token, 0, len(t)*2/5+16)
	for lx.i < len(t) {
		c := t[lx.i]
		switch {
		case c == '\n':
			lx.i++
			lx.bol, lx.space, lx.header = true, false, false
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.i++
			lx.space = true
		case c == '/' && lx.i+1 < len(t) && t[lx.i+1] == '/':
			lx.lineComment()
		case c == '/' && lx.i+1 < len(t) && t[lx.i+1] == '*':
			lx.blockComment()
		case isIdentStart(c):
			lx.ident()
		case isDigit(c) || (c == '.' && lx.i+1 < len(t) && isDigit(t[lx.i+1])):
			lx.number()
		case c == '"':
			lx.quoted('"', String, lx.i)
		case c == '\'':
			lx.quoted('\'', Char, lx.i)
		case c == '<' && lx.header:
			lx.headerName()
		case c >= 0x80:
			r, size := utf8.DecodeRune(t[lx.i:])
			if r == utf8.RuneError && size <= 1 {
				lx.errs.Errorf(lx.position(lx.i), "invalid UTF-8 byte 0x%02X in source", c)
				lx.i++
			} else {
				lx.errs.Errorf(lx.position(lx.i), "stray character %q in program", r)
				lx.i += size
			}
			lx.space = true
		default:
			lx.punct()
		}
	}
	// The end of file is placed just after the last token, so "unexpected
	// end of file" points at what a user sees last rather than at an empty
	// line or a comment after it.
	lx.toks = append(lx.toks, Token{Kind: EOF, Pos: lx.position(lx.lastEnd), BOL: true})
}

func (lx *lexer) lineComment() {
	t := lx.text
	for lx.i < len(t) && t[lx.i] != '\n' {
		lx.skipCommentByte()
	}
	lx.space = true
}

// skipCommentByte steps over one character inside a comment, reporting a
// byte that is not UTF-8.
func (lx *lexer) skipCommentByte() {
	t := lx.text
	if t[lx.i] < 0x80 {
		lx.i++
		return
	}
	r, size := utf8.DecodeRune(t[lx.i:])
	if r == utf8.RuneError && size <= 1 {
		lx.errs.Errorf(lx.position(lx.i), "invalid UTF-8 byte 0x%02X in comment", t[lx.i])
	}
	lx.i += size
}

func (lx *lexer) blockComment() {
	t := lx.text
	start := lx.i
	lx.i += 2
	for {
		if lx.i+1 >= len(t) {
			lx.errs.Errorf(lx.position(start), "unterminated comment")
			lx.i = len(t)
			return
		}
		if t[lx.i] == '*' && t[lx.i+1] == '/' {
			lx.i += 2
			lx.space = true
			return
		}
		lx.skipCommentByte()
	}
}

func (lx *lexer) ident() {
	t := lx.text
	start := lx.i
	for lx.i < len(t) && (isIdentStart(t[lx.i]) || isDigit(t[lx.i])) {
		lx.i++
	}
	// Wide literals: L"..." and L'...'.
	if lx.i-start == 1 && t[start] == 'L' && lx.i < len(t) && (t[lx.i] == '"' || t[lx.i] == '\'') {
		if t[lx.i] == '"' {
			lx.quoted('"', String, start)
		} else {
			lx.quoted('\'', Char, start)
		}
		return
	}
	lx.emit(Ident, start)
}

// number scans a C preprocessing number and classifies it as Int or Float.
func (lx *lexer) number() {
	t := lx.text
	start := lx.i
	for lx.i < len(t) {
		c := t[lx.i]
		if (c == '+' || c == '-') && lx.i > start {
			p := t[lx.i-1] | 0x20
			hex := len(t) > start+1 && t[start] == '0' && t[start+1]|0x20 == 'x'
			if p == 'e' && !hex || p == 'p' && hex {
				lx.i++
				continue
			}
			break
		}
		if isIdentStart(c) || isDigit(c) || c == '.' {
			lx.i++
			continue
		}
		break
	}
	s := string(t[start:lx.i])
	if isFloatSpelling(s) {
		lx.emit(Float, start)
	} else {
		lx.emit(Int, start)
	}
}

func isFloatSpelling(s string) bool {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return strings.ContainsAny(s, ".pP")
	}
	return strings.ContainsAny(s, ".eE")
}

// quoted scans a character or string literal that opens at lx.i; start is
// where the token starts (before an L prefix).
func (lx *lexer) quoted(q byte, k Kind, start int) {
	t := lx.text
	lx.i++ // opening quote
	for {
		if lx.i >= len(t) || t[lx.i] == '\n' {
			what := "string literal"
			if q == '\'' {
				what = "character literal"
			}
			lx.errs.Errorf(lx.position(start), "unterminated %s", what)
			lx.emit(k, start)
			return
		}
		c := t[lx.i]
		if c == '\\' && lx.i+1 < len(t) && t[lx.i+1] != '\n' {
			lx.i += 2
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRune(t[lx.i:])
			if r == utf8.RuneError && size <= 1 {
				lx.errs.Errorf(lx.position(lx.i), "invalid UTF-8 byte 0x%02X in literal", c)
			}
			lx.i += size
			continue
		}
		lx.i++
		if c == q {
			lx.emit(k, start)
			return
		}
	}
}

func (lx *lexer) headerName() {
	t := lx.text
	start := lx.i
	for lx.i < len(t) && t[lx.i] != '>' && t[lx.i] != '\n' {
		lx.i++
	}
	if lx.i >= len(t) || t[lx.i] != '>' {
		lx.errs.Errorf(lx.position(start), "missing terminating > character")
		lx.emit(Header, start)
		return
	}
	lx.i++
	lx.emit(Header, start)
}

// punctLen returns the length of the longest punctuator at t[i:] (1
// for single characters, valid or not).
func punctLen(t []byte, i int) int {
	var c1, c2 byte
	if i+1 < len(t) {
		c1 = t[i+1]
	}
	if i+2 < len(t) {
		c2 = t[i+2]
	}
	switch c := t[i]; c {
	case '<', '>': // << <<= <= >> >>= >=
		if c1 == c {
			if c2 == '=' {
				return 3
			}
			return 2
		}
		if c1 == '=' {
			return 2
		}
	case '.':
		if c1 == '.' && c2 == '.' {
			return 3
		}
	case ':', '#': // :: ##
		if c1 == c {
			return 2
		}
	case '&', '|', '+': // && &= || |= ++ +=
		if c1 == c || c1 == '=' {
			return 2
		}
	case '-': // -- -= ->
		if c1 == '-' || c1 == '=' || c1 == '>' {
			return 2
		}
	case '=', '!', '*', '/', '%', '^': // == != *= /= %= ^=
		if c1 == '=' {
			return 2
		}
	}
	return 1
}

func (lx *lexer) punct() {
	t := lx.text
	start := lx.i
	if n := punctLen(t, lx.i); n > 1 {
		lx.i += n
		lx.emit(Punct, start)
		return
	}
	c := t[lx.i]
	lx.i++
	if strings.IndexByte("{}[]()<>;:,.=+-*/%~|^&!?#", c) < 0 {
		if c < 0x20 || c == 0x7f {
			lx.errs.Errorf(lx.position(start), "stray control character 0x%02X in program", c)
		} else {
			lx.errs.Errorf(lx.position(start), "stray '%c' in program", c)
		}
		lx.space = true
		return
	}
	lx.emit(Punct, start)
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
