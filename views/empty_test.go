package views_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// TestDetailEmptySections: a section with nothing in it says so instead
// of a heading over nothing.
func TestDetailEmptySections(t *testing.T) {
	st := theme.New(theme.Dark)
	r := viewtest.FunctionRows()[0]
	d := viewtest.CheckoutDetail()
	d.Versions, d.Aliases = nil, nil
	fn := ansi.Strip(strings.Join(views.FunctionDetail(st, r.Fn, d, r.Live, -1, viewtest.Now()), "\n"))
	svc := viewtest.Services()[0]
	svc.Deployments, svc.Events = nil, nil
	service := ansi.Strip(strings.Join(views.ServiceDetail(st, svc, viewtest.Now(), views.ECSContext{}), "\n"))
	task := viewtest.Tasks()[0]
	task.Containers = nil
	tk := ansi.Strip(strings.Join(views.TaskDetail(st, task, viewtest.Now(), views.ECSContext{}), "\n"))
	for _, c := range []struct{ text, section, want string }{
		{fn, "Versions (0)", "none published"},
		{fn, "Aliases (0)", "none"},
		{service, "Deployments (0)", "none"},
		{service, "Events (0)", "none"},
		{tk, "Containers (0)", "none reported yet"},
	} {
		_, after, ok := strings.Cut(c.text, c.section+"\n")
		if !ok {
			t.Fatalf("no section %q in:\n%s", c.section, c.text)
		}
		if next, _, _ := strings.Cut(after, "\n"); !strings.Contains(next, c.want) {
			t.Errorf("under %q: %q, want %q", c.section, next, c.want)
		}
	}
}
