package parser

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// C headers are read for what an IDL file can use from them: typedefs of
// scalar, struct and enum types, struct and enum definitions, and integer
// #define constants. Everything else in a header (function prototypes and
// inline functions, extern variables, ...) is skipped silently; constructs
// that look like types but cannot be used (unions, bit-fields,
// function-pointer typedefs, GCC attributes) are skipped with a warning.
//
// The header's tokens are first split into top-level declarations
// (balanced brackets up to ";", or up to the "}" that ends a function
// body), so one unreadable declaration never stops the rest; each
// declaration is then classified by its tokens and, when it is usable,
// parsed with the cDecl production, which reuses the IDL type grammar
// (TypeSpec, Member, Declarator).

// cDecl is one C declaration, after qualifiers have been dropped.
type cDecl struct {
	Pos         diag.Pos
	Typedef     bool          `parser:"@'typedef'?"`
	Type        *TypeSpec     `parser:"@@"`
	Declarators []*Declarator `parser:"( @@ ( ',' @@ )* )? ';'"`
}

// wellKnownCTypes are L4 API types that map to IDL4 built-ins whatever
// their C definition (L4_ThreadId_t is a union in the real headers).
var wellKnownCTypes = map[string]BaseKind{
	"L4_Word_t":     BaseWord,
	"L4_ThreadId_t": BaseThreadID,
	"L4_Fpage_t":    BaseFpage,
	// L4_SignedWord_t is "signed long" anyway; naming it keeps the
	// checker from depending on the header's spelling.
	"L4_SignedWord_t": BaseSignedWord,
}

// cQualifiers are dropped before parsing: they do not change layout.
var cQualifiers = map[string]bool{
	"const": true, "volatile": true, "restrict": true, "__restrict": true,
	"__restrict__": true, "__const": true, "__volatile__": true, "__volatile": true,
	"__extension__": true, "register": true, "auto": true,
}

// cSkipFirst are first words of declarations that are skipped silently:
// functions, inline functions, extern and static variables.
var cSkipFirst = map[string]bool{
	"static": true, "extern": true, "inline": true, "__inline": true,
	"__inline__": true, "_Static_assert": true, "static_assert": true,
	"asm": true, "__asm__": true, "__asm": true,
}

// gccWords mark GCC extensions that change or hide layout.
var gccWords = map[string]bool{
	"__attribute__": true, "__attribute": true, "__declspec": true,
	"__asm__": true, "__asm": true, "asm": true, "__typeof__": true, "typeof": true,
}

// readCHeader reads a preprocessed C header into a File of definitions
// (all marked imported).
func readCHeader(path string, res *cpp.Result, errs *diag.List) *File {
	f := &File{Pos: diag.Pos{Filename: path, Line: 1, Column: 1}, Path: path, Lang: LangC, Imported: true}
	f.Defs = readCDecls(res.Tokens, errs)
	f.Defs = append(f.Defs, macroConsts(res)...)
	return f
}

// readCDecls reads the declarations in a run of C tokens.
func readCDecls(toks []cpp.Token, errs *diag.List) []*Definition {
	var defs []*Definition
	for _, d := range splitCDecls(toks, errs) {
		defs = append(defs, readCDecl(d, errs)...)
	}
	return defs
}

func isPunctTok(t cpp.Token, s string) bool { return t.Kind == cpp.Punct && t.Text == s }

