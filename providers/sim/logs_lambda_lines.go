package sim

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// invocation is what the log lines of one invocation need.
type invocation struct {
	rid, stream, version string
	endMs                int64
	durMs, initMs        float64
	memSize, memUsed     int
	kind, variant        uint8
	timeout              float64 // seconds
	errType, errMsg      string  // set for invocations made through Invoke
}

// lineWriter emits log lines into a window [lo, hi).
type lineWriter struct {
	f      *function
	src    uint64
	ord    uint32
	lo, hi int64
	out    []logEvent
}

func (w *lineWriter) emit(ts int64, stream, msg string) {
	if ts >= w.lo && ts < w.hi {
		w.out = append(w.out, logEvent{ts: ts, src: w.src, ord: w.ord, stream: stream, msg: msg})
	}
	w.ord++
}

func isoMs(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// runtimeVersion is the INIT_START runtime version string.
func (f *function) runtimeVersion() string {
	rt := f.spec.runtime
	var name, ver string
	switch {
	case strings.HasPrefix(rt, "nodejs"):
		name, ver = "nodejs", strings.TrimSuffix(strings.TrimPrefix(rt, "nodejs"), ".x")+".v45"
	case strings.HasPrefix(rt, "python"):
		name, ver = "python", strings.TrimPrefix(rt, "python")+".v62"
	case rt == "java21":
		name, ver = "java", "21.v31"
	case rt == "dotnet8":
		name, ver = "dotnet", "8.v38"
	default:
		name, ver = "provided", "al2023.v82"
	}
	return name + ":" + ver
}

// invocation writes one invocation's lines: INIT_START on a cold start,
// START, application lines, the error, END and REPORT.
func (w *lineWriter) invocation(ie *invocation, r *rng) {
	f := w.f
	jsonFmt := f.spec.json
	dur := ie.durMs
	start := ie.endMs - int64(math.Ceil(dur))
	if ie.initMs > 0 && f.spec.runtime != "" {
		ts := start - int64(math.Ceil(ie.initMs)) - 1
		rv := f.runtimeVersion()
		rvARN := "arn:aws:lambda:us-east-1::runtime:" + hex32(hash(hashString(rv)), hash(hashString(rv), 1)) + hex32(hash(hashString(rv), 2), hash(hashString(rv), 3))
		if jsonFmt {
			w.emit(ts, ie.stream, `{"time":"`+isoMs(ts)+`","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"`+rv+`","runtimeVersionArn":"`+rvARN+`","functionName":"`+f.name+`","functionVersion":"`+ie.version+`"}}`)
		} else {
			w.emit(ts, ie.stream, "INIT_START Runtime Version: "+rv+"\tRuntime Version ARN: "+rvARN)
		}
	} else {
		w.ord++
	}
	if jsonFmt {
		w.emit(start, ie.stream, `{"time":"`+isoMs(start)+`","type":"platform.start","record":{"requestId":"`+ie.rid+`","version":"`+ie.version+`"}}`)
	} else {
		w.emit(start, ie.stream, "START RequestId: "+ie.rid+" Version: "+ie.version)
	}
	lines := 1 + r.Intn(3)
	if f.spec.domain == "clickstream" {
		lines = 1
	}
	for k := range lines {
		ts := start + int64(dur*float64(k+1)/float64(lines+1))
		level, msg := "INFO", ""
		switch {
		case f.spec.hostile && k == 0 && r.Bool(0.5):
			msg = hostileLine(r.Intn(1 << 20))
		case r.Bool(0.04):
			level, msg = "WARN", fillTemplate(warnPool[r.Intn(len(warnPool))], r)
		default:
			pool := infoPools[f.spec.domain]
			if pool == nil {
				pool = infoPools["generic"]
			}
			msg = fillTemplate(pool[r.Intn(len(pool))], r)
		}
		w.emit(ts, ie.stream, w.appLine(ts, ie.rid, level, msg, r))
	}
	for k := lines; k < 4; k++ {
		w.ord++
	}
	switch ie.kind {
	case invError:
		ts := max(start, ie.endMs-1)
		doc := errorFor(f, ie.variant)
		if ie.errType != "" {
			doc.typ, doc.msg = ie.errType, ie.errMsg
		}
		w.emit(ts, ie.stream, w.errorLine(ts, ie.rid, doc, ie.variant))
	case invTimeout:
		msg := "Task timed out after " + strconv.FormatFloat(ie.timeout, 'f', 2, 64) + " seconds"
		if jsonFmt {
			w.emit(ie.endMs, ie.stream, `{"timestamp":"`+isoMs(ie.endMs)+`","level":"ERROR","requestId":"`+ie.rid+`","message":"`+msg+`"}`)
		} else {
			w.emit(ie.endMs, ie.stream, isoMs(ie.endMs)+" "+ie.rid+" "+msg)
		}
	default:
		w.ord++
	}
	billed := int64(math.Ceil(dur))
	if ie.initMs > 0 && (f.spec.runtime == "" || f.spec.lang == langGo) {
		billed += int64(math.Ceil(ie.initMs))
	}
	if jsonFmt {
		var b strings.Builder
		b.WriteString(`{"time":"` + isoMs(ie.endMs) + `","type":"platform.report","record":{"requestId":"` + ie.rid + `","metrics":{"durationMs":`)
		b.WriteString(strconv.FormatFloat(dur, 'f', 2, 64))
		b.WriteString(`,"billedDurationMs":` + strconv.FormatInt(billed, 10))
		b.WriteString(`,"memorySizeMB":` + strconv.Itoa(ie.memSize))
		b.WriteString(`,"maxMemoryUsedMB":` + strconv.Itoa(ie.memUsed))
		if ie.initMs > 0 {
			b.WriteString(`,"initDurationMs":` + strconv.FormatFloat(ie.initMs, 'f', 2, 64))
		}
		status := "success"
		switch ie.kind {
		case invError:
			status = "error"
		case invTimeout:
			status = "timeout"
		}
		b.WriteString(`},"status":"` + status + `"}}`)
		w.emit(ie.endMs, ie.stream, b.String())
		return
	}
	w.emit(ie.endMs, ie.stream, "END RequestId: "+ie.rid)
	var b strings.Builder
	b.WriteString("REPORT RequestId: " + ie.rid + "\tDuration: ")
	b.WriteString(strconv.FormatFloat(dur, 'f', 2, 64))
	b.WriteString(" ms\tBilled Duration: " + strconv.FormatInt(billed, 10))
	b.WriteString(" ms\tMemory Size: " + strconv.Itoa(ie.memSize))
	b.WriteString(" MB\tMax Memory Used: " + strconv.Itoa(ie.memUsed) + " MB\t")
	if ie.initMs > 0 {
		b.WriteString("Init Duration: " + strconv.FormatFloat(ie.initMs, 'f', 2, 64) + " ms\t")
	}
	if ie.kind == invTimeout {
		b.WriteString("Status: timeout")
	}
	w.emit(ie.endMs, ie.stream, b.String())
	if f.spec.tracing || f.name == "checkout-api" {
		tr := hash(hashString(ie.rid))
		w.emit(ie.endMs, ie.stream, "XRAY TraceId: 1-"+strconv.FormatInt(start/1000, 16)+"-"+hex32(tr, mix(tr))[:24]+
			"\tSegmentId: "+hex32(mix(tr+1), 0)[:16]+"\tSampled: true")
	}
}

// appLine formats an application line the way the runtime's logger does.
func (w *lineWriter) appLine(ts int64, rid, level, msg string, r *rng) string {
	f := w.f
	if f.spec.json {
		var b strings.Builder
		b.WriteString(`{"timestamp":"` + isoMs(ts) + `","level":"` + level + `","requestId":"` + rid + `","message":`)
		if r.Bool(0.3) {
			// Structured messages, as Powertools loggers write them.
			b.WriteString(`{"event":`)
			b.WriteString(jsonString(msg))
			b.WriteString(`,"durationMs":` + strconv.Itoa(1+r.Intn(300)) + `,"context":{"coldStart":false,"function":"` + f.name + `"}}`)
		} else {
			b.WriteString(jsonString(msg))
		}
		b.WriteString("}")
		return b.String()
	}
	iso := isoMs(ts)
	switch f.spec.lang {
	case langPython:
		return "[" + level + "]\t" + iso + "\t" + rid + "\t" + msg
	case langJava:
		return strings.Replace(iso[:23], "T", " ", 1) + " " + rid + " " + level + " c.a." + pascal(f.name) + "Handler - " + msg
	case langGo:
		return "time=" + iso + " level=" + level + " msg=" + strconv.Quote(msg) + " requestId=" + rid
	case langDotnet:
		lv := map[string]string{"INFO": "info", "WARN": "warn"}[level]
		return iso + "\t" + rid + "\t" + lv + "\t" + msg
	}
	return iso + "\t" + rid + "\t" + level + "\t" + msg
}

// errorLine formats an unhandled error; stack traces are one event with
// embedded newlines, as the runtimes send them.
func (w *lineWriter) errorLine(ts int64, rid string, d errorDoc, variant uint8) string {
	f := w.f
	iso := isoMs(ts)
	if f.spec.json {
		var b strings.Builder
		b.WriteString(`{"timestamp":"` + iso + `","level":"ERROR","requestId":"` + rid + `","message":{"errorType":` + jsonString(d.typ) + `,"errorMessage":` + jsonString(d.msg) + `,"stackTrace":[`)
		for i, s := range d.stack {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonString(s))
		}
		b.WriteString("]}}")
		return b.String()
	}
	switch f.spec.lang {
	case langPython:
		return "[ERROR] " + d.typ + ": " + d.msg + "\nTraceback (most recent call last):\n  " + strings.Join(d.stack, "\n  ")
	case langJava:
		return strings.Replace(iso[:23], "T", " ", 1) + " " + rid + " ERROR c.a." + pascal(f.name) + "Handler - Unhandled exception\n" +
			d.typ + ": " + d.msg + "\n\t" + strings.Join(d.stack, "\n\t")
	case langGo:
		return "time=" + iso + " level=ERROR msg=\"invocation failed\" requestId=" + rid + " err=" + strconv.Quote(d.msg)
	case langDotnet:
		return iso + "\t" + rid + "\tfail\t" + d.typ + ": " + d.msg + "\n   " + strings.Join(d.stack, "\n   ")
	}
	if variant%2 == 0 {
		var b strings.Builder
		b.WriteString(iso + "\t" + rid + "\tERROR\tInvoke Error \t{\"errorType\":" + jsonString(d.typ) + ",\"errorMessage\":" + jsonString(d.msg) + ",\"stack\":[" + jsonString(d.typ+": "+d.msg))
		for _, s := range d.stack {
			b.WriteString("," + jsonString("    "+s))
		}
		b.WriteString("]}")
		return b.String()
	}
	return iso + "\t" + rid + "\tERROR\t" + d.typ + ": " + d.msg + "\n    " + strings.Join(d.stack, "\n    ")
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029:
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatInt(int64(c)+0x10000, 16)[1:])
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
