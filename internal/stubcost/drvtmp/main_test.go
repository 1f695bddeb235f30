package drv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/l4idl/l4idl/internal/stubcost"
)

func TestDrv(t *testing.T) {
	files, _ := filepath.Glob("/work/wt/cost/testdata/anchor/*.idl")
	rep, err := stubcost.Measure(stubcost.Config{Files: files,
		IncludeDirs: []string{"/work/wt/cost/runtime/include"}, Root: "/work/wt/cost", WorkDir: "/tmp/c1/work", Rounds: 100,
		Variants: stubcost.Variants("/work/wt/cost/bench/handopt")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := rep.JSON()
	os.WriteFile("/tmp/c1/rep.json", data, 0o644)
	os.WriteFile("/tmp/c1/rep.md", rep.Markdown(), 0o644)
	os.WriteFile("/tmp/c1/rep.svg", rep.SVG(), 0o644)
}