// splitCDecls splits tokens into top-level declarations. It drops the
// braces of extern "C" { ... } blocks.
func splitCDecls(toks []cpp.Token, errs *diag.List) [][]cpp.Token {
	var out [][]cpp.Token
	var cur []cpp.Token
	var open []string // the brackets open in cur, innermost last
	externC := 0
	fnBody := false // the current declaration is a function definition
	for _, t := range toks {
		if t.Kind == cpp.EOF {
			break
		}
		if len(open) == 0 && isPunctTok(t, "{") {
			if len(cur) == 2 && cur[0].Kind == cpp.Ident && cur[0].Text == "extern" && cur[1].Kind == cpp.String {
				externC++
				cur = nil
				continue
			}
			fnBody = hasTopParen(cur) && !startsWithTypeKeyword(cur)
		}
		if len(open) == 0 && isPunctTok(t, "}") && externC > 0 && len(cur) == 0 {
			externC--
			continue
		}
		cur = append(cur, t)
		if t.Kind == cpp.Punct {
			switch t.Text {
			case "(", "[", "{":
				open = append(open, t.Text)
			case ")", "]", "}":
				// Close the matching bracket and any left open inside it
				// (a broken declaration must not swallow the rest).
				for i := len(open) - 1; i >= 0; i-- {
					if open[i] == closerOf[t.Text] {
						open = open[:i]
						break
					}
				}
			}
		}
		if len(open) == 0 && (isPunctTok(t, ";") || fnBody && isPunctTok(t, "}")) {
			out = append(out, cur)
			cur, fnBody = nil, false
		}
	}
	if len(cur) > 0 {
		errs.Warnf(cur[0].Pos, "skipping incomplete declaration at the end of imported header")
	}
	return out
}

// closerOf maps a closing bracket to its opening one.
var closerOf = map[string]string{")": "(", "]": "[", "}": "{"}

// hasTopParen reports whether toks contain "(" outside any brackets.
func hasTopParen(toks []cpp.Token) bool {
	depth := 0
	for _, t := range toks {
		if t.Kind != cpp.Punct {
			continue
		}
		switch t.Text {
		case "(":
			if depth == 0 {
				return true
			}
			depth++
		case "[", "{":
			depth++
		case ")", "]", "}":
			if depth > 0 {
				depth--
			}
		}
	}
	return false
}

func startsWithTypeKeyword(toks []cpp.Token) bool {
	for _, t := range toks {
		if t.Kind == cpp.Ident && (t.Text == "typedef" || cQualifiers[t.Text]) {
			continue
		}
		return t.Kind == cpp.Ident && (t.Text == "struct" || t.Text == "union" || t.Text == "enum")
	}
	return false
}

// readCDecl reads one top-level declaration.
func readCDecl(toks []cpp.Token, errs *diag.List) []*Definition {
	kept := toks[:0:0]
	for _, t := range toks {
		if t.Kind == cpp.Ident && cQualifiers[t.Text] {
			continue
		}
		kept = append(kept, t)
	}
	toks = kept
	if len(toks) == 0 || len(toks) == 1 && isPunctTok(toks[0], ";") {
		return nil
	}
	first := toks[0]
	if first.Kind == cpp.Ident && cSkipFirst[first.Text] {
		return nil
	}
	typedef := first.Kind == cpp.Ident && first.Text == "typedef"
	gcc := findGCC(toks)
	if !typedef {
		if !startsWithTypeKeyword(toks) || !hasBody(toks) {
			// Function prototypes and definitions, variables, forward
			// declarations: nothing an IDL file can use.
			return nil
		}
		what := describeCType(toks)
		if gcc != nil {
			errs.Warnf(gcc.Pos, "skipping %s in imported header (%s not supported)", what, gcc.Text)
			return nil
		}
		d, ok := parseCDecl(toks, what, errs)
		if !ok {
			return nil
		}
		return cTypeDecl(d, what, errs)
	}

	name := typedefName(toks)
	if kind, ok := wellKnownCTypes[name]; ok {
		return []*Definition{wellKnownTypedef(toks, name, kind)}
	}
	what := fmt.Sprintf("typedef %q", name)
	switch {
	case gcc != nil:
		errs.Warnf(gcc.Pos, "skipping %s in imported header (%s not supported)", what, gcc.Text)
		return nil
	case hasTopParen(toks):
		errs.Warnf(first.Pos, "skipping function type %s in imported header (not supported)", what)
		return nil
	}
	d, ok := parseCDecl(toks, what, errs)
	if !ok {
		return nil
	}
	if len(d.Declarators) == 0 {
		errs.Warnf(first.Pos, "skipping typedef without a name in imported header")
		return nil
	}
	if d.Type.Union != nil {
		errs.Warnf(first.Pos, "skipping union %s in imported header (not supported)", what)
		return nil
	}
	if why := unusableCType(d.Type); why != "" {
		errs.Warnf(first.Pos, "skipping %s in imported header (%s not supported)", what, why)
		return nil
	}
	td := &Typedef{Pos: d.Pos, Type: d.Type, Declarators: d.Declarators}
	return []*Definition{{Pos: d.Pos, Decl: td, Imported: true}}
}

