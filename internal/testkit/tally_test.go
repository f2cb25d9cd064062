package testkit_test

import (
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestTallyCountsEachKindOfMismatch: a missing sighting, a repeat and an
// item never expected are each counted apart.
func TestTallyCountsEachKindOfMismatch(t *testing.T) {
	want := map[string]int{"a": 2, "b": 1, "c": 1}
	got := map[string]int{"a": 1, "b": 3, "c": 1, "z": 2}
	if lost, dup, extra := testkit.Tally(want, got); lost != 1 || dup != 2 || extra != 2 {
		t.Errorf("Tally = %d lost, %d dup, %d extra; want 1, 2, 2", lost, dup, extra)
	}
	if lost, dup, extra := testkit.Tally(want, want); lost+dup+extra != 0 {
		t.Errorf("Tally of equal counts = %d, %d, %d", lost, dup, extra)
	}
}
