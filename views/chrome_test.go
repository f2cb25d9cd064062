package views_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

func TestCompactCrumbsNeverRepeatALevel(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"functions", "journal", "journal"}, []string{"functions", "journal"}},
		{[]string{"clusters", "prod-api", "services", "checkout-web", "tasks", "prod-api/checkout-web", "metrics"},
			[]string{"clusters", "prod-api", "services", "checkout-web", "tasks", "metrics"}},
		// From the all-services view the pair says which service: it stays.
		{[]string{"services", "prod-api/checkout-web", "metrics"}, []string{"services", "prod-api/checkout-web", "metrics"}},
		{[]string{"functions", "checkout-api", "logs"}, []string{"functions", "checkout-api", "logs"}},
		{[]string{"clusters", "prod-workers", "services", "prod-workers/image-pipeline", "metrics"},
			[]string{"clusters", "prod-workers", "services", "image-pipeline", "metrics"}},
	} {
		if got := views.CompactCrumbs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("CompactCrumbs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCrumbsKeepClearOfTheInfo: a path longer than the line gives up its
// levels nearest the root, never the one you are at, and never touches
// the info on the right.
func TestCrumbsKeepClearOfTheInfo(t *testing.T) {
	st := viewtest.Dark()
	path := []string{"clusters", "prod-api", "services", "checkout-web", "tasks", "task 32b6807b", "logs"}
	for _, w := range []int{60, 80, 120} {
		for _, info := range []string{"following", "0 entries · in memory (no journal file)", ""} {
			line := ansi.Strip(views.Crumbs(st, path, info, w))
			if got := ansi.StringWidth(line); got != w {
				t.Fatalf("w=%d: line is %d cells: %q", w, got, line)
			}
			if !strings.Contains(line, "› logs") {
				t.Errorf("w=%d info=%q: the last level is cut: %q", w, info, line)
			}
			if info == "" {
				continue
			}
			end := strings.Index(line, "logs") + len("logs")
			start := strings.LastIndex(line, info[:min(len(info), 4)])
			if start < 0 {
				t.Fatalf("w=%d: the info is gone: %q", w, line)
			}
			if gap := line[end:start]; len(gap) < 2 || strings.TrimSpace(gap) != "" {
				t.Errorf("w=%d info=%q: the crumbs run into the info: %q", w, info, line)
			}
		}
	}
}

func TestCrumbCount(t *testing.T) {
	for _, c := range []struct {
		shown, total int
		loading      bool
		want         string
	}{
		{48, 48, false, "(48)"},
		{3, 48, false, "(3/48)"},
		{2000, 2000, true, "(2,000 so far…)"},
		{12, 2000, true, "(12/2,000 so far…)"},
		{10000, 10000, false, "(10,000)"},
	} {
		if got := views.CrumbCount(c.shown, c.total, c.loading); got != c.want {
			t.Errorf("CrumbCount(%d, %d, %v) = %q, want %q", c.shown, c.total, c.loading, got, c.want)
		}
	}
}

// unbanded returns the printed characters of s drawn on the terminal's
// default background: after a reset or SGR 49, before a new background.
func unbanded(s string) string {
	var out strings.Builder
	hasBg := false
	for len(s) > 0 {
		seq, width, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
		if width == 0 && strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m") {
			params := strings.Split(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m"), ";")
			for i := 0; i < len(params); i++ {
				switch params[i] {
				case "", "0", "49":
					hasBg = false
				case "38", "48", "58":
					hasBg = hasBg || params[i] == "48"
					// Skip the colour's own parameters: 2;r;g;b or 5;n.
					if i+1 < len(params) && params[i+1] == "2" {
						i += 4
					} else {
						i += 2
					}
				}
			}
		} else if width > 0 && !hasBg {
			out.WriteString(seq)
		}
		s = s[n:]
	}
	return out.String()
}

// TestHeaderBandSpansTheWidth: every cell of the header, from the app
// name past the account, region and profile to the freshness, is drawn
// on the band.
func TestHeaderBandSpansTheWidth(t *testing.T) {
	for _, mode := range []theme.Mode{theme.Dark, theme.Light} {
		st := theme.New(mode)
		for _, d := range []views.HeaderData{
			{Identity: viewtest.Identity(), Freshness: "updated 14:30:00"},
			{Identity: viewtest.Identity(), ReadOnly: true, Freshness: "stale · 12s", Stale: true, Note: "credentials expired"},
			{Identity: viewtest.Identity()},
			{Identity: providers.Identity{Account: "123456789012", Region: "us-east-1", Profile: "demo", Demo: true}, ReadOnly: true, Freshness: "updated 14:32:00"},
		} {
			for _, w := range []int{60, 80, 120, 200} {
				line := views.Header(st, d, w)
				if gap := unbanded(line); gap != "" {
					t.Errorf("%s w=%d: %q drawn off the band in %q", mode, w, gap, line)
				}
			}
		}
	}
}

// TestMessageLinesAt80: the whole of an AWS error, its operation, IAM
// action, request id and AWS's own words, fits 80 columns by wrapping.
func TestMessageLinesAt80(t *testing.T) {
	cause := errors.New("operation error ECS: UpdateService, https response error StatusCode: 400, RequestID: 9c1f, " +
		"AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/oncall/ana is not authorized to perform: " +
		"ecs:UpdateService on resource: arn:aws:ecs:us-east-1:123456789012:service/prod-api/recommendations")
	err := &providers.Error{Kind: providers.ErrAccessDenied, Op: "ECS.UpdateService", Action: "ecs:UpdateService",
		Message: "not authorized to perform: ecs:UpdateService", RequestID: "9c1f-77aa", Err: cause}
	msg := views.Message{Level: views.LevelError, Text: "redeploy recommendations: " + providers.Short(err), Err: err,
		At: viewtest.Now().Add(-12 * time.Second)}
	const width = 78
	out := views.MessageLines(viewtest.Dark(), msg, viewtest.Now(), width)
	var b strings.Builder
	for i, l := range out {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells: %q", i, w, ansi.Strip(l))
		}
		b.WriteString(ansi.Strip(l) + " ")
	}
	// Compared without spaces: a long ARN breaks inside itself.
	text := strings.Join(strings.Fields(b.String()), "")
	for _, want := range []string{"12s ago", "redeploy recommendations", "access denied", "ECS.UpdateService",
		"ecs:UpdateService", "9c1f-77aa", "service/prod-api/recommendations"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the message does not say %q:\n%s", want, text)
		}
	}
}

