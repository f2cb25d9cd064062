package sim

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// Live Tail delivers at most 500 events per update and samples above that.
const tailMaxEvents = 500

// Tail follows up to 10 log groups live. About once a second (real time,
// which only paces delivery) it sends the events with timestamps in
// (last, now] of the simulated clock; more than 500 become an evenly
// spread sample with Sampled set. Empty updates are not sent. The
// goroutine ends and the channel closes when ctx is done.
func (a *Account) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	const op = "Logs.StartLiveTail"
	if err := a.begin(ctx, op); err != nil {
		return nil, err
	}
	if len(req.Groups) == 0 || len(req.Groups) > 10 {
		return nil, a.fail(providers.ErrInvalid, op, "InvalidParameterException: between 1 and 10 log groups are required")
	}
	if (len(req.Streams) > 0 || len(req.StreamPrefixes) > 0) && len(req.Groups) != 1 {
		return nil, a.fail(providers.ErrInvalid, op, "InvalidParameterException: log stream filters need exactly one log group")
	}
	srcs := make([]logSource, 0, len(req.Groups))
	for _, g := range req.Groups {
		src, err := a.resolveGroup(op, g)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	pat, err := parsePattern(req.Pattern)
	if err != nil {
		return nil, a.fail(providers.ErrInvalid, op, "InvalidParameterException: Invalid filter pattern: %v", err)
	}
	fl := &filter{streams: req.Streams, prefixes: req.StreamPrefixes, pat: pat}
	ch := make(chan providers.LogBatch, 1)
	// The session starts now: read the clock before the goroutine runs.
	go a.tail(ctx, srcs, fl, a.now().UnixMilli(), ch)
	return ch, nil
}

func (a *Account) tail(ctx context.Context, srcs []logSource, fl *filter, last int64, ch chan<- providers.LogBatch) {
	defer close(ch)
	started := last
	everyTick(ctx, time.Second, func() bool {
		if err := a.tailEnded(started); err != nil {
			providers.SendBatch(ctx, ch, providers.LogBatch{Err: err})
			return false
		}
		now := a.now().UnixMilli()
		if now <= last {
			return true
		}
		// A clock that jumped far ahead is tailed from the last minute only,
		// as a session that was away would be.
		from := max(last+1, now-60_000)
		last = now
		batch := a.tailWindow(srcs, fl, from, now+1)
		return len(batch.Events) == 0 || providers.SendBatch(ctx, ch, batch)
	})
}

// everyTick calls step at each tick of d, in real time, until ctx ends or
// step says to stop: the pace of a followed log.
func everyTick(ctx context.Context, d time.Duration, step func() bool) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !step() {
			return
		}
	}
}

// tailWindow collects the events in [from, to) across the sources and
// samples them down to what one Live Tail update carries.
func (a *Account) tailWindow(srcs []logSource, fl *filter, from, to int64) providers.LogBatch {
	type tagged struct {
		e     logEvent
		group string
	}
	var evs []tagged
	nowMs := to - 1
	for _, src := range srcs {
		for T := floorDiv(from, 60000); T*60000 < to; T++ {
			for _, e := range a.minuteEvents(src, T, nowMs) {
				if e.ts >= from && e.ts < to && fl.match(&e) {
					evs = append(evs, tagged{e, src.group})
				}
			}
		}
	}
	slices.SortStableFunc(evs, func(x, y tagged) int {
		if c := cmpInt(x.e.ts, y.e.ts); c != 0 {
			return c
		}
		return strings.Compare(x.e.stream, y.e.stream)
	})
	var batch providers.LogBatch
	n := len(evs)
	if n > tailMaxEvents {
		n, batch.Sampled = tailMaxEvents, true
	}
	batch.Events = make([]providers.LogEvent, n)
	for i := range n {
		t := evs[i*len(evs)/n]
		batch.Events[i] = t.e.provider(t.group)
	}
	return batch
}
