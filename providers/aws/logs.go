package aws

// The CloudWatch Logs reads: a page of a group's history
// (FilterLogEvents) and Live Tail sessions (StartLiveTail).

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

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

const opLiveTail = svcLogs + ".StartLiveTail"

// maxTailGroups is Live Tail's limit of log groups per session.
const maxTailGroups = 10

// defaultTailIdle is how long a session may be silent before it is taken
// for dead. AWS sends a sessionUpdate every second, with or without
// events, so ten seconds of nothing means the connection hangs: without a
// watchdog the pane would say LIVE until TCP gives up, many minutes later.
const defaultTailIdle = 10 * time.Second

// Tail follows up to 10 log groups with a Live Tail session. Each session
// update that carries events becomes one LogBatch (Sampled when the
// service sampled it down to 500 events); updates without events are not
// delivered, but they prove the stream alive: a session silent for
// TailIdleTimeout ends with an ErrNetwork batch, so a hung connection is
// noticed in seconds. An endpoint that answers StartLiveTail with
// something other than AWS (an emulator's HTML page) gets an error
// wrapping providers.ErrTailUnavailable. The channel is closed when ctx is done or the session ends;
// a session that ends with an error (SessionTimeoutException after three
// hours, a dropped stream) sends a final batch carrying Err first.
//
// Opening the session has the Provider's call deadline; the session then
// lives as long as ctx. Live Tail is billed per session-minute: cancel ctx
// when the pane closes.
//
// CLI: aws logs start-live-tail --log-group-identifiers ARN...
// [--log-stream-names S...] [--log-stream-name-prefixes P...]
// [--log-event-filter-pattern PAT]
func (p *Provider) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	if len(req.Groups) == 0 || len(req.Groups) > maxTailGroups {
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: opLiveTail, Action: iamAction(opLiveTail),
			Message: fmt.Sprintf("live tail needs between 1 and %d log groups, not %d", maxTailGroups, len(req.Groups))}
	}
	arns, names, err := p.logGroupARNs(ctx, req.Groups)
	if err != nil {
		return nil, err
	}
	in := &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: arns}
	if len(req.Streams) > 0 {
		in.LogStreamNames = slices.Clone(req.Streams)
	}
	if len(req.StreamPrefixes) > 0 {
		in.LogStreamNamePrefixes = slices.Clone(req.StreamPrefixes)
	}
	if req.Pattern != "" {
		in.LogEventFilterPattern = aws.String(req.Pattern)
	}

	sctx, cancel := context.WithCancel(ctx)
	stream, err := p.openTail(sctx, cancel, in)
	if err != nil {
		cancel()
		return nil, err
	}
	ch := make(chan providers.LogBatch, 1)
	go p.pumpTail(sctx, cancel, stream, names, ch)
	return ch, nil
}

// openTail starts the session within the call deadline, holding a Logs
// in-flight slot only while it opens. The deadline cancels sctx itself
// (the stream reads on under sctx), so it is a timer stopped on success
// rather than a context deadline.
func (p *Provider) openTail(sctx context.Context, cancel context.CancelFunc, in *cloudwatchlogs.StartLiveTailInput) (*cloudwatchlogs.StartLiveTailEventStream, error) {
	timeout := p.cfg.CallTimeout
	if dl, ok := sctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	timer := time.AfterFunc(timeout, cancel)
	if err := p.logsSvc.acquire(sctx); err != nil {
		timer.Stop()
		return nil, p.mapError(opLiveTail, err)
	}
	out, err := p.logs.StartLiveTail(sctx, in)
	p.logsSvc.release()
	if !timer.Stop() {
		// The timer fired: whatever the call returned, the session's
		// context is gone.
		if err == nil {
			_ = out.GetStream().Close()
		}
		return nil, &providers.Error{Kind: providers.ErrNetwork, Op: opLiveTail, Action: iamAction(opLiveTail),
			Message: "timed out waiting for AWS", Err: context.DeadlineExceeded}
	}
	if err != nil {
		if st := httpStatus(err); st >= 400 && notAWS(err) {
			// Not AWS answering (an emulator's HTML error page): there is
			// no Live Tail here, whatever the retry.
			return nil, &providers.Error{Kind: providers.ErrOther, Op: opLiveTail, Action: iamAction(opLiveTail),
				Message: fmt.Sprintf("Live Tail unavailable here (HTTP %d)", st), Err: fmt.Errorf("%w: %w", providers.ErrTailUnavailable, err)}
		}
		return nil, p.mapError(opLiveTail, err)
	}
	return out.GetStream(), nil
}

// notAWS reports whether an error response could not be read as an AWS
// error at all: its body was not an AWS error document.
func notAWS(err error) bool {
	var de *smithy.DeserializationError
	var ae smithy.APIError
	return errors.As(err, &de) && !errors.As(err, &ae)
}

