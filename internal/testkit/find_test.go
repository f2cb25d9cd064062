package testkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// failures is a testing.TB that records Fatalf instead of stopping.
type failures struct {
	testing.TB
	said []string
}

func (f *failures) Helper() {}
func (f *failures) Fatalf(format string, a ...any) {
	f.said = append(f.said, fmt.Sprintf(format, a...))
}

// TestFindFailsWhatItCannotFind: the matching item comes back; a failed
// listing or a missing item fails the test, naming what was sought.
func TestFindFailsWhatItCannotFind(t *testing.T) {
	even := func(n int) bool { return n%2 == 0 }
	if got := testkit.Find(t, "an even number", []int{1, 4, 6}, nil, even); got != 4 {
		t.Errorf("Find = %d, want 4", got)
	}
	for _, c := range []struct {
		items []int
		err   error
		says  string
	}{
		{[]int{1, 3}, nil, "an even number is not among the 2 listed"},
		{nil, errors.New("denied"), "listing for an even number: denied"},
	} {
		f := &failures{TB: t}
		testkit.Find(f, "an even number", c.items, c.err, even)
		if len(f.said) == 0 || f.said[0] != c.says {
			t.Errorf("Find(%v, %v) failed with %q, want %q", c.items, c.err, f.said, c.says)
		}
	}
}