// TestStatsShowSessionShare: a session of a shared server sees its own
// reads and metrics beside the server's totals.
func TestStatsShowSessionShare(t *testing.T) {
	st := theme.New(theme.NoColor)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s := providers.Stats{Since: now.Add(-time.Hour), MetricsRequested: 400, Shared: &providers.SharedStats{
		Sessions: 3, Reads: 40, ReadsCached: 30, ServerReads: 120, ServerCached: 100,
		Metrics: 200, MetricsFetched: 50, ServerMetrics: 600, Tails: 1, TailUpstreams: 2, TailDropped: 7,
	}}
	out := viewtest.Plain(views.StatsLines(st, s, true, views.MetricsAsked{}, views.OnScreenCost{What: "functions"}, now)...)
	for _, want := range []string{
		"3 reading this account and region",
		"40 by this session, 30 answered by the shared cache (75%)",
		"120 by every session, 100 answered by the cache (83%)",
		"200 asked by this session, 50 fetched for it",
		"2 Live Tail session(s) on the server; 7 events dropped",
		"Server (every session)",
		"400 requested",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lack %q:\n%s", want, out)
		}
	}
	plain := viewtest.Plain(views.StatsLines(st, providers.Stats{}, true, views.MetricsAsked{}, views.OnScreenCost{}, now)...)
	if strings.Contains(plain, "shared cache") || strings.Contains(plain, "every session") {
		t.Errorf("a backend of its own shows a shared section:\n%s", plain)
	}
}
