package main

import (
	"testing"
	"time"
)

func TestDaysFlag(t *testing.T) {
	for in, want := range map[string]time.Duration{"90s": 90 * time.Second, "15m": 15 * time.Minute, "1d": 24 * time.Hour, "2w": 14 * 24 * time.Hour, "1h30m": 90 * time.Minute} {
		var d daysFlag
		if err := d.Set(in); err != nil || time.Duration(d) != want {
			t.Errorf("%s: %v %v", in, time.Duration(d), err)
		}
	}
	for _, bad := range []string{"1x", "d", "0d", "-1d", "1.5d", ""} {
		var d daysFlag
		if d.Set(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
