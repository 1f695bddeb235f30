package parser

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// Options configures ParseFile.
type Options struct {
	// CPP configures the preprocessor for every file read: the main file,
	// imported IDL files and imported C headers. Its IncludeDirs are also
	// searched for imports, and its ReadFile (when set) reads every file.
	CPP cpp.Options
}

// Program is a parsed IDL file together with everything it imports.
type Program struct {
	// Main is the file that was asked for. It is never nil; after a fatal
	// error (the file could not be read) it has no definitions.
	Main *File
	// Files are all files read: Main first, then imported files in the
	// order they were first reached (depth first, in source order). Each
	// file appears once, however often it is imported (cycles included).
	Files []*File
	// Incomplete is set when the preprocessor reported an error or the
	// parser crashed: the syntax trees may then lack text of the files
	// (an unterminated comment or #if swallows the rest of a file, a
	// missing #include file takes its declarations along). Syntax errors
	// do not set it: the parser recovers from them, and File.Dropped
	// lists the names written in what it dropped.
	Incomplete bool

	opts    *Options
	errs    *diag.List
	sources map[string][]byte
	byKey   map[string]*File
}

// Source implements diag.Sources: it returns the text of any file read
// while parsing (including files reached through #include).
func (p *Program) Source(name string) ([]byte, bool) {
	b, ok := p.sources[name]
	return b, ok
}

// ParseFile reads, preprocesses and parses the IDL file at path, then
// resolves its import statements recursively:
//
//   - an import of a file whose name ends in .idl or .idl4 is parsed as
//     IDL (once per file);
//   - any other import is read as a C header: its typedefs (of scalars,
//     structs and enums), struct and enum definitions and integer #define
//     constants become definitions of a File with Lang C; functions,
//     variables and the like are skipped silently, unions, bit-fields,
//     function-pointer typedefs and GCC attributes with a warning.
//
// An import is searched like #include: "x" in the importing file's folder
// and then in opts.CPP.IncludeDirs, <x> in the include directories only.
// Imported files and their definitions are marked Imported. Problems go to
// errs; the result is never nil, and callers should stop after errors.
func ParseFile(path string, opts *Options, errs *diag.List) *Program {
	if opts == nil {
		opts = &Options{}
	}
	src, err := readFile(opts, path)
	if err != nil {
		errs.Errorf(diag.Pos{Filename: path}, "cannot read file: %v", unwrapPathError(err))
		p := newProgram(opts, errs)
		p.Main = &File{Path: path}
		p.Files = []*File{p.Main}
		p.Incomplete = true
		return p
	}
	return ParseSource(path, src, opts, errs)
}

// ParseSource is ParseFile for a main file whose text is already in
// memory (src); path names it in positions and locates its imports.
func ParseSource(path string, src []byte, opts *Options, errs *diag.List) *Program {
	if opts == nil {
		opts = &Options{}
	}
	p := newProgram(opts, errs)
	p.Main = p.loadIDL(path, src)
	p.byKey[fileKey(path)] = p.Main
	p.Files = append(p.Files, p.Main)
	p.resolveImports(p.Main)
	return p
}

func newProgram(opts *Options, errs *diag.List) *Program {
	return &Program{opts: opts, errs: errs, sources: map[string][]byte{}, byKey: map[string]*File{}}
}

func readFile(opts *Options, name string) ([]byte, error) {
	if opts.CPP.ReadFile != nil {
		return opts.CPP.ReadFile(name)
	}
	return os.ReadFile(name)
}

// unwrapPathError drops the file name that os errors repeat.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// fileKey identifies a file independently of how it was named.
func fileKey(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return filepath.Clean(name)
}

// preprocess runs the preprocessor and keeps the text of every file it
// read for diagnostics.
func (p *Program) preprocess(path string, src []byte) *cpp.Result {
	before := p.errs.ErrorCount()
	res := cpp.Preprocess(path, src, &p.opts.CPP, p.errs)
	if p.errs.ErrorCount() > before {
		p.Incomplete = true
	}
	for name, text := range res.Files {
		if _, ok := p.sources[name]; !ok {
			p.sources[name] = text
		}
	}
	if _, ok := p.sources[path]; !ok {
		p.sources[path] = src
	}
	return res
}

// loadIDL preprocesses and parses one IDL file.
func (p *Program) loadIDL(path string, src []byte) *File {
	res := p.preprocess(path, src)
	return parseIDL(path, res.Tokens, p.errs, &p.Incomplete)
}

// loadCHeader preprocesses and reads one C header. A crash in the reader
// (a bug) is reported as an internal error and yields an empty file.
func (p *Program) loadCHeader(path string, src []byte) (f *File) {
	defer func() {
		if r := recover(); r != nil {
			p.errs.Internalf(diag.Pos{Filename: path}, "C header reader crashed: %v", r)
			p.Incomplete = true
			f = &File{Pos: diag.Pos{Filename: path, Line: 1, Column: 1}, Path: path, Lang: LangC}
		}
	}()
	return readCHeader(path, p.preprocess(path, src), p.errs)
}

// resolveImports loads the files imported by f, depth first.
func (p *Program) resolveImports(f *File) {
	var imports []*ImportPath
	Inspect(f, func(n Node) bool {
		if ip, ok := n.(*ImportPath); ok {
			imports = append(imports, ip)
		}
		return true
	})
	for _, ip := range imports {
		name, src, searched, ok := p.locate(ip)
		if !ok {
			p.errs.Errorf(ip.Pos, "cannot find import %q%s", ip.Path, searchedNote(searched))
			continue
		}
		key := fileKey(name)
		if known := p.byKey[key]; known != nil {
			ip.File = known
			continue
		}
		var nf *File
		if isIDLName(name) {
			nf = p.loadIDL(name, src)
		} else {
			nf = p.loadCHeader(name, src)
		}
		markImported(nf)
		p.byKey[key] = nf
		p.Files = append(p.Files, nf)
		ip.File = nf
		if nf.Lang == LangIDL {
			p.resolveImports(nf)
		}
	}
}

// locate finds an imported file the way #include finds headers. It
// returns the file's name and text or, when it is not found, the
// directories searched.
func (p *Program) locate(ip *ImportPath) (name string, src []byte, searched []string, ok bool) {
	if ip.Path == "" {
		return "", nil, nil, false
	}
	if filepath.IsAbs(ip.Path) {
		src, err := readFile(p.opts, ip.Path)
		return ip.Path, src, nil, err == nil
	}
	var dirs []string
	if !ip.System {
		dirs = append(dirs, filepath.Dir(ip.Pos.Filename))
	}
	dirs = append(dirs, p.opts.CPP.IncludeDirs...)
	for _, d := range dirs {
		name := filepath.Join(d, ip.Path)
		if src, err := readFile(p.opts, name); err == nil {
			return name, src, nil, true
		}
	}
	return "", nil, dirs, false
}

// searchedNote spells the directories searched for a file that was not
// found: " (searched: a, b)", or "" when there were none.
func searchedNote(dirs []string) string {
	if len(dirs) == 0 {
		return ""
	}
	return " (searched: " + strings.Join(dirs, ", ") + ")"
}

// markImported marks a file and all its definitions as imported.
func markImported(f *File) {
	f.Imported = true
	Inspect(f, func(n Node) bool {
		if d, ok := n.(*Definition); ok {
			d.Imported = true
		}
		return true
	})
}
