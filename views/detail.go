package views

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/theme"
)

// liveLine is one figure of the detail's live section, or "err" with
// the reason when its series failed.
func liveLine(l *lines, label, failed, value string, tone interface{ Render(...string) string }) {
	if failed != "" {
		l.kvTone(label, "err · "+failed, l.st.Text.Err)
		return
	}
	l.kvTone(label, value, tone)
}

// Masked is how a hidden secret value is drawn. Its length is fixed so it
// does not reveal the value's length.
const Masked = "••••••••"

// FunctionDetail builds the detail lines of a function. d is nil while
// GetFunction is loading; revealed is the index of the one environment
// variable shown in clear (-1 for none).
func FunctionDetail(st *theme.Styles, fn providers.Function, d *providers.FunctionDetail, live *FunctionLive, revealed int, now time.Time) []string {
	l := &lines{st: st}
	if d != nil {
		fn = d.Function
	}
	l.section("Configuration")
	l.kv("ARN", fn.ARN)
	l.kv("Runtime", runtimeLabel(fn))
	if fn.Handler != "" {
		l.kv("Handler", fn.Handler)
	}
	l.kv("Memory", strconv.Itoa(fn.MemoryMB)+" MB")
	l.kv("Timeout", strconv.Itoa(fn.TimeoutSec)+" s")
	l.kv("Architecture", archLabel(fn.Architecture))
	l.kv("Code size", format.Bytes(fn.CodeSize))
	l.kv("Modified", format.Timestamp(fn.LastModified)+" ("+format.Age(now, fn.LastModified)+" ago)")
	stateTone := st.Text.OK
	if fn.State != "" && fn.State != providers.FunctionActive {
		stateTone = st.Text.Warn
	}
	l.kvTone("State", orDash(fn.State)+" / update "+orDash(fn.LastUpdateStatus), stateTone)
	l.kv("Log group", fn.LogGroup)
	l.kv("Log format", orDash(fn.LogFormat))
	if fn.Description != "" {
		l.kv("Description", fn.Description)
	}
	if fn.Role != "" {
		l.kv("Role", fn.Role)
	}
	if d != nil && d.ImageURI != "" {
		l.kv("Image", d.ImageURI)
	}

	l.section("Concurrency")
	switch {
	case !fn.ReservedKnown && d == nil:
		l.kvTone("Reserved", "loading…", st.Text.Muted)
	case fn.Reserved == nil:
		l.kvTone("Reserved", "none (uses the unreserved pool)", st.Text.Muted)
	case *fn.Reserved == 0:
		l.kvTone("Reserved", "0 — every invocation is throttled", st.Text.Err)
	default:
		l.kv("Reserved", strconv.Itoa(*fn.Reserved))
	}
	if d != nil {
		if len(d.Provisioned) == 0 {
			l.kvTone("Provisioned", "none", st.Text.Muted)
		}
		for _, p := range d.Provisioned {
			tone := st.Text.OK
			if p.Status != providers.ProvisionedReady {
				tone = st.Text.Warn
			}
			if p.Status == providers.ProvisionedFailed {
				tone = st.Text.Err
			}
			v := fmt.Sprintf("%s: %d/%d allocated, %s", p.Qualifier, p.Allocated, p.Requested, p.Status)
			if p.StatusReason != "" {
				v += " — " + p.StatusReason
			}
			l.kvTone("Provisioned", v, tone)
		}
	}
	if live != nil && live.Err == "" && !live.Denied && !live.Loading && live.Failed.Conc == "" {
		l.kv("Max in window", format.Count(live.MaxConc))
	}

	if live != nil {
		l.section("Live (metrics window" + windowLabel(live) + ")")
		switch {
		case live.Denied:
			l.kvTone("Metrics", "n/a · "+live.Err, st.Text.Muted)
		case live.Err != "":
			l.kvTone("Metrics", "err · "+live.Err, st.Text.Err)
		case live.Loading:
			l.kvTone("Metrics", "loading…", st.Text.Muted)
		default:
			f := &live.Failed
			liveLine(l, "Invocations", failedInv(f), format.Count(live.InvPerMin)+" /min", st.Pane.Value)
			liveLine(l, "Errors", failedErrRate(f), format.Percent(live.ErrRate), toneFor(st, live.ErrRate >= 0.05, live.ErrRate > 0))
			liveLine(l, "Throttles", failedThr(f), format.Count(live.Throttles), toneFor(st, live.Throttles > 0, false))
			liveLine(l, "p95 duration", failedP95(f), format.Millis(live.P95), toneFor(st, false, live.P95 >= 0.8*float64(fn.TimeoutSec)*1000))
			if f.Conc != "" {
				liveLine(l, "Concurrency", f.Conc, "", st.Pane.Value)
			}
			headroomDetail(l, FunctionRow{Fn: fn, Live: live})
		}
	}

	l.section("Environment (" + strconv.Itoa(len(fn.Env)) + ")")
	if len(fn.Env) == 0 {
		l.muted("no variables")
	}
	for i, e := range fn.Env {
		val := Masked
		tone := st.Text.Muted
		if i == revealed {
			val = e.Value
			tone = st.Text.Warn
		}
		name := e.Name
		if looksSecret(e.Name) {
			// ASCII, since every font has it: a lock symbol is an empty
			// box in many.
			name += " *"
		}
		l.kvTone(name, val, tone)
	}
	if len(fn.Env) > 0 {
		l.muted("masked · * maybe secret · v reveals one")
	}

	if d == nil {
		l.section("Versions and aliases")
		l.muted("loading…")
		return l.out
	}
	l.section("Aliases (" + strconv.Itoa(len(d.Aliases)) + ")")
	if len(d.Aliases) == 0 {
		l.muted("none")
	}
	for _, a := range d.Aliases {
		v := "→ v" + a.FunctionVersion
		if len(a.AdditionalWeights) > 0 {
			primary := 1.0
			keys := make([]string, 0, len(a.AdditionalWeights))
			for k, w := range a.AdditionalWeights {
				keys = append(keys, k)
				primary -= w
			}
			sort.Strings(keys)
			v = fmt.Sprintf("→ v%s %s", a.FunctionVersion, format.Percent(primary))
			for _, k := range keys {
				v += fmt.Sprintf(", v%s %s", k, format.Percent(a.AdditionalWeights[k]))
			}
			l.kvTone(a.Name, v+"  (canary)", st.Text.Info)
			continue
		}
		l.kv(a.Name, v)
	}
	l.section("Versions (" + strconv.Itoa(len(d.Versions)) + ")")
	if len(d.Versions) == 0 {
		l.muted("none published · only $LATEST")
	}
	vs := slices.Clone(d.Versions)
	slices.SortFunc(vs, func(a, b providers.FunctionVersion) int { return versionNum(b.Version) - versionNum(a.Version) })
	for i, v := range vs {
		if i == 8 {
			l.muted(fmt.Sprintf("… %d older", len(vs)-8))
			break
		}
		desc := v.Description
		if desc == "" {
			desc = format.Timestamp(v.LastModified)
		}
		l.kv("v"+v.Version, desc)
	}
	if len(d.EventSources) > 0 {
		l.section("Triggers (" + strconv.Itoa(len(d.EventSources)) + ")")
		for _, e := range d.EventSources {
			tone := st.Text.OK
			if e.State != providers.MappingEnabled {
				tone = st.Text.Warn
			}
			l.kvTone(e.SourceKind, e.State+" · batch "+strconv.Itoa(e.BatchSize)+" · "+lastPart(e.SourceARN), tone)
		}
	}
	if len(fn.Tags) > 0 {
		l.section("Tags")
		keys := make([]string, 0, len(fn.Tags))
		for k := range fn.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			l.kv(k, fn.Tags[k])
		}
	}
	return l.out
}

