package providers

import (
	"context"
	"time"
)

// LogEvent is one CloudWatch Logs event. Message is raw and untrusted.
type LogEvent struct {
	ID        string
	Timestamp time.Time
	Ingested  time.Time
	Group     string
	Stream    string
	Message   string
}

// LogQuery is a FilterLogEvents request over one log group: the events
// with timestamps in [Start, End). End is exclusive, so adjacent windows
// never return an event twice (AWS's endTime is inclusive: providers
// translate).
type LogQuery struct {
	Group        string
	Streams      []string
	StreamPrefix string
	Pattern      string
	Start        time.Time
	End          time.Time
	NextToken    string
	Limit        int
}

// LogPage is one FilterLogEvents page. A page may be empty and still carry
// a NextToken: callers keep paging until NextToken is empty.
type LogPage struct {
	Events    []LogEvent
	NextToken string
}

// TailRequest opens a live tail over up to 10 log groups.
type TailRequest struct {
	Groups         []string
	Streams        []string
	StreamPrefixes []string
	Pattern        string
}

// LogBatch is what a live tail delivers about once a second. Sampled says
// the service sent only a sample of the matching events.
type LogBatch struct {
	Events  []LogEvent
	Sampled bool
	// Dropped counts events left out just before this batch because the
	// reader fell behind a stream shared with other readers (virga serve
	// fans one Live Tail session out to every session following the same
	// groups, each with a bounded buffer). Zero when nothing was dropped.
	Dropped int
	// Err ends the stream: the channel is closed after a batch with Err.
	Err error
}

// SendBatch hands b to a tail's channel, or reports false when ctx ends
// first.
func SendBatch(ctx context.Context, ch chan<- LogBatch, b LogBatch) bool {
	select {
	case ch <- b:
		return true
	case <-ctx.Done():
		return false
	}
}

// LogStream is one stream of a log group and the time of its newest event.
type LogStream struct {
	Name      string
	LastEvent time.Time
}
