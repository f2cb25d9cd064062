package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/virgahq/virga/providers"
)

type cwDimension struct {
	Name  string
	Value string
}

type cwMetric struct {
	Namespace  string
	MetricName string
	Dimensions []cwDimension
}

type cwQuery struct {
	Id         string
	MetricStat *struct {
		Metric cwMetric
		Period int
		Stat   string
		Unit   string
	}
	Expression string
	Label      string
	ReturnData *bool
	Period     int
}

type gmdInput struct {
	MetricDataQueries []cwQuery
	StartTime         *float64
	EndTime           *float64
	NextToken         string
	ScanBy            string
	MaxDatapoints     int
}

// validationError is CloudWatch's ValidationException (awsQuery code
// ValidationError).
func validationError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "ValidationException", queryCode: "ValidationError", message: fmt.Sprintf(format, args...)}
}

func invalidNextToken() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "InvalidNextToken", message: "The service couldn't process your request because the NextToken was invalid."}
}

func epochSeconds(f float64) time.Time {
	return time.UnixMilli(int64(math.Round(f * 1000))).UTC()
}

// gmdToken is where a paged GetMetricData stopped: query index i, point
// offset j into it, and the point count that query had when paging began
// (points added later, as minutes end, come after it in ascending order
// and are left out so that offsets stay put). h ties it to the request.
type gmdToken struct {
	h        uint64
	i, j, nj int
}

func (t gmdToken) encode() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "gmd1.%x.%d.%d.%d", t.h, t.i, t.j, t.nj))
}

func decodeGMDToken(s string) (gmdToken, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return gmdToken{}, false
	}
	var t gmdToken
	_, err = fmt.Sscanf(string(b), "gmd1.%x.%d.%d.%d", &t.h, &t.i, &t.j, &t.nj)
	return t, err == nil && t.i >= 0 && t.j >= 0 && t.nj >= 0
}

// GetMetricData validates the queries as CloudWatch does (at most 500,
// ids matching ^[a-z][a-zA-Z0-9_]*$ and unique, MetricStat only), reads
// the series from the sim and pages them: one response carries at most
// MaxDatapoints points (the server's default when unset); a series cut
// short is PartialData and the response carries a NextToken. Points come
// newest first unless ScanBy is TimestampAscending.
func (s *Server) getMetricData(c *call, in gmdInput) (any, error) {
	if err := validateQueries(in.MetricDataQueries); err != nil {
		return nil, err
	}
	if in.StartTime == nil || in.EndTime == nil {
		return nil, validationError("StartTime and EndTime are required.")
	}
	tok := gmdToken{h: requestHash(in)}
	if in.NextToken != "" {
		t, ok := decodeGMDToken(in.NextToken)
		if !ok || t.h != tok.h || t.i >= len(in.MetricDataQueries) {
			return nil, invalidNextToken()
		}
		tok = t
	}
	qs := in.MetricDataQueries[tok.i:]
	req := providers.MetricRequest{Start: epochSeconds(*in.StartTime), End: epochSeconds(*in.EndTime), Queries: make([]providers.MetricQuery, 0, len(qs))}
	for _, q := range qs {
		ms := q.MetricStat
		mq := providers.MetricQuery{
			Key: q.Id, Namespace: ms.Metric.Namespace, Metric: ms.Metric.MetricName,
			Stat: ms.Stat, Period: time.Duration(ms.Period) * time.Second,
		}
		for _, d := range ms.Metric.Dimensions {
			mq.Dimensions = append(mq.Dimensions, providers.Dimension{Name: d.Name, Value: d.Value})
		}
		req.Queries = append(req.Queries, mq)
	}
	res, err := s.acct.GetMetricData(c.ctx(), req)
	if err != nil {
		return nil, err
	}

	budget := in.MaxDatapoints
	if budget <= 0 {
		budget = s.cfg.maxDatapoints
	}
	results := []map[string]any{}
	out := map[string]any{"Messages": []any{}}
	for k, series := range res.Series {
		q := qs[k]
		ts, vs := series.Timestamps, series.Values
		if k == 0 && tok.nj > 0 {
			ts, vs = ts[:min(tok.nj, len(ts))], vs[:min(tok.nj, len(vs))]
		}
		ts, vs = slices.Clone(ts), slices.Clone(vs)
		if in.ScanBy != "TimestampAscending" {
			slices.Reverse(ts)
			slices.Reverse(vs)
		}
		total, from := len(ts), 0
		if k == 0 {
			from = min(tok.j, total)
		}
		status := series.Status
		if status == "" {
			status = "Complete"
		}
		to := total
		if total-from > budget {
			to, status = from+budget, "PartialData"
			out["NextToken"] = gmdToken{h: tok.h, i: tok.i + k, j: to, nj: total}.encode()
		}
		budget -= to - from
		if q.ReturnData == nil || *q.ReturnData {
			r := map[string]any{
				"Id": q.Id, "Label": q.Label, "StatusCode": status,
				"Timestamps": ts[from:to], "Values": vs[from:to], "Messages": []any{},
			}
			if q.Label == "" {
				r["Label"] = q.MetricStat.Metric.MetricName
			}
			results = append(results, r)
		}
		if status == "PartialData" {
			break
		}
		if budget <= 0 && k+1 < len(res.Series) {
			out["NextToken"] = gmdToken{h: tok.h, i: tok.i + k + 1}.encode()
			break
		}
	}
	out["MetricDataResults"] = results
	return out, nil
}