// findGCC returns the first GCC extension keyword in toks, or nil.
func findGCC(toks []cpp.Token) *cpp.Token {
	for i := range toks {
		if toks[i].Kind == cpp.Ident && gccWords[toks[i].Text] {
			return &toks[i]
		}
	}
	return nil
}

// hasBody reports whether a struct/union/enum declaration has a "{" body.
func hasBody(toks []cpp.Token) bool {
	for _, t := range toks {
		if isPunctTok(t, "{") {
			return true
		}
		if isPunctTok(t, "(") || isPunctTok(t, ";") {
			return false
		}
	}
	return false
}

// describeCType names a struct/union/enum definition for a message:
// struct "tag", or anonymous struct.
func describeCType(toks []cpp.Token) string {
	for i, t := range toks {
		if t.Kind == cpp.Ident && (t.Text == "struct" || t.Text == "union" || t.Text == "enum") {
			if i+1 < len(toks) && toks[i+1].Kind == cpp.Ident {
				return fmt.Sprintf("%s %q", t.Text, toks[i+1].Text)
			}
			return "anonymous " + t.Text
		}
	}
	return "declaration"
}

// typedefName guesses the name a typedef declares, for messages and the
// well-known-type check: the name in "(*name)" for a function pointer,
// else the last name outside brackets.
func typedefName(toks []cpp.Token) string {
	for i := 0; i+2 < len(toks); i++ {
		if isPunctTok(toks[i], "(") && isPunctTok(toks[i+1], "*") && toks[i+2].Kind == cpp.Ident {
			return toks[i+2].Text
		}
	}
	name := ""
	var open []string
	for _, t := range toks {
		switch {
		case t.Kind == cpp.Punct && (t.Text == "(" || t.Text == "[" || t.Text == "{"):
			open = append(open, t.Text)
		case t.Kind == cpp.Punct && (t.Text == ")" || t.Text == "]" || t.Text == "}"):
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == closerOf[t.Text] {
					open = open[:i]
					break
				}
			}
		case len(open) == 0 && t.Kind == cpp.Ident && !gccWords[t.Text]:
			name = t.Text
		}
	}
	return name
}

// wellKnownTypedef makes "typedef <kind> name;" for a well-known L4 type.
func wellKnownTypedef(toks []cpp.Token, name string, kind BaseKind) *Definition {
	pos := toks[0].Pos
	namePos := pos
	for _, t := range toks {
		if t.Kind == cpp.Ident && t.Text == name {
			namePos = t.Pos
		}
	}
	td := &Typedef{
		Pos:         pos,
		Type:        &TypeSpec{Pos: pos, Base: &BaseType{Pos: pos, Words: []string{kind.String()}, Kind: kind}},
		Declarators: []*Declarator{{Pos: namePos, Name: name, NamePos: namePos}},
	}
	return &Definition{Pos: pos, Decl: td, Imported: true}
}