// pumpTail turns session updates into batches until ctx is done or the
// stream ends. It owns the stream and the channel.
func (p *Provider) pumpTail(ctx context.Context, cancel context.CancelFunc, stream *cloudwatchlogs.StartLiveTailEventStream, names map[string]string, ch chan<- providers.LogBatch) {
	defer close(ch)
	defer cancel()
	defer stream.Close()
	send := func(b providers.LogBatch) bool { return providers.SendBatch(ctx, ch, b) }
	events := stream.Events()
	idle := time.NewTimer(p.cfg.TailIdleTimeout)
	defer idle.Stop()
	for {
		var ev types.StartLiveTailResponseStream
		var ok bool
		select {
		case <-ctx.Done():
			return
		case <-idle.C:
			send(providers.LogBatch{Err: &providers.Error{Kind: providers.ErrNetwork, Op: opLiveTail, Action: iamAction(opLiveTail),
				Message: "Live Tail went silent for " + p.cfg.TailIdleTimeout.String() + " (no update, no heartbeat)"}})
			return
		case ev, ok = <-events:
			idle.Reset(p.cfg.TailIdleTimeout)
		}
		if !ok {
			if err := stream.Err(); err != nil && ctx.Err() == nil {
				send(providers.LogBatch{Err: p.tailError(err)})
			}
			return
		}
		u, isUpdate := ev.(*types.StartLiveTailResponseStreamMemberSessionUpdate)
		if !isUpdate || len(u.Value.SessionResults) == 0 {
			continue
		}
		b := providers.LogBatch{Events: make([]providers.LogEvent, 0, len(u.Value.SessionResults))}
		if m := u.Value.SessionMetadata; m != nil {
			b.Sampled = m.Sampled
		}
		for _, e := range u.Value.SessionResults {
			b.Events = append(b.Events, providers.LogEvent{
				Timestamp: msTime(e.Timestamp),
				Ingested:  msTime(e.IngestionTime),
				Group:     groupName(aws.ToString(e.LogGroupIdentifier), names),
				Stream:    aws.ToString(e.LogStreamName),
				Message:   aws.ToString(e.Message),
			})
		}
		sortEvents(b.Events)
		if !send(b) {
			return
		}
	}
}

// tailError maps the error a session ended with.
func (p *Provider) tailError(err error) error {
	mapped := p.mapError(opLiveTail, err)
	var ae smithy.APIError
	var pe *providers.Error
	if errors.As(err, &ae) && errors.As(mapped, &pe) && pe.Kind == providers.ErrOther {
		switch ae.ErrorCode() {
		case "SessionTimeoutException":
			pe.Message = "live tail session ended: " + orCode(ae.ErrorMessage(), "session timed out")
			// A healthy session that reached its limit: followers test
			// for it with providers.IsSessionTimeout and reconnect.
			pe.Err = fmt.Errorf("%w: %w", providers.ErrSessionTimeout, err)
		case "SessionStreamingException":
			pe.Message = "live tail stream failed: " + orCode(ae.ErrorMessage(), "stream error")
		}
	}
	return mapped
}

// logGroupARNs turns log group names into the ARNs Live Tail requires (no
// trailing ":*"), and returns how to map identifiers in results back to the
// names asked for. The ARN is built from the caller's account (one cached
// STS call); when that fails, DescribeLogGroups is asked instead.
func (p *Provider) logGroupARNs(ctx context.Context, groups []string) ([]string, map[string]string, error) {
	arns := make([]string, len(groups))
	names := make(map[string]string, len(groups))
	var account string
	var idErr error
	for i, g := range groups {
		if strings.HasPrefix(g, "arn:") {
			arns[i] = strings.TrimSuffix(g, ":*")
			names[arns[i]] = nameOfGroupARN(arns[i])
			continue
		}
		if account == "" && idErr == nil {
			id, err := p.Identity(ctx)
			account, idErr = id.Account, err
		}
		if idErr == nil {
			arns[i] = fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", partition(p.region), p.region, account, g)
		} else {
			arn, err := p.describeGroupARN(ctx, g)
			if err != nil {
				return nil, nil, err
			}
			arns[i] = arn
		}
		names[arns[i]] = g
	}
	return arns, names, nil
}

// describeGroupARN finds a log group's ARN by name.
//
// CLI: aws logs describe-log-groups --log-group-name-prefix NAME
func (p *Provider) describeGroupARN(ctx context.Context, name string) (string, error) {
	out, err := do(ctx, p, p.logsSvc, "DescribeLogGroups", func(ctx context.Context) (*cloudwatchlogs.DescribeLogGroupsOutput, error) {
		return p.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name), Limit: aws.Int32(50)})
	})
	if err != nil {
		return "", err
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) != name {
			continue
		}
		if arn := aws.ToString(g.LogGroupArn); arn != "" {
			return arn, nil
		}
		return strings.TrimSuffix(aws.ToString(g.Arn), ":*"), nil
	}
	return "", &providers.Error{Kind: providers.ErrNotFound, Op: svcLogs + ".DescribeLogGroups",
		Message: "not found: log group " + name}
}

// groupName maps a result's log group identifier (an ARN, or
// "ACCOUNT:NAME") back to the name the caller asked for.
func groupName(id string, names map[string]string) string {
	if n, ok := names[strings.TrimSuffix(id, ":*")]; ok {
		return n
	}
	if strings.HasPrefix(id, "arn:") {
		return nameOfGroupARN(id)
	}
	if acct, name, ok := strings.Cut(id, ":"); ok && len(acct) == 12 {
		return name
	}
	return id
}

// nameOfGroupARN is the log group name inside its ARN.
func nameOfGroupARN(arn string) string {
	_, name, ok := strings.Cut(arn, ":log-group:")
	if !ok {
		return arn
	}
	return strings.TrimSuffix(name, ":*")
}

// partition is the ARN partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}
