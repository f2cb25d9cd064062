package logs

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// palette holds the brushes of a theme.
type palette struct {
	normal, muted, subtle, err, warn, info, ok kit.Brush
	match, cursor, sel, gap, notice, stamp     kit.Brush
	srcs                                       []kit.Brush
}

func newPalette(st *theme.Styles) palette {
	return palette{
		normal: kit.NewBrush(st.Text.Normal), muted: kit.NewBrush(st.Text.Muted), subtle: kit.NewBrush(st.Text.Subtle),
		err: kit.NewBrush(st.Text.Err), warn: kit.NewBrush(st.Text.Warn), info: kit.NewBrush(st.Text.Info), ok: kit.NewBrush(st.Text.OK),
		match: kit.NewBrush(st.Table.Match), cursor: kit.NewBrush(st.Table.SortMark.Bold(true)), sel: kit.NewBrush(st.Pane.Section),
		gap: kit.NewBrush(st.Status.Warn), notice: kit.NewBrush(st.Status.Info), stamp: kit.NewBrush(st.Text.Muted),
		// Source colours: distinct hues of the theme, none of them the
		// error or warning colour a level uses.
		srcs: []kit.Brush{kit.NewBrush(st.Text.Info), kit.NewBrush(st.Pane.Section), kit.NewBrush(st.Text.OK), kit.NewBrush(st.Header.CrumbLast), kit.NewBrush(st.Status.HintKey)},
	}
}

func (p *palette) src(i uint8) kit.Brush { return p.srcs[int(i)%len(p.srcs)] }

const stampWidth = len("15:04:05.000 ")

// prefixWidth is the width of the gutter, timestamp and tag columns that
// fit w, leaving at least 20 cells of text.
func (v *Viewer) prefixWidth(w int) (stamps bool, tagW, total int) {
	total = 1
	stamps = v.stamps && w-total-stampWidth >= 20
	if stamps {
		total += stampWidth
	}
	if v.tagW > 0 && w-total-v.tagW-1 >= 20 {
		tagW = v.tagW
		total += tagW + 1
	}
	return stamps, tagW, total
}

// Render builds exactly the rows area's height of rows, each exactly its
// width, from the lines on screen only.
func (v *Viewer) Render() string {
	w, h := v.width, v.height
	if w <= 0 || h <= 0 {
		return ""
	}
	v.clampIndexes()
	var rows []string
	switch {
	case v.follow:
		v.cursor = v.ring.First()
		if last, ok := v.lastShown(); ok {
			v.cursor = last
			rows = v.rowsUpTo(last, h)
		}
	case v.atBottom:
		if last, ok := v.prevShown(v.anchor); ok {
			rows = v.rowsUpTo(last, h)
		}
	default:
		rows = v.rowsFrom(v.anchor, v.anchorRow, h)
		if len(rows) < h {
			// The anchor is near the newest line: fill from the bottom
			// instead of leaving blank rows under it.
			if last, ok := v.lastShown(); ok {
				rows = v.rowsUpTo(last, h)
			}
		}
	}
	if len(rows) == 0 {
		rows = append(rows, v.pal.muted.Paint(kit.Fit(" "+v.emptyText(), w)))
	}
	for len(rows) < h {
		rows = append(rows, strings.Repeat(" ", w))
	}
	return strings.Join(rows, "\n")
}

func (v *Viewer) emptyText() string {
	switch {
	case v.ring.Len() == 0:
		return "no log lines yet"
	case v.reqID != "":
		return "no lines of request " + v.reqID
	case v.onlyMatching && v.filter.Active():
		return "no lines match " + strconv.Quote(v.filter.Query()) + " · v shows all lines"
	}
	return "no lines from this source yet"
}

