package ir

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/corpustest"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// corpusCheckTarget is the share of files per folder that must check
// without errors: idl4/ and magpie/ completely, dice/ (the stretch goal)
// at least 90%.
var corpusCheckTarget = map[string]float64{"idl4": 1, "magpie": 1, "dice": 0.9}

// layoutErrors are the phrases of the errors a DICE file may fail with:
// clear "not supported" errors for constructs that change the layout.
var layoutErrors = []string{"is not supported", "not supported by l4idl"}

// corpusMacros are the macros that corpus files test in #if.
var corpusMacros = []string{"V2", "V4", "BUILD_RT_SUPPORT"}

// corpusLowerKnown lists the corpus files whose lowering is known to
// fail, with why: only messages that no L4 X.2 message can express (see
// "What cannot be expressed" in docs/message-layout.md), not checker
// problems. A file listed here that lowers cleanly fails the test, so the
// list stays honest; every error of a listed file must contain want.
var corpusLowerKnown = map[string]struct{ why, want string }{
	"dice/generic_io__generic_io.idl": {
		why:  "request_region returns up to 32 fpages (max_is(l4_io_max_fpages)): 32 map items need 64 words, and a message holds 63",
		want: "parameter \"regions\" of operation \"request_region\" has type sequence<fpage, 32>: each fpage travels as a map item of two words, so at most 31 fit in one message",
	},
}

// TestCheckCorpus checks and lowers (ia32, amd64) every corpus file.
// Per-folder counts are logged (go test -v -run TestCheckCorpus).
func TestCheckCorpus(t *testing.T) {
	c := corpustest.Open(t)
	root, dirs, groups := c.Root, c.IncludeDirs, c.Files
	abis := []string{"ia32", "amd64"}
	for _, folder := range corpustest.Folders {
		files := groups[folder]
		if len(files) == 0 {
			t.Errorf("%s: no files", folder)
			continue
		}
		checked, lowered := 0, map[string]int{}
		var failures []string
		for _, file := range files {
			rel, _ := filepath.Rel(root, file)
			rel = filepath.ToSlash(rel)
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// Conditional parts are checked too: files with #if also run
			// with each macro the corpus tests defined.
			variants := []string{""}
			if bytes.Contains(src, []byte("#if")) {
				variants = append(variants, corpusMacros...)
			}
			okAll := true
			lowerOK := map[string]bool{}
			for _, abiName := range abis {
				lowerOK[abiName] = true
			}
			for _, macro := range variants {
				name := rel
				if macro != "" {
					name += " -D" + macro
				}
				for _, abiName := range abis {
					abi, err := LookupABI(abiName)
					if err != nil {
						t.Fatal(err)
					}
					opts := &parser.Options{CPP: cpp.Options{IncludeDirs: dirs}}
					for _, k := range sortedMacroNames(abi.Macros) {
						opts.CPP.Define(k + "=" + abi.Macros[k])
					}
					if macro != "" {
						opts.CPP.Define(macro)
					}
					var errs diag.List
					prog, parsed := Load(file, opts, &errs)
					if prog == nil {
						t.Fatalf("%s: Load returned nil", name)
					}
					if errs.HasErrors() {
						okAll = false
						lowerOK[abiName] = false
						if abiName == abis[0] {
							msg := printDiags(&errs, parsed)
							failures = append(failures, name+":\n"+msg)
							if folder != "dice" || !onlyLayoutErrors(&errs) {
								t.Errorf("%s: check errors:\n%s", name, msg)
							}
						}
						continue
					}
					var lerrs diag.List
					func() {
						defer func() {
							if r := recover(); r != nil {
								t.Errorf("%s: lowering for %s panics: %v", name, abiName, r)
								lerrs.Errorf(diag.Pos{}, "panic")
							}
						}()
						Lower(prog, abi, &lerrs)
					}()
					k, known := corpusLowerKnown[rel]
					switch {
					case lerrs.HasErrors() && !known:
						t.Errorf("%s: lowering for %s fails:\n%s", name, abiName, printDiags(&lerrs, parsed))
						lowerOK[abiName] = false
					case lerrs.HasErrors():
						t.Logf("%s: lowering for %s fails as known (%s)", name, abiName, k.why)
						lowerOK[abiName] = false
						for _, d := range lerrs.Diags {
							if d.Severity >= diag.Error && !strings.Contains(d.Msg, k.want) {
								t.Errorf("%s: lowering for %s fails with an error not listed in corpusLowerKnown:\n%s", name, abiName, printDiags(&lerrs, parsed))
								break
							}
						}
					case known:
						t.Errorf("%s: lowering for %s is listed as failing (%s) but succeeds: update corpusLowerKnown", name, abiName, k.why)
					}
				}
			}
			if okAll {
				checked++
			}
			for _, abiName := range abis {
				if lowerOK[abiName] {
					lowered[abiName]++
				}
			}
		}
		share := float64(checked) / float64(len(files))
		t.Logf("%-7s %3d files: check OK %3d (%.0f%%), lower OK ia32 %3d, amd64 %3d", folder, len(files), checked, share*100, lowered["ia32"], lowered["amd64"])
		if share < corpusCheckTarget[folder] {
			t.Errorf("%s: %d of %d files check without errors, below the target of %.0f%%", folder, checked, len(files), corpusCheckTarget[folder]*100)
		}
		for _, f := range failures {
			t.Logf("check failure in %s", f)
		}
	}
}

func sortedMacroNames(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// onlyLayoutErrors reports whether every error is a clear "not
// supported" error.
func onlyLayoutErrors(l *diag.List) bool {
	for _, d := range l.Diags {
		if d.Severity < diag.Error {
			continue
		}
		ok := false
		for _, p := range layoutErrors {
			ok = ok || strings.Contains(d.Msg, p)
		}
		if !ok {
			return false
		}
	}
	return true
}

func printDiags(l *diag.List, src diag.Sources) string {
	var b bytes.Buffer
	only := &diag.List{}
	for _, d := range l.Diags {
		if d.Severity >= diag.Error || d.Severity == diag.Note {
			only.Diags = append(only.Diags, d)
		}
	}
	only.Print(&b, src)
	return b.String()
}
