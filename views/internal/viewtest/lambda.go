package viewtest

import (
	"math"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/chart"
)

func intp(n int) *int { return &n }

// Functions are a small account's functions: runtimes and packages of
// every kind, reserved concurrency unread, none, zero and set, and names
// long enough to be cut at 80 columns.
func Functions() []providers.Function {
	fn := func(name, runtime string, mem, timeout int, arch string, age time.Duration, code int64) providers.Function {
		return providers.Function{Name: name, ARN: "arn:aws:lambda:us-east-1:123456789012:function:" + name,
			Runtime: runtime, PackageType: "Zip", Handler: "index.handler", MemoryMB: mem, TimeoutSec: timeout,
			Architecture: arch, LastModified: Ago(age), CodeSize: code, LogGroup: "/aws/lambda/" + name,
			LogFormat: "Text", State: providers.FunctionActive, LastUpdateStatus: "Successful", Version: "$LATEST",
			Role: "arn:aws:iam::123456789012:role/" + name + "-role", ReservedKnown: true}
	}
	out := []providers.Function{
		fn("checkout-api", "nodejs20.x", 1024, 10, "arm64", 26*time.Hour, 4_812_034),
		fn("payments-webhook", "python3.12", 512, 30, "x86_64", 9*24*time.Hour, 912_554),
		fn("image-resize", "", 2048, 60, "x86_64", 40*24*time.Hour, 0),
		fn("user-signup", "java21", 1536, 15, "arm64", 3*time.Hour, 18_233_001),
		fn("search-indexer", "nodejs20.x", 3008, 900, "arm64", 5*24*time.Hour, 2_201_998),
		fn("clickstream-ingest-kinesis-consumer-eu-replica", "go1.x", 256, 60, "", 200*24*time.Hour, 7_340_032),
		fn("legacy-cron", "python3.9", 128, 3, "x86_64", 700*24*time.Hour, 12_800),
		fn("orders-dlq-replay", "nodejs18.x", 256, 120, "arm64", 14*24*time.Hour, 301_112),
	}
	out[0].Reserved = intp(50)
	out[0].LogFormat = "JSON"
	out[0].Description = "Checkout API behind API Gateway"
	out[0].Env = []providers.EnvVar{{Name: "STRIPE_SECRET_KEY", Value: "sk_live_0000"}, {Name: "TABLE_NAME", Value: "orders"}, {Name: "NODE_OPTIONS", Value: "--enable-source-maps"}}
	out[0].Tags = map[string]string{"team": "payments", "env": "prod"}
	out[2].PackageType = providers.PackageImage
	out[4].Reserved = intp(0)
	out[5].ReservedKnown = false
	out[6].State = "Inactive"
	out[7].Reserved = intp(5)
	return out
}

// wave is a deterministic series of n periods around base: a slow swell
// with a faster ripple, never negative.
func wave(n int, base, swell, ripple float64, phase int) []float64 {
	out := make([]float64, n)
	for i := range out {
		x := float64(i + phase)
		out[i] = math.Max(0, math.Round(base+swell*math.Sin(x/9)+ripple*math.Sin(x*1.7)))
	}
	return out
}

// flat holds v in every one of n periods: a reservation, a desired count.
func flat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// spikes is zero but for the periods at, which hold v.
func spikes(n int, v float64, at ...int) []float64 {
	out := make([]float64, n)
	for _, i := range at {
		if i < n {
			out[i] = v
		}
	}
	return out
}

// live folds five series into a row's live figures the way the tui
// does: rates over the window, the worst period's p95, the peak
// concurrency, and sparklines.
func live(inv, errs, thr, p95, conc []float64, window, period time.Duration) *views.FunctionLive {
	sum := func(v []float64) float64 {
		t := 0.0
		for _, x := range v {
			if !math.IsNaN(x) {
				t += x
			}
		}
		return t
	}
	peak := func(v []float64) float64 {
		m := math.NaN()
		for _, x := range v {
			if !math.IsNaN(x) && (math.IsNaN(m) || x > m) {
				m = x
			}
		}
		return m
	}
	lv := &views.FunctionLive{Window: window, Period: period,
		InvPerMin: sum(inv) / window.Minutes(), Throttles: sum(thr), P95: peak(p95), MaxConc: peak(conc), ErrRate: math.NaN()}
	if s := sum(inv); s > 0 {
		lv.ErrRate = sum(errs) / s
	}
	rate := make([]float64, len(inv))
	for i := range rate {
		rate[i] = math.NaN()
		if inv[i] > 0 {
			rate[i] = errs[i] / inv[i]
		}
	}
	lv.Series = views.LiveSeries{Inv: inv, Err: errs, Thr: thr, P95: p95, Conc: conc}
	w := views.SparkWidth
	lv.Sparks = views.LiveSparks{Inv: chart.Spark(inv, w, chart.Mean), Err: chart.Spark(rate, w, chart.Max),
		Thr: chart.Spark(thr, w, chart.Mean), P95: chart.Spark(p95, w, chart.Max), Conc: chart.Spark(conc, w, chart.Max)}
	return lv
}

