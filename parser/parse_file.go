package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// fileParser reads the definition level of an IDL file by hand (see
// parse_src.go for why).
type fileParser struct {
	src  *cursor
	errs *diag.List
	file *File
	// inserted holds the positions of the tokens before which a missing
	// ";" was inserted (see recover.go).
	inserted []lexer.Position
}

// parseFile reads
//
//	File = { Definition | ";" } EOF .
//
// Syntax errors are reported and recovered from (see recoverFrom), so
// the whole file is always read.
func (p *fileParser) parseFile(f *File) {
	p.file = f
	f.Defs = p.parseDefs(false)
}

// parseDefs reads definitions up to the end of the file or, in a body,
// up to its closing brace (which it leaves for the caller). A definition
// with a syntax error is reported and left out.
func (p *fileParser) parseDefs(inBody bool) []*Definition {
	var defs []*Definition
	for {
		t := p.src.Peek()
		switch {
		case t.EOF():
			return defs
		case inBody && isPunct(t, "}"):
			return defs
		case isPunct(t, ";"):
			p.src.Next()
			continue
		case isCHeaderName(t.Pos.Filename):
			if cdefs, ok := p.readCRun(); ok {
				defs = append(defs, cdefs...)
				continue
			}
		}
		start := p.src.i
		d, err := p.parseDefinition()
		if err != nil {
			p.recoverFrom(start, err, inBody)
			continue
		}
		defs = append(defs, d)
	}
}

// readCRun reads text that the preprocessor copied in from a C header
// (#include <l4/types.h> in an IDL file): that is C, not IDL, so the C
// header reader takes the run of tokens from header files, provided it
// ends where a declaration ends. Its definitions are marked imported.
func (p *fileParser) readCRun() ([]*Definition, bool) {
	c := p.src
	j := c.i
	for j < len(c.toks) && c.toks[j].Kind != cpp.EOF && isCHeaderName(c.toks[j].Pos.Filename) {
		j++
	}
	if j == c.i || !endsDecl(c.toks[j-1]) {
		return nil, false
	}
	defs := readCDecls(c.toks[c.i:j], p.errs)
	c.i = j
	return defs, true
}

func endsDecl(t cpp.Token) bool {
	return t.Kind == cpp.Punct && (t.Text == ";" || t.Text == "}")
}

// parseDefinition reads
//
//	Definition = { AttrList } Decl .
//	Decl = Import | Module | Library | Interface | Const | Typedef | Native
//	     | Exception | AttributeDecl | TypeDecl | Operation .
//
// The first word of the declaration picks the production; anything else
// that can start a type is an operation. On a syntax error it returns
// the error and no definition.
func (p *fileParser) parseDefinition() (*Definition, error) {
	src := p.src
	start := src.Peek()
	attrs, err := parseAttrLists(src)
	if err != nil {
		return nil, err
	}
	d := &Definition{Pos: start.Pos, Attrs: attrs}
	var decl Decl
	tok := src.Peek()
	switch {
	case isWord(tok, "import"):
		decl, err = asDecl(parseImport(src))
	case isWord(tok, "module"):
		decl, err = asDecl(p.parseModule())
	case isWord(tok, "library"):
		decl, err = asDecl(p.parseLibrary())
	case isWord(tok, "interface"):
		decl, err = asDecl(p.parseInterface())
	case isWord(tok, "const"):
		decl, err = asDecl(parseConst(src))
	case isWord(tok, "typedef"):
		decl, err = declVia[Typedef](src)
	case isWord(tok, "native"):
		decl, err = asDecl(parseNative(src))
	case isWord(tok, "exception"):
		decl, err = asDecl(parseException(src))
	case isWord(tok, "attribute"), isWord(tok, "readonly"):
		decl, err = declVia[AttributeDecl](src)
	case (isWord(tok, "struct") || isWord(tok, "union") || isWord(tok, "enum")) && isTypeDecl(src):
		decl, err = asDecl(parseTypeDecl(src))
	case startsType(tok) || isWord(tok, "oneway"):
		decl, err = asDecl(parseOperation(src))
	default:
		return nil, unexpected(tok, "declaration")
	}
	if err != nil || isNilNode(decl) {
		if err == nil || err == participle.NextMatch {
			err = unexpected(tok, "declaration")
		}
		return nil, err
	}
	d.Decl = decl
	d.EndPos = src.Peek().Pos
	return d, nil
}

