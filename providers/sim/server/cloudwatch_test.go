package server_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim/server"
)

// cwClients are the CloudWatch clients under test: the default RPC v2
// CBOR one, and one switched to JSON 1.0 as moto-compatible setups do.
func cwClients(e *env) map[string]*cloudwatch.Client {
	return map[string]*cloudwatch.Client{
		"cbor": e.cloudwatch(),
		"json": cloudwatch.NewFromConfig(e.cfg, func(o *cloudwatch.Options) {
			o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
		}),
	}
}

func metricQuery(id, fn, metric, stat string) types.MetricDataQuery {
	return types.MetricDataQuery{
		Id: aws.String(id),
		MetricStat: &types.MetricStat{
			Metric: &types.Metric{
				Namespace: aws.String(providers.NamespaceLambda), MetricName: aws.String(metric),
				Dimensions: []types.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(fn)}},
			},
			Period: aws.Int32(60), Stat: aws.String(stat),
		},
	}
}

func TestGetMetricData(t *testing.T) {
	e := newEnv(t)
	start, end := base().Add(-time.Hour).Truncate(time.Minute), base().Truncate(time.Minute)
	want, err := e.acct.GetMetricData(ctx(t), providers.MetricRequest{Start: start, End: end, Queries: []providers.MetricQuery{
		{Key: "inv", Namespace: providers.NamespaceLambda, Metric: "Invocations", Stat: "Sum", Period: time.Minute,
			Dimensions: []providers.Dimension{{Name: "FunctionName", Value: "checkout-api"}}},
		{Key: "p99", Namespace: providers.NamespaceLambda, Metric: "Duration", Stat: "p99", Period: time.Minute,
			Dimensions: []providers.Dimension{{Name: "FunctionName", Value: "checkout-api"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for proto, c := range cwClients(e) {
		out, err := c.GetMetricData(ctx(t), &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(start), EndTime: aws.Time(end),
			MetricDataQueries: []types.MetricDataQuery{
				metricQuery("inv", "checkout-api", "Invocations", "Sum"),
				metricQuery("p99", "checkout-api", "Duration", "p99"),
				{Id: aws.String("hidden"), ReturnData: aws.Bool(false), MetricStat: metricQuery("x", "checkout-api", "Errors", "Sum").MetricStat},
			},
		})
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		if len(out.MetricDataResults) != 2 || out.NextToken != nil {
			t.Fatalf("%s: %d results, token %v", proto, len(out.MetricDataResults), out.NextToken)
		}
		for i, r := range out.MetricDataResults {
			w := want.Series[i]
			if aws.ToString(r.Id) != w.Key || r.StatusCode != types.StatusCodeComplete || len(r.Timestamps) != len(w.Timestamps) || len(w.Timestamps) != 60 {
				t.Fatalf("%s: result %s: %d points %s, want %d", proto, aws.ToString(r.Id), len(r.Timestamps), r.StatusCode, len(w.Timestamps))
			}
			// Newest first, as CloudWatch's default ScanBy.
			for j := range r.Timestamps {
				k := len(w.Timestamps) - 1 - j
				if !r.Timestamps[j].Equal(w.Timestamps[k]) || r.Values[j] != w.Values[k] {
					t.Fatalf("%s: %s point %d = %v %v, want %v %v", proto, w.Key, j, r.Timestamps[j], r.Values[j], w.Timestamps[k], w.Values[k])
				}
			}
		}
		if aws.ToString(out.MetricDataResults[0].Label) != "Invocations" {
			t.Fatalf("%s: label %q", proto, aws.ToString(out.MetricDataResults[0].Label))
		}
		asc, err := c.GetMetricData(ctx(t), &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(start), EndTime: aws.Time(end), ScanBy: types.ScanByTimestampAscending,
			MetricDataQueries: []types.MetricDataQuery{metricQuery("inv", "checkout-api", "Invocations", "Sum")},
		})
		if err != nil || !asc.MetricDataResults[0].Timestamps[0].Equal(want.Series[0].Timestamps[0]) {
			t.Fatalf("%s: ascending: %v", proto, err)
		}
	}
}

func TestGetMetricDataValidation(t *testing.T) {
	e := newEnv(t)
	for proto, c := range cwClients(e) {
		in := func(qs ...types.MetricDataQuery) *cloudwatch.GetMetricDataInput {
			return &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base().Add(-time.Hour)), EndTime: aws.Time(base()), MetricDataQueries: qs}
		}
		var many []types.MetricDataQuery
		for i := range 501 {
			many = append(many, metricQuery(fmt.Sprintf("q%d", i), "checkout-api", "Invocations", "Sum"))
		}
		_, err := c.GetMetricData(ctx(t), in(many...))
		var ve *types.ValidationException
		if !errors.As(err, &ve) || !strings.Contains(aws.ToString(ve.Message), "500") {
			t.Fatalf("%s: 501 queries: %v", proto, err)
		}
		wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
		if _, err := c.GetMetricData(ctx(t), in(many[:500]...)); err != nil {
			t.Fatalf("%s: 500 queries: %v", proto, err)
		}
		for _, id := range []string{"checkout-api", "Inv", "1q", "q-1"} {
			_, err = c.GetMetricData(ctx(t), in(metricQuery(id, "checkout-api", "Invocations", "Sum")))
			if !errors.As(err, &ve) || !strings.Contains(aws.ToString(ve.Message), "pattern") {
				t.Fatalf("%s: id %q: %v", proto, id, err)
			}
		}
		_, err = c.GetMetricData(ctx(t), in(metricQuery("a", "checkout-api", "Invocations", "Sum"), metricQuery("a", "cart-service", "Invocations", "Sum")))
		if !errors.As(err, &ve) {
			t.Fatalf("%s: duplicate ids: %v", proto, err)
		}
		bad := in(metricQuery("a", "checkout-api", "Invocations", "Sum"))
		bad.NextToken = aws.String("bogus")
		_, err = c.GetMetricData(ctx(t), bad)
		var nt *types.InvalidNextToken
		if !errors.As(err, &nt) {
			t.Fatalf("%s: bad token: %v", proto, err)
		}
		bad = in(metricQuery("a", "checkout-api", "Invocations", "Sum"))
		bad.MetricDataQueries[0].MetricStat.Period = aws.Int32(45)
		_, err = c.GetMetricData(ctx(t), bad)
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) {
			t.Fatalf("%s: period 45: %v", proto, err)
		}
	}
}

// TestGetMetricDataPaging caps a page at 25 datapoints: series are cut
// into PartialData pages that the SDK's paginator puts back together.
func TestGetMetricDataPaging(t *testing.T) {
	e := newEnv(t, server.WithMaxDatapoints(25))
	start, end := base().Add(-time.Hour).Truncate(time.Minute), base().Truncate(time.Minute)
	qs := []types.MetricDataQuery{
		metricQuery("a", "checkout-api", "Invocations", "Sum"),
		metricQuery("b", "cart-service", "Invocations", "Sum"),
		metricQuery("c", "geo-lookup", "Duration", "Average"),
	}
	for proto, c := range cwClients(e) {
		full, err := c.GetMetricData(ctx(t), &cloudwatch.GetMetricDataInput{StartTime: aws.Time(start), EndTime: aws.Time(end), MetricDataQueries: qs, MaxDatapoints: aws.Int32(1000)})
		if err != nil || full.NextToken != nil || len(full.MetricDataResults) != 3 {
			t.Fatalf("%s: unpaged: %v", proto, err)
		}
		got := map[string][]time.Time{}
		vals := map[string][]float64{}
		pages, partial := 0, 0
		for p := cloudwatch.NewGetMetricDataPaginator(c, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(start), EndTime: aws.Time(end), MetricDataQueries: qs}); p.HasMorePages(); {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatalf("%s: page %d: %v", proto, pages, err)
			}
			pages++
			n := 0
			for _, r := range out.MetricDataResults {
				n += len(r.Timestamps)
				if r.StatusCode == types.StatusCodePartialData {
					partial++
				}
				got[aws.ToString(r.Id)] = append(got[aws.ToString(r.Id)], r.Timestamps...)
				vals[aws.ToString(r.Id)] = append(vals[aws.ToString(r.Id)], r.Values...)
			}
			if n > 25 {
				t.Fatalf("%s: page %d has %d points", proto, pages, n)
			}
		}
		if pages < 7 || partial == 0 {
			t.Fatalf("%s: %d pages, %d partial results", proto, pages, partial)
		}
		for _, r := range full.MetricDataResults {
			id := aws.ToString(r.Id)
			if !slices.EqualFunc(got[id], r.Timestamps, time.Time.Equal) || !slices.Equal(vals[id], r.Values) {
				t.Fatalf("%s: %s paged %d points, unpaged %d", proto, id, len(got[id]), len(r.Timestamps))
			}
		}
	}
}

// The faults of CloudWatch's operations are in TestFaultsOnTheWire.
func TestCloudWatchListMetrics(t *testing.T) {
	e := newEnv(t)
	for proto, c := range cwClients(e) {
		out, err := c.ListMetrics(ctx(t), &cloudwatch.ListMetricsInput{
			Namespace:  aws.String(providers.NamespaceLambda),
			Dimensions: []types.DimensionFilter{{Name: aws.String("FunctionName"), Value: aws.String("checkout-api")}},
		})
		if err != nil || len(out.Metrics) != 5 {
			t.Fatalf("%s: ListMetrics: %d, %v", proto, len(out.Metrics), err)
		}
		n := 0
		for p := cloudwatch.NewListMetricsPaginator(c, &cloudwatch.ListMetricsInput{}); p.HasMorePages(); {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range out.Metrics {
				if aws.ToString(m.Namespace) == providers.NamespaceContainerInsights && aws.ToString(m.Dimensions[0].Value) != "prod-api" {
					t.Fatalf("%s: container insights metric of %s", proto, aws.ToString(m.Dimensions[0].Value))
				}
			}
			n += len(out.Metrics)
		}
		if n < 48*5 {
			t.Fatalf("%s: %d metrics in all", proto, n)
		}
	}
}
