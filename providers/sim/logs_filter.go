package sim

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// logSource is a log group: a function's, an ECS service's or an EKS
// cluster's Fargate pods'.
type logSource struct {
	group string
	key   uint64
	fn    *function
	svc   *ecsService
	eks   *eksCluster
}

// beginGroup starts a call about one log group: the call's own faults
// first, then the group it names.
func (a *Account) beginGroup(ctx context.Context, op, group string) (logSource, error) {
	if err := a.begin(ctx, op); err != nil {
		return logSource{}, err
	}
	return a.resolveGroup(op, group)
}

// resolveGroup finds the source of a log group.
func (a *Account) resolveGroup(op, group string) (logSource, error) {
	if f, ok := a.byGroup[group]; ok {
		return logSource{group: group, key: f.key, fn: f}, nil
	}
	a.mu.Lock()
	s := a.ecsLocked().groups[group]
	cl := a.eksGroupLocked(group)
	a.mu.Unlock()
	switch {
	case s != nil:
		return logSource{group: group, key: s.key, svc: s}, nil
	case cl != nil:
		return logSource{group: group, key: hash(cl.key, tagEKSLog), eks: cl}, nil
	}
	return logSource{}, a.fail(providers.ErrNotFound, op, "ResourceNotFoundException: The specified log group does not exist: %s", group)
}

// minuteEvents returns the sorted events of a source in minute T.
func (a *Account) minuteEvents(src logSource, T, nowMs int64) []logEvent {
	switch {
	case src.fn != nil:
		return a.lambdaMinute(src.fn, T, nowMs)
	case src.eks != nil:
		return a.eksMinute(src.eks, T, nowMs)
	}
	return a.ecsMinute(src.svc, T, nowMs)
}

func (e *logEvent) provider(group string) providers.LogEvent {
	h := hash(e.src, uint64(e.ord))
	return providers.LogEvent{
		ID:        eventID(e.ts, h),
		Timestamp: time.UnixMilli(e.ts).UTC(),
		Ingested:  time.UnixMilli(e.ts + 150 + int64(h%700)).UTC(),
		Group:     group,
		Stream:    e.stream,
		Message:   e.msg,
	}
}

// filter is a parsed LogQuery or TailRequest selection.
type filter struct {
	streams  []string
	prefixes []string
	pat      *pattern
}

func (fl *filter) match(e *logEvent) bool {
	if len(fl.streams) > 0 && !slices.Contains(fl.streams, e.stream) {
		return false
	}
	if len(fl.prefixes) > 0 && !slices.ContainsFunc(fl.prefixes, func(p string) bool { return strings.HasPrefix(e.stream, p) }) {
		return false
	}
	return fl.pat == nil || fl.pat.match(e.msg)
}

// pattern is the subset of CloudWatch filter syntax virga uses: terms
// that must all appear (case-sensitive), "quoted phrases", ?terms of which
// one must appear, -terms that must not, %regex%, and one JSON pattern
// { $.field op value [&& ...] [|| ...] }.
type pattern struct {
	all, any, none []string
	re             []*regexp.Regexp
	json           [][]jsonCmp // OR of ANDs
}

type jsonCmp struct {
	path  []string
	op    string
	str   string
	num   float64
	isNum bool
}

var jsonCmpRE = regexp.MustCompile(`^\s*\$\.([A-Za-z0-9_.\[\]]+)\s*(=|!=|>=|<=|>|<)\s*("(?:[^"\\]|\\.)*"|[^\s&|]+)\s*$`)

