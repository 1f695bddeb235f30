// Package corpustest finds the real-world IDL corpus that every l4idl
// release must accept, and builds the include path the corpus files are
// checked with.
//
// The corpus lives outside the repository, in ../shared/corpus next to the
// checkout (or wherever $L4IDL_CORPUS points). Its files import three kinds
// of names:
//
//   - l4/types.h, the L4 X.2 user API header of l4idl's own runtime
//     (runtime/include);
//   - C headers of other systems, which are not in the corpus: the
//     repository holds small stand-ins of its own for them
//     (testdata/corpus/include, see the README there);
//   - other IDL files by the path they were installed under, such as
//     <l4/l4vfs/common_io.idl>. Those are in the corpus under a flattened
//     name (dice/l4vfs__common_io.idl); IncludeDirs links them back to their
//     installed paths in a temporary folder.
package corpustest

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// EnvCorpus names the environment variable that overrides the corpus
// location.
const EnvCorpus = "L4IDL_CORPUS"

// modulePath is the module line RepoRoot looks for in go.mod.
const modulePath = "github.com/l4idl/l4idl"

// Folders are the top-level corpus folders, one per IDL dialect.
var Folders = []string{"idl4", "magpie", "dice"}

// bareNames maps names that corpus files import without a folder to the
// corpus file (relative to the corpus root) that provides them. Only names
// that the installed-path rule of InstalledPath cannot produce are listed,
// each with the reason.
var bareNames = map[string]string{
	// nethub__base_lib__nh.idl says #include "nh-client.idl": in the
	// original tree (l4/pkg/nethub) the two files sit in the same folder,
	// but in the corpus the included file carries its flattened name, so
	// neither the file's own folder nor an installed path has it.
	"nh-client.idl": "dice/nethub__base_lib__nh-client.idl",
}

// RepoRoot returns the repository root: the nearest folder at or above the
// current directory whose go.mod declares module github.com/l4idl/l4idl.
// It works from any package directory of the repository.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("corpustest: current directory: %w", err)
	}
	for {
		ok, err := isRepoRoot(dir)
		if err != nil {
			return "", err
		}
		if ok {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("corpustest: no go.mod of module %s at or above the current directory", modulePath)
		}
		dir = parent
	}
}

// isRepoRoot reports whether dir holds the go.mod of this module.
func isRepoRoot(dir string) (bool, error) {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("corpustest: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == modulePath, nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, fmt.Errorf("corpustest: %s: %w", f.Name(), err)
	}
	return false, nil
}

// Root returns the absolute path of the corpus folder: $L4IDL_CORPUS if it
// is set, otherwise ../shared/corpus relative to the repository root. It
// fails if that folder does not exist.
func Root() (string, error) {
	if env := os.Getenv(EnvCorpus); env != "" {
		return checkDir(env, "$"+EnvCorpus)
	}
	repo, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return rootFor(repo)
}

// rootFor is Root for a known repository root.
func rootFor(repoRoot string) (string, error) {
	if env := os.Getenv(EnvCorpus); env != "" {
		return checkDir(env, "$"+EnvCorpus)
	}
	return checkDir(filepath.Join(repoRoot, "..", "shared", "corpus"), "corpus folder (set $"+EnvCorpus+" to use another)")
}

// checkDir returns dir made absolute if it is an existing folder.
func checkDir(dir, what string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("corpustest: %s %s: %w", what, dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("corpustest: %s: %w", what, err)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("corpustest: %s %s is not a folder", what, abs)
	}
	return abs, nil
}

// IsIDL reports whether name is an IDL file name: .idl (IDL4, DICE) or
// .idl4 (Magpie).
func IsIDL(name string) bool {
	return strings.HasSuffix(name, ".idl") || strings.HasSuffix(name, ".idl4")
}

// Files returns the corpus IDL files below root, grouped by their top-level
// folder ("idl4", "magpie", "dice"). Paths are root joined with the file's
// path inside the corpus; each group is sorted. Files outside a folder
// (SOURCES.md) and files that are not IDL are left out.
func Files(root string) (map[string][]string, error) {
	groups := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !IsIDL(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 2 {
			return nil
		}
		groups[parts[0]] = append(groups[parts[0]], path)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpustest: listing corpus: %w", err)
	}
	for _, files := range groups {
		sort.Strings(files)
	}
	return groups, nil
}

