package stubcost

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/ir"
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// Load parses, checks and lowers the IDL file path for target (ia32 or
// amd64), with includeDirs as the IDL include path and the ABI's
// predefined macros. Errors in the IDL come back as one error holding
// every diagnostic.
func Load(path, target string, includeDirs []string) (*ir.Layout, error) {
	abi, err := ir.LookupABI(target)
	if err != nil {
		return nil, err
	}
	opts := &parser.Options{CPP: cpp.Options{IncludeDirs: includeDirs}}
	for k, v := range abi.Macros {
		opts.CPP.Define(k + "=" + v)
	}
	var errs diag.List
	prog, parsed := ir.Load(path, opts, &errs)
	var l *ir.Layout
	if !errs.HasErrors() && prog != nil {
		l = ir.Lower(prog, abi, &errs)
	}
	if errs.HasErrors() || l == nil {
		var b strings.Builder
		var src diag.Sources
		if parsed != nil {
			src = parsed
		}
		errs.Print(&b, src)
		return nil, fmt.Errorf("%s (%s): %s", path, target, strings.TrimSpace(b.String()))
	}
	return l, nil
}