// validID reports whether id matches ^[a-z][a-zA-Z0-9_]*$ in at most 255
// characters, as CloudWatch requires of MetricDataQuery.Id.
func validID(id string) bool {
	if id == "" || len(id) > 255 || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func validateQueries(qs []cwQuery) error {
	switch {
	case len(qs) == 0:
		return validationError("The collection MetricDataQueries must not be empty.")
	case len(qs) > 500:
		return validationError("The collection MetricDataQueries must not have a size greater than 500.")
	}
	seen := make(map[string]bool, len(qs))
	for i, q := range qs {
		switch {
		case !validID(q.Id):
			return validationError("The value %s for parameter MetricDataQueries.member.%d.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.", q.Id, i+1)
		case seen[q.Id]:
			return validationError("The values for parameter id in MetricDataQueries are not unique.")
		case q.Expression != "":
			return validationError("MetricDataQueries.member.%d: metric math expressions are not supported by the simulated account.", i+1)
		case q.MetricStat == nil:
			return validationError("Exactly one of MetricStat and Expression must be specified in MetricDataQueries.member.%d.", i+1)
		}
		seen[q.Id] = true
	}
	return nil
}

// requestHash identifies a GetMetricData request apart from its paging.
func requestHash(in gmdInput) uint64 {
	in.NextToken, in.MaxDatapoints = "", 0
	b, _ := json.Marshal(in)
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

type listMetricsIn struct {
	Namespace  string
	MetricName string
	Dimensions []cwDimensionFilter
	NextToken  string
}

// ListMetrics lists the metrics the sim serves: per function and account
// wide in AWS/Lambda, per cluster and service in AWS/ECS, and Container
// Insights for the clusters that enable it. 500 per page.
func (s *Server) listMetrics(c *call, in listMetricsIn) (any, error) {
	if err := c.begin(); err != nil {
		return nil, err
	}
	cat, err := s.catalog(c.ctx())
	if err != nil {
		return nil, err
	}
	all := cat.metricList()
	match := filterMetrics(all, in.Namespace, in.MetricName, in.Dimensions)
	out, err := pageOf(c, "metrics", "Metrics", in.NextToken, 500, match, func(m cwMetric) map[string]any {
		dims := make([]map[string]any, 0, len(m.Dimensions))
		for _, d := range m.Dimensions {
			dims = append(dims, map[string]any{"Name": d.Name, "Value": d.Value})
		}
		return map[string]any{"Namespace": m.Namespace, "MetricName": m.MetricName, "Dimensions": dims}
	})
	if err != nil {
		return nil, invalidNextToken()
	}
	return out, nil
}

type cwDimensionFilter struct {
	Name  string
	Value *string // nil matches any value
}

// filterMetrics keeps the metrics ListMetrics' filters select.
func filterMetrics(all []cwMetric, ns, name string, dims []cwDimensionFilter) []cwMetric {
	if ns == "" && name == "" && len(dims) == 0 {
		return all
	}
	var out []cwMetric
	for _, m := range all {
		if (ns != "" && m.Namespace != ns) || (name != "" && m.MetricName != name) {
			continue
		}
		ok := true
		for _, f := range dims {
			if !slices.ContainsFunc(m.Dimensions, func(d cwDimension) bool { return d.Name == f.Name && (f.Value == nil || *f.Value == d.Value) }) {
				ok = false
			}
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}
