package aws

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/virgahq/virga/providers"
)

// maxQueriesPerCall is GetMetricData's limit of metric queries per call.
const maxQueriesPerCall = 500

// maxMetricPages bounds the NextToken pages followed for one call.
const maxMetricPages = 20

// GetMetricData reads a batch of metrics: the queries are split into calls
// of at most 500, each query gets an id (q0, q1, ...) that is mapped back to
// its Key, NextToken pages are followed and merged, and every series comes
// back oldest point first with its own status (Complete, PartialData,
// Forbidden, ...). Series are in the order of req.Queries.
//
// A query that fails on its own does not fail the rest: a failed call is
// split to find it (metrics_isolate.go), it comes back with Status
// InternalError and the reason, and it is left out of the next calls for
// a while. The request fails as a whole only when the failure concerns
// the call (throttling, credentials, the network, a server that fails
// everything).
//
// CLI: aws cloudwatch get-metric-data --metric-data-queries file://q.json
// --start-time T0 --end-time T1 --scan-by TimestampAscending
func (p *Provider) GetMetricData(ctx context.Context, req providers.MetricRequest) (providers.MetricResult, error) {
	now := p.cfg.Now()
	res := providers.MetricResult{Series: make([]providers.MetricSeries, len(req.Queries))}
	send := make([]int, 0, len(req.Queries))
	for i, q := range req.Queries {
		if reason, bad := p.bad.lookup(q, now); bad {
			res.Series[i] = failedSeries(q, reason)
			continue
		}
		send = append(send, i)
	}
	for base := 0; base < len(send); base += maxQueriesPerCall {
		idx := send[base:min(base+maxQueriesPerCall, len(send))]
		chunk := make([]providers.MetricQuery, len(idx))
		for j, i := range idx {
			chunk[j] = req.Queries[i]
		}
		series, calls, err := p.metricChunk(ctx, chunk, req.Start, req.End)
		res.Calls += calls
		if err != nil && len(chunk) > 1 && queryDependent(err) {
			iso, ierr := p.isolate(ctx, chunk, req.Start, req.End, err)
			res.Calls += iso.calls
			switch {
			case ierr != nil:
				err = ierr
			case iso.ok:
				series, err = iso.series, nil
				for _, j := range iso.failed {
					p.bad.remember(chunk[j], series[j].Message, now)
				}
			}
		}
		if err != nil {
			return providers.MetricResult{Calls: res.Calls}, err
		}
		for j, i := range idx {
			res.Series[i] = series[j]
		}
	}
	return res, nil
}

// metricChunk runs one GetMetricData request of at most 500 queries,
// following NextToken, and returns a series per query and the calls made.
func (p *Provider) metricChunk(ctx context.Context, qs []providers.MetricQuery, start, end time.Time, opts ...func(*cloudwatch.Options)) ([]providers.MetricSeries, int, error) {
	in := &cloudwatch.GetMetricDataInput{
		StartTime:         aws.Time(start),
		EndTime:           aws.Time(end),
		ScanBy:            types.ScanByTimestampAscending,
		MetricDataQueries: make([]types.MetricDataQuery, len(qs)),
	}
	series := make([]providers.MetricSeries, len(qs))
	for i, q := range qs {
		series[i] = providers.MetricSeries{Key: q.Key, Status: string(types.StatusCodeComplete)}
		dims := make([]types.Dimension, len(q.Dimensions))
		for j, d := range q.Dimensions {
			dims[j] = types.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
		}
		in.MetricDataQueries[i] = types.MetricDataQuery{
			Id: aws.String(queryID(i)),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String(q.Namespace), MetricName: aws.String(q.Metric), Dimensions: dims},
				Period: aws.Int32(int32(q.Period / time.Second)),
				Stat:   aws.String(q.Stat),
			},
			ReturnData: aws.Bool(true),
		}
	}
	calls := 0
	for page := 0; ; page++ {
		if page == maxMetricPages {
			for i := range series {
				if series[i].Status == string(types.StatusCodeComplete) {
					series[i].Status = string(types.StatusCodePartialData)
				}
			}
			break
		}
		calls++
		out, err := do(ctx, p, p.cwSvc, "GetMetricData", func(ctx context.Context) (*cloudwatch.GetMetricDataOutput, error) {
			return p.cw.GetMetricData(ctx, in, opts...)
		})
		if err != nil {
			return nil, calls, err
		}
		for _, r := range out.MetricDataResults {
			i, ok := queryIndex(aws.ToString(r.Id), len(series))
			if !ok {
				continue
			}
			s := &series[i]
			s.Timestamps = append(s.Timestamps, r.Timestamps...)
			s.Values = append(s.Values, r.Values...)
			if r.StatusCode != "" {
				s.Status = string(r.StatusCode)
			}
			for _, m := range r.Messages {
				s.Message = joinMessage(s.Message, aws.ToString(m.Value))
			}
		}
		if aws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	for i := range series {
		sortSeries(&series[i])
	}
	return series, calls, nil
}

// queryID is the id of the i-th query of a call. CloudWatch wants ids that
// start with a lower-case letter, which a caller's Key need not.
func queryID(i int) string { return "q" + strconv.Itoa(i) }

func queryIndex(id string, n int) (int, bool) {
	s, ok := strings.CutPrefix(id, "q")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= n {
		return 0, false
	}
	return i, true
}

func joinMessage(a, b string) string {
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "":
		return b
	}
	return a + "; " + b
}

// sortSeries puts points oldest first, whatever order the pages came in.
func sortSeries(s *providers.MetricSeries) {
	if slices.IsSortedFunc(s.Timestamps, func(a, b time.Time) int { return a.Compare(b) }) {
		return
	}
	idx := make([]int, len(s.Timestamps))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return s.Timestamps[a].Compare(s.Timestamps[b]) })
	ts, vs := make([]time.Time, len(idx)), make([]float64, len(idx))
	for j, i := range idx {
		ts[j] = s.Timestamps[i]
		if i < len(s.Values) {
			vs[j] = s.Values[i]
		}
	}
	s.Timestamps, s.Values = ts, vs
}
