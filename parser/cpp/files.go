package cpp

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/l4idl/l4idl/parser/diag"
)

// preprocessor is the state of one Preprocess run: the macro table, the
// stack of files being read and what is known about files already seen.
type preprocessor struct {
	opts   *Options
	errs   *diag.List
	macros map[string]*Macro

	files  map[string][]byte    // Result.Files: every file read, by name
	cache  map[string]*fileData // lexed files, by name
	once   map[string]bool      // keys of files with #pragma once
	guards map[string]string    // key -> include guard macro of a whole file
	stack  []*frame             // files being read; stack[0] is the main file

	eof Token  // the main file's EOF, once it has been reached
	cwd string // working directory, for file identities (see key)

	expanded int  // tokens produced by macro expansion (see maxExpanded)
	tooMuch  bool // expansion stopped at maxExpanded

	includes     int  // files entered through #include
	includedToks int  // their tokens
	tooMuchInput bool // includes stopped at maxIncludes or maxIncludedToks
}

// fileData is a file's text, its tokens and the lexer's diagnostics,
// which are forwarded only for lines that are not skipped.
type fileData struct {
	name     string
	src      []byte
	toks     []Token
	lexDiags []diag.Diagnostic
}

// frame is one file being read.
type frame struct {
	fd     *fileData
	key    string // identity of the file for #pragma once, guards, cycles
	dirIdx int    // index in IncludeDirs where it was found; -1: elsewhere
	i      int    // next token
	conds  []cond // open conditionals of this file
	diag   int    // next lexer diagnostic to forward or drop
	guard  guardState
}

func newPreprocessor(opts *Options, errs *diag.List) *preprocessor {
	if opts == nil {
		opts = &Options{}
	}
	return &preprocessor{
		opts:   opts,
		errs:   errs,
		macros: map[string]*Macro{},
		files:  map[string][]byte{},
		cache:  map[string]*fileData{},
		once:   map[string]bool{},
		guards: map[string]string{},
	}
}

// lexDiags collects lexer errors without a limit.
type lexDiags []diag.Diagnostic

func (l *lexDiags) Errorf(pos diag.Pos, format string, args ...any) {
	*l = append(*l, diag.Diagnostic{Pos: pos, Severity: diag.Error, Msg: fmt.Sprintf(format, args...)})
}

// loadFile lexes src as file name (or returns the cached result).
func (p *preprocessor) loadFile(name string, src []byte) *fileData {
	if fd := p.cache[name]; fd != nil {
		return fd
	}
	var ld lexDiags
	toks := lex(name, src, &ld)
	slices.SortStableFunc(ld, func(a, b diag.Diagnostic) int { return a.Pos.Offset - b.Pos.Offset })
	fd := &fileData{name: name, src: src, toks: toks, lexDiags: ld}
	p.cache[name] = fd
	p.files[name] = src
	return fd
}

// key gives the identity of a file path: the absolute path, computed
// from the working directory once per run.
func (p *preprocessor) key(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	if p.cwd == "" {
		if wd, err := os.Getwd(); err == nil {
			p.cwd = wd
		} else {
			p.cwd = "."
		}
	}
	return filepath.Join(p.cwd, name)
}

func (p *preprocessor) pushFile(fd *fileData, key string, dirIdx int) {
	p.stack = append(p.stack, &frame{fd: fd, key: key, dirIdx: dirIdx})
}

func (p *preprocessor) top() *frame { return p.stack[len(p.stack)-1] }

// active reports whether the current line of f is in an active group.
func (f *frame) active() bool {
	return len(f.conds) == 0 || f.conds[len(f.conds)-1].active
}

// flushDiags forwards (when active) or drops the lexer diagnostics of f
// on lines before line.
func (p *preprocessor) flushDiags(f *frame, line int, active bool) {
	ld := f.fd.lexDiags
	for f.diag < len(ld) && ld[f.diag].Pos.Line < line {
		if active {
			d := ld[f.diag]
			p.errs.Add(d.Pos, d.Severity, d.Msg)
		}
		f.diag++
	}
}

// fileNext returns the next token of an active line, carrying out
// directives and skipping inactive groups on the way. At the end of an
// included file it returns a fileEnd token; at the end of the main file,
// EOF (every time it is called).
func (p *preprocessor) fileNext() ptok {
	for {
		if len(p.stack) == 0 {
			return ptok{Token: p.eof}
		}
		f := p.top()
		t := &f.fd.toks[f.i]
		if t.Kind == EOF {
			p.endFile(f)
			if len(p.stack) == 0 {
				p.eof = *t
				return ptok{Token: p.eof}
			}
			return ptok{Token: Token{Kind: fileEnd, Pos: t.Pos}}
		}
		if t.BOL {
			if t.Kind == Punct && t.Text == "#" {
				p.directive(f)
				continue
			}
			if !f.active() {
				f.skipLine()
				continue
			}
			p.flushDiags(f, t.Pos.Line, true)
			f.guard.sawToken()
		}
		f.i++
		return ptok{Token: *t}
	}
}

// skipLine moves f past the current line.
func (f *frame) skipLine() {
	f.i++
	for f.fd.toks[f.i].Kind != EOF && !f.fd.toks[f.i].BOL {
		f.i++
	}
}

// endFile finishes the file on top of the stack: unterminated
// conditionals, remaining lexer diagnostics, include guard detection.
func (p *preprocessor) endFile(f *frame) {
	for _, c := range f.conds {
		p.errs.Errorf(c.pos, "unterminated %s", c.name)
	}
	p.flushDiags(f, math.MaxInt, f.active())
	if g := f.guard.finish(); g != "" && len(f.conds) == 0 {
		p.guards[f.key] = g
	}
	p.stack = p.stack[:len(p.stack)-1]
}

// guardState recognises the classic include guard: a file whose first
// directive is #ifndef X (or #if !defined X) and whose matching #endif is
// the last thing in it, with no #else or #elif at that level.
type guardState struct {
	phase int    // see the guard* constants
	name  string // the guard macro
}

const (
	guardStart  = iota // nothing seen yet
	guardOpen          // inside the guarding #ifndef
	guardClosed        // its #endif seen; nothing may follow
	guardNone          // not a guarded file
)

// sawToken notes a token or directive at the file's top level (outside
// the guarding conditional, or before it).
func (g *guardState) sawToken() {
	if g.phase != guardOpen {
		g.phase = guardNone
	}
}

func (g *guardState) finish() string {
	if g.phase == guardClosed {
		return g.name
	}
	return ""
}
