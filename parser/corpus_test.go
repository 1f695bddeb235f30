package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/corpustest"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// corpusMacros are the macros that corpus files test in #if.
var corpusMacros = []string{"V2", "V4", "BUILD_RT_SUPPORT"}

// TestCorpus parses every file of the real-world corpus with the
// project's include path. Syntax must be accepted in every file of every
// folder; import problems (a stand-in header that does not exist yet) are
// counted separately and fail the test too, except in dice/, the stretch
// goal, where they are only reported. The per-folder counts are logged
// (go test -v -run TestCorpus).
func TestCorpus(t *testing.T) {
	c := corpustest.Open(t)
	root, dirs, groups := c.Root, c.IncludeDirs, c.Files
	for _, folder := range corpustest.Folders {
		files := groups[folder]
		if len(files) == 0 {
			t.Errorf("%s: no files", folder)
			continue
		}
		syntaxOK, importOK, clean, runs := 0, 0, 0, 0
		for _, file := range files {
			rel, _ := filepath.Rel(root, file)
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// Conditional parts must parse too: files with #if are also
			// parsed with each macro the corpus tests defined.
			variants := []map[string]string{nil}
			if bytes.Contains(src, []byte("#if")) {
				for _, m := range corpusMacros {
					variants = append(variants, map[string]string{m: "1"})
				}
			}
			for _, defines := range variants {
				runs++
				var errs diag.List
				prog := ParseFile(file, &Options{CPP: cpp.Options{IncludeDirs: dirs, Defines: defines}}, &errs)
				if defines != nil {
					rel, _ = filepath.Rel(root, file)
					for m := range defines {
						rel += " -D" + m
					}
				}
				var syntax, imports, other []diag.Diagnostic
				for _, d := range errs.Diags {
					switch {
					case d.Severity < diag.Error:
					case strings.HasPrefix(d.Msg, "cannot find import"):
						imports = append(imports, d)
					case isSyntaxDiag(d):
						syntax = append(syntax, d)
					default:
						other = append(other, d)
					}
				}
				if len(syntax) == 0 {
					syntaxOK++
				} else {
					t.Errorf("%s: syntax errors:\n%s", rel, printDiags(syntax, prog))
				}
				if len(imports) == 0 {
					importOK++
				} else if folder == "dice" {
					t.Logf("%s: import problems:\n%s", rel, printDiags(imports, prog))
				} else {
					t.Errorf("%s: import problems:\n%s", rel, printDiags(imports, prog))
				}
				if len(other) > 0 {
					t.Errorf("%s: other errors:\n%s", rel, printDiags(other, prog))
				}
				if !errs.HasErrors() {
					clean++
				}
			}
		}
		t.Logf("%-7s %3d files, %3d runs: syntax OK %3d, imports OK %3d, no errors %3d", folder, len(files), runs, syntaxOK, importOK, clean)
	}
}

// isSyntaxDiag tells parser diagnostics from other errors (preprocessor
// problems are not syntax errors of the grammar).
func isSyntaxDiag(d diag.Diagnostic) bool {
	return strings.HasPrefix(d.Msg, "syntax error") || strings.Contains(d.Msg, "constant") || strings.HasPrefix(d.Msg, "invalid type")
}

func printDiags(ds []diag.Diagnostic, src diag.Sources) string {
	l := &diag.List{Diags: ds}
	var b bytes.Buffer
	l.Print(&b, src)
	return b.String()
}