func parsePattern(s string) (*pattern, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	p := &pattern{}
	if strings.HasPrefix(s, "{") {
		if !strings.HasSuffix(s, "}") {
			return nil, fmt.Errorf("unbalanced braces")
		}
		for _, alt := range strings.Split(s[1:len(s)-1], "||") {
			var conj []jsonCmp
			for _, c := range strings.Split(alt, "&&") {
				m := jsonCmpRE.FindStringSubmatch(strings.Trim(c, " ()"))
				if m == nil {
					return nil, fmt.Errorf("cannot parse %q", strings.TrimSpace(c))
				}
				jc := jsonCmp{path: strings.Split(m[1], "."), op: m[2]}
				if v := m[3]; strings.HasPrefix(v, `"`) {
					jc.str, _ = strconv.Unquote(v)
				} else if n, err := strconv.ParseFloat(v, 64); err == nil {
					jc.num, jc.isNum = n, true
				} else {
					jc.str = v
				}
				conj = append(conj, jc)
			}
			p.json = append(p.json, conj)
		}
		return p, nil
	}
	for s != "" {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		prefix := byte(0)
		if s[0] == '?' || s[0] == '-' {
			prefix, s = s[0], s[1:]
		}
		var term string
		switch {
		case strings.HasPrefix(s, `"`):
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote")
			}
			term, s = s[1:end+1], s[end+2:]
		case strings.HasPrefix(s, "%"):
			end := strings.IndexByte(s[1:], '%')
			if end < 0 {
				return nil, fmt.Errorf("unterminated regular expression")
			}
			re, err := regexp.Compile(s[1 : end+1])
			if err != nil {
				return nil, err
			}
			p.re = append(p.re, re)
			s = s[end+2:]
			continue
		default:
			end := strings.IndexByte(s, ' ')
			if end < 0 {
				end = len(s)
			}
			term, s = s[:end], s[end:]
		}
		switch prefix {
		case '?':
			p.any = append(p.any, term)
		case '-':
			p.none = append(p.none, term)
		default:
			p.all = append(p.all, term)
		}
	}
	return p, nil
}

func (p *pattern) match(msg string) bool {
	if p.json != nil {
		return p.matchJSON(msg)
	}
	for _, t := range p.all {
		if !strings.Contains(msg, t) {
			return false
		}
	}
	for _, t := range p.none {
		if strings.Contains(msg, t) {
			return false
		}
	}
	for _, re := range p.re {
		if !re.MatchString(msg) {
			return false
		}
	}
	if len(p.any) == 0 {
		return true
	}
	for _, t := range p.any {
		if strings.Contains(msg, t) {
			return true
		}
	}
	return false
}

func (p *pattern) matchJSON(msg string) bool {
	if !strings.HasPrefix(msg, "{") {
		return false
	}
	var doc any
	if json.Unmarshal([]byte(msg), &doc) != nil {
		return false
	}
	for _, conj := range p.json {
		ok := true
		for _, c := range conj {
			if !c.eval(doc) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (c jsonCmp) eval(doc any) bool {
	v := doc
	for _, k := range c.path {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[k]; !ok {
			return false
		}
	}
	if c.isNum {
		n, ok := v.(float64)
		if !ok {
			return false
		}
		switch c.op {
		case "=":
			return n == c.num
		case "!=":
			return n != c.num
		case ">":
			return n > c.num
		case "<":
			return n < c.num
		case ">=":
			return n >= c.num
		default:
			return n <= c.num
		}
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	eq := s == c.str
	if strings.Contains(c.str, "*") {
		re := "^" + strings.ReplaceAll(regexp.QuoteMeta(c.str), `\*`, ".*") + "$"
		eq, _ = regexp.MatchString(re, s)
	}
	if c.op == "!=" {
		return !eq
	}
	return c.op == "=" && eq
}

// pageToken is where a FilterLogEvents page stopped: the timestamp-minute,
// the offset in its filtered events, and whether the empty page an
// EmptyPages fault asks for was already served. q ties it to its query.
type pageToken struct {
	T     int64
	off   int
	empty bool
	q     uint64
}

func (t pageToken) encode() string {
	e := 0
	if t.empty {
		e = 1
	}
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "v1.%d.%d.%d.%x", t.T, t.off, e, t.q))
}

func decodeToken(s string) (pageToken, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, false
	}
	var t pageToken
	var e int
	if _, err := fmt.Sscanf(string(raw), "v1.%d.%d.%d.%x", &t.T, &t.off, &e, &t.q); err != nil {
		return pageToken{}, false
	}
	t.empty = e == 1
	return t, true
}

// Page bounds: CloudWatch returns at most 10,000 events or 1 MB, and may
// stop early with a token after scanning a lot: so does this model, which
// keeps one call cheap whatever the window.
const (
	maxPageEvents = 10_000
	maxPageBytes  = 1 << 20
	maxScan       = 100_000
	maxScanMins   = 24 * 60
)

// FilterLogEvents pages through one log group's events in [Start, End),
// sorted by time then stream. A zero Start means an hour before now; a
// zero End means now. Calls wait their turn on Config.LogPace.
func (a *Account) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	if err := a.cfg.LogPace.Wait(ctx); err != nil {
		return providers.LogPage{}, err
	}
	page, err := a.filterLogEvents(ctx, q)
	a.cfg.LogPace.Done(err)
	return page, err
}

