package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/internal/stubcost"
)

func TestCostCommandErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.idl")
	os.WriteFile(bad, []byte("interface x { void f(in nosuch a); };\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"cost", "--format", "xml", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --format xml: want md, json or svg\n"},
		{[]string{"cost", "--target", "arm", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --target arm: the cost report measures ia32 and amd64\n"},
		{[]string{"cost", "nosuch.idl"}, "l4idl: cost: nosuch.idl: no such file or directory\n"},
		{[]string{"cost", "--rounds", "0", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --rounds 0: want a positive number\n"},
		{[]string{"cost", "--opt", "-fomit-frame-pointer", "--static-only", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --opt \"-fomit-frame-pointer\": want an optimisation flag"},
		{[]string{"cost", "--baseline", "nosuch.json", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --baseline: open nosuch.json: no such file or directory\n"},
		{[]string{"cost", bad}, "bad.idl:1:"},
		{[]string{"cost", "--qemu", "--target", "amd64", "../../testdata/anchor/a_calc.idl"}, "l4idl: cost: --qemu: the QEMU figures exist for ia32 only (the bundled kernel is ia32), not --target amd64\n"},
		{[]string{"cost", "--qemu", "--target", "ia32,amd64", "../../testdata/anchor/a_calc.idl"}, "not --target amd64\n"},
	} {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != exitIDL || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit 1 and %q", c.args, code, errb.String(), c.want)
		}
		if strings.Contains(errb.String(), "goroutine") {
			t.Errorf("%v: a stack trace", c.args)
		}
	}
}

// TestCostCommandStatic runs l4idl cost without the dynamic count (gcc
// only) and checks the JSON report.
func TestCostCommandStatic(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("gcc is not installed (scripts/test.sh installs it)")
		}
		t.Skip("gcc is not installed")
	}
	out := filepath.Join(t.TempDir(), "cost.json")
	var stdout, errb bytes.Buffer
	code := run([]string{"cost", "--static-only", "--target", "amd64", "--format", "json", "-o", out,
		"--handopt", "../../bench/handopt", "../../testdata/anchor/a_calc.idl"}, &stdout, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := stubcost.ReadReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Ops) != 1 || rep.Ops[0].Op != "calc.add" || rep.Rounds != 0 {
		t.Fatalf("report: %s", data)
	}
	c := rep.Ops[0].Arch["amd64"].Variants[stubcost.L4IDL]
	if c == nil || c.Static == nil || c.Dynamic != nil {
		t.Fatalf("l4idl figures: %s", data)
	}
	s := c.Static
	if s.IPCSites != 1 || s.ClientInsns != s.BeforeInsns+s.AfterInsns || s.BeforeInsns == 0 || s.AfterInsns == 0 ||
		s.ServerInsns != s.ServerToImpl+s.ServerFromImpl || s.ServerToImpl == 0 || s.ServerFromImpl == 0 || s.ServerNote != "" {
		t.Errorf("static figures %+v", *s)
	}
}