func versionNum(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// lastPart is the resource part of an ARN: what follows the first "/"
// ("checkout-web:18" of a task definition, "orders/stream/..." of a table
// stream), or the last ":" field when there is no "/" (an SQS queue name).
func lastPart(arn string) string {
	if i := strings.IndexByte(arn, '/'); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	if i := strings.LastIndexByte(arn, ':'); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	return arn
}

// headroomDetail adds the headroom lines of the detail pane: every signal
// with what it is based on, and how to get the one that is missing.
func headroomDetail(l *lines, fnRow FunctionRow) {
	st := l.st
	fn, lv := fnRow.Fn, fnRow.Live
	if lv == nil || lv.Err != "" {
		return
	}
	if fn.TimeoutSec > 0 && !math.IsNaN(lv.P95) {
		r := lv.P95 / (float64(fn.TimeoutSec) * 1000)
		l.kvTone("Timeout room", fmt.Sprintf("p95 %s of %ds (%s) · worst %s period", format.Millis(lv.P95), fn.TimeoutSec, format.Percent(r), format.Period(lv.Period)),
			toneFor(st, r >= 0.95, r >= 0.8))
	}
	switch u := lv.Mem; {
	case u != nil && u.Lines > 0:
		size := u.SizeMB
		if size == 0 {
			size = fn.MemoryMB
		}
		r := u.MaxUsedMB / float64(max(size, 1))
		l.kvTone("Memory room", fmt.Sprintf("max used %.0f of %d MB (%s) · %d REPORT lines at %s",
			u.MaxUsedMB, size, format.Percent(r), u.Lines, u.At.UTC().Format("15:04")), toneFor(st, r >= 0.95, r >= 0.85))
	default:
		l.kvTone("Memory room", "unknown · m opens metrics, which reads recent REPORT lines", st.Text.Muted)
	}
}

// windowLabel is " 15m" for the detail's section title, empty when the
// window is not known.
func windowLabel(lv *FunctionLive) string {
	if lv.Window <= 0 {
		return ""
	}
	return " " + format.Period(lv.Window)
}

// looksSecret reports whether an environment variable's name suggests a
// secret. All values are masked; this only decides the warning marker.
func looksSecret(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE", "AUTH"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