// LogPacer is Config.LogPace, for callers that must not block on it
// (pace.Reserve).
func (a *Account) LogPacer() *pace.Pacer { return a.cfg.LogPace }

func (a *Account) filterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	const op = "Logs.FilterLogEvents"
	src, err := a.beginGroup(ctx, op, q.Group)
	if err != nil {
		return providers.LogPage{}, err
	}
	pat, err := parsePattern(q.Pattern)
	if err != nil {
		return providers.LogPage{}, a.fail(providers.ErrInvalid, op, "InvalidParameterException: Invalid filter pattern: %v", err)
	}
	if len(q.Streams) > 0 && q.StreamPrefix != "" {
		return providers.LogPage{}, a.fail(providers.ErrInvalid, op, "InvalidParameterException: logStreamNames and logStreamNamePrefix are mutually exclusive")
	}
	fl := &filter{streams: q.Streams, pat: pat}
	if q.StreamPrefix != "" {
		fl.prefixes = []string{q.StreamPrefix}
	}
	nowMs := a.now().UnixMilli()
	startMs, endMs := nowMs-3600_000, nowMs+1
	if !q.Start.IsZero() {
		startMs = q.Start.UnixMilli()
	}
	if !q.End.IsZero() {
		endMs = min(q.End.UnixMilli(), endMs)
	}
	limit := q.Limit
	if limit <= 0 || limit > maxPageEvents {
		limit = maxPageEvents
	}
	qh := hash(src.key, uint64(startMs), uint64(q.End.UnixMilli()), hashString(q.Pattern), hashString(q.StreamPrefix), hashString(strings.Join(q.Streams, "\x00")))
	pos := pageToken{T: floorDiv(startMs, 60000), q: qh}
	if q.NextToken != "" {
		t, ok := decodeToken(q.NextToken)
		if !ok || t.q != qh {
			return providers.LogPage{}, a.fail(providers.ErrInvalid, op, "InvalidParameterException: The specified nextToken is invalid.")
		}
		pos = t
	}
	if f, ok := a.activeFault(op); ok && f.EmptyPages && !pos.empty {
		pos.empty = true
		return providers.LogPage{NextToken: pos.encode()}, nil
	}
	page := providers.LogPage{Events: make([]providers.LogEvent, 0, min(limit, 2048))}
	bytes, scanned := 0, 0
	for T := pos.T; T*60000 < endMs; T++ {
		if err := ctx.Err(); err != nil {
			return providers.LogPage{}, err
		}
		evs := a.filteredMinute(src, T, nowMs, startMs, endMs, fl, qh)
		off := 0
		if T == pos.T {
			off = min(pos.off, len(evs))
		}
		for i := off; i < len(evs); i++ {
			if len(page.Events) >= limit || bytes >= maxPageBytes {
				page.NextToken = pageToken{T: T, off: i, q: qh}.encode()
				return page, nil
			}
			pe := evs[i].provider(src.group)
			bytes += len(pe.Message) + 26
			page.Events = append(page.Events, pe)
		}
		scanned += len(evs) + 1
		if (scanned > maxScan || T-pos.T >= maxScanMins) && (T+1)*60000 < endMs {
			page.NextToken = pageToken{T: T + 1, q: qh}.encode()
			return page, nil
		}
	}
	return page, nil
}

// filteredMinute returns the events of minute T that the query selects.
// A filtered minute that can no longer change is cached under the query.
func (a *Account) filteredMinute(src logSource, T, nowMs, startMs, endMs int64, fl *filter, qh uint64) []logEvent {
	whole := T*60000 >= startMs && (T+1)*60000 <= endMs
	plain := fl.pat == nil && len(fl.streams) == 0 && len(fl.prefixes) == 0
	key := eventsKey{src: src.key, m: T, q: qh | 1}
	if !plain || !whole {
		if evs, ok := a.caches.events.get(key); ok {
			return evs
		}
	}
	evs := a.minuteEvents(src, T, nowMs)
	if plain && whole {
		return evs
	}
	out := make([]logEvent, 0, len(evs)/4)
	for i := range evs {
		e := &evs[i]
		if e.ts >= startMs && e.ts < endMs && fl.match(e) {
			out = append(out, *e)
		}
	}
	if (T+1)*60000+20*60000 < nowMs {
		a.caches.events.put(key, out, eventsCost(out))
	}
	return out
}
