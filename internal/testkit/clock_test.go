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

func TestRunningClockRunsAndAdvances(t *testing.T) {
	var c testkit.RunningClock
	before := time.Now()
	c.Advance(time.Hour)
	got := c.Now()
	if got.Sub(before) < time.Hour {
		t.Fatalf("Now = %v, want at least an hour after %v", got, before)
	}
	if later := c.Now(); later.Before(got) {
		t.Fatalf("the clock went back from %v to %v", got, later)
	}
}

func TestRecordKeepsOrderAcrossGoroutines(t *testing.T) {
	var r testkit.Record[int]
	done := make(chan struct{})
	go func() { r.Add(1); close(done) }()
	<-done
	r.Add(2)
	all := r.All()
	if len(all) != 2 || all[0] != 1 || all[1] != 2 {
		t.Fatalf("All = %v, want [1 2]", all)
	}
	all[0] = 9
	if r.All()[0] != 1 {
		t.Fatal("All shares its slice with the record")
	}
}