// FunctionRows are the functions with live figures in every state a row
// can show: read (busy, failing, throttled, near its timeout, at its
// reservation, near its memory), loading, not asked yet, not permitted,
// failed, and one series failed on its own.
func FunctionRows() []views.FunctionRow {
	fns := Functions()
	const n = 15
	win, per := 15*time.Minute, time.Minute
	nan := func() []float64 { return spikes(n, math.NaN()) }
	rows := make([]views.FunctionRow, len(fns))
	for i, f := range fns {
		rows[i].Fn = f
	}
	rows[0].Live = live(wave(n, 420, 120, 30, 0), spikes(n, 3, 4, 11), spikes(n, 0), wave(n, 180, 40, 10, 3), wave(n, 38, 8, 3, 1), win, per)
	rows[0].Live.Mem = &views.MemoryUse{MaxUsedMB: 981, SizeMB: 1024, Lines: 212, From: Ago(10 * time.Minute), To: Ago(time.Minute),
		Since: Ago(15 * time.Minute), At: Ago(30 * time.Second)}
	rows[1].Live = live(wave(n, 60, 20, 8, 5), wave(n, 9, 4, 2, 2), spikes(n, 0), wave(n, 24000, 2000, 500, 0), wave(n, 12, 3, 1, 0), win, per)
	rows[2].Live = &views.FunctionLive{Loading: true, InvPerMin: math.NaN(), ErrRate: math.NaN(), Throttles: math.NaN(), P95: math.NaN(), MaxConc: math.NaN()}
	rows[3].Live = live(wave(n, 8, 4, 2, 7), spikes(n, 0), spikes(n, 0), wave(n, 2400, 600, 100, 2), wave(n, 3, 1, 1, 0), win, per)
	rows[3].Live.Failed.P95 = "CloudWatch answered HTTP 500"
	rows[4].Live = live(wave(n, 30, 10, 4, 3), spikes(n, 0), wave(n, 14, 6, 3, 0), wave(n, 300, 90, 30, 1), spikes(n, 0), win, per)
	rows[5].Live = &views.FunctionLive{Denied: true, Err: "no permission: cloudwatch:GetMetricData"}
	rows[6].Live = live(spikes(n, 1, 0, 5, 10), spikes(n, 1, 5), spikes(n, 0), []float64{2950, math.NaN(), math.NaN(), math.NaN(), math.NaN(), 2990, math.NaN(), math.NaN(), math.NaN(), math.NaN(), 2700, math.NaN(), math.NaN(), math.NaN(), math.NaN()}, nan(), win, per)
	rows[7].Live = live(wave(n, 4, 2, 1, 0), spikes(n, 0), spikes(n, 2, 6), wave(n, 90, 20, 5, 0), wave(n, 5, 1, 0, 0), win, per)
	return rows
}

// CheckoutDetail is GetFunction of checkout-api: versions, a weighted
// alias, two provisioned configs and two triggers, one a stream.
func CheckoutDetail() *providers.FunctionDetail {
	f := Functions()[0]
	return &providers.FunctionDetail{
		Function: f,
		Versions: []providers.FunctionVersion{
			{Version: "12", Description: "stripe client 14", LastModified: Ago(26 * time.Hour)},
			{Version: "11", LastModified: Ago(6 * 24 * time.Hour)},
			{Version: "10", Description: "retry on 429", LastModified: Ago(13 * 24 * time.Hour)},
		},
		Aliases: []providers.Alias{
			{Name: "live", FunctionVersion: "11", AdditionalWeights: map[string]float64{"12": 0.1}},
			{Name: "staging", FunctionVersion: "12"},
		},
		Provisioned: []providers.ProvisionedConfig{
			{Qualifier: "live", Requested: 20, Allocated: 20, Available: 6, Status: providers.ProvisionedReady},
			{Qualifier: "staging", Requested: 5, Allocated: 2, Status: "IN_PROGRESS", StatusReason: "allocating"},
		},
		EventSources: []providers.EventSourceMapping{
			{UUID: "e1", SourceARN: "arn:aws:sqs:us-east-1:123456789012:checkout-retries", SourceKind: "SQS", State: providers.MappingEnabled, BatchSize: 10},
			{UUID: "e2", SourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/a", SourceKind: providers.SourceKinesis, State: "Disabled", BatchSize: 100},
		},
	}
}
