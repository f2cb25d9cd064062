package main

import (
	"strconv"
	"strings"
	"time"
)

// daysFlag is a duration flag that also takes whole days and weeks
// ("1d", "2w"), which is how people say how far back to read logs.
type daysFlag time.Duration

func (d *daysFlag) String() string { return time.Duration(*d).String() }

func (d *daysFlag) Type() string { return "duration" }

func (d *daysFlag) Set(v string) error {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(v, suffix); ok {
			k, err := strconv.Atoi(n)
			if err != nil || k <= 0 {
				return strconv.ErrSyntax
			}
			*d = daysFlag(time.Duration(k) * unit)
			return nil
		}
	}
	p, err := time.ParseDuration(v)
	if err != nil {
		return err
	}
	*d = daysFlag(p)
	return nil
}
