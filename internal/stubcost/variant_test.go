package stubcost

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestVariantsWriteStubSets(t *testing.T) {
	const anchor = "../../testdata/anchor/a_calc.idl"
	l, err := Load(anchor, "ia32", []string{"../../runtime/include"})
	if err != nil {
		t.Fatal(err)
	}
	list := func(dir string) string {
		es, _ := os.ReadDir(dir)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		return strings.Join(names, " ")
	}

	dir := t.TempDir()
	if err := L4IDLVariant().Write(l, anchor, nil, dir); err != nil {
		t.Fatal(err)
	}
	if got := list(dir); got != "a_calc_client.h a_calc_server.h l4idl_corba.h" {
		t.Errorf("l4idl stub set: %s", got)
	}

	// Hand-optimal: the two headers and shared helpers replace or join
	// l4idl's; another anchor's headers stay out.
	ho := t.TempDir()
	os.MkdirAll(filepath.Join(ho, "ia32"), 0o755)
	for name, text := range map[string]string{
		"a_calc_client.h": "/* hand client */\n", "a_calc_server.h": "/* hand server */\n",
		"l4idl_handopt.h": "/* shared */\n", "b_six_client.h": "/* other */\n",
	} {
		os.WriteFile(filepath.Join(ho, "ia32", name), []byte(text), 0o644)
	}
	dir = t.TempDir()
	if err := HandoptVariant(ho).Write(l, anchor, nil, dir); err != nil {
		t.Fatal(err)
	}
	if got := list(dir); got != "a_calc_client.h a_calc_server.h l4idl_corba.h l4idl_handopt.h" {
		t.Errorf("hand-optimal stub set: %s", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a_calc_client.h")); string(data) != "/* hand client */\n" {
		t.Errorf("a_calc_client.h is not the hand-optimal one: %q", data)
	}
	err = HandoptVariant(t.TempDir()).Write(l, anchor, nil, t.TempDir())
	if !errors.Is(err, ErrNotAvailable) || !strings.Contains(err.Error(), "no hand-optimal stubs") {
		t.Errorf("no hand-optimal stubs: error %v", err)
	}

	dir = t.TempDir()
	if err := PortableVariant().Write(l, anchor, nil, dir); err != nil {
		t.Fatal(err)
	}
	if got := list(dir); !strings.Contains(got, "a_calc_client.h a_calc_server.h") {
		t.Errorf("portable stub set: %s", got)
	}
	if names := []string{Variants("x")[0].Name, Variants("x")[1].Name, Variants("x")[2].Name}; strings.Join(names, " ") != "l4idl handopt portable" {
		t.Errorf("variants %v", names)
	}
}

func TestLoadErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.idl")
	os.WriteFile(bad, []byte("interface x { void f(in nosuch a); };\n"), 0o644)
	if _, err := Load(bad, "ia32", nil); err == nil || !strings.Contains(err.Error(), "bad.idl:1:") {
		t.Errorf("bad IDL: error %v", err)
	}
	if _, err := Load("../../testdata/anchor/a_calc.idl", "m68k", nil); err == nil {
		t.Error("an unknown ABI gave no error")
	}
	if _, err := Measure(Config{}); err == nil || err.Error() != "no IDL files" {
		t.Errorf("no files: error %v", err)
	}
	if _, err := Measure(Config{Files: []string{"x.idl"}, Targets: []string{"arm"}}); err == nil || !strings.Contains(err.Error(), "measures ia32 and amd64") {
		t.Errorf("arm: error %v", err)
	}
}
