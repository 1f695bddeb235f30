package gccx86_test

import (
	"regexp"
	"strings"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
)

// section returns the text of s from the line containing start to the
// next line containing end.
func section(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %q in the generated code", start)
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// TestE2ERegressions pins, without a compiler, the generator bugs the
// end-to-end test (TestE2E, testdata/e2e/corners.idl) found; each of them
// also fails that test, or the compile matrix, should it come back.
func TestE2ERegressions(t *testing.T) {
	for _, target := range gccx86.Targets {
		t.Run(target, func(t *testing.T) {
			files := map[string]string{}
			for _, f := range generate(t, "../../testdata/e2e/corners.idl", target) {
				files[f.Name] = string(f.Data)
			}
			client, server := files["corners_client.h"], files["corners_server.h"]

			// A reply buffer the client stub allocates is set before the
			// request's bound checks, whose failure path frees it (it was
			// declared after them: free() of an uninitialised pointer).
			for _, fn := range strings.Split(client, "\nstatic inline ")[1:] {
				if !strings.Contains(fn, "_ob0") {
					continue
				}
				decl := strings.Index(fn, "void *_ob0 = (void *)0;")
				if decl < 0 || decl > strings.Index(fn, "goto _l4idl_fail") {
					t.Errorf("_ob0 is not set before the first failure:\n%s", fn[:min(len(fn), 1500)])
				}
			}

			// A string in a union arm that is not selected travels as an
			// empty string (its NUL), which the receiver's checks accept;
			// an empty item made every such request malformed.
			if !strings.Contains(server, "= (L4_Word_t)&l4idl_empty_string;") {
				t.Error("unselected string arms are not sent as empty strings")
			}

			// The server's copy of a received sequence of 3 fpages holds
			// 3 idl4_fpage_t (2 words each), not 3 words.
			pages := section(t, server, "/* void pages(", "continue;")
			if m := regexp.MustCompile(`L4_Word_t _vb\w+\[(\d+)\];`).FindStringSubmatch(pages); m == nil || m[1] != "6" {
				t.Errorf("buffer for 3 fpages: %v, want 6 words", m)
			}

			// A kernel exception reply echoes the faulting thread's other
			// registers; they were zeroed.
			exc := section(t, server, "/* void exc(", "continue;")
			if regexp.MustCompile(`(_utcb\[\d+\]|_mr2) = 0;`).MatchString(exc) || !strings.Contains(exc, "_echo") {
				t.Errorf("exception reply does not echo the request:\n%s", exc)
			}

			// Union arm cases have their own block: an arm's code may begin
			// with a declaration, which C (and clang) reject after a label.
			if regexp.MustCompile(`case [^\n{]*:\n\s*L4_Word_t`).MatchString(client + server) {
				t.Error("a declaration follows a case label")
			}
		})
	}
}

// TestAmd64RedZone: every amd64 Ipc steps over the 128-byte red zone
// before its call pushes the return address, except a server loop's,
// whose function calls l4idl_nonleaf and so is never a leaf (the only
// functions where GCC and Clang keep data below the stack pointer). A
// loop whose implementations are inlined into it (examples/calc builds
// them in one file) was a leaf, GCC kept locals in the red zone, and the
// demo crashed.
func TestAmd64RedZone(t *testing.T) {
	for _, path := range idlFiles(t, []string{"../../testdata/anchor", "../../examples/calc"}) {
		for _, f := range generate(t, path, "amd64") {
			s := string(f.Data)
			calls := strings.Count(s, `"call *__L4_Ipc(%%rip)`)
			steps := strings.Count(s, `"leaq -128(%%rsp), %%rsp\n\t"`)
			loops := strings.Count(s, "static inline void ") - strings.Count(s, "static inline void "+"l4idl")
			nonleaf := strings.Count(s, "l4idl_nonleaf();")
			if calls != steps+nonleaf || (strings.HasSuffix(f.Name, "_server.h") && nonleaf != loops) {
				t.Errorf("%s %s: %d Ipc calls, %d red-zone steps, %d server loops, %d l4idl_nonleaf calls", path, f.Name, calls, steps, loops, nonleaf)
			}
		}
	}
}
