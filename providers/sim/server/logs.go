package server

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// groupName turns a log group identifier (a name, or an ARN with or
// without its ":*" suffix) into the name.
func groupName(id string) string {
	if !strings.HasPrefix(id, "arn:") {
		return id
	}
	if _, name, ok := strings.Cut(id, ":log-group:"); ok {
		return strings.TrimSuffix(name, ":*")
	}
	return id
}

// groupRef is how a Logs request names its one log group: by name or by
// identifier (an ARN or a name), never both.
type groupRef struct {
	LogGroupName       string `json:"logGroupName"`
	LogGroupIdentifier string `json:"logGroupIdentifier"`
}

// groupOp makes an rpcOp of a Logs operation that names one log group:
// h takes the decoded request and the group it names.
func groupOp[In interface{ group(*call) (string, error) }](h func(c *call, in In, g string) (any, error)) rpcOp {
	return rpcIn(func(c *call, in In) (any, error) {
		g, err := in.group(c)
		if err != nil {
			return nil, err
		}
		return h(c, in, g)
	})
}

// group reads the one log group a request names.
func (r groupRef) group(c *call) (string, error) {
	name, id := r.LogGroupName, r.LogGroupIdentifier
	switch {
	case name != "" && id != "":
		return "", c.invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case name == "" && id == "":
		return "", c.invalid("Either LogGroupName or LogGroupIdentifier must be specified.")
	case name != "":
		return name, nil
	}
	return groupName(id), nil
}

