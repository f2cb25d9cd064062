package main

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
)

// liveOut is a function's live figures over the window, as JSON: the
// numbers CloudWatch had (a figure it had none for is left out), or why
// there are none.
type liveOut struct {
	Window               string   `json:"window"`
	Invocations          *float64 `json:"invocations,omitempty"`
	InvocationsPerMinute *float64 `json:"invocationsPerMinute,omitempty"`
	Errors               *float64 `json:"errors,omitempty"`
	ErrorRate            *float64 `json:"errorRate,omitempty"`
	Throttles            *float64 `json:"throttles,omitempty"`
	P95DurationMs        *float64 `json:"p95DurationMs,omitempty"`
	MaxConcurrency       *float64 `json:"maxConcurrency,omitempty"`
	Error                string   `json:"error,omitempty"`

	live views.FunctionLive
}

// liveHeader are the columns --metrics adds, as the TUI titles them.
func liveHeader() []string { return []string{"INV/m", "ERR%", "THR", "P95", "CONC"} }

// cells are the row's live columns in the TUI's formats.
func (l *liveOut) cells() []string {
	if l == nil {
		return []string{"-", "-", "-", "-", "-"}
	}
	if l.Error != "" {
		return []string{"n/a", "n/a", "n/a", "n/a", "n/a"}
	}
	lv := l.live
	return []string{format.Count(lv.InvPerMin), format.Percent(lv.ErrRate), format.Count(lv.Throttles), format.Millis(lv.P95), format.Count(lv.MaxConc)}
}

// readLive reads the live figures of fns in one request.
func readLive(ctx context.Context, be *backend, fns []providers.Function, g *getFlags) (map[string]*liveOut, error) {
	r, ok := be.backend.(providers.MetricsReader)
	if !ok {
		return nil, errors.New("this backend cannot read metrics")
	}
	names := make([]string, len(fns))
	for i, fn := range fns {
		names[i] = fn.Name
	}
	if len(names) == 0 {
		return nil, nil
	}
	// One request for every function: the provider splits it into calls
	// of 500 queries, each with the call deadline.
	figs, err := metrics.LiveFigures(ctx, r, names, be.now(), g.window)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*liveOut, len(figs))
	for n, lv := range figs {
		o := &liveOut{Window: format.Period(g.window), Error: lv.Err, live: lv}
		if lv.Err == "" {
			inv, errs := metrics.LiveTotals(lv)
			o.Invocations, o.Errors = num(inv), num(errs)
			o.InvocationsPerMinute, o.ErrorRate, o.Throttles = num(lv.InvPerMin), num(lv.ErrRate), num(lv.Throttles)
			o.P95DurationMs, o.MaxConcurrency = num(lv.P95), num(lv.MaxConc)
		}
		out[n] = o
	}
	return out, nil
}

// liveEvery is how often the figures over window change.
func liveEvery(window time.Duration) time.Duration { return metrics.LiveEvery(window) }

// num is v for JSON, nil when it is not a number.
func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
