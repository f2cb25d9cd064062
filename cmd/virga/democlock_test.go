package main

import "testing"

// TestDemoClockIsDeterministic: with its clock stopped the demo says the
// same thing on every run, live metrics included, which is what lets the
// screenshots change only when a view does.
func TestDemoClockIsDeterministic(t *testing.T) {
	line := "get functions --demo --metrics --demo-clock 2026-03-02T14:30:00Z"
	first, err := runRoot(t, line)
	if err != nil {
		t.Fatal(err)
	}
	second, err := runRoot(t, line)
	if err != nil {
		t.Fatal(err)
	}
	if first == "" || first != second {
		t.Fatalf("two runs differ:\n%s\n---\n%s", first, second)
	}
}
