package eks

import (
	"context"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/sanitize"
)

// LogPage follows a pod's containers through the Kubernetes API, in the
// log pane Lambda and ECS use (the same buffer, rendering and
// sanitizer). Each container is one source, streamed on its own and
// merged; c shows one container after the other, then all again. s
// cycles how far back the history goes; p pauses scrolling. Where the
// cluster routes Fargate logs to CloudWatch, l opens that log group's
// streams of the pod.
type LogPage struct {
	h   Host
	id  int
	pod providers.Pod
	// group and prefix are the CloudWatch log group and stream prefix of
	// the pod's containers ("" when the cluster does not route there).
	group, prefix string

	v      *logs.Viewer
	since  int // index into sinceSteps
	gen    int
	cancel context.CancelFunc
	// open counts the container streams still running.
	open  int
	ended []string
	w, ht int
	// named says the crumbs before the page name the pod already.
	named bool
}

// sinceSteps are the history lengths s cycles through; 0 is all of it.
var sinceSteps = [...]time.Duration{10 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour, 0}

// Buffer bounds of a pod's log pane (the CloudWatch panes' are
// configurable; a pod streams far less).
const (
	podLogLines = 20000
	podLogBytes = 16 << 20
)

type (
	// logBatchMsg carries one batch of a container's stream.
	logBatchMsg struct {
		id, gen, src int
		batch        providers.LogBatch
		ch           <-chan providers.LogBatch
		closed       bool
	}
	// logOpenedMsg carries a container's opened stream, or why not.
	logOpenedMsg struct {
		id, gen, src int
		ch           <-chan providers.LogBatch
		err          error
	}
)

func (m logBatchMsg) ScreenID() int  { return m.id }
func (m logOpenedMsg) ScreenID() int { return m.id }

// NewLogs returns the log page of a pod.
func NewLogs(h Host, id int, p providers.Pod, group, prefix string) *LogPage {
	lp := &LogPage{h: h, id: id, pod: p, group: group, prefix: prefix}
	lp.v = logs.NewViewer(h.Styles(), podLogLines, podLogBytes)
	lp.v.SetLocation(h.Location())
	lp.v.SetSources(lp.containers())
	return lp
}

