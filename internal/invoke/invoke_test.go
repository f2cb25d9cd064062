package invoke_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/providers"
)

func TestCheckJSONNamesThePosition(t *testing.T) {
	for _, c := range []struct {
		doc       string
		line, col int
		msg       string
	}{
		{"{\n  \"a\": 1,\n  \"b\": }", 3, 8, "invalid character '}'"},
		{"{\"a\": tru}", 1, 10, "invalid character '}'"},
		{"{\n \"é\": 1,,\n}", 2, 9, "invalid character ','"},
		{"{\"a\": 1", 1, 8, "unexpected end"},
		{"{} {}", 1, 4, "after the top-level value"},
		{"[1, 2]\n\nx", 3, 1, "after the top-level value"},
	} {
		err := invoke.CheckJSON([]byte(c.doc))
		var se *invoke.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a SyntaxError", c.doc, err)
			continue
		}
		if se.Line != c.line || se.Column != c.col || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%q: got line %d col %d %q, want %d:%d %q", c.doc, se.Line, se.Column, se.Msg, c.line, c.col, c.msg)
		}
	}
	for _, ok := range []string{"", "  ", "{}", `{"n": 123456789012345678901234567890}`, "[1,2]\n", `"text"`} {
		if err := invoke.CheckJSON([]byte(ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	if err := invoke.CheckJSON([]byte(deep)); err == nil {
		t.Error("20000 nested arrays accepted; encoding/json refuses them")
	}
}

func TestSizeLimits(t *testing.T) {
	at := func(n int) []byte { return []byte(`"` + strings.Repeat("x", n-2) + `"`) }
	if err := invoke.Check(at(invoke.SyncLimit), providers.InvokeSync, false); err != nil {
		t.Errorf("6 MB sync: %v", err)
	}
	var se *invoke.SizeError
	err := invoke.Check(at(invoke.SyncLimit+1), providers.InvokeSync, false)
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "at most 6 MB") {
		t.Errorf("6 MB + 1 sync: %v", err)
	}
	if err := invoke.Check(at(invoke.AsyncLimit), providers.InvokeAsync, false); err != nil {
		t.Errorf("256 KB async: %v", err)
	}
	err = invoke.Check(at(invoke.AsyncLimit+1), providers.InvokeAsync, false)
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "Event invocations accept at most 256 KB") {
		t.Errorf("256 KB + 1 async: %v", err)
	}
	if err := invoke.Check(at(invoke.AsyncLimit+1), providers.InvokeDryRun, false); err != nil {
		t.Errorf("dry run uses the sync limit: %v", err)
	}
	// Raw text skips the JSON check, never the size check.
	if err := invoke.Check([]byte("not json"), providers.InvokeSync, true); err != nil {
		t.Errorf("raw: %v", err)
	}
	if err := invoke.Check([]byte("not json"), providers.InvokeSync, false); err == nil {
		t.Error("invalid JSON accepted without raw")
	}
	if err := invoke.Check(append(at(invoke.AsyncLimit), 'x'), providers.InvokeAsync, true); !errors.As(err, &se) {
		t.Errorf("raw over the limit: %v", err)
	}
}

func TestTemplatesAreValidAndDistinct(t *testing.T) {
	want := []string{"apigateway-v1", "apigateway-v2", "sqs", "sns", "s3", "eventbridge", "scheduled", "dynamodb-stream"}
	seen := map[string]bool{}
	for _, tp := range invoke.Templates() {
		if err := invoke.CheckJSON([]byte(tp.Body)); err != nil {
			t.Errorf("%s: %v", tp.Name, err)
		}
		if seen[tp.Name] {
			t.Errorf("%s twice", tp.Name)
		}
		seen[tp.Name] = true
	}
	for _, n := range want {
		if !seen[n] {
			t.Errorf("no %s template", n)
		}
	}
	sqs, _ := invoke.TemplateByName("sqs")
	var doc struct {
		Records []struct {
			EventSource string `json:"eventSource"`
		}
	}
	if err := json.Unmarshal([]byte(sqs.Body), &doc); err != nil || len(doc.Records) != 1 || doc.Records[0].EventSource != "aws:sqs" {
		t.Errorf("sqs template shape: %+v %v", doc, err)
	}
	v2, _ := invoke.TemplateByName("apigateway-v2")
	if !strings.Contains(v2.Body, `"version": "2.0"`) {
		t.Error("API Gateway v2 template lacks version 2.0")
	}
}

func TestPretty(t *testing.T) {
	out, ok := invoke.Pretty([]byte(`{"a":[1,2],"n":12345678901234567890123}`))
	if !ok || string(out) != "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"n\": 12345678901234567890123\n}" {
		t.Fatalf("Pretty = %q %v", out, ok)
	}
	if _, ok := invoke.Pretty([]byte("not json")); ok {
		t.Error("not JSON pretty-printed")
	}
	big := []byte(`"` + strings.Repeat("x", 1<<20) + `"`)
	if out, ok := invoke.Pretty(big); ok || len(out) != len(big) {
		t.Error("a document over 1 MiB was indented")
	}
}

func TestHistoryKeepsNewestDistinctPerFunction(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		h := invoke.OpenHistory(dir)
		scope := providers.Scope{Account: "123456789012", Region: "us-east-1"}
		t0 := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
		for i := range 25 {
			if err := h.Save(scope, "fn", invoke.Saved{Time: t0.Add(time.Duration(i) * time.Second), Payload: `{"i":` + string(rune('a'+i)) + `}`}); err != nil {
				t.Fatal(err)
			}
		}
		_ = h.Save(scope, "fn", invoke.Saved{Time: t0, Payload: `{"i":c}`})
		got, err := h.Load(scope, "fn")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 20 || got[0].Payload != `{"i":c}` || got[1].Payload != `{"i":y}` {
			t.Fatalf("dir %q: %d entries, first %q %q", dir, len(got), got[0].Payload, got[1].Payload)
		}
		if other, _ := h.Load(scope, "other"); len(other) != 0 {
			t.Fatalf("another function shares the history: %v", other)
		}
		if other, _ := h.Load(providers.Scope{Account: "999999999999", Region: "us-east-1"}, "fn"); len(other) != 0 {
			t.Fatal("another account shares the history")
		}
	}
	// Hostile names stay inside the directory.
	dir := t.TempDir()
	h := invoke.OpenHistory(dir)
	if err := h.Save(providers.Scope{Account: "..", Region: "../.."}, "../../x", invoke.Saved{Payload: "{}"}); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "payloads", "*", "*", "*.json"))
	if len(matches) != 1 {
		t.Fatalf("history file escaped its directory: %v", matches)
	}
}

func TestDefaultDataDirFollowsXDG(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/tmp/data")
	if got := invoke.DefaultDataDir(); got != "/tmp/data/virga" {
		t.Fatalf("DefaultDataDir = %q", got)
	}
}