// rowsUpTo renders the shown lines ending with last, bottom-aligned: the
// last h rows of them.
func (v *Viewer) rowsUpTo(last int64, h int) []string {
	var blocks [][]string
	n := 0
	v.shownLast = last
	for i, ok := last, true; ok && n < h; i, ok = v.prevShown(i - 1) {
		r := v.lineRows(i, v.ring.At(i))
		blocks = append(blocks, r)
		n += len(r)
		v.shownFirst = i
	}
	if v.ring.Cut() && len(blocks) > 0 {
		if _, more := v.prevShown(v.shownFirst - 1); !more {
			b := &blocks[len(blocks)-1]
			*b = append([]string{v.cutRow()}, *b...)
			n++
		}
	}
	out := make([]string, 0, h)
	skip := max(n-h, 0)
	for b := len(blocks) - 1; b >= 0; b-- {
		for _, row := range blocks[b] {
			if skip > 0 {
				skip--
				continue
			}
			out = append(out, row)
		}
	}
	if n > h {
		// The first line is cut at the top: the view starts inside it.
		v.shownFirst++
	}
	return out
}

// rowsFrom renders forward from line first, skipping skip rows of it.
func (v *Viewer) rowsFrom(first int64, skip, h int) []string {
	out := make([]string, 0, h)
	i, ok := v.nextShown(first)
	if ok {
		v.shownFirst = i
	}
	top := ok && v.ring.Cut()
	if top {
		_, more := v.prevShown(i - 1)
		top = !more
	}
	for ; ok && len(out) < h; i, ok = v.nextShown(i + 1) {
		r := v.lineRows(i, v.ring.At(i))
		if top {
			r, top = append([]string{v.cutRow()}, r...), false
		}
		if skip > 0 {
			r = r[min(skip, len(r)):]
			skip = 0
		}
		out = append(out, r[:min(len(r), h-len(out))]...)
		v.shownLast = i
	}
	return out
}

// cutRow marks the top of a buffer that dropped older lines: the oldest
// line held is not the oldest of the range, and the pane says so.
func (v *Viewer) cutRow() string {
	text := "⚠ older lines not held: a pane keeps at most " + count(v.ring.Cap()) + " lines and " +
		strconv.Itoa(v.ring.MaxBytes()>>20) + " MiB · S and E save what it holds"
	return " " + v.pal.gap.Paint(kit.Fit(text, max(v.width-1, 0)))
}

// lineRows renders one line as its rows on screen: gutter, timestamp, tag,
// then the text, wrapped or cut, with matches highlighted.
func (v *Viewer) lineRows(i int64, l *Line) []string {
	w := v.width
	stamps, tagW, pw := v.prefixWidth(w)
	avail := max(w-pw, 1)
	text, base := v.body(i, l)

	gutter := " "
	switch {
	case i == v.cursor && !v.follow:
		gutter = v.pal.cursor.Paint("▌")
	case v.marking && i >= min(v.mark, v.cursor) && i <= max(v.mark, v.cursor):
		gutter = v.pal.sel.Paint("┃")
	case v.filter.Active() && !v.onlyMatching && !l.Marker() && v.filter.Match(l):
		gutter = v.pal.match.Paint("•")
	}
	var prefix strings.Builder
	if stamps {
		prefix.WriteString(v.pal.stamp.Paint(time.UnixMilli(l.Time).In(v.loc).Format("15:04:05.000")) + " ")
	}
	if tagW > 0 {
		tag := v.tag(l)
		b := v.pal.src(l.Src)
		prefix.WriteString(b.Paint(kit.Fit(tag, tagW)) + " ")
	}
	cont := strings.Repeat(" ", pw-1)

	var rows []string
	first := true
	emit := func(seg string) {
		p := cont
		if first {
			p = prefix.String()
		}
		rows = append(rows, gutter+p+v.paintRow(seg, base, avail))
		first = false
	}
	for seg := range strings.SplitSeq(text, "\n") {
		if strings.IndexByte(seg, '\t') >= 0 {
			seg = strings.ReplaceAll(seg, "\t", "    ")
		}
		if !v.wrap {
			emit(seg)
			continue
		}
		for {
			head, rest := kit.Cut(seg, avail)
			if head == "" && rest != "" {
				// A cluster wider than the row: it gets a row of its own,
				// cut to an ellipsis by paintRow.
				cl, _ := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
				head, rest = rest[:max(len(cl), 1)], rest[max(len(cl), 1):]
			}
			emit(head)
			if rest == "" {
				break
			}
			seg = rest
		}
	}
	return rows
}

