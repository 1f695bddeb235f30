package gccx86_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
)

// handoptDir holds the hand-optimal stub sets: handoptDir/<target>/
// <base>_client.h and <base>_server.h for every anchor, and shared
// headers (any other .h) they include.
const handoptDir = "../../bench/handopt"

// TestHandoptE2E runs the end-to-end program (runE2EWith: every call,
// exception, misbehaving server and hostile request e2egen plans) of
// every anchor (testdata/anchor) on both targets against the
// hand-optimal stubs of bench/handopt, which must pass every check the
// generated stubs pass.
func TestHandoptE2E(t *testing.T) {
	for _, arch := range gccx86.Targets {
		for _, path := range idlFiles(t, []string{"../../testdata/anchor"}) {
			base := strings.TrimSuffix(filepath.Base(path), ".idl")
			arch, path := arch, path
			t.Run(arch+"/"+base, func(t *testing.T) {
				t.Parallel()
				runE2EWith(t, path, arch, base, func(t *testing.T, dir string) {
					writeHandopt(t, path, arch, base, dir)
				})
			})
		}
	}
}

// writeHandopt writes the hand-optimal stub set of one anchor into dir:
// the support header l4idl_corba.h from the generator (the API both
// share), then bench/handopt/<arch>/<base>_client.h, _server.h and the
// shared headers there. A missing hand-optimal file fails the test.
func writeHandopt(t *testing.T, path, arch, base, dir string) {
	t.Helper()
	for _, f := range generate(t, path, arch) {
		if strings.HasSuffix(f.Name, "_client.h") || strings.HasSuffix(f.Name, "_server.h") ||
			strings.HasSuffix(f.Name, "_template.c") {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(handoptDir, arch)
	for _, name := range []string{base + "_client.h", base + "_server.h"} {
		if _, err := os.Stat(filepath.Join(src, name)); err != nil {
			t.Fatalf("no hand-optimal stubs: %v", err)
		}
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		name := e.Name()
		own := name == base+"_client.h" || name == base+"_server.h"
		shared := strings.HasSuffix(name, ".h") && !strings.HasSuffix(name, "_client.h") && !strings.HasSuffix(name, "_server.h")
		if e.IsDir() || (!own && !shared) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
