package tui_test

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/views/theme"
)

// hostileText holds every kind of sequence a terminal could act on: OSC 52
// (clipboard), OSC 8 (link), CSI with ESC and as the C1 code point, a raw
// 0x9b byte, BEL, bidi overrides and isolates, and invalid UTF-8.
const hostileText = "\x1b]52;c;SGVsbG8=\x07\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\" +
	"\x1b[2J\u009b31m\x9b6n\u202eevil\u2066iso\u2069\a\xff\xfe"

// virgaSGR matches the styling virga writes itself (SGR only); nothing
// else that looks like an escape sequence is virga's.
var virgaSGR = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// inert says what, if anything, in a frame a terminal could act on once
// virga's own SGR styling is removed: ESC, BEL or another C0 control but
// newline, DEL, C1, bidi controls, or invalid UTF-8.
func inert(frame string) string {
	s := virgaSGR.ReplaceAllString(frame, "")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lo, hi := max(0, i-60), min(len(s), i+80)
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Sprintf("invalid UTF-8 at byte %d in %q", i, s[lo:hi])
		case r == '\n':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("%U at byte %d in %q", r, i, s[lo:hi])
		}
		i += size
	}
	return ""
}

// hostileAccount is the simulated account with hostile text in every
// string it returns: names, ARNs, tags, environment, containers, log
// events, payloads, metric messages. Calls that name a resource reach the
// account with a real one (the hostile names exist only on screen);
// mutations are passed through with the hostile name and fail with an
// error that quotes it.
type hostileAccount struct {
	*sim.Account
	n       int
	taskDef string
}

func newHostileAccount(t *testing.T, c *testkit.Clock) *hostileAccount {
	// Paced as an account is: its endless hostile page tokens are read a
	// bucket's worth at a time.
	acct := sim.New(sim.Config{Seed: 1, Now: c.Now, LogPace: testkit.Pacer(c)})
	tasks, err := acct.ListTasks(context.Background(), "prod-api", "")
	if err != nil || len(tasks) == 0 {
		t.Fatalf("tasks: %v", err)
	}
	return &hostileAccount{Account: acct, taskDef: tasks[0].TaskDefinition}
}

// fill puts hostile text (numbered, so names stay distinct) in every
// settable string, byte slice and map of v.
func (h *hostileAccount) fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			h.n++
			v.SetString("h" + strconv.Itoa(h.n) + hostileText)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			h.fill(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				h.fill(f)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.CanSet() {
				v.SetBytes([]byte(`{"msg":"` + hostileText + `"}` + hostileText))
			}
			return
		}
		for i := range v.Len() {
			h.fill(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() || !v.CanSet() {
			return
		}
		m := reflect.MakeMap(v.Type())
		for _, k := range v.MapKeys() {
			nk, nv := reflect.New(k.Type()).Elem(), reflect.New(v.Type().Elem()).Elem()
			nk.Set(k)
			nv.Set(v.MapIndex(k))
			h.fill(nk)
			h.fill(nv)
			m.SetMapIndex(nk, nv)
		}
		v.Set(m)
	}
}

// hostile returns x with hostile text in every string.
func hostile[T any](h *hostileAccount, x T, err error) (T, error) {
	if err == nil {
		h.fill(reflect.ValueOf(&x).Elem())
	}
	return x, err
}

func (h *hostileAccount) Identity(ctx context.Context) (providers.Identity, error) {
	id, err := h.Account.Identity(ctx)
	return hostile(h, id, err)
}

func (h *hostileAccount) ListFunctions(ctx context.Context, marker string) (providers.FunctionPage, error) {
	p, err := h.Account.ListFunctions(ctx, marker)
	next := p.Next
	p, err = hostile(h, p, err)
	p.Next = next
	return p, err
}

func (h *hostileAccount) GetFunction(ctx context.Context, _ string) (providers.FunctionDetail, error) {
	d, err := h.Account.GetFunction(ctx, "checkout-api")
	return hostile(h, d, err)
}

func (h *hostileAccount) ReservedConcurrency(ctx context.Context, _ string) (*int, error) {
	return h.Account.ReservedConcurrency(ctx, "image-resize")
}

func (h *hostileAccount) ListClusters(ctx context.Context) ([]providers.Cluster, error) {
	cs, err := h.Account.ListClusters(ctx)
	return hostile(h, cs, err)
}

func (h *hostileAccount) ListServices(ctx context.Context, _ string) ([]providers.Service, error) {
	s, err := h.Account.ListServices(ctx, "prod-api")
	return hostile(h, s, err)
}

func (h *hostileAccount) ListTasks(ctx context.Context, _, _ string) ([]providers.Task, error) {
	ts, err := h.Account.ListTasks(ctx, "prod-api", "")
	return hostile(h, ts, err)
}

func (h *hostileAccount) DescribeTaskDefinition(ctx context.Context, _ string) (providers.TaskDefinition, error) {
	td, err := h.Account.DescribeTaskDefinition(ctx, h.taskDef)
	return hostile(h, td, err)
}

func (h *hostileAccount) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	q.Group, q.Streams, q.StreamPrefix = "/aws/lambda/checkout-api", nil, ""
	next := q.NextToken
	if strings.HasPrefix(next, "h") {
		q.NextToken = ""
	}
	p, err := h.Account.FilterLogEvents(ctx, q)
	return hostile(h, p, err)
}

