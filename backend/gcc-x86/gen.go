package gccx86

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser/diag"
)

// Targets lists the ABIs this backend generates for.
var Targets = []string{"ia32", "amd64"}

// Options selects what Generate produces.
type Options struct {
	// Base is the stem of the generated file names (<Base>_client.h, ...);
	// by default the IDL file's name without directory and extension.
	Base string
	// Client, Server and Template select the files; all false means all.
	Client, Server, Template bool
	// Includes are extra #include operands (with their <> or "") for the
	// C headers the IDL file imports, in order.
	Includes []string
}

// File is one generated file.
type File struct {
	Name string
	Data []byte
}

// gen holds what the generation of one file set shares.
type gen struct {
	l    *ir.Layout
	abi  *ir.ABI
	m    *cmap.Mapper
	errs *diag.List
	opts Options
	base string
	// pos is the position internal errors are reported at.
	pos diag.Pos
}

// Generate prints the files for layout l (lowered for ia32 or amd64).
// Problems (an ABI this backend does not serve, operations the C mapping
// cannot express) are reported to errs with positions; no files are
// returned then.
func Generate(l *ir.Layout, opts Options, errs *diag.List) []File {
	if errs == nil {
		errs = &diag.List{}
	}
	var file string
	if l != nil && l.Program != nil {
		file = l.Program.File
	}
	if l == nil || l.ABI == nil || l.Program == nil {
		errs.Errorf(diag.Pos{Filename: file}, "gcc-x86 backend: no layout to generate from")
		return nil
	}
	if l.ABI.Name != "ia32" && l.ABI.Name != "amd64" {
		errs.Errorf(diag.Pos{Filename: file}, "gcc-x86 backend generates for %s, not %s", strings.Join(Targets, " and "), l.ABI.Name)
		return nil
	}
	if !opts.Client && !opts.Server && !opts.Template {
		opts.Client, opts.Server, opts.Template = true, true, true
	}
	g := &gen{l: l, abi: l.ABI, m: cmap.New(l.ABI), errs: errs, opts: opts, pos: diag.Pos{Filename: file}}
	g.base = opts.Base
	if g.base == "" {
		g.base = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	g.m.SetExceptionIDs(l.Program)
	before := errs.ErrorCount()
	g.checkOps()
	if errs.ErrorCount() > before {
		return nil
	}
	var out []File
	out = append(out, File{Name: cmap.SupportFile, Data: cmap.SupportHeader(archSupport)})
	if opts.Client {
		out = append(out, File{Name: g.base + "_client.h", Data: g.clientFile()})
	}
	if opts.Server || opts.Template {
		out = append(out, File{Name: g.base + "_server.h", Data: g.serverFile()})
	}
	if opts.Template {
		out = append(out, File{Name: g.base + "_template.c", Data: g.templateFile()})
	}
	if errs.ErrorCount() > before {
		return nil
	}
	return out
}

// internal reports a bug of the backend (a layout it cannot print).
func (g *gen) internal(format string, args ...any) {
	g.errs.Internalf(g.pos, "gcc-x86 backend: "+format, args...)
}

// ifaces returns the interfaces stubs are generated for.
func (g *gen) ifaces() []*ir.IfaceLayout { return StubInterfaces(g.l) }

// checkOps reports operations the C mapping cannot express.
func (g *gen) checkOps() { CheckOperations(g.l, g.m, g.errs) }

// StubInterfaces returns the interfaces of l that stubs are generated
// for: those of the main file that are not [local]. Every stub style
// generates for the same ones.
func StubInterfaces(l *ir.Layout) []*ir.IfaceLayout {
	var out []*ir.IfaceLayout
	for _, il := range l.Interfaces {
		if il == nil || il.Iface == nil || il.Iface.Imported || il.Iface.Local {
			continue
		}
		out = append(out, il)
	}
	return out
}

// CheckOperations reports, with their positions, the operations of the
// stub interfaces of l that the C mapping m cannot express (the same
// errors in every stub style).
func CheckOperations(l *ir.Layout, m *cmap.Mapper, errs *diag.List) {
	for _, il := range StubInterfaces(l) {
		for _, ol := range il.Ops {
			op := ol.Op
			if _, ok := m.ReturnType(op.Result); !ok {
				errs.Errorf(op.Pos, "operation %q returns %s, which C cannot return; use an out parameter", op.Name, op.Result)
			}
			for _, p := range op.Params {
				if p.Presented != nil {
					errs.Errorf(p.Pos, "parameter %q of operation %q: transmit_as is not supported by the gcc-x86 backend", p.Name, op.Name)
				}
				if cmap.ParamClass(p) == cmap.Unsupported {
					errs.Errorf(p.Pos, "parameter %q of operation %q has type %s, which has no C value", p.Name, op.Name, p.Type)
				}
			}
			if ol.Request == nil {
				errs.Errorf(op.Pos, "operation %q has no request layout", op.Name)
			}
		}
	}
}

// opName returns the C name of an operation of an interface.
func opName(iface *ir.Interface, op *ir.Operation) string { return OpName(iface, op) }

// OpName returns the C name of an operation of an interface
// (<iface>_<op>), the stem of its client stub, implementation and reply
// stub names in every stub style.
func OpName(iface *ir.Interface, op *ir.Operation) string {
	return cmap.Flatten(iface.Name) + "_" + cmap.Ident(op.Name)
}

// header prints the opening comment of a generated file.
func (g *gen) header(f *cgen.File, name, what string) {
	f.Comment(fmt.Sprintf("%s - %s for %s (%s).", name, what, filepath.Base(g.l.Program.File), g.abi.Name),
		"", "Generated by l4idl; do not edit.")
	f.P()
}

// archCheck prints the check that the file is compiled for its target.
func (g *gen) archCheck(f *cgen.File, name string) {
	cond := "!defined(__i386__) || defined(__x86_64__)"
	if g.abi.Name == "amd64" {
		cond = "!defined(__x86_64__)"
	}
	f.P("#if ", cond)
	f.P("#error \"", name, " was generated by l4idl for ", g.abi.Name, "\"")
	f.P("#endif")
	f.P()
}

// includes prints the #includes of a header.
func (g *gen) includes(f *cgen.File) {
	f.P("#include \"", cmap.SupportFile, "\"")
	for _, inc := range g.opts.Includes {
		f.P("#include ", inc)
	}
	f.P()
}

// types prints the declarations of the program's constants and types.
func (g *gen) types(f *cgen.File) { DeclareTypes(f, g.l, g.m, g.base) }

// DeclareTypes prints the C declarations of the constants and types of
// l's main file and the anonymous sequences its operations use, guarded
// by L4IDL_TYPES_<BASE>_H so that the client and server headers (of any
// stub style: the declarations are the same) can be included together.
func DeclareTypes(f *cgen.File, l *ir.Layout, m *cmap.Mapper, base string) {
	guard := "L4IDL_TYPES_" + cgen.GuardName(base) + "_H"
	m.StartFile()
	f.P("#ifndef ", guard)
	f.P("#define ", guard)
	f.P()
	n := 0
	for _, c := range l.Program.Consts {
		if c != nil && !c.Imported {
			m.DeclareConst(f, c)
			n++
		}
	}
	if n > 0 {
		f.P()
	}
	for _, t := range l.Program.Types {
		if t == nil || t.Imported || t.FromC {
			continue
		}
		m.DeclareType(f, t)
		f.Blank()
	}
	// Anonymous sequences used directly by operations.
	for _, il := range StubInterfaces(l) {
		for _, ol := range il.Ops {
			m.DeclareSeqs(f, ol.Op.Result)
			for _, p := range ol.Op.Params {
				if cmap.ParamClass(p) != cmap.DCEBuffer {
					m.DeclareSeqs(f, p.Type)
				}
			}
		}
	}
	f.Blank()
	f.P("#endif /* ", guard, " */")
	f.P()
}

// Includes returns the #include operands for the headers a program's
// imported declarations come from: C headers by their path below one of
// includeDirs (<l4/types.h>, else "name.h"), imported IDL files by their
// generated client header ("base_client.h", whose type section declares
// them), in order of first use.
func Includes(l *ir.Layout, includeDirs []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(file string, fromC bool) {
		if file == "" || file == l.Program.File {
			return
		}
		var inc string
		if fromC {
			inc = "\"" + filepath.Base(file) + "\""
			for _, dir := range includeDirs {
				if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
					inc = "<" + filepath.ToSlash(rel) + ">"
					break
				}
			}
		} else {
			base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
			inc = "\"" + base + "_client.h\""
		}
		if !seen[inc] {
			seen[inc] = true
			out = append(out, inc)
		}
	}
	for _, t := range l.Program.Types {
		if t != nil && t.Imported {
			add(t.Pos.Filename, t.FromC)
		}
	}
	return out
}