func msTime(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

type logEvent struct {
	LogStreamName string `json:"logStreamName,omitempty"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId,omitempty"`
}

// eventsWindow is how the two reads of events (FilterLogEvents and
// GetLogEvents) name their window and page.
type eventsWindow struct {
	StartTime *int64 `json:"startTime"`
	EndTime   *int64 `json:"endTime"`
	NextToken string `json:"nextToken"`
	Limit     int    `json:"limit"`
}

type filterLogEventsIn struct {
	groupRef
	eventsWindow
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix string   `json:"logStreamNamePrefix"`
	FilterPattern       string   `json:"filterPattern"`
}

func (s *Server) filterLogEvents(c *call, in filterLogEventsIn, g string) (any, error) {
	if in.Limit < 0 || in.Limit > 10_000 {
		return nil, c.invalid("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000", in.Limit)
	}
	c.resource = s.arn("logs", "log-group:"+g+":*")
	// AWS returns events at endTime too; the sim's End is exclusive.
	end := msTime(in.EndTime)
	if !end.IsZero() {
		end = end.Add(time.Millisecond)
	}
	pg, err := s.acct.FilterLogEvents(c.ctx(), providers.LogQuery{
		Group: g, Streams: in.LogStreamNames, StreamPrefix: in.LogStreamNamePrefix, Pattern: in.FilterPattern,
		Start: msTime(in.StartTime), End: end, NextToken: in.NextToken, Limit: in.Limit,
	})
	if err != nil {
		return nil, err
	}
	out := struct {
		Events             []logEvent `json:"events"`
		SearchedLogStreams []struct{} `json:"searchedLogStreams"`
		NextToken          string     `json:"nextToken,omitempty"`
	}{Events: make([]logEvent, 0, len(pg.Events)), SearchedLogStreams: []struct{}{}, NextToken: pg.NextToken}
	for _, e := range pg.Events {
		out.Events = append(out.Events, logEvent{
			LogStreamName: e.Stream, Timestamp: e.Timestamp.UnixMilli(), Message: e.Message,
			IngestionTime: e.Ingested.UnixMilli(), EventID: e.ID,
		})
	}
	return out, nil
}

type logGroup struct {
	LogGroupName      string `json:"logGroupName"`
	CreationTime      int64  `json:"creationTime"`
	RetentionInDays   int    `json:"retentionInDays,omitempty"`
	MetricFilterCount int    `json:"metricFilterCount"`
	Arn               string `json:"arn"`
	LogGroupArn       string `json:"logGroupArn"`
	StoredBytes       int64  `json:"storedBytes"`
	LogGroupClass     string `json:"logGroupClass"`
}

// logGroups lists every log group of the account, sorted by name.
func (s *Server) logGroups(c *call) ([]logGroup, error) {
	cat, err := s.catalog(c.ctx())
	if err != nil {
		return nil, err
	}
	var out []logGroup
	add := func(name string, created time.Time, retention int) {
		if slices.ContainsFunc(out, func(g logGroup) bool { return g.LogGroupName == name }) {
			return
		}
		out = append(out, logGroup{
			LogGroupName: name, CreationTime: created.UnixMilli(), RetentionInDays: retention,
			Arn: s.arn("logs", "log-group:"+name+":*"), LogGroupArn: s.arn("logs", "log-group:"+name),
			StoredBytes: int64(len(name)) << 20, LogGroupClass: "STANDARD",
		})
	}
	for _, f := range cat.functions {
		add(f.logGroup, f.modified.Add(-30*24*time.Hour), 0)
	}
	for _, cl := range cat.clusters {
		for _, sv := range cl.services {
			for _, g := range sv.logGroups {
				add(g, sv.created, 30)
			}
		}
	}
	slices.SortFunc(out, func(a, b logGroup) int { return strings.Compare(a.LogGroupName, b.LogGroupName) })
	return out, nil
}

type describeLogGroupsIn struct {
	LogGroupNamePrefix  string   `json:"logGroupNamePrefix"`
	LogGroupNamePattern string   `json:"logGroupNamePattern"`
	LogGroupIdentifiers []string `json:"logGroupIdentifiers"`
	NextToken           string   `json:"nextToken"`
	Limit               int      `json:"limit"`
}

func (s *Server) describeLogGroups(c *call, in describeLogGroupsIn) (any, error) {
	if in.LogGroupNamePrefix != "" && in.LogGroupNamePattern != "" {
		return nil, c.invalid("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.")
	}
	if err := c.begin(); err != nil {
		return nil, err
	}
	all, err := s.logGroups(c)
	if err != nil {
		return nil, err
	}
	var match []logGroup
	for _, g := range all {
		switch {
		case !strings.HasPrefix(g.LogGroupName, in.LogGroupNamePrefix),
			in.LogGroupNamePattern != "" && !strings.Contains(strings.ToLower(g.LogGroupName), strings.ToLower(in.LogGroupNamePattern)),
			len(in.LogGroupIdentifiers) > 0 && !slices.ContainsFunc(in.LogGroupIdentifiers, func(id string) bool { return groupName(id) == g.LogGroupName }):
			continue
		}
		match = append(match, g)
	}
	return pageOf(c, "groups", "logGroups", in.NextToken, clampLimit(in.Limit, 50, 50), match, same)
}

type getLogEventsIn struct {
	groupRef
	eventsWindow
	LogStreamName string `json:"logStreamName"`
	StartFromHead bool   `json:"startFromHead"`
}

// GetLogEvents reads one stream through the sim's FilterLogEvents (whose
// faults therefore apply too). Forward tokens are "f/<ms>/<n>": resume
// after the first n events at timestamp ms; backward tokens "b/<ms>" read
// the events before ms. Without a startTime the window is the sim's
// default for FilterLogEvents, the last hour.
func (s *Server) getLogEvents(c *call, in getLogEventsIn, g string) (any, error) {
	if in.LogStreamName == "" {
		return nil, c.invalid("logStreamName is required")
	}
	if err := c.begin(); err != nil {
		return nil, err
	}
	limit := clampLimit(in.Limit, 10_000, 10_000)
	q := providers.LogQuery{Group: g, Streams: []string{in.LogStreamName}, Start: msTime(in.StartTime), End: msTime(in.EndTime)}
	forward, skip := in.StartFromHead, 0
	switch dir, rest, _ := strings.Cut(in.NextToken, "/"); dir {
	case "":
	case "f":
		var ms int64
		if _, err := fmt.Sscanf(rest, "%d/%d", &ms, &skip); err != nil {
			return nil, c.invalid("The specified nextToken is invalid.")
		}
		forward, q.Start = true, time.UnixMilli(ms).UTC()
	case "b":
		var ms int64
		if _, err := fmt.Sscanf(rest, "%d", &ms); err != nil {
			return nil, c.invalid("The specified nextToken is invalid.")
		}
		forward, q.End = false, time.UnixMilli(ms).UTC()
	default:
		return nil, c.invalid("The specified nextToken is invalid.")
	}
	var evs []providers.LogEvent
	for range 1000 {
		pg, err := s.acct.FilterLogEvents(c.ctx(), q)
		if err != nil {
			return nil, err
		}
		evs = append(evs, pg.Events...)
		if pg.NextToken == "" || (forward && len(evs) >= limit+skip) {
			break
		}
		q.NextToken = pg.NextToken
	}
	if forward {
		first := q.Start.UnixMilli()
		for skip > 0 && len(evs) > 0 && evs[0].Timestamp.UnixMilli() == first {
			evs, skip = evs[1:], skip-1
		}
		evs = evs[:min(limit, len(evs))]
	} else {
		evs = evs[max(0, len(evs)-limit):]
	}
	out := struct {
		Events            []logEvent `json:"events"`
		NextForwardToken  string     `json:"nextForwardToken"`
		NextBackwardToken string     `json:"nextBackwardToken"`
	}{Events: make([]logEvent, 0, len(evs))}
	for _, e := range evs {
		out.Events = append(out.Events, logEvent{Timestamp: e.Timestamp.UnixMilli(), Message: e.Message, IngestionTime: e.Ingested.UnixMilli()})
	}
	switch {
	case len(evs) == 0 && in.NextToken != "":
		out.NextForwardToken, out.NextBackwardToken = in.NextToken, in.NextToken
	case len(evs) == 0:
		out.NextForwardToken, out.NextBackwardToken = fmt.Sprintf("f/%d/0", q.Start.UnixMilli()), fmt.Sprintf("b/%d", q.Start.UnixMilli())
	default:
		last := evs[len(evs)-1].Timestamp.UnixMilli()
		n := 0
		for i := len(evs) - 1; i >= 0 && evs[i].Timestamp.UnixMilli() == last; i-- {
			n++
		}
		if forward && last == q.Start.UnixMilli() {
			n += skipped(in.NextToken)
		}
		out.NextForwardToken = fmt.Sprintf("f/%d/%d", last, n)
		out.NextBackwardToken = fmt.Sprintf("b/%d", evs[0].Timestamp.UnixMilli())
	}
	return out, nil
}

// skipped is how many events at its timestamp a forward token skips.
func skipped(tok string) int {
	var ms int64
	var n int
	if _, err := fmt.Sscanf(tok, "f/%d/%d", &ms, &n); err != nil {
		return 0
	}
	return n
}
