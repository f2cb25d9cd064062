package views_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

var eksNow = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func podRows(n int) []views.PodRow {
	rows := make([]views.PodRow, n)
	for i := range rows {
		p := providers.Pod{Cluster: "prod-eks", Namespace: fmt.Sprintf("team-%d", i%40), Name: fmt.Sprintf("api-%d-7d9f8c-x%04d", i%90, i),
			Phase: "Running", Status: "Running", Ready: 1, Total: 1, RequestCPU: "250m", RequestMemory: "512Mi",
			CapacityProvisioned: "0.25vCPU 1GB", FargateProfile: "fp-default", Node: fmt.Sprintf("fargate-ip-10-0-%d-%d.ec2.internal", i%250, i%200),
			CreatedAt: eksNow.Add(-time.Duration(i) * time.Minute)}
		rows[i] = views.PodRow{Pod: p, Placement: providers.FargatePlacement{Profile: "fp-default", Selector: 0}}
	}
	return rows
}

// TestPodsTableHostileNames: names from the cluster pass the sanitizer.
func TestPodsTableHostileNames(t *testing.T) {
	rows := podRows(1)
	rows[0].Pod.Name = "evil\x1b]52;c;aGk=\x07pod"
	rows[0].Pod.Node = "node\x1b[2J"
	tb := views.NewPodsTable(theme.New(theme.Dark), true, true, func() time.Time { return eksNow })
	tb.SetSize(200, 5)
	tb.SetItems(rows)
	out := ansi.Strip(tb.View(""))
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "evil") {
		t.Errorf("escape reached the table:\n%q", out)
	}
}

func TestSelectorText(t *testing.T) {
	got := views.SelectorText([]providers.FargateSelector{{Namespace: "payments", Labels: map[string]string{"tier": "api", "team": "pay"}}, {Namespace: "web-*"}})
	if got != "payments team=pay tier=api; web-*" {
		t.Errorf("SelectorText = %q", got)
	}
}

func BenchmarkPodsTableView5k(b *testing.B) {
	tb := views.NewPodsTable(theme.New(theme.Dark), true, true, func() time.Time { return eksNow })
	tb.SetSize(200, 50)
	tb.SetItems(podRows(5000))
	b.ReportAllocs()
	for b.Loop() {
		tb.Move(1)
		_ = tb.View("")
	}
}
