package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// benchSource generates an IDL file of ifaces interfaces with ops
// operations each, mixing CORBA and DCE parameter styles, attributes,
// types and constants (about 23 lines per interface).
func benchSource(ifaces, ops int) []byte {
	var b strings.Builder
	b.WriteString("const long MAX = (1 << 8) - 1;\n")
	b.WriteString("typedef struct point { long x, y; unsigned short flags[4]; } point_t;\n")
	for i := 0; i < ifaces; i++ {
		fmt.Fprintf(&b, "[uuid(%d)]\ninterface bench%d {\n", i+1, i)
		for j := 0; j < ops; j++ {
			switch j % 4 {
			case 0:
				fmt.Fprintf(&b, "  [uuid(%d)] long op%d([in] unsigned long a, [out] point_t *p, [in, length_is(n)] char *buf, [in] int n);\n", j, j)
			case 1:
				fmt.Fprintf(&b, "  void op%d(in long a, inout sequence<short, 16> s, out string<MAX> name) raises (E%d);\n", j, i)
			case 2:
				fmt.Fprintf(&b, "  oneway void op%d(in fpage fp, in threadid t, in word w);\n", j)
			default:
				fmt.Fprintf(&b, "  [kernelmsg(idl4::pagefault)] void op%d([in] L4_Word_t addr, [in] L4_Word_t ip, [out] fpage *f);\n", j)
			}
		}
		fmt.Fprintf(&b, "  exception E%d { long code; };\n};\n", i)
	}
	return []byte(b.String())
}

// BenchmarkParse parses a generated file of 200 interfaces with 20
// operations each (about 4,600 lines), preprocessing included.
func BenchmarkParse(b *testing.B) {
	src := benchSource(200, 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	opts := &Options{CPP: cpp.Options{ReadFile: func(string) ([]byte, error) { return src, nil }}}
	for i := 0; i < b.N; i++ {
		var errs diag.List
		ParseSource("bench.idl", src, opts, &errs)
		if errs.HasErrors() {
			b.Fatal(errs.Diags[0])
		}
	}
}

// BenchmarkParseOnly measures the grammar alone, on tokens already
// preprocessed.
func BenchmarkParseOnly(b *testing.B) {
	src := benchSource(200, 20)
	var errs diag.List
	toks := cpp.Preprocess("bench.idl", src, nil, &errs).Tokens
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var errs diag.List
		parseIDL("bench.idl", toks, &errs, nil)
		if errs.HasErrors() {
			b.Fatal(errs.Diags[0])
		}
	}
}

func TestBenchSourceParses(t *testing.T) {
	src := benchSource(3, 8)
	if n := strings.Count(string(benchSource(200, 20)), "\n"); n < 4500 {
		t.Fatalf("benchmark source has %d lines, want about 4,600", n)
	}
	var errs diag.List
	p := ParseSource("bench.idl", src, nil, &errs)
	if errs.HasErrors() {
		t.Fatal(errs.Diags)
	}
	ops := 0
	Inspect(p.Main, func(n Node) bool {
		if _, ok := n.(*Operation); ok {
			ops++
		}
		return true
	})
	if ops != 24 {
		t.Fatalf("parsed %d operations, want 24", ops)
	}
}
