package logtarget

import (
	"slices"
	"testing"

	"github.com/virgahq/virga/providers"
)

func TestQueriesTailAndRoute(t *testing.T) {
	web := Target{Name: "web", Group: "/ecs/app", Prefix: "svc/web/", TaskTag: true}
	side := Target{Name: "side", Group: "/ecs/app", Prefix: "svc/side/", TaskTag: true}
	fn := Target{Name: "fn", Group: "/aws/lambda/fn"}

	qs := Queries([]Target{web, side})
	if len(qs) != 1 || !qs[0].Whole() {
		t.Fatalf("two prefixes of one group read the whole group once: %+v", qs)
	}
	if req, ok := Tail(qs, "ERROR"); !ok || !slices.Equal(req.Groups, []string{"/ecs/app"}) || req.Pattern != "ERROR" {
		t.Fatalf("tail %+v %v", req, ok)
	}
	qs = Queries([]Target{web})
	if req, ok := Tail(qs, ""); !ok || !slices.Equal(req.StreamPrefixes, []string{"svc/web/"}) {
		t.Fatalf("one prefix: %+v %v", req, ok)
	}
	if _, ok := Tail(Queries([]Target{web, fn}), ""); ok {
		t.Fatal("stream filters over two groups cannot be tailed")
	}
	many := make([]Target, 11)
	for i := range many {
		many[i] = Target{Group: string(rune('a' + i))}
	}
	if _, ok := Tail(Queries(many), ""); ok {
		t.Fatal("11 groups cannot be tailed")
	}

	ts := []Target{web, side, fn}
	qs = Queries(ts)
	for _, c := range []struct {
		group, stream string
		want          int
	}{
		{"/ecs/app", "svc/side/abc", 1}, {"/ecs/app", "svc/web/abc", 0}, {"/ecs/app", "other/x", -1},
		{"/aws/lambda/fn", "2026/11/25/[$LATEST]x", 2}, {"/elsewhere", "svc/web/abc", -1},
	} {
		ev := providers.LogEvent{Group: c.group, Stream: c.stream}
		if got := Route(ts, qs, &ev); got != c.want {
			t.Fatalf("%s %s routed to %d, want %d", c.group, c.stream, got, c.want)
		}
	}
	one := []Target{fn}
	ev := providers.LogEvent{Stream: "s"}
	if Route(one, Queries(one), &ev) != 0 || ev.Group != "/aws/lambda/fn" {
		t.Fatalf("an event without a group belongs to the one group read: %+v", ev)
	}
}
