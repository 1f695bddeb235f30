package main

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden diagnostics in testdata/errors")

// The bad-input suite: every testdata/errors/*.idl must fail `l4idl
// check` with exit code 1. Expected diagnostics are written in the input
// itself, on the line they are reported for, as
//
//	... // ERROR "regexp"
//	... /* WARNING "regexp" */
//
// (several per line allowed; files reached through #include may carry
// annotations too). Every error and warning printed must be annotated and
// every annotation matched. The complete stderr, with source lines and
// carets, is also kept as NAME.golden (rewrite with -update).

var annotRE = regexp.MustCompile(`\b(ERROR|WARNING) "((?:[^"\\]|\\.)*)"`)

// diagRE matches a printed diagnostic line: file:line:col: severity: msg.
var diagRE = regexp.MustCompile(`^(.+?):(\d+)(?::(\d+))?: (error|warning|internal error): (.*)$`)

type annotation struct {
	file    string
	line    int
	sev     string
	re      *regexp.Regexp
	matched bool
}

// readAnnotations collects the annotations of file (by its path as printed
// in diagnostics).
func readAnnotations(t *testing.T, path string) []*annotation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*annotation
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		for _, m := range annotRE.FindAllStringSubmatch(sc.Text(), -1) {
			pat, err := strconv.Unquote(`"` + m[2] + `"`)
			if err != nil {
				t.Fatalf("%s:%d: bad annotation %s: %v", path, n, m[0], err)
			}
			re, err := regexp.Compile(pat)
			if err != nil {
				t.Fatalf("%s:%d: bad annotation regexp %q: %v", path, n, pat, err)
			}
			sev := "error"
			if m[1] == "WARNING" {
				sev = "warning"
			}
			out = append(out, &annotation{file: path, line: n, sev: sev, re: re})
		}
	}
	return out
}

func TestBadInputs(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/errors/*.idl")
	if len(files) < 40 {
		t.Fatalf("only %d bad inputs in testdata/errors, want at least 40", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".idl")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", "-I", "../../testdata/errors/inc", "-I", "../../runtime/include", file}, &stdout, &stderr)
			if code != exitIDL {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitIDL, stderr.String())
			}
			checkAnnotations(t, file, stderr.String())
			golden := strings.TrimSuffix(file, ".idl") + ".golden"
			if *update {
				if err := os.WriteFile(golden, stderr.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/l4idl -run TestBadInputs -update)", err)
			}
			if !bytes.Equal(want, stderr.Bytes()) {
				t.Errorf("stderr differs from %s (run with -update after checking):\n--- want\n%s--- got\n%s", golden, want, stderr.String())
			}
		})
	}
}

// checkAnnotations matches the printed diagnostics against the annotations
// of the main file and of every file the diagnostics mention.
func checkAnnotations(t *testing.T, mainFile, stderr string) {
	t.Helper()
	annots := map[string][]*annotation{}
	load := func(path string) {
		if _, ok := annots[path]; ok {
			return
		}
		if _, err := os.Stat(path); err != nil {
			annots[path] = nil
			return
		}
		annots[path] = readAnnotations(t, path)
	}
	load(mainFile)
	errorsSeen := 0
	for _, line := range strings.Split(stderr, "\n") {
		m := diagRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file, sev, msg := m[1], m[4], m[5]
		ln, _ := strconv.Atoi(m[2])
		if sev == "internal error" {
			t.Errorf("internal error reported: %s", line)
			continue
		}
		if sev == "error" {
			errorsSeen++
		}
		load(file)
		found := false
		for _, a := range annots[file] {
			if a.line == ln && a.sev == sev && a.re.MatchString(msg) {
				a.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic: %s", line)
		}
	}
	if errorsSeen == 0 {
		t.Errorf("no error reported; stderr:\n%s", stderr)
	}
	for _, as := range annots {
		for _, a := range as {
			if !a.matched {
				t.Errorf("%s:%d: expected %s matching %q not reported; stderr:\n%s", a.file, a.line, a.sev, a.re, stderr)
			}
		}
	}
}

// TestExitCodes covers the command line contract: 0 success, 1 IDL
// errors, 2 usage errors, and messages instead of stack traces.
func TestExitCodes(t *testing.T) {
	good := "../../testdata/anchor/a_calc.idl"
	cases := []struct {
		args []string
		code int
		out  string // substring of stdout+stderr
	}{
		{[]string{"check", good}, exitOK, ""},
		{[]string{"ir", good}, exitOK, "interface calc"},
		{[]string{"ir", "--json", "--abi", "amd64", good}, exitOK, `"schema": "l4idl-ir/1"`},
		{[]string{"version"}, exitOK, "l4idl "},
		{[]string{"check"}, exitUsage, "requires at least 1 arg"},
		{[]string{"check", "--abi", "vax", good}, exitUsage, `unknown ABI "vax"`},
		{[]string{"check", "-W", "bogus", good}, exitUsage, `unknown -W option`},
		{[]string{"check", "-D", "1X=2", good}, exitUsage, "not a valid macro name"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"check", "--no-such-flag", good}, exitUsage, "unknown flag"},
		{[]string{"check", "../../testdata/does-not-exist.idl"}, exitIDL, "cannot read file"},
		{[]string{"completion", "bash"}, exitOK, "bash completion"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(c.args, &stdout, &stderr)
		all := stdout.String() + stderr.String()
		if code != c.code {
			t.Errorf("l4idl %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.code, all)
		}
		if !strings.Contains(all, c.out) {
			t.Errorf("l4idl %s: output lacks %q:\n%s", strings.Join(c.args, " "), c.out, all)
		}
		if strings.Contains(all, "goroutine ") || strings.Contains(all, "panic:") {
			t.Errorf("l4idl %s: stack trace in output:\n%s", strings.Join(c.args, " "), all)
		}
	}
}

// TestWarningFlags checks -W error and -w on an input that only warns.
func TestWarningFlags(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "w.idl")
	src := "interface w { void op(in long a) context(\"x\"); };\n"
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", f}, exitOK, "warning:"},
		{[]string{"check", "-W", "error", f}, exitIDL, "error:"},
		{[]string{"check", "-w", f}, exitOK, ""},
	} {
		var stdout, stderr bytes.Buffer
		code := run(c.args, &stdout, &stderr)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, code, c.code, stderr.String())
		}
		if c.want != "" && !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, stderr.String())
		}
		if c.want == "" && stderr.Len() != 0 {
			t.Errorf("%v: expected no output, got:\n%s", c.args, stderr.String())
		}
	}
}