// containers are the pod's (non-init) containers, the sources.
func (lp *LogPage) containers() []string {
	var out []string
	for _, c := range lp.pod.Containers {
		if !c.Init {
			out = append(out, c.Name)
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// Crumbs names the page.
func (lp *LogPage) Crumbs() []string {
	if lp.named {
		return []string{"logs"}
	}
	return []string{lp.pod.Name, "logs"}
}

// Info says what the pane shows.
func (lp *LogPage) Info() string {
	out := "since " + sinceText(sinceSteps[lp.since])
	srcs := lp.v.Sources()
	if i := lp.v.Source(); i >= 0 && i < len(srcs) && len(srcs) > 1 {
		out += " · container " + sanitize.Line(srcs[i])
	} else if len(srcs) > 1 {
		out += " · " + strconv.Itoa(len(srcs)) + " containers"
	}
	if lp.open == 0 && lp.gen > 0 {
		out += " · ended"
	} else if lp.v.Following() {
		out += " · following"
	}
	return out
}

func sinceText(d time.Duration) string {
	switch {
	case d == 0:
		return "the start"
	case d >= time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// SetSize gives the pane its body; the last line is the bar.
func (lp *LogPage) SetSize(w, h int) { lp.w, lp.ht = w, h; lp.v.SetSize(w, max(h-1, 0)) }

// Restyle rebuilds styles after a theme change.
func (lp *LogPage) Restyle() { lp.v.SetStyles(lp.h.Styles()) }

// Activate opens one stream per container. The streams start with the
// history of the since window, so the pane starts over with them.
func (lp *LogPage) Activate() tea.Cmd {
	lp.stop()
	lp.gen++
	lp.v.Clear()
	ps, ok := lp.h.Backend().(providers.PodLogStreamer)
	if !ok {
		lp.v.Append(logs.NewMarker(logs.KindNotice, lp.h.Now(), "this backend cannot read pod logs"))
		return nil
	}
	ctx, cancel := context.WithCancel(lp.h.Context())
	lp.cancel = cancel
	lp.ended = nil
	gen, id := lp.gen, lp.id
	var cmds []tea.Cmd
	for i, c := range lp.containers() {
		req := providers.PodLogRequest{Cluster: lp.pod.Cluster, Namespace: lp.pod.Namespace, Pod: lp.pod.Name,
			Container: c, Follow: true, Since: sinceSteps[lp.since]}
		lp.open++
		cmds = append(cmds, func() tea.Msg {
			ch, err := ps.StreamPodLogs(ctx, req)
			return logOpenedMsg{id: id, gen: gen, src: i, ch: ch, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// Deactivate ends the streams: a hidden pane reads nothing.
func (lp *LogPage) Deactivate() { lp.stop(); lp.gen++ }

func (lp *LogPage) stop() {
	if lp.cancel != nil {
		lp.cancel()
		lp.cancel = nil
	}
	lp.open = 0
}

// next reads one batch of a stream.
func next(id, gen, src int, ch <-chan providers.LogBatch) tea.Cmd {
	return func() tea.Msg {
		b, ok := <-ch
		return logBatchMsg{id: id, gen: gen, src: src, batch: b, ch: ch, closed: !ok}
	}
}

// Update takes the streams' batches.
func (lp *LogPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case logOpenedMsg:
		if msg.gen != lp.gen {
			return nil
		}
		if msg.err != nil {
			lp.end(msg.src, providers.Short(msg.err))
			return nil
		}
		return next(lp.id, lp.gen, msg.src, msg.ch)
	case logBatchMsg:
		if msg.gen != lp.gen {
			return nil
		}
		if msg.closed {
			lp.end(msg.src, "")
			return nil
		}
		b := msg.batch
		if b.Dropped > 0 {
			lp.v.Append(logs.NewMarker(logs.KindGap, lp.h.Now(), strconv.Itoa(b.Dropped)+" lines dropped: the pane fell behind"))
		}
		lines := make([]logs.Line, 0, len(b.Events))
		for _, ev := range b.Events {
			lines = append(lines, logs.FromEvent(ev, msg.src, ""))
		}
		lp.v.Append(lines...)
		if b.Err != nil {
			lp.end(msg.src, providers.Short(b.Err))
			return nil
		}
		return next(lp.id, lp.gen, msg.src, msg.ch)
	}
	return nil
}

// end marks a container's stream as ended, saying why when it failed.
func (lp *LogPage) end(src int, why string) {
	lp.open = max(lp.open-1, 0)
	name := ""
	if cs := lp.containers(); src < len(cs) {
		name = cs[src]
	}
	text := "container " + name + ": stream ended"
	kind := logs.KindNotice
	if why != "" {
		text, kind = "container "+name+": "+why, logs.KindGap
	}
	lp.v.Append(logs.NewMarker(kind, lp.h.Now(), sanitize.Line(text)))
}

// Key handles the pane's keys.
func (lp *LogPage) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := lp.h.Keys().Logs
	switch {
	case screen.Navigate(lp.v, k, km.Nav()):
	case key.Matches(k, km.Pause):
		lp.v.TogglePause()
	case key.Matches(k, km.Source):
		lp.v.CycleSource()
	case key.Matches(k, km.Wrap):
		lp.v.ToggleWrap()
	case key.Matches(k, km.Stamps):
		lp.v.ToggleStamps()
	case key.Matches(k, km.JSON):
		lp.v.CycleJSON()
	case key.Matches(k, km.Since):
		lp.since = (lp.since + 1) % len(sinceSteps)
		return tea.Batch(lp.Activate(), lp.h.Notify(views.LevelInfo, "pod logs since "+sinceText(sinceSteps[lp.since]))), true
	case key.Matches(k, km.Open):
		if lp.group == "" {
			return lp.h.Notify(views.LevelInfo, "this cluster does not route Fargate logs to CloudWatch (no aws-observability/aws-logging output)"), true
		}
		prefix := lp.prefix + "kube.var.log.containers." + lp.pod.Name + "_" + lp.pod.Namespace + "_"
		return lp.h.CloudWatchLogs(lp.pod.Name, lp.group, prefix, []string{"cloudwatch"}), true
	default:
		return nil, false
	}
	return nil, true
}

// View renders the pane and its bar.
func (lp *LogPage) View() string {
	if lp.w <= 0 || lp.ht <= 0 {
		return ""
	}
	body := lp.v.Render()
	return body + "\n" + lp.v.Bar(lp.w, lp.v.Badges())
}

func (lp *LogPage) bindings() []key.Binding {
	km := lp.h.Keys().Logs
	cw := km.Open
	cw.SetHelp(cw.Help().Key, "same logs in CloudWatch")
	cw.SetEnabled(lp.group != "")
	since := km.Since
	since.SetHelp(since.Help().Key, "since 10m/1h/6h/24h/all")
	return []key.Binding{km.Pause, km.Source, since, cw}
}

// Hints are the keys of the status line.
func (lp *LogPage) Hints() []key.Binding { return lp.bindings() }

// Help lists the pane's keys.
func (lp *LogPage) Help() []views.HelpGroup {
	km := lp.h.Keys().Logs
	return []views.HelpGroup{{Title: "Pod logs", Bindings: append([]key.Binding{km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom, km.Wrap, km.Stamps, km.JSON}, lp.bindings()...)}}
}

// Status: a stream says its own failures in the pane.
func (lp *LogPage) Status() (string, string) { return "", "" }
