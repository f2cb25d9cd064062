package logs_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/theme"
)

// sample reads a realistic mix of log events from the simulated account:
// text and JSON formats, REPORT lines, stack traces, access logs and the
// hostile lines of legacy-cron.
func sample(tb testing.TB, n int) []providers.LogEvent {
	tb.Helper()
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	acct := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})
	groups := []string{"/aws/lambda/checkout-api", "/aws/lambda/user-signup", "/aws/lambda/payments-webhook",
		"/aws/lambda/legacy-cron", "/aws/lambda/clickstream-ingest", "/ecs/catalog-api"}
	var out []providers.LogEvent
	for _, g := range groups {
		page, err := acct.FilterLogEvents(context.Background(), providers.LogQuery{Group: g, Start: now.Add(-30 * time.Minute), End: now, Limit: n / len(groups)})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, page.Events...)
	}
	if len(out) < n/4 {
		tb.Fatalf("only %d sample events", len(out))
	}
	return out
}

// BenchmarkLogIngest measures lines per second into a pane: sanitize,
// classify (level, request id, JSON, REPORT) and push into the ring, with
// the buffer full so every push also evicts.
func BenchmarkLogIngest(b *testing.B) {
	evs := sample(b, 20_000)
	v := logs.NewViewer(theme.New(theme.Dark), 0, 0)
	v.SetSize(200, 60)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		v.Append(logs.FromEvent(evs[i%len(evs)], 0, ""))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkLogView measures building one frame at 200x60 with a full
// buffer (50,000 lines): following, with an only-matching filter, wrapped,
// and with a 1 MiB line on screen. The budgets: about 2 ms a frame at
// 200x60, and no more than 16 ms with the 1 MiB line.
func BenchmarkLogView(b *testing.B) {
	evs := sample(b, 20_000)
	full := func() *logs.Viewer {
		v := logs.NewViewer(theme.New(theme.Dark), 0, 0)
		v.SetSize(200, 59)
		for i := range logs.DefaultLines {
			v.Append(logs.FromEvent(evs[i%len(evs)], 0, ""))
		}
		return v
	}
	b.Run("follow", func(b *testing.B) {
		v := full()
		b.ReportAllocs()
		for b.Loop() {
			_ = v.Render()
		}
	})
	b.Run("filter-only", func(b *testing.B) {
		v := full()
		_ = v.SetFilter("error", logs.FilterRegex)
		b.ReportAllocs()
		for b.Loop() {
			_ = v.Render()
		}
	})
	b.Run("wrap", func(b *testing.B) {
		v := full()
		v.ToggleWrap()
		b.ReportAllocs()
		for b.Loop() {
			_ = v.Render()
		}
	})
	b.Run("1MiB-line-wrap", func(b *testing.B) {
		v := full()
		v.Append(logs.FromEvent(providers.LogEvent{Timestamp: time.Now(), Message: strings.Repeat("0123456789abcdef", 1<<16)}, 0, ""))
		v.ToggleWrap()
		b.ReportAllocs()
		for b.Loop() {
			_ = v.Render()
		}
	})
}

// TestMemoryAfterMillionLines ingests 1,000,000 lines of realistic size
// into a pane with the default bounds and reports the heap in use after a
// collection; the budget is 150 MiB.
func TestMemoryAfterMillionLines(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a million lines")
	}
	evs := sample(t, 20_000)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	v := logs.NewViewer(theme.New(theme.Dark), 0, 0)
	v.SetSize(200, 60)
	bytes := 0
	for i := range 1_000_000 {
		e := evs[i%len(evs)]
		// A fresh copy, as a line read from the network would be: the
		// buffer must not get away with sharing the sample's strings.
		e.Message = strings.Clone(e.Message)
		bytes += len(e.Message)
		v.Append(logs.FromEvent(e, 0, ""))
		if i%100_000 == 0 {
			_ = v.Render()
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	inuse := float64(after.HeapInuse) / (1 << 20)
	t.Logf("1,000,000 lines (%.0f MiB of text) ingested; buffer holds %d lines, %.1f MiB; HeapInuse %.1f MiB (%.1f MiB before)",
		float64(bytes)/(1<<20), v.Ring().Len(), float64(v.Ring().Bytes())/(1<<20), inuse, float64(before.HeapInuse)/(1<<20))
	if v.Ring().Len() != logs.DefaultLines {
		t.Fatalf("buffer holds %d lines, want %d", v.Ring().Len(), logs.DefaultLines)
	}
	if inuse > 150 {
		t.Fatalf("HeapInuse %.1f MiB after 1M lines, target is 150 MiB", inuse)
	}
	runtime.KeepAlive(v)
}
