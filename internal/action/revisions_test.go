package action_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
)

// TestRevisionsPick: the revision a rollback deploys, as the TUI's form
// and `virga rollback --to` ask for it. The default is the newest one
// older than the service's, not simply the one listed after it.
func TestRevisionsPick(t *testing.T) {
	arn := func(n string) string { return "arn:aws:ecs:us-east-1:123456789012:task-definition/api:" + n }
	// Newest first; the service runs 7, a newer 9 was registered since
	// and one ARN has no number.
	listed := []string{arn("9"), arn("7"), arn("x"), arn("6"), arn("3")}
	svc := providers.Service{Cluster: "prod", Name: "api", TaskDefFamily: "api", TaskDefRevision: 7, TaskDefinition: arn("7")}
	revs := action.NewRevisions(svc, listed)
	if revs.Len() != 4 || revs.Previous() != 6 {
		t.Fatalf("len %d, previous %d; want 4 and 6", revs.Len(), revs.Previous())
	}
	if got, want := revs.Newest(3), []string{"9", "7 (current)", "6"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("newest: %q, want %q", got, want)
	}
	for _, c := range []struct {
		n          int
		to, refuse string
	}{
		{0, "api:6", ""},
		{3, "api:3", ""},
		{9, "api:9", ""},
		{7, "", "already runs revision 7"},
		{5, "", "api has no revision 5"},
	} {
		a, err := revs.Rollback(c.n)
		if c.refuse != "" {
			if err == nil || !strings.Contains(err.Error(), c.refuse) {
				t.Errorf("revision %d: %v, want %q", c.n, err, c.refuse)
			}
			continue
		}
		if err != nil || a.Kind != action.ServiceRollback || a.After != c.to || a.Before != "api:7" {
			t.Errorf("revision %d: %+v %v, want a rollback to %s", c.n, a, err, c.to)
		}
	}
	oldest := action.NewRevisions(providers.Service{TaskDefFamily: "api", TaskDefRevision: 3}, listed)
	if _, err := oldest.Rollback(0); err == nil || !strings.Contains(err.Error(), "api has no revision older than 3") {
		t.Fatalf("no older revision: %v", err)
	}
}
