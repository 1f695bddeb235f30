package kernel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// TAPResult is one "ok N name" or "not ok N name" line.
type TAPResult struct {
	Num  int
	Name string // the description, without a "# SKIP/TODO" directive
	OK   bool
	Skip bool // the line had a "# SKIP" directive
}

// TAP is the test output found in a serial log.
type TAP struct {
	Plan        int // N of "1..N"; -1 if no plan line was seen
	Results     []TAPResult
	Diagnostics []string // "# ..." lines, without the "# "
}

// ParseTAP extracts TAP lines from a serial log; other lines (kernel
// messages) are ignored. It fails when the same test number appears twice
// or a plan line is malformed.
func ParseTAP(log string) (*TAP, error) {
	t := &TAP{Plan: -1}
	seen := map[int]bool{}
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimRight(line, "\r ")
		switch {
		case strings.HasPrefix(line, "1.."):
			n, err := strconv.Atoi(strings.TrimSpace(line[3:]))
			if err != nil || n < 0 {
				return t, fmt.Errorf("malformed TAP plan %q", line)
			}
			t.Plan = n
		case strings.HasPrefix(line, "# "):
			t.Diagnostics = append(t.Diagnostics, line[2:])
		case strings.HasPrefix(line, "ok ") || strings.HasPrefix(line, "not ok "):
			r := TAPResult{OK: strings.HasPrefix(line, "ok ")}
			rest := strings.TrimPrefix(strings.TrimPrefix(line, "not "), "ok ")
			numStr, name, _ := strings.Cut(rest, " ")
			n, err := strconv.Atoi(numStr)
			if err != nil {
				continue // not a TAP line after all
			}
			r.Num = n
			name = strings.TrimPrefix(strings.TrimSpace(name), "- ")
			if i := strings.Index(name, " # "); i >= 0 {
				dir := strings.ToUpper(strings.TrimSpace(name[i+3:]))
				r.Skip = strings.HasPrefix(dir, "SKIP")
				name = strings.TrimSpace(name[:i])
			}
			r.Name = name
			if seen[n] {
				return t, fmt.Errorf("TAP test number %d appears twice", n)
			}
			seen[n] = true
			t.Results = append(t.Results, r)
		}
	}
	return t, nil
}

// Failed returns the results that are "not ok".
func (t *TAP) Failed() []TAPResult {
	var f []TAPResult
	for _, r := range t.Results {
		if !r.OK {
			f = append(f, r)
		}
	}
	return f
}

// Check reports an error when there is no plan, the number of results
// differs from the plan, or any test failed.
func (t *TAP) Check() error {
	var errs []error
	if t.Plan < 0 {
		errs = append(errs, errors.New("no TAP plan line (1..N)"))
	} else if len(t.Results) != t.Plan {
		errs = append(errs, fmt.Errorf("TAP plan says %d tests, %d reported", t.Plan, len(t.Results)))
	}
	for _, r := range t.Failed() {
		errs = append(errs, fmt.Errorf("not ok %d %s", r.Num, r.Name))
	}
	return errors.Join(errs...)
}