// InstalledPath returns the path under which a DICE corpus file was
// installed and is imported by other IDL files. rel is the file's path
// inside the corpus, with forward slashes.
//
// The DICE files came from l4/pkg/<package>/idl/ of L4Env and are named
// <package>__<path inside the idl folder>, with "/" written as "__"; L4Env
// installed them as l4/<package>/<path>. So dice/l4vfs__common_io.idl is
// l4/l4vfs/common_io.idl and dice/l4con__examples__logcon__logcon.idl is
// l4/l4con/examples/logcon/logcon.idl. The result is false for files
// outside dice/ and for names that do not follow the scheme.
func InstalledPath(rel string) (string, bool) {
	dir, name := filepath.ToSlash(filepath.Dir(rel)), filepath.Base(rel)
	if dir != "dice" || !strings.HasSuffix(name, ".idl") {
		return "", false
	}
	parts := strings.Split(strings.TrimSuffix(name, ".idl"), "__")
	if len(parts) < 2 {
		return "", false
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return "", false
		}
	}
	return "l4/" + strings.Join(parts, "/") + ".idl", true
}

// Mapping returns, for the corpus at root, every path that IDL files import
// mapped to the corpus file that provides it (an absolute path): the
// installed path of each DICE file (see InstalledPath) and the bare names of
// the explicit table in this package. Two corpus files claiming the same
// path is an error.
func Mapping(root string) (map[string]string, error) {
	groups, err := Files(root)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, file := range groups["dice"] {
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return nil, fmt.Errorf("corpustest: %w", err)
		}
		inst, ok := InstalledPath(filepath.ToSlash(rel))
		if !ok {
			continue
		}
		if prev, dup := m[inst]; dup {
			return nil, fmt.Errorf("corpustest: %s and %s both map to %s", prev, file, inst)
		}
		m[inst] = file
	}
	for name, rel := range bareNames {
		file := filepath.Join(root, filepath.FromSlash(rel))
		if _, err := os.Stat(file); err != nil {
			return nil, fmt.Errorf("corpustest: explicit entry %s: %w", name, err)
		}
		if prev, dup := m[name]; dup {
			return nil, fmt.Errorf("corpustest: %s and %s both map to %s", prev, file, name)
		}
		m[name] = file
	}
	return m, nil
}

// IncludeDirs returns the include path for checking corpus files, in search
// order:
//
//  1. <repoRoot>/runtime/include: l4idl's own runtime headers (l4/types.h);
//  2. <repoRoot>/testdata/corpus/include: stand-ins for the headers (and the
//     few IDL files) of other systems that the corpus imports;
//  3. a folder created under tmpDir holding symbolic links from the
//     installed paths of corpus IDL files to the corpus files (see Mapping),
//     e.g. l4/l4vfs/common_io.idl -> <corpus>/dice/l4vfs__common_io.idl.
//
// A file's own folder is searched before these for #include "x" and
// import "x". The corpus is found as by Root, with repoRoot in place of the
// current directory.
func IncludeDirs(repoRoot, tmpDir string) ([]string, error) {
	runtimeInc := filepath.Join(repoRoot, "runtime", "include")
	standIns := filepath.Join(repoRoot, "testdata", "corpus", "include")
	for _, d := range []string{runtimeInc, standIns} {
		if _, err := checkDir(d, "include folder"); err != nil {
			return nil, err
		}
	}
	root, err := rootFor(repoRoot)
	if err != nil {
		return nil, err
	}
	m, err := Mapping(root)
	if err != nil {
		return nil, err
	}
	gen, err := os.MkdirTemp(tmpDir, "corpus-idl-")
	if err != nil {
		return nil, fmt.Errorf("corpustest: %w", err)
	}
	for inst, file := range m {
		link := filepath.Join(gen, filepath.FromSlash(inst))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return nil, fmt.Errorf("corpustest: %w", err)
		}
		if err := os.Symlink(file, link); err != nil {
			return nil, fmt.Errorf("corpustest: linking %s: %w", inst, err)
		}
	}
	return []string{runtimeInc, standIns, gen}, nil
}

// Corpus is what a corpus test needs: where the corpus is, its files by
// folder, and the include path to check them with.
type Corpus struct {
	Repo        string              // repository root
	Root        string              // corpus folder
	IncludeDirs []string            // include path (see IncludeDirs)
	Files       map[string][]string // files by top folder (see Files)
}

// Open locates the corpus and builds its include path under tb's
// temporary folder. A missing corpus fails the test when the CI
// environment variable is set and skips it otherwise.
func Open(tb testing.TB) *Corpus {
	tb.Helper()
	repo, err := RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	root, err := Root()
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal(err)
		}
		tb.Skipf("corpus not available: %v", err)
	}
	dirs, err := IncludeDirs(repo, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	files, err := Files(root)
	if err != nil {
		tb.Fatal(err)
	}
	return &Corpus{Repo: repo, Root: root, IncludeDirs: dirs, Files: files}
}