// parseCDecl parses one declaration with the cDecl grammar. It warns and
// returns false when the declaration cannot be read.
func parseCDecl(toks []cpp.Token, what string, errs *diag.List) (*cDecl, bool) {
	var local diag.List
	d, err := parseAll[cDecl](convertTokens(toks), &local)
	if err != nil || d == nil || d.Type == nil {
		why := "cannot read it"
		if err != nil {
			var tmp diag.List
			reportSyntaxError(err, &tmp)
			if len(tmp.Diags) > 0 {
				why += ": " + tmp.Diags[0].Msg + " at " + diag.FormatPos(tmp.Diags[0].Pos)
			}
		}
		errs.Warnf(toks[0].Pos, "skipping %s in imported header (%s)", what, why)
		return nil, false
	}
	normalizeNode(d.Type, &local)
	for _, x := range d.Declarators {
		normalizeNode(x, &local)
	}
	if local.HasErrors() {
		errs.Warnf(toks[0].Pos, "skipping %s in imported header (%s)", what, local.Diags[0].Msg)
		return nil, false
	}
	return d, true
}

// cTypeDecl turns a struct or enum definition into a TypeDecl.
func cTypeDecl(d *cDecl, what string, errs *diag.List) []*Definition {
	t := d.Type
	switch {
	case t.Union != nil:
		errs.Warnf(d.Pos, "skipping %s in imported header (unions not supported)", what)
		return nil
	case t.Struct != nil && t.Struct.Tag == "":
		return nil // "struct { ... } var;": declares only a variable
	case t.Struct != nil, t.Enum != nil:
	default:
		return nil
	}
	if why := unusableCType(t); why != "" {
		errs.Warnf(d.Pos, "skipping %s in imported header (%s not supported)", what, why)
		return nil
	}
	td := &TypeDecl{Pos: d.Pos, Struct: t.Struct, Enum: t.Enum}
	return []*Definition{{Pos: d.Pos, Decl: td, Imported: true}}
}

// unusableCType returns why a C type cannot be used ("bit-fields",
// "union members"), or "".
func unusableCType(t *TypeSpec) string {
	why := ""
	Inspect(t, func(n Node) bool {
		if why != "" {
			return false
		}
		switch n := n.(type) {
		case *Declarator:
			if n.Bits != nil {
				why = "bit-fields"
			}
		case *TypeSpec:
			if n != t && n.Union != nil {
				why = "union members"
			}
		}
		return why == ""
	})
	return why
}

// macroConsts turns the object-like macros defined by a header (and the
// headers it includes) whose value is an integer constant expression into
// untyped constants (Const with a nil Type), in file and line order. The
// preprocessor evaluates them with the header's final macro table, as a C
// compiler would where the macro is used; macros that are not integer
// constants (types, strings, casts, include guards) are left out.
func macroConsts(res *cpp.Result) []*Definition {
	var ms []*cpp.Macro
	for _, m := range res.Macros {
		if _, inFile := res.Files[m.Pos.Filename]; inFile && !m.FuncLike && len(m.Body) > 0 {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i].Pos, ms[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return ms[i].Name < ms[j].Name
	})
	var defs []*Definition
	for _, m := range ms {
		v, ok := res.EvalMacro(m.Name)
		if !ok {
			continue
		}
		c := &Const{Pos: m.Pos, Name: m.Name, NamePos: m.Pos, Value: intExpr(m, v)}
		defs = append(defs, &Definition{Pos: m.Pos, Decl: c, Imported: true})
	}
	return defs
}

// intExpr makes a literal for a macro value the preprocessor computed:
// a BasicLit, negated by a UnaryExpr for negative signed values.
func intExpr(m *cpp.Macro, val cpp.Value) Expr {
	pos := m.Pos
	if len(m.Body) > 0 {
		pos = m.Body[0].Pos
	}
	v := val.Int
	if val.Unsigned {
		u := uint64(v)
		return &BasicLit{Pos: pos, Kind: IntLit, Raw: strconv.FormatUint(u, 10), Int: u, Unsigned: true}
	}
	if v < 0 {
		u := uint64(-v) // also right for math.MinInt64
		lit := &BasicLit{Pos: pos, Kind: IntLit, Raw: strconv.FormatUint(u, 10), Int: u}
		return &UnaryExpr{Pos: pos, Op: "-", X: lit}
	}
	return &BasicLit{Pos: pos, Kind: IntLit, Raw: strconv.FormatInt(v, 10), Int: uint64(v)}
}
