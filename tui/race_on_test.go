//go:build race

package tui_test

// raceEnabled says the tests run under the race detector, which makes a
// frame about ten times slower; the layout sweep then samples sizes (the
// plain run, also in .ci/run, sweeps every size).
const raceEnabled = true
