package test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// TestIDLImport imports every header into an IDL file and checks it with
// l4idl's own front end, for every ABI, with no diagnostic at all: an IDL
// author may import any of them.  The headers give the IDL front end (which
// defines __L4IDL__) plain word types and nothing it cannot read.
func TestIDLImport(t *testing.T) {
	inc, err := filepath.Abs(includeDir)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, h := range headers(t) {
		fmt.Fprintf(&src, "import %q;\n", h)
	}
	src.WriteString("interface uses_l4_types {\n" +
		"  void f(in L4_ThreadId_t t, in L4_Fpage_t f, in L4_Word_t w, in L4_Time_t tm,\n" +
		"         in L4_MsgTag_t tag, in L4_Clock_t c, in L4_MapItem_t m, in L4_Acceptor_t a);\n" +
		"};\n")
	path := filepath.Join(t.TempDir(), "all_headers.idl")
	if err := os.WriteFile(path, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	names := ir.ABINames()
	sort.Strings(names)
	for _, name := range names {
		abi, err := ir.LookupABI(name)
		if err != nil {
			t.Fatal(err)
		}
		opts := &parser.Options{}
		opts.CPP.IncludeDirs = []string{inc}
		for k, v := range abi.Macros {
			opts.CPP.Define(k + "=" + v)
		}
		var errs diag.List
		_, parsed := ir.Load(path, opts, &errs)
		if errs.ErrorCount() != 0 || errs.WarningCount() != 0 {
			var out bytes.Buffer
			errs.Print(&out, parsed)
			t.Errorf("--abi %s: %d errors, %d warnings:\n%s", name, errs.ErrorCount(), errs.WarningCount(), out.String())
		}
	}
}
