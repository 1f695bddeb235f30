package parser

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// memFS serves files from a map, for tests that must not touch the disk.
func memFS(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := files[filepath.ToSlash(filepath.Clean(name))]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

func memOptions(files map[string]string, dirs ...string) *Options {
	return &Options{CPP: cpp.Options{IncludeDirs: dirs, ReadFile: memFS(files)}}
}

func TestImports(t *testing.T) {
	files := map[string]string{
		"proj/main.idl": `import "sub.idl";
import <lib/l.idl>, "hdr.h";
import "missing.h";
interface m : s { void f(in sub_t a, in hdr_t b); };
`,
		// sub.idl imports main.idl back: each file is still read once.
		"proj/sub.idl": `import "main.idl";
typedef long sub_t;
interface s { typedef short inner_t; };
`,
		"inc/lib/l.idl": `import <hdr.h>;
const long L = 1;
`,
		"inc/hdr.h": `typedef unsigned long hdr_t;
`,
	}
	var errs diag.List
	p := ParseFile("proj/main.idl", memOptions(files, "inc"), &errs)
	want := `proj/main.idl:3:8: error: cannot find import "missing.h" (searched: proj, inc)` + "\n"
	if got := diagText(&errs); got != want {
		t.Fatalf("diagnostics:\n%swant:\n%s", got, want)
	}
	var paths []string
	for _, f := range p.Files {
		paths = append(paths, filepath.ToSlash(f.Path)+":"+f.Lang.String()+":"+map[bool]string{true: "imported", false: "main"}[f.Imported])
	}
	if got, want := strings.Join(paths, " "), "proj/main.idl:IDL:main proj/sub.idl:IDL:imported inc/lib/l.idl:IDL:imported inc/hdr.h:C:imported"; got != want {
		t.Errorf("files:\n got %s\nwant %s", got, want)
	}
	if p.Main != p.Files[0] {
		t.Error("Main is not Files[0]")
	}
	imps := p.Main.Defs[1].Decl.(*Import)
	if imps.Paths[0].File != p.Files[2] || imps.Paths[1].File != p.Files[3] || p.Main.Defs[2].Decl.(*Import).Paths[0].File != nil {
		t.Error("import paths are not linked to their files")
	}
	if p.Files[2].Defs[0].Decl.(*Import).Paths[0].File != p.Files[3] {
		t.Error("the header imported twice is not shared")
	}
	if p.Files[1].Defs[0].Decl.(*Import).Paths[0].File != p.Main {
		t.Error("the import cycle does not lead back to the main file")
	}
	for _, d := range p.Main.Defs {
		if d.Imported {
			t.Errorf("main file definition %s marked imported", format(d))
		}
	}
	for _, f := range p.Files[1:] {
		Inspect(f, func(n Node) bool {
			if d, ok := n.(*Definition); ok && !d.Imported {
				t.Errorf("%s: definition %s not marked imported", f.Path, format(d))
			}
			return true
		})
	}
	if got, want := format(p.Files[1]), "imported import quoted:main.idl; imported typedef long sub_t; imported interface s { imported typedef short inner_t; };"; got != want {
		t.Errorf("sub.idl:\n got %s\nwant %s", got, want)
	}
	if src, ok := p.Source("inc/hdr.h"); !ok || !strings.Contains(string(src), "hdr_t") {
		t.Errorf("Source(inc/hdr.h) = %q, %v", src, ok)
	}
}

func TestImportSearch(t *testing.T) {
	files := map[string]string{
		"a/main.idl": `import <near.idl>; import "far.idl"; import "near.idl";`,
		"a/near.idl": `const long near = 1;`,
		"b/far.idl":  `const long far = 2;`,
	}
	var errs diag.List
	p := ParseFile("a/main.idl", memOptions(files, "b"), &errs)
	// <near.idl> is searched in the include directories only.
	want := `a/main.idl:1:8: error: cannot find import "near.idl" (searched: b)` + "\n"
	if got := diagText(&errs); got != want {
		t.Fatalf("diagnostics:\n%swant:\n%s", got, want)
	}
	if len(p.Files) != 3 || filepath.ToSlash(p.Files[1].Path) != "b/far.idl" || filepath.ToSlash(p.Files[2].Path) != "a/near.idl" {
		t.Errorf("files: %v", p.Files)
	}
}

func TestParseFileErrors(t *testing.T) {
	var errs diag.List
	p := ParseFile("nothere.idl", memOptions(nil), &errs)
	if got, want := diagText(&errs), "nothere.idl: error: cannot read file: file does not exist\n"; got != want {
		t.Errorf("got %swant %s", got, want)
	}
	if p.Main == nil || len(p.Files) != 1 {
		t.Errorf("program after a read error: %+v", p)
	}

	// A syntax error in an imported file is reported at its place, and
	// the importer's definitions are still there.
	files := map[string]string{
		"main.idl": `import "bad.idl"; interface ok {};`,
		"bad.idl":  "interface bad {\n  void f(\n};",
	}
	errs = diag.List{}
	p = ParseFile("main.idl", memOptions(files), &errs)
	if got, want := diagText(&errs), `bad.idl:3:1: error: syntax error: unexpected "}", expected ")"`+"\n"; got != want {
		t.Errorf("got %swant %s", got, want)
	}
	if len(p.Main.Defs) != 2 {
		t.Errorf("main file: %s", format(p.Main))
	}
	if p.Incomplete || len(p.Files) != 2 || !p.Files[1].Dropped["f"] {
		t.Errorf("after a syntax error: Incomplete=%v, files %d", p.Incomplete, len(p.Files))
	}
	if !ParseFile("nothere.idl", memOptions(nil), &diag.List{}).Incomplete {
		t.Error("a file that cannot be read leaves the program complete")
	}

	// A preprocessor error may cut the token stream.
	files = map[string]string{"main.idl": "#if 1\ninterface ok {};\n"}
	errs = diag.List{}
	if p = ParseFile("main.idl", memOptions(files), &errs); !p.Incomplete || !errs.HasErrors() {
		t.Errorf("after a preprocessor error: Incomplete=%v\n%s", p.Incomplete, diagText(&errs))
	}
}

// TestIncludedCHeader checks C header text that #include copies into an
// IDL file: it is read as C, and its definitions are marked imported.
func TestIncludedCHeader(t *testing.T) {
	files := map[string]string{
		"main.idl": "#include \"types.h\"\ninterface i { void f(in my_t a); };\n",
		"types.h": `typedef unsigned long L4_Word_t;
typedef unsigned long my_t;
int helper(void);
static inline int twice(int x) { return 2 * x; }
typedef union { int a; } u_t;
`,
	}
	var errs diag.List
	p := ParseFile("main.idl", memOptions(files), &errs)
	if got, want := diagText(&errs), `types.h:5:1: warning: skipping union typedef "u_t" in imported header (not supported)`+"\n"; got != want {
		t.Errorf("diagnostics:\n%swant:\n%s", got, want)
	}
	if got, want := format(p.Main), "imported typedef word L4_Word_t; imported typedef C unsigned long my_t; interface i { void f(in my_t a); };"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if b := p.Main.Defs[0].Decl.(*Typedef).Type.Base; b == nil || b.Kind != BaseWord {
		t.Errorf("L4_Word_t is not the built-in word: %+v", p.Main.Defs[0].Decl.(*Typedef).Type)
	}
}
