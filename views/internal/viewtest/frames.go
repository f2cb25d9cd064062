package viewtest

import (
	"math"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
)

func itoa(i int) string { return strconv.Itoa(i) }

// frame is an empty frame of n periods ending at Now.
func frame(n int, period time.Duration) views.MetricFrame {
	return views.MetricFrame{Start: Now().Add(-time.Duration(n) * period), Period: period, N: n,
		Series: map[series.ID][]float64{}}
}

// shape is a deterministic series for a metric: counts swell and ripple,
// errors and throttles come in spikes, durations sit in their
// percentile's band, concurrency follows load.
func shape(m series.Metric, n, phase int) []float64 {
	switch m {
	case series.Errors:
		return spikes(n, 7, n/5, n/2, n-3)
	case series.Throttles:
		return spikes(n, 12, n/2, n/2+1)
	case series.ProvisionedSpillover:
		return spikes(n, 25, n/2, n/2+2)
	case series.ProvisionedUtilization:
		v := wave(n, 60, 30, 5, phase)
		for i := range v {
			v[i] /= 100
		}
		return v
	}
	// base, swell and ripple of each wave-shaped metric.
	waves := map[series.Metric][3]float64{
		series.Invocations: {400, 150, 40},
		series.DurationP50: {90, 20, 6},
		series.DurationP95: {260, 60, 20},
		series.DurationP99: {610, 140, 60},
		series.DurationMax: {1900, 700, 300},
		series.Concurrency: {28, 10, 3},
		series.IteratorAge: {1500, 1400, 100},
	}
	w, ok := waves[m]
	if !ok {
		w = [3]float64{10, 5, 2}
	}
	return wave(n, w[0], w[1], w[2], phase)
}

// FunctionFrame is the metrics of checkout-api with its detail over n
// one-minute periods: every chart of the screen, the canary's versions,
// the provisioned configs and the stream's iterator age.
func FunctionFrame(n int) views.MetricFrame {
	d := CheckoutDetail()
	name := d.Function.Name
	f := frame(n, time.Minute)
	for _, m := range []series.Metric{series.Invocations, series.Errors, series.Throttles, series.DurationP50,
		series.DurationP95, series.DurationP99, series.DurationMax, series.Concurrency, series.IteratorAge} {
		f.Series[series.Function(m, name)] = shape(m, n, 0)
	}
	for _, p := range d.Provisioned {
		for _, m := range []series.Metric{series.ProvisionedUtilization, series.ProvisionedSpillover} {
			f.Series[series.Qualified(m, name, p.Qualifier)] = shape(m, n, 2)
		}
	}
	for _, a := range views.CanaryAliases(d) {
		for i, v := range views.CanaryVersions(a) {
			for _, m := range views.CanaryMetrics() {
				vals := shape(m, n, i)
				for j := range vals {
					if m.IsCount() {
						vals[j] *= v.Weight
					}
					if m == series.Errors && i > 0 {
						vals[j] *= 4 // the canary fails more often
					}
				}
				f.Series[series.Executed(m, name, a.Name, v.Version)] = vals
			}
		}
	}
	return f
}

// ServiceFrame is catalog-api's metrics over n five-minute periods; with
// insights the Container Insights series are in it too.
func ServiceFrame(n int, insights bool) views.MetricFrame {
	f := frame(n, 5*time.Minute)
	id := func(m series.Metric) series.ID { return series.Service(m, "prod-api", "catalog-api") }
	f.Series[id(series.CPUAverage)] = wave(n, 35, 12, 4, 0)
	f.Series[id(series.CPUMax)] = wave(n, 62, 20, 8, 1)
	f.Series[id(series.MemoryAverage)] = wave(n, 48, 5, 2, 0)
	f.Series[id(series.MemoryMax)] = wave(n, 71, 9, 3, 2)
	if insights {
		f.Series[id(series.DesiredTasks)] = flat(n, 6)
		f.Series[id(series.RunningTasks)] = wave(n, 6, 0.6, 0.4, 0)
		f.Series[id(series.PendingTasks)] = spikes(n, 1, n/3, n/3+1)
		f.Series[id(series.CPUReserved)] = flat(n, 3072)
		f.Series[id(series.CPUUsed)] = wave(n, 1100, 300, 100, 0)
		f.Series[id(series.MemoryReserved)] = flat(n, 6144)
		f.Series[id(series.MemoryUsed)] = wave(n, 2900, 300, 90, 1)
	}
	return f
}

// PoolFrame is the account's concurrency over n one-minute periods, with
// throttles from a function at its reservation.
func PoolFrame(n int) views.MetricFrame {
	f := frame(n, time.Minute)
	f.Series[series.Account(series.Concurrency)] = wave(n, 180, 60, 15, 0)
	f.Series[series.Account(series.UnreservedConcurrency)] = wave(n, 120, 40, 10, 0)
	f.Series[series.Account(series.ClaimedConcurrency)] = wave(n, 260, 60, 15, 0)
	f.Series[series.Account(series.Throttles)] = spikes(n, 14, n/2, n/2+1)
	for i, fn := range PoolTop() {
		f.Series[series.Function(series.Concurrency, fn.Name)] = wave(n, float64(50-10*i), 8, 2, i)
		thr := spikes(n, 0)
		if fn.Reserved != nil && *fn.Reserved > 0 {
			thr = spikes(n, 14, n/2, n/2+1)
		}
		f.Series[series.Function(series.Throttles, fn.Name)] = thr
	}
	return f
}

// PoolTop are the functions the pool screen charts.
func PoolTop() []views.PoolFunction {
	return []views.PoolFunction{
		{Name: "checkout-api", Reserved: intp(50), ReservedKnown: true, Provisioned: 22, ProvisionedKnown: true},
		{Name: "payments-webhook", ReservedKnown: true, ProvisionedKnown: true},
		{Name: "orders-dlq-replay", Reserved: intp(5), ReservedKnown: true},
		{Name: "user-signup"},
	}
}

// Settings is the account's Lambda concurrency pool.
func Settings() *providers.AccountSettings {
	return &providers.AccountSettings{ConcurrencyLimit: 1000, UnreservedConcurrency: 945, FunctionCount: 8}
}

// Failed marks series of f as failed on their own, as CloudWatch reports
// a percentile it could not compute.
func Failed(f views.MetricFrame, why string, ids ...series.ID) views.MetricFrame {
	f.Failed = map[series.ID]string{}
	for _, id := range ids {
		f.Failed[id] = why
		v := make([]float64, f.N)
		for i := range v {
			v[i] = math.NaN()
		}
		f.Series[id] = v
	}
	return f
}
