package sim

import (
	"context"
	"time"

	"github.com/virgahq/virga/providers"
)

var _ providers.LogStreamLister = (*Account)(nil)

// streamsLookback bounds how far back NewestStreams looks for streams.
const streamsLookback = 7 * 24 * 60

// NewestStreams returns up to limit streams of group with the newest
// events, newest first, as DescribeLogStreams ordered by LastEventTime
// (descending) does. It walks back minute by minute from now, up to a
// week, until it has found limit streams.
func (a *Account) NewestStreams(ctx context.Context, group string, limit int) ([]providers.LogStream, error) {
	const op = "Logs.DescribeLogStreams"
	src, err := a.beginGroup(ctx, op, group)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 50 {
		limit = 50
	}
	nowMs := a.now().UnixMilli()
	var out []providers.LogStream
	seen := map[string]bool{}
	for T := floorDiv(nowMs, 60000); T > floorDiv(nowMs, 60000)-streamsLookback && len(out) < limit; T-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		evs := a.minuteEvents(src, T, nowMs)
		for i := len(evs) - 1; i >= 0 && len(out) < limit; i-- {
			if e := &evs[i]; !seen[e.stream] {
				seen[e.stream] = true
				out = append(out, providers.LogStream{Name: e.stream, LastEvent: time.UnixMilli(e.ts).UTC()})
			}
		}
	}
	return out, nil
}