// asDecl turns the result of a declaration parser into a Decl (nil on
// an error, never a typed nil).
func asDecl[T Decl](x T, err error) (Decl, error) {
	if err != nil {
		return nil, err
	}
	return x, nil
}

// isTypeDecl reports whether "struct/union/enum [tag]" is followed by a
// body, a discriminator or a semicolon: a type declaration, not an
// operation returning the type ("struct tag *f(...);").
func isTypeDecl(src tokSrc) bool {
	n := 1
	if t := src.PeekAt(1); t.Type == tIdent && t.Value != "switch" {
		n = 2
	}
	t := src.PeekAt(n)
	return isPunct(t, "{") || isPunct(t, ";") || isWord(t, "switch")
}

// declVia parses declaration T with participle.
func declVia[T any, PT interface {
	*T
	Decl
}](src tokSrc) (Decl, error) {
	v, err := viaParticiple[T](src)
	if v == nil {
		return nil, err
	}
	return PT(v), err
}

// parseImport reads
//
//	Import = "import" ImportPath { "," ImportPath } [ ";" ] .
func parseImport(src tokSrc) (*Import, error) {
	imp := &Import{Pos: src.Next().Pos}
	for {
		t := src.Peek()
		var raw string
		switch {
		case t.Type == tString || t.Type == tHeader:
			raw = src.Next().Value
		case isPunct(t, "<"):
			// The lexer makes <x> one token only right after "import";
			// after a comma it arrives in pieces.
			var ok bool
			if raw, ok = headerFromPieces(src); !ok {
				return imp, unexpected(t, "file name")
			}
		default:
			return imp, unexpected(t, "file name")
		}
		imp.Paths = append(imp.Paths, &ImportPath{Pos: t.Pos, Raw: raw})
		if !isPunct(src.Peek(), ",") {
			break
		}
		src.Next()
	}
	if isPunct(src.Peek(), ";") {
		src.Next()
	}
	return imp, nil
}

// headerFromPieces reads a header name <a/b.h> that was lexed as
// separate tokens, written without spaces on one line, and returns it
// with its brackets.
func headerFromPieces(src tokSrc) (string, bool) {
	open := src.Peek()
	toks := []lexer.Token{open}
	for n := 1; ; n++ {
		t := src.PeekAt(n)
		prev := toks[len(toks)-1]
		if t.EOF() || t.Pos.Filename != open.Pos.Filename || t.Pos.Offset != prev.Pos.Offset+len(prev.Value) {
			return "", false
		}
		toks = append(toks, t)
		if isPunct(t, ">") {
			if n == 1 {
				return "", false
			}
			for i := 0; i <= n; i++ {
				src.Next()
			}
			return joinTokens(toks), true
		}
	}
}

// parseBody reads "{" { Definition | ";" } "}" [ ";" ]. Syntax errors
// inside are recovered from; a body that the end of the file leaves open
// is reported (with a note at its "{") and kept as far as it goes.
func (p *fileParser) parseBody() ([]*Definition, error) {
	open := p.src.Peek()
	if err := expectPunct(p.src, "{"); err != nil {
		return nil, err
	}
	defs := p.parseDefs(true)
	if t := p.src.Peek(); !isPunct(t, "}") {
		// parseDefs stops only at "}" and at the end of the file.
		reportSyntaxError(unclosed(t, open), p.errs)
		return defs, nil
	}
	p.src.Next()
	if isPunct(p.src.Peek(), ";") {
		p.src.Next()
	}
	return defs, nil
}

// parseModule reads Module (see Module).
func (p *fileParser) parseModule() (*Module, error) {
	m := &Module{Pos: p.src.Next().Pos}
	name, err := expectName(p.src)
	if err != nil {
		return nil, err
	}
	m.Name, m.NamePos = name.Value, name.Pos
	if m.Defs, err = p.parseBody(); err != nil {
		return nil, err
	}
	m.EndPos = p.src.Peek().Pos
	return m, nil
}