// GetMetricData asks for real resources, keeps the keys (they pair the
// series with what was asked), and puts hostile text in the messages; one
// series in three failed on its own with a hostile reason.
func (h *hostileAccount) GetMetricData(ctx context.Context, req providers.MetricRequest) (providers.MetricResult, error) {
	real := map[string]string{"FunctionName": "checkout-api", "ClusterName": "prod-api", "ServiceName": "checkout-web"}
	qs := make([]providers.MetricQuery, len(req.Queries))
	for i, q := range req.Queries {
		dims := make([]providers.Dimension, len(q.Dimensions))
		for j, d := range q.Dimensions {
			dims[j] = providers.Dimension{Name: d.Name, Value: real[d.Name]}
		}
		q.Dimensions = dims
		qs[i] = q
	}
	req.Queries = qs
	res, err := h.Account.GetMetricData(ctx, req)
	for i := range res.Series {
		res.Series[i].Message = hostileText
		if i%3 == 2 {
			res.Series[i].Status, res.Series[i].Timestamps, res.Series[i].Values = "InternalError", nil, nil
		}
	}
	return res, err
}

func (h *hostileAccount) Invoke(ctx context.Context, req providers.InvokeRequest) (providers.InvokeResult, error) {
	req.Function, req.Qualifier = "checkout-api", ""
	r, err := h.Account.Invoke(ctx, req)
	return hostile(h, r, err)
}

// failingAccount fails every call with a hostile message, and names a
// hostile IAM action when it denies one.
type failingAccount struct {
	*sim.Account
}

func hostileErr(op string) error {
	return &providers.Error{Kind: providers.ErrOther, Op: op + hostileText, Message: "failed: " + hostileText, RequestID: hostileText}
}

func (f failingAccount) Identity(context.Context) (providers.Identity, error) {
	return providers.Identity{}, hostileErr("STS.GetCallerIdentity")
}
func (f failingAccount) ListFunctions(context.Context, string) (providers.FunctionPage, error) {
	return providers.FunctionPage{}, hostileErr("Lambda.ListFunctions")
}
func (f failingAccount) ListClusters(context.Context) ([]providers.Cluster, error) {
	return nil, hostileErr("ECS.ListClusters")
}
func (f failingAccount) ListServices(context.Context, string) ([]providers.Service, error) {
	return nil, hostileErr("ECS.ListServices")
}
func (f failingAccount) ListTasks(context.Context, string, string) ([]providers.Task, error) {
	return nil, hostileErr("ECS.ListTasks")
}
func (f failingAccount) AccountSettings(context.Context) (providers.AccountSettings, error) {
	return providers.AccountSettings{}, &providers.Error{Kind: providers.ErrAccessDenied, Action: "lambda:" + hostileText,
		Message: "not permitted: " + hostileText}
}

// tour drives the TUI through every view, checking each frame.
func tour(t *testing.T, h *harness, check func(string)) {
	t.Helper()
	step := func(name string, keys ...string) {
		t.Helper()
		h.key(keys...)
		h.advance(3 * time.Second)
		check(name)
	}
	step("functions")
	step("detail, secrets revealed", "tab", "v", "v", "v", "j", "j")
	step("back to the table", "tab")
	step("function metrics", "m")
	step("wider range", "]")
	step("logs", "esc", "l")
	step("invocations", "esc", "I")
	step("invoke screen", "esc", "i")
	step("invoke confirmation", "s")
	h.advance(time.Second)
	step("invoke result", "tab", "y")
	step("reserved concurrency form", "esc", "esc", "c")
	step("reserved concurrency confirmation", "ctrl+u", "type:5", "enter")
	h.advance(time.Second)
	step("reserved concurrency failed", "tab", "y")
	step("kill switch confirmation", "x")
	step("journal", "esc", ":", "type:journal", "enter")
	step("pool", "esc", ":", "type:pool", "enter")
	step("stats", "esc", ":", "type:stats", "enter")
	step("help", "esc", "?")
	step("palette", "esc", ":")
	step("clusters", "esc", "2")
	step("services of a cluster", "enter")
	step("tasks of a service", "enter")
	step("task detail", "enter")
	step("services", "esc", "esc", "3")
	step("service detail", "enter")
	step("service metrics", "esc", "m")
	step("tasks", "esc", "4")
	step("task logs", "l")
}

// TestHostileTextNeverReachesTheScreen renders every view with hostile
// text in every field the account returns and in every error, at three
// sizes, and finds nothing on screen a terminal could act on other than
// virga's own styling.
func TestHostileTextNeverReachesTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		t.Run(fmt.Sprintf("data %dx%d", size[0], size[1]), func(t *testing.T) {
			c := testkit.NewClock(start)
			be := newHostileAccount(t, c)
			h := newHarness(t, be, c, size[0], size[1], func(o *setup) {
				o.Journal = journal.Memory("tester@host")
			})
			tour(t, h, func(step string) {
				t.Helper()
				if why := inert(h.m.Render()); why != "" {
					t.Fatalf("%s: %s", step, why)
				}
			})
			if !strings.Contains(h.screen(), "h") || be.n < 100 {
				t.Fatalf("the hostile account was hardly used (%d strings)", be.n)
			}
		})
		t.Run(fmt.Sprintf("errors %dx%d", size[0], size[1]), func(t *testing.T) {
			c := testkit.NewClock(start)
			be := failingAccount{sim.New(sim.Config{Seed: 1, Now: c.Now})}
			h := newHarness(t, be, c, size[0], size[1], func(o *setup) { o.Theme = theme.Light })
			tour(t, h, func(step string) {
				t.Helper()
				if why := inert(h.m.Render()); why != "" {
					t.Fatalf("%s: %s", step, why)
				}
			})
		})
	}
}
