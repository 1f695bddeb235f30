package kernel

import (
	"testing"
	"time"
)

// minConformanceCases is the least number of cases the suite must run.
const minConformanceCases = 60

// TestConformance boots the kernel once with the conformance suite
// (tests/) as root task: KIP and UTCB contents, every IPC error code in
// both phases, timeouts, receive modes, string items with page faults on
// either side, map/grant/unmap, ExchangeRegisters, ThreadControl,
// SpaceControl, Schedule, ThreadSwitch, fault and exception protocols,
// privileges and hostile arguments. One TAP line per case; any "not ok",
// missing case, crash or timeout fails the test with the serial log.
func TestConformance(t *testing.T) {
	res := suiteBoot(t, sources(t, "tests"), 90*time.Second, false)
	tap := checkTAP(t, res, minConformanceCases)
	t.Logf("%d conformance cases passed", len(tap.Results))
}
