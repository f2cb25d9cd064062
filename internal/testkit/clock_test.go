package testkit_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
)

func TestClockAdvances(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	c := testkit.NewClock(t0)
	c.Advance(90 * time.Second)
	if got := c.Now(); !got.Equal(t0.Add(90 * time.Second)) {
		t.Fatalf("Now = %v after 90s from %v", got, t0)
	}
}
