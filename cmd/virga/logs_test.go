package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLogsTextCarriesNoEscapes: legacy-cron logs hostile lines; the text
// output must hold no escape, control (but newline and tab) or C1
// character, and no invalid UTF-8, whatever it is written to.
func TestLogsTextCarriesNoEscapes(t *testing.T) {
	out := runVirga(t, "logs", "function", "legacy-cron", "--demo", "--since", "6h")
	if !utf8.ValidString(out) {
		t.Fatal("invalid UTF-8 in the output")
	}
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) {
			t.Fatalf("control %U in the output", r)
		}
	}
	if !strings.Contains(out, "␛]") {
		t.Fatal("expected a neutralised escape sequence from legacy-cron in six hours")
	}
}

func TestLogsJSONAndService(t *testing.T) {
	out := runVirga(t, "logs", "service", "catalog-api", "--cluster", "prod-api", "--demo", "--since", "2m", "-o", "json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 10 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil || doc["group"] != "/ecs/catalog-api" {
			t.Fatalf("bad line %q: %v", l, err)
		}
	}
	merged := runVirga(t, "logs", "function", "checkout-api", "payments-webhook", "--demo", "--since", "1m")
	if !strings.Contains(merged, "[checkout-api] ") || !strings.Contains(merged, "[payments-webhook] ") {
		t.Fatal("merged functions are not tagged")
	}
}

// TestLogsJSONCarriesNoControls: -o json of legacy-cron's hostile lines
// is valid JSON with DEL, C1 controls and bidi overrides escaped.
func TestLogsJSONCarriesNoControls(t *testing.T) {
	out := runVirga(t, "logs", "function", "legacy-cron", "--demo", "--since", "6h", "-o", "json")
	for _, r := range out {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || (r < 0x20 && r != '\n') {
			t.Fatalf("raw %U in the JSON output", r)
		}
	}
	escaped := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil {
			t.Fatalf("bad line %q: %v", l, err)
		}
		if strings.ContainsAny(doc["message"].(string), "\u202e\u009b\x7f") {
			escaped++
		}
	}
	if escaped == 0 {
		t.Fatal("no hostile line in six hours of legacy-cron: the test checks nothing")
	}
}
