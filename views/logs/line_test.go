package logs

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

func ev(msg string) providers.LogEvent {
	return providers.LogEvent{ID: "1", Timestamp: time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC), Message: msg}
}

func TestClassify(t *testing.T) {
	const rid = "8d3e7a52-19c4-4b6e-9a0f-2f5c7d1e4b90"
	cases := []struct {
		msg   string
		level Level
		kind  Kind
		req   string
		json  bool
	}{
		{"START RequestId: " + rid + " Version: $LATEST", LevelNone, KindPlatform, rid, false},
		{"END RequestId: " + rid, LevelNone, KindPlatform, rid, false},
		{"REPORT RequestId: " + rid + "\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB\t", LevelNone, KindReport, rid, false},
		{"INIT_START Runtime Version: nodejs:20.v45\tRuntime Version ARN: arn:x", LevelNone, KindPlatform, "", false},
		{"2026-11-25T14:30:00.000Z\t" + rid + "\tINFO\tOrder placed", LevelInfo, KindApp, rid, false},
		{"2026-11-25T14:30:00.000Z\t" + rid + "\tERROR\tInvoke Error", LevelError, KindApp, rid, false},
		{"[WARN]\t2026-11-25T14:30:00.000Z\t" + rid + "\tslow downstream", LevelWarn, KindApp, rid, false},
		{"time=2026-11-25T14:30:00.000Z level=ERROR msg=\"boom\" requestId=" + rid, LevelError, KindApp, rid, false},
		{"time=x level=warn msg=slow", LevelWarn, KindApp, "", false},
		{"Traceback (most recent call last):\n  File \"x.py\"", LevelError, KindApp, "", false},
		{"we failed to warn anyone", LevelNone, KindApp, "", false},
		{`{"timestamp":"x","level":"ERROR","requestId":"` + rid + `","message":"boom"}`, LevelError, KindApp, rid, true},
		{`{"level":50,"time":1,"msg":"request failed"}`, LevelError, KindApp, "", true},
		{`{"level":"info","msg":"job completed"}`, LevelInfo, KindApp, "", true},
		{`{"time":"x","type":"platform.start","record":{"requestId":"` + rid + `","version":"$LATEST"}}`, LevelNone, KindPlatform, rid, true},
		{`{"time":"x","type":"platform.report","record":{"requestId":"` + rid + `","metrics":{"durationMs":1}}}`, LevelNone, KindReport, rid, true},
		{"10.0.1.2 - - [25/Nov/2026:14:30:00 +0000] \"GET /health HTTP/1.1\" 200 12", LevelNone, KindApp, "", false},
	}
	for _, c := range cases {
		l := FromEvent(ev(c.msg), 0, "")
		if l.Level != c.level || l.Kind != c.kind || l.ReqID != c.req || l.JSON != c.json {
			t.Errorf("%q: level %v kind %v req %q json %v; want %v %v %q %v", c.msg, l.Level, l.Kind, l.ReqID, l.JSON, c.level, c.kind, c.req, c.json)
		}
	}
}

func TestFold(t *testing.T) {
	in := `{"timestamp":"2026-11-25T14:30:00.000Z","level":"ERROR","requestId":"r1","message":{"errorType":"TypeError","errorMessage":"x is undefined","stackTrace":["at a","at b"]}}`
	got := Fold(in)
	want := `ERROR TypeError: x is undefined message.stackTrace=["at a","at b"] requestId=r1`
	if got != want {
		t.Fatalf("fold:\n got %q\nwant %q", got, want)
	}
	if got := Fold(`{"type":"platform.start","record":{"requestId":"r1","version":"$LATEST"}}`); got != "platform.start requestId=r1 version=$LATEST" {
		t.Fatalf("platform fold: %q", got)
	}
	// Decoded escapes never reach the terminal.
	if got := Fold(`{"msg":"\u001b]0;pwned\u0007 hi"}`); got != "␛]0;pwned␇ hi" {
		t.Fatalf("escape in fold: %q", got)
	}
	if got := Pretty(`{"a":{"b":[1,2]}}`); got != "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  }\n}" {
		t.Fatalf("pretty: %q", got)
	}
	if got := Pretty(`{"a":`); got != `{"a":` {
		t.Fatalf("invalid JSON changed: %q", got)
	}
}

func TestRingBounds(t *testing.T) {
	r := NewRing(10, 1<<20)
	for i := range 25 {
		r.Push(Line{Time: int64(i), Text: "x"})
	}
	if r.Len() != 10 || r.First() != 15 || r.Next() != 25 || r.At(15).Time != 15 || r.At(24).Time != 24 || r.At(14) != nil {
		t.Fatalf("len %d first %d next %d", r.Len(), r.First(), r.Next())
	}
	if r.Evicted() != 15 {
		t.Fatalf("evicted %d", r.Evicted())
	}
	if r.PushFront(Line{Text: "older"}) {
		t.Fatal("PushFront evicted a newer line from a full buffer")
	}
	// The byte cap evicts too.
	b := NewRing(1000, 10*(lineOverhead+100))
	for range 20 {
		b.Push(Line{Text: string(make([]byte, 100))})
	}
	if b.Len() != 10 || b.Bytes() > 10*(lineOverhead+100) {
		t.Fatalf("byte cap: len %d bytes %d", b.Len(), b.Bytes())
	}
	// Front pushes get indexes below the first.
	f := NewRing(10, 0)
	f.Push(Line{Time: 5})
	if !f.PushFront(Line{Time: 4}) || f.First() != -1 || f.At(-1).Time != 4 || f.At(0).Time != 5 {
		t.Fatalf("push front: first %d", f.First())
	}
}

func TestReportFieldsSanitized(t *testing.T) {
	evil := `{"type":"platform.report","record":{"requestId":"\u001b]52;c;AAAA\u0007","status":"\u009b2J","metrics":{"durationMs":1}}}`
	r, ok := ParseReport(evil)
	if !ok {
		t.Fatal("not parsed")
	}
	if strings.ContainsAny(r.RequestID, "\x1b\x07") || strings.ContainsRune(r.Status, 0x9b) {
		t.Fatalf("control characters survive: %q %q", r.RequestID, r.Status)
	}
}
