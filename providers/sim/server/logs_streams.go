package server

import "time"

type logStream struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp int64  `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  int64  `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   int64  `json:"lastIngestionTime,omitempty"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"`
}

type describeLogStreamsIn struct {
	groupRef
	LogStreamNamePrefix string `json:"logStreamNamePrefix"`
	OrderBy             string `json:"orderBy"`
	Descending          bool   `json:"descending"`
	NextToken           string `json:"nextToken"`
	Limit               int    `json:"limit"`
}

// describeLogStreams answers the one form virga sends: the streams with
// the newest events first (orderBy LastEventTime, descending), through the
// sim's NewestStreams. The other orders would list every stream the model
// ever opened, which it does not keep; they are refused as unsupported.
func (s *Server) describeLogStreams(c *call, in describeLogStreamsIn, g string) (any, error) {
	if in.OrderBy == "LastEventTime" && in.LogStreamNamePrefix != "" {
		return nil, c.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	if in.OrderBy != "LastEventTime" || !in.Descending {
		return nil, c.invalid("the simulated account lists log streams ordered by LastEventTime, descending, only")
	}
	if in.NextToken != "" {
		return nil, c.invalid("The specified nextToken is invalid.")
	}
	ss, err := s.acct.NewestStreams(c.ctx(), g, clampLimit(in.Limit, 50, 50))
	if err != nil {
		return nil, err
	}
	out := struct {
		LogStreams []logStream `json:"logStreams"`
	}{LogStreams: make([]logStream, 0, len(ss))}
	for _, st := range ss {
		last := st.LastEvent.UnixMilli()
		out.LogStreams = append(out.LogStreams, logStream{
			LogStreamName: st.Name, CreationTime: st.LastEvent.Add(-time.Hour).UnixMilli(),
			LastEventTimestamp: last, LastIngestionTime: last + 400,
			Arn: s.arn("logs", "log-group:"+g+":log-stream:"+st.Name), StoredBytes: 0,
		})
	}
	return out, nil
}