// paintRow fits seg to avail cells (cutting with an ellipsis) and paints
// it with the line's style and the filter's highlights.
func (v *Viewer) paintRow(seg string, base kit.Brush, avail int) string {
	seg = kit.Fit(seg, avail)
	if !v.filter.Active() {
		return base.Paint(seg)
	}
	spans := v.filter.Spans(seg)
	if len(spans) == 0 {
		return base.Paint(seg)
	}
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		lo, hi := max(sp[0], at), min(sp[1], len(seg))
		if lo >= hi || !utf8.RuneStart(seg[lo]) || (hi < len(seg) && !utf8.RuneStart(seg[hi])) {
			continue
		}
		b.WriteString(base.Paint(seg[at:lo]))
		b.WriteString(v.pal.match.Paint(seg[lo:hi]))
		at = hi
	}
	b.WriteString(base.Paint(seg[at:]))
	return b.String()
}

// body is the text shown for a line and its style.
func (v *Viewer) body(i int64, l *Line) (string, kit.Brush) {
	switch l.Kind {
	case KindGap:
		return "⚠ " + l.Text, v.pal.gap
	case KindNotice:
		return "ℹ " + l.Text, v.pal.notice
	case KindReport:
		if v.json != JSONRaw || !l.JSON {
			st := v.pal.info
			if l.Report.Status == providers.ReportError || l.Report.Status == providers.ReportTimeout {
				st = v.pal.err
			}
			return reportRow(l.Report), st
		}
	}
	text := l.Text
	switch {
	case l.JSON:
		text = v.jsonText(i, l)
	case l.Short != "" && v.json != JSONRaw:
		text = l.Short
	}
	switch {
	case l.Kind == KindPlatform:
		return text, v.pal.subtle
	case l.Level == LevelError:
		return text, v.pal.err
	case l.Level == LevelWarn:
		return text, v.pal.warn
	case l.Level == LevelDebug:
		return text, v.pal.muted
	}
	return text, v.pal.normal
}

// jsonText folds or pretty-prints a JSON line, caching the result while
// the line is on screen.
func (v *Viewer) jsonText(i int64, l *Line) string {
	mode := v.json
	if v.expanded[i] {
		mode = JSONPretty
	}
	if mode == JSONRaw {
		return l.Text
	}
	key := i<<1 | int64(mode&1)
	if s, ok := v.cache[key]; ok {
		return s
	}
	var s string
	if mode == JSONPretty {
		s = Pretty(l.Text)
	} else {
		s = Fold(l.Text)
	}
	v.cache[key] = s
	return s
}

// reportRow shows a REPORT as an invocation row.
func reportRow(r *Report) string {
	var b strings.Builder
	b.WriteString("REPORT " + shortID(r.RequestID) + "  " + ms(r.Duration))
	if r.Billed == r.Billed {
		b.WriteString(" (billed " + ms(r.Billed) + ")")
	}
	if r.MemorySize > 0 {
		b.WriteString("  mem " + strconv.Itoa(r.MaxMemory) + "/" + strconv.Itoa(r.MemorySize) + " MB")
	}
	if r.Init == r.Init {
		b.WriteString("  cold start, init " + ms(r.Init))
	}
	if r.Restore == r.Restore {
		b.WriteString("  restore " + ms(r.Restore))
	}
	if r.Status != "" && r.Status != providers.ReportSuccess {
		b.WriteString("  " + strings.ToUpper(r.Status))
	}
	return b.String()
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// ms formats milliseconds compactly.
func ms(v float64) string {
	switch {
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64) + " ms"
	case v < 10_000:
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(v/1000, 'f', 2, 64) + " s"
}
