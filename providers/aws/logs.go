package aws

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/virgahq/virga/providers"
)

// maxFilterLimit is FilterLogEvents' largest page.
const maxFilterLimit = 10_000

// FilterLogEvents reads one page of a log group's history. The page is
// sorted by time (then stream) and free of duplicate event ids; it may be
// empty and still carry a NextToken, so callers page until NextToken is
// empty. The quota is 5 calls a second per account: calls wait for their
// turn (see providers/pace), so page lazily.
//
// CLI: aws logs filter-log-events --log-group-name G [--log-stream-names S...]
// [--log-stream-name-prefix P] [--filter-pattern PAT] --start-time MS
// --end-time MS [--next-token T] [--limit N]
func (p *Provider) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	in := &cloudwatchlogs.FilterLogEventsInput{}
	if strings.HasPrefix(q.Group, "arn:") {
		in.LogGroupIdentifier = aws.String(strings.TrimSuffix(q.Group, ":*"))
	} else {
		in.LogGroupName = aws.String(q.Group)
	}
	if len(q.Streams) > 0 {
		in.LogStreamNames = slices.Clone(q.Streams)
	}
	if q.StreamPrefix != "" {
		in.LogStreamNamePrefix = aws.String(q.StreamPrefix)
	}
	if q.Pattern != "" {
		in.FilterPattern = aws.String(q.Pattern)
	}
	if !q.Start.IsZero() {
		in.StartTime = aws.Int64(q.Start.UnixMilli())
	}
	if !q.End.IsZero() {
		// The query's End is exclusive; AWS's endTime is inclusive.
		in.EndTime = aws.Int64(q.End.UnixMilli() - 1)
	}
	if q.NextToken != "" {
		in.NextToken = aws.String(q.NextToken)
	}
	if q.Limit > 0 {
		in.Limit = aws.Int32(int32(min(q.Limit, maxFilterLimit)))
	}
	if err := p.logPace.Wait(ctx); err != nil {
		return providers.LogPage{}, p.mapError(svcLogs+".FilterLogEvents", err)
	}
	out, err := do(ctx, p, p.logsSvc, "FilterLogEvents", func(ctx context.Context) (*cloudwatchlogs.FilterLogEventsOutput, error) {
		return p.logs.FilterLogEvents(ctx, in)
	})
	p.logPace.Done(err)
	if err != nil {
		return providers.LogPage{}, err
	}
	page := providers.LogPage{NextToken: aws.ToString(out.NextToken), Events: make([]providers.LogEvent, 0, len(out.Events))}
	seen := make(map[string]bool, len(out.Events))
	for _, e := range out.Events {
		id := aws.ToString(e.EventId)
		if id != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		page.Events = append(page.Events, filteredEventOf(e, q.Group))
	}
	sortEvents(page.Events)
	return page, nil
}

func filteredEventOf(e types.FilteredLogEvent, group string) providers.LogEvent {
	return providers.LogEvent{
		ID:        aws.ToString(e.EventId),
		Timestamp: msTime(e.Timestamp),
		Ingested:  msTime(e.IngestionTime),
		Group:     group,
		Stream:    aws.ToString(e.LogStreamName),
		Message:   aws.ToString(e.Message),
	}
}

// msTime turns CloudWatch Logs' epoch milliseconds into a time.
func msTime(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

// sortEvents orders events by time, then stream, keeping the service's
// order for equal keys.
func sortEvents(evs []providers.LogEvent) {
	slices.SortStableFunc(evs, func(x, y providers.LogEvent) int {
		if c := x.Timestamp.Compare(y.Timestamp); c != 0 {
			return c
		}
		return strings.Compare(x.Stream, y.Stream)
	})
}
