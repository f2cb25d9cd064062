package metrics

import (
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/reserved"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
)

// The accounting of :stats: what the list and the screens asked
// CloudWatch for, what the list's polling costs, and how many Lambda calls
// the last minute made.

// Cost is the functions list's polling cost with rows functions on
// screen: five metrics for each, once per refresh interval.
func (l *List) Cost(rows int) views.OnScreenCost {
	if _, ok := l.reader(); !ok {
		return views.OnScreenCost{What: "functions (no metrics reader)"}
	}
	every := l.every()
	idle := l.host.Idle()
	runs := float64(time.Hour) / float64(every)
	if idle {
		runs /= 4
	}
	return views.OnScreenCost{
		What: strconv.Itoa(rows) + " functions on screen × " + strconv.Itoa(len(liveMetrics)) + " metrics over " +
			format.Period(l.Window()) + " (" + format.Period(l.period()) + " periods)",
		MetricsPerRun: rows * len(liveMetrics),
		RunsPerHour:   runs,
		Every:         every,
		Idle:          idle,
		Extra:         []string{"GetFunctionConcurrency once per row on screen, kept 10m (Lambda control plane)"},
	}
}

// StatsLines are the :stats screen: the backend's calls, what virga asked
// CloudWatch for, and on, what the visible view's polling costs.
func (l *List) StatsLines(on views.OnScreenCost) []string {
	var st providers.Stats
	r, ok := l.host.Backend().(providers.StatsReader)
	if ok {
		st = r.Stats()
		on.Extra = append(on.Extra, l.lambdaLastMinute(st))
	}
	return views.StatsLines(l.host.Styles(), st, ok, l.asked, on, l.host.Now())
}

// callSample is the count of Lambda calls at one time.
type callSample struct {
	at time.Time
	n  int
}

// sampleEvery spaces the samples of the Lambda call count; a minute is
// read from the sample just over a minute old.
const sampleEvery = 5 * time.Second

// SampleCalls records the Lambda call count now and then, so :stats can
// say how many calls the last minute made.
func (l *List) SampleCalls() {
	r, ok := l.host.Backend().(providers.StatsReader)
	now := l.host.Now()
	if !ok || len(l.samples) > 0 && now.Sub(l.samples[len(l.samples)-1].at) < sampleEvery {
		return
	}
	l.samples = append(l.samples, callSample{at: now, n: lambdaCalls(r.Stats())})
	// Keep one sample older than a minute, drop the rest of the old ones.
	for len(l.samples) > 2 && now.Sub(l.samples[1].at) > time.Minute {
		l.samples = l.samples[1:]
	}
}

func lambdaCalls(st providers.Stats) int {
	n := 0
	for _, c := range st.Calls {
		if c.Service == "Lambda" {
			n += c.Calls
		}
	}
	return n
}

// lambdaLastMinute says how many Lambda control-plane calls this run made
// over about the last minute: since the newest sample at least a minute
// old, or the oldest there is.
func (l *List) lambdaLastMinute(st providers.Stats) string {
	now, total := l.host.Now(), lambdaCalls(st)
	base, over := 0, "this run"
	for i, s := range l.samples {
		if i == 0 || now.Sub(s.at) >= time.Minute {
			base, over = s.n, "the last "+strconv.Itoa(int(now.Sub(s.at).Seconds()))+"s"
		}
	}
	return "Lambda control plane: " + strconv.Itoa(total-base) + " calls in " + over +
		" (at rest the list stays under " + strconv.Itoa(reserved.Burst-reserved.BackgroundKeep+reserved.Refill) + "/min)"
}
