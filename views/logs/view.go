package logs

import (
	"strings"
	"time"

	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// maxTagW caps the tag column.
const maxTagW = 32

// Viewer is a log pane: the buffer, what of it is shown (filters,
// isolation, source), how (JSON mode, wrap, timestamps) and where (follow
// the newest line, or a cursor the user moved). Lines are classified when
// they arrive; Render builds only the rows on screen.
type Viewer struct {
	st    *theme.Styles
	ring  *Ring
	inv   *Invocations
	srcs  []string // source names, sanitized; index = Line.Src
	tagW  int
	pal   palette
	cache map[int64]string // folded or pretty text of lines on screen

	filter       Filter
	onlyMatching bool
	reqID        string
	src          int // -1: every source
	json         JSONMode
	expanded     map[int64]bool
	wrap, stamps bool
	// loc is the zone timestamps are shown in.
	loc *time.Location

	// follow pins the view to the newest shown line; otherwise the view is
	// anchored to a line and newLines counts what arrived since.
	follow   bool
	newLines int
	cursor   int64
	// mark is where a selection starts, while marking.
	mark    int64
	marking bool
	// anchor is where the view starts: line anchor and row within it,
	// or bottom-aligned on anchor when atBottom.
	anchor    int64
	anchorRow int
	atBottom  bool
	// shownFirst and shownLast are the lines of the last frame.
	shownFirst, shownLast int64
	width, height         int
}

// NewViewer returns an empty pane over a buffer of the given bounds
// (zero means the defaults), following new lines, timestamps on,
// JSON folded.
func NewViewer(st *theme.Styles, lines, bytes int) *Viewer {
	v := &Viewer{
		ring: NewRing(lines, bytes), inv: NewInvocations(2000), cache: map[int64]string{},
		expanded: map[int64]bool{}, src: -1, follow: true, stamps: true, loc: time.UTC,
		// A filter shows only the lines that match until v marks them
		// among all lines instead.
		onlyMatching: true,
	}
	v.SetStyles(st)
	return v
}

// SetStyles swaps the styles (background colour changed).
func (v *Viewer) SetStyles(st *theme.Styles) { v.st, v.pal = st, newPalette(st) }

// SetLocation sets the zone of the timestamps (UTC until it is set).
func (v *Viewer) SetLocation(loc *time.Location) { v.loc = loc }

// SetSources names the sources lines come from, for tags and colours.
func (v *Viewer) SetSources(names []string) {
	v.srcs = make([]string, len(names))
	for i, n := range names {
		v.srcs[i] = sanitize.Line(n)
		if len(names) > 1 {
			v.tagW = max(v.tagW, min(kit.Width(v.srcs[i]), maxTagW))
		}
	}
}

// Sources returns the source names.
func (v *Viewer) Sources() []string { return v.srcs }

// SetSize sets the size of the rows area.
func (v *Viewer) SetSize(w, h int) { v.width, v.height = max(w, 0), max(h, 0) }

// Ring exposes the buffer (counts, tests, benchmarks).
func (v *Viewer) Ring() *Ring { return v.ring }

// Invocations returns the invocations seen in the buffer's lines.
func (v *Viewer) Invocations() *Invocations { return v.inv }

// Append adds lines at the newest end. When the view is not following,
// it counts them as new.
func (v *Viewer) Append(ls ...Line) {
	for i := range ls {
		l := &ls[i]
		if l.Tag != "" {
			w := kit.Width(l.Tag)
			if len(v.srcs) > 1 && int(l.Src) < len(v.srcs) {
				w += kit.Width(v.srcs[l.Src]) + 1
			}
			v.tagW = max(v.tagW, min(w, maxTagW))
		}
		v.ring.Push(*l)
		v.inv.Observe(l)
		if !v.follow && v.shown(l) {
			v.newLines++
		}
	}
	v.clampIndexes()
}

// Prepend adds older lines (sorted oldest first) before the oldest held.
// It stops when the buffer is full and returns how many it added.
func (v *Viewer) Prepend(ls []Line) int {
	added := 0
	for i := len(ls) - 1; i >= 0; i-- {
		if !v.ring.PushFront(ls[i]) {
			break
		}
		v.inv.Observe(&ls[i])
		added++
	}
	return added
}

// Clear empties the pane (a new time range or server filter).
func (v *Viewer) Clear() {
	v.ring.Clear()
	v.inv.Reset()
	clear(v.cache)
	clear(v.expanded)
	v.follow, v.newLines, v.marking, v.reqID = true, 0, false, ""
}

// clampIndexes keeps the cursor, anchor and mark on held lines after the
// oldest ones were evicted.
func (v *Viewer) clampIndexes() {
	first := v.ring.First()
	if v.cursor < first {
		v.cursor = first
	}
	if v.anchor < first {
		v.anchor, v.anchorRow = first, 0
	}
	if v.marking && v.mark < first {
		v.mark = first
	}
	if len(v.cache) > 4096 {
		clear(v.cache)
	}
}

// shown reports whether a line passes the source, request and
// only-matching filters. Markers are always shown: a gap must never be
// filtered out of sight.
func (v *Viewer) shown(l *Line) bool {
	if l.Marker() {
		return true
	}
	if v.src >= 0 && int(l.Src) != v.src {
		return false
	}
	if v.reqID != "" && l.ReqID != v.reqID {
		return false
	}
	if v.onlyMatching && !v.filter.Match(l) {
		return false
	}
	return true
}

// prevShown returns the newest shown line with index <= i; ok is false
// when there is none. Indexes of lines paged in as history are negative,
// so "none" is never a value of the index itself.
func (v *Viewer) prevShown(i int64) (int64, bool) {
	for first := v.ring.First(); i >= first; i-- {
		if l := v.ring.At(i); l != nil && v.shown(l) {
			return i, true
		}
	}
	return 0, false
}

// nextShown returns the oldest shown line with index >= i; ok is false
// when there is none.
func (v *Viewer) nextShown(i int64) (int64, bool) {
	i = max(i, v.ring.First())
	for next := v.ring.Next(); i < next; i++ {
		if l := v.ring.At(i); l != nil && v.shown(l) {
			return i, true
		}
	}
	return 0, false
}

// lastShown is the newest shown line.
func (v *Viewer) lastShown() (int64, bool) { return v.prevShown(v.ring.Next() - 1) }

// Following reports whether the view follows new lines.
func (v *Viewer) Following() bool { return v.follow }

// NewLines counts the shown lines that arrived while paused.
func (v *Viewer) NewLines() int { return v.newLines }

// Pause stops following: the view stays where it is and new lines are
// counted. Resume jumps to the newest line and follows again.
func (v *Viewer) Pause() {
	if !v.follow {
		return
	}
	v.follow = false
	v.newLines = 0
	if last, ok := v.lastShown(); ok {
		v.cursor = last
	}
	v.anchor, v.atBottom = v.cursor, true
}

// Resume follows the newest line again.
func (v *Viewer) Resume() {
	v.follow, v.newLines = true, 0
}

// TogglePause pauses or resumes.
func (v *Viewer) TogglePause() {
	if v.follow {
		v.Pause()
		return
	}
	v.Resume()
}

// Move moves the cursor by delta shown lines; moving stops following.
func (v *Viewer) Move(delta int) {
	if v.follow {
		v.Pause()
	}
	cur, ok := v.nextShown(v.cursor)
	if !ok {
		cur, ok = v.lastShown()
	}
	if !ok {
		return
	}
	for ; delta > 0; delta-- {
		n, ok := v.nextShown(cur + 1)
		if !ok {
			break
		}
		cur = n
	}
	for ; delta < 0; delta++ {
		p, ok := v.prevShown(cur - 1)
		if !ok {
			break
		}
		cur = p
	}
	v.cursor = cur
	v.reveal()
}

// Page moves the cursor by a screen.
func (v *Viewer) Page(dir int) { v.Move(dir * max(v.height-1, 1)) }

// Top jumps to the oldest line held.
func (v *Viewer) Top() {
	v.Pause()
	if f, ok := v.nextShown(v.ring.First()); ok {
		v.cursor = f
	}
	v.anchor, v.anchorRow, v.atBottom = v.cursor, 0, false
}

// Bottom jumps to the newest line and follows.
func (v *Viewer) Bottom() { v.Resume() }

// reveal scrolls so the cursor is on screen after a move.
func (v *Viewer) reveal() {
	switch {
	case v.cursor <= v.shownFirst:
		v.anchor, v.anchorRow, v.atBottom = v.cursor, 0, false
	case v.cursor >= v.shownLast:
		v.anchor, v.atBottom = v.cursor, true
	}
}

// Cursor returns the selected line, if any.
func (v *Viewer) Cursor() (*Line, bool) {
	i := v.cursor
	if v.follow {
		last, ok := v.lastShown()
		if !ok {
			return nil, false
		}
		i = last
	}
	l := v.ring.At(i)
	return l, l != nil
}

// SetFilter sets the local filter; an invalid regular expression is
// returned and the old filter kept.
func (v *Viewer) SetFilter(query string, mode FilterMode) error {
	return v.filter.Set(query, mode)
}

// Filter returns the local filter.
func (v *Viewer) Filter() *Filter { return &v.filter }

// ToggleOnlyMatching switches between showing only matching lines and
// showing all lines with matches marked.
func (v *Viewer) ToggleOnlyMatching() { v.onlyMatching = !v.onlyMatching }

// OnlyMatching reports the filter's display mode.
func (v *Viewer) OnlyMatching() bool { return v.onlyMatching }

// IsolateRequest shows only the lines of the selected line's request id,
// or shows everything again when a request is isolated. It reports false
// when the selected line has no request id.
func (v *Viewer) IsolateRequest() bool {
	if v.reqID != "" {
		v.reqID = ""
		return true
	}
	l, ok := v.Cursor()
	if !ok || l.ReqID == "" {
		return false
	}
	v.reqID = l.ReqID
	return true
}

// SetRequest shows only the lines of request id (empty shows all).
func (v *Viewer) SetRequest(id string) {
	v.reqID = id
	if id != "" {
		if f, ok := v.nextShown(v.ring.First()); ok {
			v.follow = false
			v.cursor, v.anchor, v.anchorRow, v.atBottom = f, f, 0, false
		}
	}
}

// Request is the isolated request id, if any.
func (v *Viewer) Request() string { return v.reqID }

// CycleSource shows one source after the other, then all of them.
func (v *Viewer) CycleSource() {
	if len(v.srcs) <= 1 {
		v.src = -1
		return
	}
	v.src++
	if v.src >= len(v.srcs) {
		v.src = -1
	}
}

// Source is the index of the only source shown, or -1.
func (v *Viewer) Source() int { return v.src }

// CycleJSON cycles folded, pretty and raw JSON.
func (v *Viewer) CycleJSON() {
	v.json = (v.json + 1) % 3
	clear(v.cache)
}

// JSON is the JSON display mode.
func (v *Viewer) JSON() JSONMode { return v.json }

// ToggleExpand pretty-prints the selected JSON line, or folds it back.
func (v *Viewer) ToggleExpand() bool {
	l, ok := v.Cursor()
	if !ok || !l.JSON {
		return false
	}
	i := v.cursor
	if v.follow {
		v.Pause()
		i = v.cursor
	}
	v.expanded[i] = !v.expanded[i]
	if !v.expanded[i] {
		delete(v.expanded, i)
	}
	return true
}

// ToggleWrap switches soft wrapping.
func (v *Viewer) ToggleWrap() { v.wrap = !v.wrap }

// Wrap reports soft wrapping.
func (v *Viewer) Wrap() bool { return v.wrap }

// ToggleStamps shows or hides timestamps.
func (v *Viewer) ToggleStamps() { v.stamps = !v.stamps }

// ToggleMark starts a selection at the cursor, or clears it.
func (v *Viewer) ToggleMark() {
	if v.marking {
		v.marking = false
		return
	}
	if v.follow {
		v.Pause()
	}
	v.mark, v.marking = v.cursor, true
}

// ToggleMarkOff ends a selection (after it was copied).
func (v *Viewer) ToggleMarkOff() { v.marking = false }

// Marking reports whether a selection is being made.
func (v *Viewer) Marking() bool { return v.marking }

// Selection returns the text of the selected lines (the marked range, or
// the cursor line) for the clipboard, without styling.
func (v *Viewer) Selection() string {
	l, ok := v.Cursor()
	if !ok {
		return ""
	}
	if !v.marking || v.follow {
		return l.Text
	}
	lo, hi := min(v.mark, v.cursor), max(v.mark, v.cursor)
	var b strings.Builder
	for i := lo; i <= hi; i++ {
		if x := v.ring.At(i); x != nil && v.shown(x) {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(x.Text)
		}
	}
	return b.String()
}

// Export returns the shown lines (all=false) or every buffered line as
// plain text, one event per line group, with an RFC 3339 UTC timestamp and
// the tag. Nothing is styled.
func (v *Viewer) Export(all bool) []string {
	out := make([]string, 0, v.ring.Len())
	for i, next := v.ring.First(), v.ring.Next(); i < next; i++ {
		l := v.ring.At(i)
		if !all && !v.shown(l) {
			continue
		}
		var b strings.Builder
		b.WriteString(time.UnixMilli(l.Time).UTC().Format("2006-01-02T15:04:05.000Z"))
		b.WriteByte(' ')
		if tag := v.tag(l); tag != "" {
			b.WriteString("[" + tag + "] ")
		}
		switch l.Kind {
		case KindGap:
			b.WriteString("--- " + l.Text + " ---")
		case KindNotice:
			b.WriteString("--- " + l.Text)
		default:
			b.WriteString(l.Text)
		}
		out = append(out, b.String())
	}
	return out
}

// tag is the label of a line: its source name in a merged view, then its
// own tag (task, container).
func (v *Viewer) tag(l *Line) string {
	if l.Marker() {
		return ""
	}
	name := ""
	if len(v.srcs) > 1 && int(l.Src) < len(v.srcs) {
		name = v.srcs[l.Src]
	}
	switch {
	case name != "" && l.Tag != "":
		return name + "/" + l.Tag
	case l.Tag != "":
		return l.Tag
	}
	return name
}
