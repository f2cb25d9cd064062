package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/smithy-go/eventstream"

	"github.com/virgahq/virga/providers"
)

// streamHeaderDelay is how long a live tail waits before it answers.
const streamHeaderDelay = 20 * time.Millisecond

type tailEvent struct {
	LogStreamName      string `json:"logStreamName"`
	LogGroupIdentifier string `json:"logGroupIdentifier"`
	Message            string `json:"message"`
	Timestamp          int64  `json:"timestamp"`
	IngestionTime      int64  `json:"ingestionTime"`
}

type tailUpdate struct {
	SessionMetadata struct {
		Sampled bool `json:"sampled"`
	} `json:"sessionMetadata"`
	SessionResults []tailEvent `json:"sessionResults"`
}

// liveTail serves StartLiveTail as an AWS event stream over HTTP/1.1:
// first an initial-response event (the awsJson RPC event stream protocol
// requires it), then sessionStart, then a sessionUpdate for every batch
// the sim's Tail delivers (about once a second while events arrive) and
// an empty one after each heartbeat interval without any. The session ends with a SessionTimeoutException after
// the configured limit, with a SessionStreamingException if the tail
// fails, or when the client goes away or the server closes.
func (s *Server) liveTail(c *call) {
	c.op = "StartLiveTail"
	var in struct {
		LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
		LogStreamNames        []string `json:"logStreamNames"`
		LogStreamNamePrefixes []string `json:"logStreamNamePrefixes"`
		LogEventFilterPattern string   `json:"logEventFilterPattern"`
	}
	if err := c.decode(&in); err != nil {
		c.fail(err)
		return
	}
	ids := make(map[string]string, len(in.LogGroupIdentifiers)) // group name -> identifier as given
	groups := make([]string, 0, len(in.LogGroupIdentifiers))
	for _, id := range in.LogGroupIdentifiers {
		g := groupName(id)
		ids[g] = id
		groups = append(groups, g)
	}
	ctx, cancel := context.WithCancel(c.ctx())
	defer cancel()
	ch, err := s.acct.Tail(ctx, providers.TailRequest{
		Groups: groups, Streams: in.LogStreamNames, StreamPrefixes: in.LogStreamNamePrefixes, Pattern: in.LogEventFilterPattern,
	})
	if err != nil {
		c.fail(err)
		return
	}
	// The sim's tail goroutine ends when ctx is done; wait for it, so that
	// nothing outlives the handler.
	defer func() {
		cancel()
		for range ch {
		}
	}()

	// The SDK closes its request body as soon as the response headers
	// arrive, and its body's WriteTo then reports io.EOF to net/http's
	// write loop, which may still be checking the body's end: the
	// transport treats that as a write error and closes the connection
	// under the stream. On loopback the headers can beat that check, so
	// they wait a moment (see the package documentation).
	select {
	case <-ctx.Done():
		c.fail(ctx.Err())
		return
	case <-time.After(streamHeaderDelay):
	}

	rid := s.requestID()
	c.w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	c.w.Header().Set("X-Amzn-Requestid", rid)
	c.w.WriteHeader(http.StatusOK)
	st := &tailStream{w: c.w, rc: http.NewResponseController(c.w), enc: eventstream.NewEncoder()}

	start := struct {
		RequestID             string   `json:"requestId"`
		SessionID             string   `json:"sessionId"`
		LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
		LogStreamNames        []string `json:"logStreamNames,omitempty"`
		LogStreamNamePrefixes []string `json:"logStreamNamePrefixes,omitempty"`
		LogEventFilterPattern string   `json:"logEventFilterPattern,omitempty"`
	}{rid, revisionID("live-tail", rid), in.LogGroupIdentifiers, in.LogStreamNames, in.LogStreamNamePrefixes, in.LogEventFilterPattern}
	if st.event("initial-response", struct{}{}) != nil || st.event("sessionStart", start) != nil {
		return
	}

	limit := time.NewTimer(s.cfg.liveTailLimit)
	defer limit.Stop()
	beat := time.NewTicker(s.cfg.liveTailHeartbeat)
	defer beat.Stop()
	for {
		var up tailUpdate
		select {
		case <-ctx.Done():
			s.tailClosing(st)
			return
		case <-limit.C:
			_ = st.exception("SessionTimeoutException",
				fmt.Sprintf("Session timed out after %s. Start a new session to continue tailing.", s.cfg.liveTailLimit))
			return
		case b, ok := <-ch:
			if !ok || b.Err != nil {
				if ctx.Err() == nil {
					_ = st.exception("SessionStreamingException", "The session was closed because of an internal error.")
				}
				s.tailClosing(st)
				return
			}
			up.SessionMetadata.Sampled = b.Sampled
			up.SessionResults = make([]tailEvent, 0, len(b.Events))
			for _, e := range b.Events {
				up.SessionResults = append(up.SessionResults, tailEvent{
					LogStreamName: e.Stream, LogGroupIdentifier: ids[e.Group], Message: e.Message,
					Timestamp: e.Timestamp.UnixMilli(), IngestionTime: e.Ingested.UnixMilli(),
				})
			}
			beat.Reset(s.cfg.liveTailHeartbeat)
		case <-beat.C:
			up.SessionResults = []tailEvent{}
		}
		if st.event("sessionUpdate", up) != nil {
			return
		}
	}
}

// tailClosing tells a live tail's client that the server is closing, if
// it is (rather than the client having gone away).
func (s *Server) tailClosing(st *tailStream) {
	if s.ctx.Err() == nil {
		return
	}
	_ = st.rc.SetWriteDeadline(time.Now().Add(time.Second))
	_ = st.exception("SessionStreamingException", "The session was closed because the service is shutting down.")
}

// tailStream writes event stream messages, flushing each.
type tailStream struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	enc *eventstream.Encoder
}

func (t *tailStream) write(msg eventstream.Message) error {
	if err := t.enc.Encode(t.w, msg); err != nil {
		return err
	}
	return t.rc.Flush()
}

func (t *tailStream) event(typ string, v any) error {
	return t.send(eventstream.EventMessageType, eventstream.EventTypeHeader, typ, v)
}

func (t *tailStream) exception(typ, message string) error {
	return t.send(eventstream.ExceptionMessageType, eventstream.ExceptionTypeHeader, typ, map[string]string{"message": message})
}

// send writes one message of the stream: kind is event or exception,
// typeHeader the header that names its type, v its JSON payload.
func (t *tailStream) send(kind, typeHeader, typ string, v any) error {
	payload, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var msg eventstream.Message
	msg.Headers.Set(eventstream.MessageTypeHeader, eventstream.StringValue(kind))
	msg.Headers.Set(typeHeader, eventstream.StringValue(typ))
	msg.Headers.Set(eventstream.ContentTypeHeader, eventstream.StringValue("application/json"))
	msg.Payload = payload
	return t.write(msg)
}
