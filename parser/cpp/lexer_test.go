package cpp

import (
	"testing"

	"github.com/l4idl/l4idl/parser/diag"
)

// Token positions agree with their offsets, also after multi-byte
// characters, line splices, CR LF line ends and errors reported out of
// order (an unterminated comment is reported at its start after the
// lexer has looked at its end).
func TestLexPositions(t *testing.T) {
	srcs := []string{
		"a bb\\\ncc\r\n  dd /* é */ ee\n\"é\" ff",
		"x\n\ty é z\n/* \xff open",
		"#define A(x) \\\r\n x + \\\n y\nA(1)\n",
		"'\n\"\n`\n@ é b",
	}
	for _, src := range srcs {
		var errs diag.List
		toks := Lex("f", []byte(src), &errs)
		for _, tok := range toks {
			checkPos(t, []byte(src), tok.Pos)
		}
		for _, d := range errs.Diags {
			checkPos(t, []byte(src), d.Pos)
		}
		if toks[len(toks)-1].Kind != EOF {
			t.Errorf("%q: no EOF", src)
		}
	}
}

func TestPunctuators(t *testing.T) {
	src := "<<= >>= ... :: << >> <= >= == != && || ## -> ++ -- += -= *= /= %= &= |= ^= " +
		"{ } [ ] ( ) < > ; : , . = + - * / % ~ | ^ & ! ? # .."
	want := []string{"<<=", ">>=", "...", "::", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "##", "->", "++", "--",
		"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
		"{", "}", "[", "]", "(", ")", "<", ">", ";", ":", ",", ".", "=", "+", "-", "*", "/", "%", "~", "|", "^", "&", "!", "?", "#", ".", "."}
	var errs diag.List
	toks := Lex("f", []byte(src), &errs)
	if len(toks) != len(want)+1 || errs.ErrorCount() != 0 {
		t.Fatalf("got %d tokens, %v", len(toks), errs.Diags)
	}
	for i, w := range want {
		if toks[i].Text != w || toks[i].Kind != Punct {
			t.Errorf("token %d = %v %q, want %q", i, toks[i].Kind, toks[i].Text, w)
		}
	}
	if got := spelling(Lex("f", []byte("a<<=b->c...d"), nil)); got != "a <<= b -> c ... d" {
		t.Errorf("adjacent: %q", got)
	}
}
