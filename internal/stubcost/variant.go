package stubcost

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gccx86 "github.com/l4idl/l4idl/backend/gcc-x86"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser/diag"
)

// Variant names.
const (
	L4IDL    = "l4idl"    // gccx86.Generate, the default style
	Handopt  = "handopt"  // bench/handopt/<target>/, the hand-optimal baselines
	Portable = "portable" // backend/gcc-x86/portable, l4idl gen --style portable
)

// ErrNotAvailable is wrapped by the error of a Variant that has no stub
// set for an IDL file or target (hand-optimal stubs exist only for the
// anchors); the report shows the variant as missing for it.
var ErrNotAvailable = errors.New("not available")

// A Variant writes one kind of stub set: for the IDL file path (lowered
// in l for its target), <base>_client.h and <base>_server.h with the API
// `l4idl gen --client --server` writes, and the support headers they
// include, into dir.
type Variant struct {
	Name  string // L4IDL, Handopt or Portable
	Label string // for tables and charts ("hand-optimal")
	// Write writes the stub set; includeDirs is the IDL include path
	// (for the #include lines of imported C headers). An error wrapping
	// ErrNotAvailable means the variant has no stubs for this file.
	Write func(l *ir.Layout, path string, includeDirs []string, dir string) error
}

// Base returns the stem of the file names of the stub set of path
// ("a_calc" for testdata/anchor/a_calc.idl).
func Base(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// L4IDLVariant returns the variant of l4idl's default generator.
func L4IDLVariant() Variant {
	return Variant{Name: L4IDL, Label: "l4idl", Write: func(l *ir.Layout, path string, inc []string, dir string) error {
		return writeGenerated(gccx86.Generate, l, inc, dir)
	}}
}

// HandoptVariant returns the variant of the hand-optimal stubs kept in
// dir (bench/handopt): dir/<target>/<base>_client.h and _server.h. They
// replace l4idl's in a stub set that otherwise holds l4idl's support
// header, and any other header of dir/<target> (shared helpers) is copied
// along.
func HandoptVariant(dir string) Variant {
	return Variant{Name: Handopt, Label: "hand-optimal", Write: func(l *ir.Layout, path string, inc []string, out string) error {
		src := filepath.Join(dir, l.ABI.Name)
		base := Base(path)
		for _, f := range []string{base + "_client.h", base + "_server.h"} {
			if _, err := os.Stat(filepath.Join(src, f)); err != nil {
				return fmt.Errorf("no hand-optimal stubs %s: %w", filepath.Join(src, f), ErrNotAvailable)
			}
		}
		if err := writeGenerated(gccx86.Generate, l, inc, out); err != nil {
			return err
		}
		ents, err := os.ReadDir(src)
		if err != nil {
			return err
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
				return err
			}
			if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
				return err
			}
		}
		return nil
	}}
}

// generator is the signature of gccx86.Generate and the portable one.
type generator func(l *ir.Layout, opts gccx86.Options, errs *diag.List) []gccx86.File

// writeGenerated writes the client and server files gen makes for l
// (and the support headers) into dir.
func writeGenerated(gen generator, l *ir.Layout, inc []string, dir string) error {
	var errs diag.List
	files := gen(l, gccx86.Options{Client: true, Server: true, Includes: gccx86.Includes(l, inc)}, &errs)
	if errs.HasErrors() {
		var b strings.Builder
		errs.Print(&b, nil)
		return fmt.Errorf("generating stubs: %s", strings.TrimSpace(b.String()))
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Variants returns the three variants in report order, the hand-optimal
// stubs read from handoptDir (bench/handopt).
func Variants(handoptDir string) []Variant {
	return []Variant{L4IDLVariant(), HandoptVariant(handoptDir), PortableVariant()}
}
