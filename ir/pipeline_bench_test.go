package ir_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// bigIDL generates an IDL file of ifaces interfaces with ops operations
// each, mixing the parameter shapes real interfaces use (scalars, structs,
// bounded sequences, strings, fpages, exceptions, attributes).
func bigIDL(ifaces, ops int) string {
	var b strings.Builder
	b.WriteString("module bench {\n")
	b.WriteString("  exception failed { long code; };\n")
	b.WriteString("  struct rect_t { long x; long y; unsigned short w; unsigned short h; };\n")
	b.WriteString("  typedef sequence<octet, 512> block_t;\n")
	for i := 0; i < ifaces; i++ {
		fmt.Fprintf(&b, "  [uuid(%d)] interface if%d {\n", i+1, i)
		fmt.Fprintf(&b, "    const long limit%d = %d * 4 + 1;\n", i, i)
		for j := 0; j < ops; j++ {
			switch j % 6 {
			case 0:
				fmt.Fprintf(&b, "    long op%d(in long a, in long b, out long c);\n", j)
			case 1:
				fmt.Fprintf(&b, "    void op%d(in rect_t r, inout short s, in boolean f) raises(failed);\n", j)
			case 2:
				fmt.Fprintf(&b, "    void op%d(in block_t data, out unsigned long written);\n", j)
			case 3:
				fmt.Fprintf(&b, "    void op%d(in string<64> name, out fpage page);\n", j)
			case 4:
				fmt.Fprintf(&b, "    oneway void op%d(in octet a, in octet b, in unsigned short c);\n", j)
			case 5:
				fmt.Fprintf(&b, "    unsigned long long op%d(in double d, in char c, in threadid t);\n", j)
			}
		}
		b.WriteString("  };\n")
	}
	b.WriteString("};\n")
	return b.String()
}

// BenchmarkPipeline measures preprocess+parse+check+lower for ia32 on a
// 200-interface × 20-operation file (about 4,600 lines).
func BenchmarkPipeline(b *testing.B) {
	src := []byte(bigIDL(200, 20))
	abi, err := ir.LookupABI("ia32")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var errs diag.List
		parsed := parser.ParseSource("bench.idl", src, &parser.Options{}, &errs)
		prog := ir.Check(parsed, &errs)
		ir.Lower(prog, abi, &errs)
		if errs.HasErrors() {
			var sb strings.Builder
			errs.Print(&sb, parsed)
			b.Fatalf("benchmark input has errors:\n%s", sb.String())
		}
	}
}

// TestBenchInputIsValid keeps the benchmark's generated input honest: it
// must be about 4,600 lines and compile without diagnostics.
func TestBenchInputIsValid(t *testing.T) {
	src := bigIDL(200, 20)
	if n := strings.Count(src, "\n"); n < 4400 || n > 4800 {
		t.Errorf("generated benchmark file has %d lines, want about 4,600", n)
	}
	var errs diag.List
	parsed := parser.ParseSource("bench.idl", []byte(src), &parser.Options{}, &errs)
	prog := ir.Check(parsed, &errs)
	abi, _ := ir.LookupABI("ia32")
	l := ir.Lower(prog, abi, &errs)
	if len(errs.Diags) > 0 {
		var sb strings.Builder
		errs.Print(&sb, parsed)
		t.Fatalf("diagnostics:\n%s", sb.String())
	}
	if got := len(l.Interfaces); got != 200 {
		t.Fatalf("lowered %d interfaces, want 200", got)
	}
	for _, il := range l.Interfaces {
		if len(il.Ops) != 20 {
			t.Fatalf("interface %s has %d operations, want 20", il.Iface.ScopedName(), len(il.Ops))
		}
	}
}
