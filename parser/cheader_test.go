package parser

import (
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

const testHeader = `#ifndef HDR_H
#define HDR_H
#include "more.h"
#define SIZE (4 << 10)
#define NEG -5
#define ALL 0xFFFFFFFFFFFFFFFFu
#define SUM (SIZE + MORE)
#define STR "text"
#define TYPE unsigned long
#define FN(x) (x)
#define CAST ((long) 1)
typedef unsigned long L4_Word_t;
typedef union { L4_Word_t raw; struct { L4_Word_t a : 6; } x; } L4_ThreadId_t;
typedef struct { L4_Word_t raw; } L4_Fpage_t;
typedef unsigned long hdr_t;
typedef long slong_t, *pslong_t;
typedef int int_t;
typedef char char_t;
typedef unsigned char uchar_t;
typedef long long ll_t;
typedef const char *cstr_t;
typedef struct point { int x, y; } point_t;
typedef struct { unsigned short v[4]; struct point p; } pair_t;
struct tagonly { volatile long a; };
enum color { RED, GREEN = 5, BLUE };
typedef enum { ON = 1, OFF = 0 } onoff_t;
typedef hdr_t alias_t;
typedef word word_t;
typedef union { int a; char b; } u_t;
typedef struct { unsigned a : 3; } bits_t;
typedef struct { union { int a; } u; } withunion_t;
typedef void (*handler_t)(int);
typedef struct { int a; } __attribute__((packed)) packed_t;
union uvar { int a; } v;
extern int errno_value;
int func(int a, char *b);
static inline int inl(void) { return 1; }
int defined_here(void) { return 0; }
struct fwd;
extern "C" {
typedef int in_extern_c;
}
typedef int ;
typedef struct { int a b; } bad_t;
typedef struct { int a[; } broken_t;
typedef int after_t;
#endif
`

// TestCHeader reads a header with every construct the reader keeps,
// skips silently or skips with a warning.
func TestCHeader(t *testing.T) {
	files := map[string]string{
		"main.idl": `import "hdr.h";`,
		"hdr.h":    testHeader,
		"more.h":   "#define MORE 3\n",
	}
	var errs diag.List
	p := ParseFile("main.idl", memOptions(files), &errs)
	want := strings.Join([]string{
		`hdr.h:29:1: warning: skipping union typedef "u_t" in imported header (not supported)`,
		`hdr.h:30:1: warning: skipping typedef "bits_t" in imported header (bit-fields not supported)`,
		`hdr.h:31:1: warning: skipping typedef "withunion_t" in imported header (union members not supported)`,
		`hdr.h:32:1: warning: skipping function type typedef "handler_t" in imported header (not supported)`,
		`hdr.h:33:27: warning: skipping typedef "packed_t" in imported header (__attribute__ not supported)`,
		`hdr.h:34:1: warning: skipping union "uvar" in imported header (unions not supported)`,
		`hdr.h:43:1: warning: skipping typedef without a name in imported header`,
		`hdr.h:44:1: warning: skipping typedef "bad_t" in imported header (cannot read it: syntax error: unexpected "b", expected ";" at hdr.h:44:24)`,
		`hdr.h:45:1: warning: skipping typedef "broken_t" in imported header (cannot read it: syntax error: unexpected ";", expected expression at hdr.h:45:24)`,
		"",
	}, "\n")
	if got := diagText(&errs); got != want {
		t.Errorf("diagnostics:\n%swant:\n%s", got, want)
	}
	if len(p.Files) != 2 || p.Files[1].Lang != LangC || !p.Files[1].Imported {
		t.Fatalf("files: %v", p.Files)
	}
	wantDefs := []string{
		"imported typedef word L4_Word_t;",
		"imported typedef threadid L4_ThreadId_t;",
		"imported typedef fpage L4_Fpage_t;",
		"imported typedef C unsigned long hdr_t;",
		"imported typedef C long slong_t, *pslong_t;",
		"imported typedef long int_t;",
		"imported typedef char char_t;",
		"imported typedef unsigned char uchar_t;",
		"imported typedef long long ll_t;",
		"imported typedef char *cstr_t;",
		"imported typedef struct point { long x, y; } point_t;",
		"imported typedef struct { unsigned short v[4]; struct point p; } pair_t;",
		"imported struct tagonly { C long a; };",
		"imported enum color { RED, GREEN = 5, BLUE };",
		"imported typedef enum { ON = 1, OFF = 0 } onoff_t;",
		"imported typedef hdr_t alias_t;",
		"imported typedef word word_t;",
		"imported typedef long in_extern_c;",
		"imported typedef long after_t;",
		"imported const untyped SIZE = 4096;",
		"imported const untyped NEG = -5;",
		"imported const untyped ALL = 18446744073709551615u;",
		"imported const untyped SUM = 4099;",
		"imported const untyped MORE = 3;",
	}
	hdr := p.Files[1]
	var got []string
	for _, d := range hdr.Defs {
		got = append(got, format(d))
	}
	if strings.Join(got, "\n") != strings.Join(wantDefs, "\n") {
		t.Errorf("definitions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDefs, "\n"))
	}
	// word in C is an ordinary name, not the IDL4 built-in.
	for _, d := range hdr.Defs {
		if td, ok := d.Decl.(*Typedef); ok && td.Declarators[0].Name == "word_t" && td.Type.Named == nil {
			t.Errorf("word_t: C word read as a built-in: %+v", td.Type)
		}
	}
	// Positions point into the header.
	c := hdr.Defs[len(hdr.Defs)-2].Decl.(*Const)
	if c.Pos.Filename != "hdr.h" || c.Pos.Line != 7 || c.Pos.Column != 9 {
		t.Errorf("SUM at %v", c.Pos)
	}
}

func TestSplitCDecls(t *testing.T) {
	var errs diag.List
	toks := lexC(t, `int f(void) { if (x) { y; } return 0; } struct s { int a; }; extern "C" { int g; } typedef int t; int h(`)
	var got []string
	for _, d := range splitCDecls(toks, &errs) {
		var words []string
		for _, tk := range d {
			words = append(words, tk.Text)
		}
		got = append(got, strings.Join(words, " "))
	}
	want := []string{
		"int f ( void ) { if ( x ) { y ; } return 0 ; }",
		"struct s { int a ; } ;",
		"int g ;",
		"typedef int t ;",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("split:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := diagText(&errs), "h.h:1:99: warning: skipping incomplete declaration at the end of imported header\n"; got != want {
		t.Errorf("diagnostics: %swant %s", got, want)
	}
}

// lexC lexes C text as the header "h.h".
func lexC(t *testing.T, src string) []cpp.Token {
	t.Helper()
	var errs diag.List
	toks := cpp.Lex("h.h", []byte(src), &errs)
	if errs.HasErrors() {
		t.Fatal(diagText(&errs))
	}
	return toks
}