// parseLibrary reads Library (see Library).
func (p *fileParser) parseLibrary() (*Library, error) {
	l := &Library{Pos: p.src.Next().Pos}
	name, err := expectName(p.src)
	if err != nil {
		return nil, err
	}
	l.Name, l.NamePos = name.Value, name.Pos
	if l.Defs, err = p.parseBody(); err != nil {
		return nil, err
	}
	l.EndPos = p.src.Peek().Pos
	return l, nil
}

// parseInterface reads Interface (see Interface).
func (p *fileParser) parseInterface() (*Interface, error) {
	src := p.src
	it := &Interface{Pos: src.Next().Pos}
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	it.Name, it.NamePos = name.Value, name.Pos
	if isPunct(src.Peek(), ":") {
		src.Next()
		if it.Bases, err = parseNameList(src); err != nil {
			return nil, err
		}
	}
	if isPunct(src.Peek(), ";") {
		src.Next()
		it.Forward = true
		it.EndPos = src.Peek().Pos
		return it, nil
	}
	if t := src.Peek(); !isPunct(t, "{") {
		expect := `"{"`
		if len(it.Bases) == 0 {
			expect = `":", "{" or ";"`
		}
		return nil, unexpected(t, expect)
	}
	if it.Defs, err = p.parseBody(); err != nil {
		return nil, err
	}
	it.EndPos = src.Peek().Pos
	return it, nil
}

// parseNameList reads ScopedName { "," ScopedName }.
func parseNameList(src tokSrc) ([]*ScopedName, error) {
	var names []*ScopedName
	for {
		n, err := parseScopedName(src)
		if err != nil {
			return nil, err
		}
		names = append(names, n)
		if !isPunct(src.Peek(), ",") {
			return names, nil
		}
		src.Next()
	}
}

// parseOperation reads Operation (see Operation).
func parseOperation(src tokSrc) (*Operation, error) {
	op := &Operation{Pos: src.Peek().Pos}
	if isWord(src.Peek(), "oneway") {
		src.Next()
		op.Oneway = true
	}
	t, err := parseTypeSpec(src)
	if err != nil {
		if err == participle.NextMatch {
			err = unexpected(src.Peek(), "type")
		}
		return nil, err
	}
	op.Result = t
	for isPunct(src.Peek(), "*") {
		src.Next()
		op.ResultPointers++
	}
	name, err := expectName(src)
	if err != nil {
		return nil, err
	}
	op.Name, op.NamePos = name.Value, name.Pos
	if err := expectPunct(src, "("); err != nil {
		return nil, err
	}
	for !isPunct(src.Peek(), ")") {
		param, err := parseParam(src)
		if err != nil {
			if err == participle.NextMatch {
				want := `")"`
				if len(op.Params) > 0 { // after a comma
					want = "parameter"
				}
				err = unexpected(src.Peek(), want)
			}
			return nil, err
		}
		op.Params = append(op.Params, param)
		if !isPunct(src.Peek(), ",") {
			break
		}
		src.Next()
		if isPunct(src.Peek(), ")") {
			return nil, unexpected(src.Peek(), "parameter")
		}
	}
	if err := expectPunct(src, ")"); err != nil {
		return nil, err
	}
	if isWord(src.Peek(), "raises") {
		src.Next()
		if err := expectPunct(src, "("); err != nil {
			return nil, err
		}
		if op.Raises, err = parseNameList(src); err != nil {
			return nil, err
		}
		if err := expectPunct(src, ")"); err != nil {
			return nil, err
		}
	}
	if isWord(src.Peek(), "context") {
		op.ContextPos = src.Next().Pos
		if err := expectPunct(src, "("); err != nil {
			return nil, err
		}
		for {
			s := src.Peek()
			if s.Type != tString {
				return nil, unexpected(s, "string")
			}
			op.Context = append(op.Context, src.Next().Value)
			if !isPunct(src.Peek(), ",") {
				break
			}
			src.Next()
		}
		if err := expectPunct(src, ")"); err != nil {
			return nil, err
		}
	}
	if err := expectPunct(src, ";"); err != nil {
		return nil, err
	}
	op.EndPos = src.Peek().Pos
	return op, nil
}
