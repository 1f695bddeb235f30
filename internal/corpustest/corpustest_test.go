package corpustest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// needCorpus returns the corpus root, skipping the test when the corpus is
// missing, or failing it when $CI is set.
func needCorpus(t *testing.T) string {
	t.Helper()
	root, err := Root()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("corpus required in CI: %v", err)
		}
		t.Skipf("corpus not available: %v", err)
	}
	return root
}

func repoRoot(t *testing.T) string {
	t.Helper()
	repo, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func TestInstalledPath(t *testing.T) {
	tests := []struct {
		rel  string
		want string
		ok   bool
	}{
		{"dice/l4vfs__common_io.idl", "l4/l4vfs/common_io.idl", true},
		{"dice/dm_generic__dm_generic.idl", "l4/dm_generic/dm_generic.idl", true},
		{"dice/l4con__examples__logcon__logcon.idl", "l4/l4con/examples/logcon/logcon.idl", true},
		{"dice/nethub__base_lib__nh-client.idl", "l4/nethub/base_lib/nh-client.idl", true},
		{"dice/bmsi.idl", "", false},              // no package component
		{"dice/__x.idl", "", false},               // empty package
		{"dice/a____b.idl", "", false},            // empty path component
		{"dice/a__..__b.idl", "", false},          // would leave the tree
		{"dice/a__b.idl4", "", false},             // not a DICE file name
		{"idl4/afterburner/types.idl", "", false}, // other dialects keep their names
		{"magpie/a__b.idl", "", false},
	}
	for _, tc := range tests {
		got, ok := InstalledPath(tc.rel)
		if got != tc.want || ok != tc.ok {
			t.Errorf("InstalledPath(%q) = %q, %v; want %q, %v", tc.rel, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRootFromSubdirectory(t *testing.T) {
	repo := repoRoot(t)
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		t.Fatalf("RepoRoot %s has no go.mod: %v", repo, err)
	}
	t.Setenv(EnvCorpus, "")
	want, err := rootFor(repo)
	if err != nil {
		needCorpus(t)
		t.Fatal(err)
	}
	// The test already runs in a package directory below the root; Root
	// must find the same folder from there.
	got, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Root() = %s, want %s", got, want)
	}
}

func TestRootFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvCorpus, dir)
	got, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if got != dir {
		t.Errorf("Root() = %s, want %s", got, dir)
	}
	t.Setenv(EnvCorpus, filepath.Join(dir, "missing"))
	if _, err := Root(); err == nil {
		t.Error("Root() accepted a missing $" + EnvCorpus)
	}
}

func TestFiles(t *testing.T) {
	root := needCorpus(t)
	groups, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, folder := range Folders {
		files := groups[folder]
		if len(files) == 0 {
			t.Errorf("no IDL files in %s/", folder)
		}
		if !sort.StringsAreSorted(files) {
			t.Errorf("%s/ files are not sorted", folder)
		}
		for _, f := range files {
			if !IsIDL(f) || !strings.HasPrefix(f, filepath.Join(root, folder)+string(filepath.Separator)) {
				t.Errorf("%s listed under %s", f, folder)
			}
		}
		total += len(files)
	}
	if len(groups) != len(Folders) {
		t.Errorf("groups %v, want exactly %v", keys(groups), Folders)
	}
	t.Logf("%d corpus files", total)
}

func keys(m map[string][]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// directive matches an import or #include of a quoted or bracketed path at
// the start of a line (after comments were blanked out).
var directive = regexp.MustCompile(`(?m)^[ \t]*(?:import|#[ \t]*include)[ \t]*([<"])([^>"\n]+)[>"]`)

// blockComment and lineComment match C comments.
var (
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	lineComment  = regexp.MustCompile(`//[^\n]*`)
)

// importsOf returns the import and #include directives of a file, each as
// its delimiter ('<' or '"') and path. Both branches of #if are included,
// which is what the tests want: every alternative must resolve.
func importsOf(src []byte) [][2]string {
	text := blockComment.ReplaceAllFunc(src, func(c []byte) []byte {
		return bytes.Repeat([]byte{'\n'}, bytes.Count(c, []byte{'\n'}))
	})
	text = lineComment.ReplaceAll(text, nil)
	var out [][2]string
	for _, m := range directive.FindAllSubmatch(text, -1) {
		out = append(out, [2]string{string(m[1]), strings.TrimSpace(string(m[2]))})
	}
	return out
}

// resolve finds an imported path the way the preprocessor does: for a
// quoted name the including file's folder first, then the include dirs.
func resolve(from, delim, name string, dirs []string) (string, bool) {
	search := dirs
	if delim == `"` {
		search = append([]string{filepath.Dir(from)}, dirs...)
	}
	for _, d := range search {
		p := filepath.Join(d, filepath.FromSlash(name))
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	return "", false
}

// TestImportsResolve checks that every import and #include in the corpus,
// and in everything those pull in, resolves through IncludeDirs.
func TestImportsResolve(t *testing.T) {
	root := needCorpus(t)
	repo := repoRoot(t)
	dirs, err := IncludeDirs(repo, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	groups, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	var queue []string
	for _, folder := range Folders {
		queue = append(queue, groups[folder]...)
	}
	seen := map[string]bool{}
	viaStandIn := map[string]bool{}
	idlImports := 0
	for len(queue) > 0 {
		file := queue[0]
		queue = queue[1:]
		if seen[file] {
			continue
		}
		seen[file] = true
		src, err := os.ReadFile(file)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, imp := range importsOf(src) {
			delim, name := imp[0], imp[1]
			if IsIDL(name) {
				idlImports++
			}
			p, ok := resolve(file, delim, name, dirs)
			if !ok {
				t.Errorf("%s: cannot resolve %s", rel(root, repo, file), quote(delim, name))
				continue
			}
			if IsIDL(name) && strings.HasPrefix(p, dirs[1]+string(filepath.Separator)) {
				viaStandIn[name] = true
			}
			queue = append(queue, p)
		}
	}
	if idlImports == 0 {
		t.Error("found no IDL imports in the corpus; the directive scanner is broken")
	}
	var names []string
	for n := range viaStandIn {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("%d IDL imports checked; not in the corpus, served by stand-ins: %s", idlImports, strings.Join(names, ", "))
}

// quote writes an imported name with its delimiters.
func quote(delim, name string) string {
	if delim == "<" {
		return "<" + name + ">"
	}
	return `"` + name + `"`
}

// rel shortens file for messages: relative to the corpus or the repository.
func rel(root, repo, file string) string {
	for _, base := range []string{root, repo} {
		if r, err := filepath.Rel(base, file); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return file
}

func TestImportsOf(t *testing.T) {
	src := []byte("/* import <no/a.h>\n * #include <no/b.h> */\n" +
		"import <l4/sys/types.h>   // comment\n" +
		"  #  include \"types.idl\"\n" +
		"// import <no/c.h>\n" +
		"    import \"l4/types.h\";\n" +
		"interface imported_types {};\n")
	got := importsOf(src)
	want := [][2]string{{"<", "l4/sys/types.h"}, {`"`, "types.idl"}, {`"`, "l4/types.h"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("importsOf = %v, want %v", got, want)
	}
}

// TestNoShadowing checks that a name is provided by one place only: a
// stand-in must not hide a corpus file or a runtime header.
func TestNoShadowing(t *testing.T) {
	repo := repoRoot(t)
	runtimeInc := filepath.Join(repo, "runtime", "include")
	standIns := filepath.Join(repo, "testdata", "corpus", "include")
	for _, name := range filesUnder(t, standIns) {
		if _, err := os.Stat(filepath.Join(runtimeInc, name)); err == nil {
			t.Errorf("testdata/corpus/include/%s duplicates runtime/include/%s", name, name)
		}
	}
	root, err := Root()
	if err != nil {
		needCorpus(t)
		t.Fatal(err)
	}
	m, err := Mapping(root)
	if err != nil {
		t.Fatal(err)
	}
	for inst, file := range m {
		for _, d := range []string{runtimeInc, standIns} {
			if _, err := os.Stat(filepath.Join(d, filepath.FromSlash(inst))); err == nil {
				t.Errorf("%s in %s hides corpus file %s", inst, d, file)
			}
		}
	}
}

// filesUnder lists the files below dir, relative to it, with forward
// slashes.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			r, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// guard matches the include guard every stand-in opens with.
var guard = regexp.MustCompile(`(?m)^#ifndef (\w+)\n#define (\w+)\n`)

// TestStandInsAreMarked checks that every stand-in says what it is and has
// an include guard, as testdata/corpus/README.md promises.
func TestStandInsAreMarked(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata", "corpus", "include")
	names := filesUnder(t, dir)
	if len(names) == 0 {
		t.Fatal("no stand-ins found")
	}
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(src, []byte("\n"))
		kind := "header"
		if IsIDL(name) {
			kind = "file"
		}
		if !bytes.HasPrefix(first, []byte("/* Stand-in for ")) ||
			!bytes.HasSuffix(first, []byte("written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original "+kind+". */")) {
			t.Errorf("%s: first line is not the stand-in notice: %s", name, first)
		}
		m := guard.FindSubmatch(src)
		if m == nil || !bytes.Equal(m[1], m[2]) {
			t.Errorf("%s: no include guard", name)
		}
	}
}

// TestHeadersCompile compiles every C header of the corpus include path
// (the runtime's and the stand-ins) on its own, twice included, as C99 and
// as C++17, with all warnings as errors and no system headers, for 32- and
// 64-bit x86 when the host is x86.
func TestHeadersCompile(t *testing.T) {
	repo := repoRoot(t)
	runtimeInc := filepath.Join(repo, "runtime", "include")
	standIns := filepath.Join(repo, "testdata", "corpus", "include")
	var headers []string
	for _, d := range []string{runtimeInc, standIns} {
		for _, name := range filesUnder(t, d) {
			if strings.HasSuffix(name, ".h") {
				headers = append(headers, filepath.Join(d, filepath.FromSlash(name)))
			}
		}
	}
	if len(headers) == 0 {
		t.Fatal("no headers found")
	}
	modes := []string{""}
	if runtime.GOARCH == "amd64" || runtime.GOARCH == "386" {
		modes = []string{"-m32", "-m64"}
	}
	langs := []struct{ tool, std, lang string }{
		{"gcc", "-std=c99", "c"},
		{"g++", "-std=c++17", "c++"},
	}
	for _, l := range langs {
		if _, err := exec.LookPath(l.tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s required in CI: %v", l.tool, err)
			}
			t.Skipf("%s not installed", l.tool)
		}
	}
	tmp := t.TempDir()
	for i, h := range headers {
		src := filepath.Join(tmp, fmt.Sprintf("h%d.txt", i))
		text := fmt.Sprintf("#include %q\n#include %q\ntypedef int l4idl_nonempty_unit;\n", h, h)
		if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, l := range langs {
			for _, m := range modes {
				args := []string{l.std, "-x", l.lang, "-nostdinc", "-Wall", "-Wextra", "-Werror", "-pedantic",
					"-fsyntax-only", "-I", runtimeInc, "-I", standIns}
				if m != "" {
					args = append(args, m)
				}
				out, err := exec.Command(l.tool, append(args, src)...).CombinedOutput()
				if err != nil {
					t.Errorf("%s %s %s: %v\n%s", l.tool, m, rel("", repo, h), err, out)
				}
			}
		}
	}
}
