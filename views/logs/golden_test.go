package logs_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/theme"
)

// cet is the zone the golden panes show times in: a fixed zone, never the
// machine's, so the goldens pass under any TZ.
var cet = time.FixedZone("CET", 3600)

// pane fills a viewer of w×h (its bar included) with the fixture events
// of one function, as the tui's log pane shows them.
func pane(st *theme.Styles, w, h int, sources []string, tag func(i int) (src int, tag string), setup func(v *logs.Viewer)) string {
	v := logs.NewViewer(st, 1000, 0)
	v.SetLocation(cet)
	v.SetSources(sources)
	v.SetSize(w, h-1)
	events := viewtest.LogEvents()
	if len(sources) > 1 {
		events = viewtest.TaskLogEvents()
	}
	for i, ev := range events {
		src, tg := tag(i)
		v.Append(logs.FromEvent(ev, src, tg))
	}
	if setup != nil {
		setup(v)
	}
	return viewtest.Stack(v.Bar(w, v.Badges()), v.Render())
}

func one(int) (int, string) { return 0, "" }

// TestLogsGolden snapshots the log pane from fixture events: following
// one function, filtered and wrapped, one request isolated while paused
// with JSON pretty-printed, a service's tasks merged with tags and a gap,
// and the invocations table read from REPORT lines.
func TestLogsGolden(t *testing.T) {
	fn := []string{"checkout-api"}
	viewtest.Golden(t, "follow", func(_ *testing.T, st *theme.Styles, w, h int) string {
		return pane(st, w, h, fn, one, nil)
	})
	viewtest.Golden(t, "filter-wrap", func(t *testing.T, st *theme.Styles, w, h int) string {
		return pane(st, w, h, fn, one, func(v *logs.Viewer) {
			if err := v.SetFilter("order", logs.FilterText); err != nil {
				t.Fatal(err)
			}
			v.ToggleWrap()
		})
	})
	viewtest.Golden(t, "request-paused-pretty", func(_ *testing.T, st *theme.Styles, w, h int) string {
		return pane(st, w, h, fn, one, func(v *logs.Viewer) {
			v.TogglePause()
			v.Top()
			v.Render()     // a frame between keys, as the tui draws one
			for range 11 { // the JSON line of the third request
				v.Move(1)
			}
			v.IsolateRequest()
			v.CycleJSON()
		})
	})
	viewtest.Golden(t, "service-merged", func(_ *testing.T, st *theme.Styles, w, h int) string {
		containers, tasks := []string{"app", "envoy"}, []string{"4b1e0c6f", "9c0d11aa", "77aa0b1c"}
		return pane(st, w, h, containers, func(i int) (int, string) { return i % 2, tasks[i%3] }, func(v *logs.Viewer) {
			v.Append(logs.NewMarker(logs.KindGap, viewtest.Now(), "lines may be missing: Live Tail reconnected after 4s"))
		})
	})
	viewtest.Golden(t, "invocations", func(_ *testing.T, st *theme.Styles, w, h int) string {
		v := logs.NewViewer(st, 1000, 0)
		for _, ev := range viewtest.LogEvents() {
			v.Append(logs.FromEvent(ev, 0, ""))
		}
		tb := logs.NewInvocationsTable(st, cet, fn)
		tb.SetItems(v.Invocations().Reported())
		tb.SetSize(w, h)
		return tb.View("no REPORT lines yet")
	})
}
