package cgen

import "testing"

func TestPrinter(t *testing.T) {
	f := New()
	f.Comment("one line")
	f.P("int f(void)")
	f.Block("", "", func() {
		f.Block("switch (x)", "", func() {
			f.Case("case 1:", "case 2:")
			f.P("return ", 1, ";")
			f.CaseBlock("default:", func() { f.P("break;") })
		})
		f.Label("out")
		f.P("return 0;")
	})
	f.Blank()
	f.Blank()
	f.Comment("a", "", "b */ c")
	want := `/* one line */
int f(void)
{
    switch (x) {
    case 1: case 2:
        return 1;
    default: {
        break;
    }
    }
out:
    return 0;
}

/*
 * a
 *
 * b * / c
 */
`
	if got := f.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestQuoteHexGuard(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Quote("a\"b\\c\n\x01?"), `"a\"b\\c\n\001\077"`},
		{Hex(0x40, 32), "0x40U"},
		{Hex(0x1FFFFFFFF, 32), "0x1FFFFFFFFULL"},
		{GuardName("a-b.h"), "A_B_H"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}
