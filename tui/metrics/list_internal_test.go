package metrics

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// listHost is the root as the list sees it, with no functions table on
// screen: the list's own state is what these tests look at.
type listHost struct {
	now   time.Time
	be    providers.Backend
	epoch int
}

func (h *listHost) Now() time.Time                       { return h.now }
func (h *listHost) Clock() func() time.Time              { return func() time.Time { return h.now } }
func (h *listHost) After(time.Duration, tea.Msg) tea.Cmd { return nil }
func (h *listHost) CallCtx() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}
func (h *listHost) Notify(views.Level, string) tea.Cmd               { return nil }
func (h *listHost) Keys() *keymap.KeyMap                             { km := keymap.Default(); return &km }
func (h *listHost) Styles() *theme.Styles                            { return theme.New(theme.Dark) }
func (h *listHost) Backend() providers.Backend                       { return h.be }
func (h *listHost) Epoch() int                                       { return h.epoch }
func (h *listHost) Idle() bool                                       { return false }
func (h *listHost) Paused() bool                                     { return false }
func (h *listHost) RetryDelay(int, error) time.Duration              { return time.Second }
func (h *listHost) FunctionsTables() []*kit.Table[views.FunctionRow] { return nil }
func (h *listHost) FunctionsTable() *kit.Table[views.FunctionRow]    { return nil }
func (h *listHost) SyncDetail()                                      {}
func (h *listHost) ListFailed(error) tea.Cmd                         { return nil }
func (h *listHost) ArmClock() tea.Cmd                                { return nil }

func newTestList(t *testing.T) (*List, *listHost) {
	t.Helper()
	now := time.Date(2026, 11, 25, 14, 30, 5, 0, time.UTC)
	h := &listHost{now: now, be: sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})}
	return NewList(h, 15*time.Minute), h
}

// TestMemoryUseHasOneWriter: the REPORT peak a row and a screen read is
// their own copy; only SetMemoryUse changes what the list keeps, and it
// reaches the row's entry.
func TestMemoryUseHasOneWriter(t *testing.T) {
	l, _ := newTestList(t)
	l.request([]string{"checkout-api"})
	lv := l.Figures("checkout-api")
	if lv == nil {
		t.Fatal("no entry for a function asked for")
	}
	l.SetMemoryUse("checkout-api", views.MemoryUse{MaxUsedMB: 300, SizeMB: 512, Lines: 4})
	if lv.Mem == nil || lv.Mem.MaxUsedMB != 300 {
		t.Fatalf("the row's entry did not get the peak: %+v", lv.Mem)
	}
	// A reader writing through what it was given changes nothing kept.
	lv.Mem.MaxUsedMB = 1
	if u, ok := l.MemoryUse("checkout-api"); !ok || u.MaxUsedMB != 300 {
		t.Fatalf("a reader changed the kept peak: %+v", u)
	}
	shown := l.memory("checkout-api")
	shown.Lines = 0
	if u, _ := l.MemoryUse("checkout-api"); u.Lines != 4 {
		t.Fatalf("a screen changed the kept peak: %+v", u)
	}
	// The writer's next peak replaces the row's copy.
	l.SetMemoryUse("checkout-api", views.MemoryUse{MaxUsedMB: 400, SizeMB: 512, Lines: 9})
	if lv.Mem.MaxUsedMB != 400 || lv.Mem.Lines != 9 {
		t.Fatalf("the row's entry kept an old peak: %+v", lv.Mem)
	}
}

// TestListDropsAnswersOfAnEarlierEpoch: figures asked for before a switch
// of account or region never land, even in an entry of the same name.
func TestListDropsAnswersOfAnEarlierEpoch(t *testing.T) {
	l, h := newTestList(t)
	cmd := l.request([]string{"checkout-api"})
	h.epoch++
	l.Update(cmd())
	if lv := l.Figures("checkout-api"); lv == nil || !lv.Loading || lv.Period != 0 {
		t.Fatalf("an answer of the previous epoch landed: %+v", lv)
	}
	// The same request in the current epoch does land.
	l.Update(l.request([]string{"checkout-api"})())
	if lv := l.Figures("checkout-api"); lv.Loading || lv.Period == 0 {
		t.Fatalf("an answer of this epoch did not land: %+v", lv)
	}
}

// BenchmarkMetricsRefresh builds the list's queries for 40 visible rows
// and folds the answer into their live figures and sparklines: the work a
// refresh adds to the event loop, without the call itself.
func BenchmarkMetricsRefresh(b *testing.B) {
	now := time.Date(2026, 11, 25, 14, 30, 5, 0, time.UTC)
	acct := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})
	page, err := acct.ListFunctions(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, 40)
	for i := range names {
		names[i] = page.Functions[i].Name
	}
	req, fr := functionMetricsRequest(names, now, 15*time.Minute, time.Minute)
	res, err := acct.GetMetricData(context.Background(), req)
	if err != nil {
		b.Fatal(err)
	}
	if len(req.Queries) != 200 {
		b.Fatalf("%d queries for 40 rows", len(req.Queries))
	}
	b.ReportAllocs()
	for b.Loop() {
		req, fr = functionMetricsRequest(names, now, 15*time.Minute, time.Minute)
		live := foldLive(res, names, fr)
		if len(live) != 40 || len(req.Queries) != 200 {
			b.Fatal("short fold")
		}
	}
}

// screenHost is the root as a metrics screen sees it: listHost plus
// what screens use, keeping the screen pushed.
type screenHost struct {
	*listHost
	list   *List
	pushed screen.Screen
}

func (h *screenHost) Location() *time.Location     { return time.UTC }
func (h *screenHost) InZone(t time.Time) time.Time { return t.UTC() }
func (h *screenHost) Region() string               { return "us-east-1" }
func (h *screenHost) CallFailed(error) tea.Cmd     { return nil }
func (h *screenHost) Detail(string) (providers.FunctionDetail, bool) {
	return providers.FunctionDetail{}, false
}
func (h *screenHost) DetailAsked(string) bool                                 { return false }
func (h *screenHost) StoreDetail(string, providers.FunctionDetail, time.Time) {}
func (h *screenHost) List() *List                                             { return h.list }
func (h *screenHost) Push(build func(id int) screen.Screen) tea.Cmd {
	h.pushed = build(1)
	return nil
}

// TestScreensDropReadsOfAnEarlierEpoch: a screen's own read answered for
// the account or region before a switch changes nothing on it; the same
// answer under the current epoch does.
func TestScreensDropReadsOfAnEarlierEpoch(t *testing.T) {
	l, lh := newTestList(t)
	h := &screenHost{listHost: lh, list: l}
	lh.epoch = 2
	svc := providers.Service{Cluster: "prod-api", Name: "catalog-api"}
	OpenService(h, svc, 15*time.Minute, "")
	s := h.pushed.(*Service)
	answer := clusterReadMsg{id: 1, epoch: 1, clusters: []providers.Cluster{{Name: "prod-api", ContainerInsights: "enabled"}}}
	s.Update(answer)
	if s.insights != "" {
		t.Fatalf("a read of epoch 1 landed under epoch 2: insights %q", s.insights)
	}
	answer.epoch = 2
	s.Update(answer)
	if s.insights != "enabled" {
		t.Fatalf("the current epoch's read did not land: insights %q", s.insights)
	}
}
