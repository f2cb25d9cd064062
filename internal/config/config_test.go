package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/testkit"
)

func TestParseGood(t *testing.T) {
	c, problems := config.Parse([]byte(`
refresh: 5s
functions_refresh: 2m
metrics_window: 1h
theme: light
keys:
  list.down: [n, down]
  list.up: e
read_only_profiles: ["*prod*"]
read_only_accounts: ["012345678901"]
logs:
  buffer_lines: 100000
  live_tail: false
  save_dir: /tmp/logs
`))
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if time.Duration(c.Refresh) != 5*time.Second || time.Duration(c.FunctionsRefresh) != 2*time.Minute || time.Duration(c.MetricsWindow) != time.Hour {
		t.Fatalf("durations: %v %v %v", c.Refresh, c.FunctionsRefresh, c.MetricsWindow)
	}
	if c.Theme != "light" || c.Keys["list.down"][0] != "n" || c.Keys["list.up"][0] != "e" {
		t.Fatalf("bad decode: %+v", c)
	}
	if c.Logs.BufferLines != 100000 || c.Logs.LiveTail == nil || *c.Logs.LiveTail || c.Logs.SaveDir != "/tmp/logs" {
		t.Fatalf("logs: %+v", c.Logs)
	}
	if !c.ReadOnlyFor("acme-prod-admin", "") || c.ReadOnlyFor("dev", "") || !c.ReadOnlyFor("dev", "012345678901") {
		t.Fatal("read-only rules not applied")
	}
}

// rules is a file's read-only rules, for the cases below to keep.
const rules = "read_only_profiles: [\"*prod*\"]\nread_only_accounts: [\"123456789012\"]\n"

// TestParseKeepsRulesOrFailsClosed: whatever is wrong in the file, either
// the read-only rules that parsed still apply, or every change is refused
// (Closed) until the file is fixed. Each problem names its line.
func TestParseKeepsRulesOrFailsClosed(t *testing.T) {
	cases := []struct {
		name   string
		doc    string
		closed bool
		line   int
		says   string
	}{
		{"typo", "refesh: 5s\n" + rules, false, 1, `unknown key "refesh"`},
		{"unknown key in logs", rules + "logs:\n  bufer_lines: 9000\n", false, 4, `"logs.bufer_lines"`},
		{"unknown key", "colour: red\n" + rules, false, 1, `unknown key "colour"`},
		{"bom", "\xEF\xBB\xBF" + rules, false, 0, ""},
		{"bom with crlf", "\xEF\xBB\xBF" + strings.ReplaceAll(rules, "\n", "\r\n"), false, 0, ""},
		{"bad duration", rules + "refresh: soon\n", false, 3, "not a duration"},
		{"wrong type: list for a duration", rules + "refresh: [1, 2]\n", false, 3, "not a duration"},
		{"wrong type: number for the theme", rules + "theme: 5\n", false, 3, "theme"},
		{"wrong type: logs scalar", rules + "logs: 7\n", false, 3, "logs"},
		{"wrong type: keys scalar", rules + "keys: nope\n", false, 3, "keys"},
		{"wrong type: buffer_lines text", rules + "logs:\n  buffer_lines: many\n", false, 4, "buffer_lines"},
		{"buffer_lines out of range", rules + "logs:\n  buffer_lines: 1\n", false, 4, "use 1000 to 5000000"},
		{"metrics_window out of range", rules + "metrics_window: 100000h\n", false, 3, "out of range"},
		{"refresh out of range", rules + "refresh: 1ms\n", false, 3, "use 1s to 1h"},
		{"functions_refresh out of range", rules + "functions_refresh: 2s\n", false, 3, "use 10s to 1h"},
		{"metrics_window under range", rules + "metrics_window: 1m\n", false, 3, "use 5m to 3h"},
		{"syntax error", rules + "keys:\n  list.down: [j\n", true, 4, ""},
		{"tab indentation", rules + "logs:\n\tbuffer_lines: 9000\n", true, 4, ""},
		{"read_only not a bool", rules + "read_only: maybe\n", true, 3, "read_only"},
		{"profiles not strings", "read_only_profiles: {a: b}\n", true, 1, "read_only_profiles"},
		{"account id too short", "read_only_accounts: [12345]\n", true, 1, "12-digit"},
		{"unquoted glob", "read_only_profiles: [*prod*]\n", true, 1, "quote"},
		{"misspelt rule", "read_only_profile: [\"*prod*\"]\n", true, 1, "read_only_profiles"},
		{"not a mapping", "- read_only\n", true, 1, "mapping"},
		{"two documents", rules + "---\nread_only: false\n", true, 4, "more than one"},
		{"anchor", rules + "keys:\n  list.down: &k [j]\n  list.up: *k\n", true, 4, "aliases"},
		{"merge key", rules + "logs:\n  <<: {buffer_lines: 9000}\n", true, 4, "merge"},
		{"alias bomb", aliasBomb(), true, 2, "aliases"},
		{"deep flow nesting", rules + "keys:\n  x: " + strings.Repeat("[", 30000) + strings.Repeat("]", 30000) + "\n", true, 4, "deeper"},
		{"deep block nesting", rules + "keys:\n" + deepBlock(40), true, 12, "deeper"},
		{"deep dashes", rules + "keys:\n  x:\n" + strings.Repeat("- ", 30000) + "j\n", true, 5, "deeper"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, problems := config.Parse([]byte(tc.doc))
			closed := false
			for _, p := range problems {
				closed = closed || p.Closed
			}
			if closed != tc.closed {
				t.Fatalf("closed = %v, want %v: %v", closed, tc.closed, problems)
			}
			if tc.line == 0 {
				if len(problems) != 0 {
					t.Fatalf("problems: %v", problems)
				}
			} else {
				if len(problems) == 0 {
					t.Fatal("no problem reported")
				}
				p := problems[0]
				if p.Line != tc.line || !strings.Contains(p.String(), "line ") || !strings.Contains(p.Msg, tc.says) {
					t.Fatalf("problem %q at line %d, want line %d saying %q", p.Msg, p.Line, tc.line, tc.says)
				}
			}
			if !tc.closed && (!c.ReadOnlyFor("acme-prod", "") || !c.ReadOnlyFor("dev", "123456789012")) {
				t.Fatalf("the read-only rules were dropped: %+v", c)
			}
		})
	}
}

// TestLoadFailsClosed: through Load, a Closed problem locks every change
// (ReadOnlyFor is true for every profile and account) with a message that
// names the file and the line; other problems are reported and the rest
// of the file applies.
func TestLoadFailsClosed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if c, msgs := config.Load(path); len(msgs) != 0 || c.Locked != "" || c.ReadOnlyFor("x", "1") {
		t.Fatalf("missing file: %+v %q", c, msgs)
	}

	write := func(s string) {
		t.Helper()
		testkit.WriteFile(t, path, s)
	}
	write("refresh: 5s\nnope: 1\n" + rules)
	c, msgs := config.Load(path)
	if c.Locked != "" || time.Duration(c.Refresh) != 5*time.Second || !c.ReadOnlyFor("prod", "") || c.ReadOnlyFor("dev", "") {
		t.Fatalf("a typo must keep the rest: %+v", c)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], path) || !strings.Contains(msgs[0], "line 2") {
		t.Fatalf("message should name file and line: %q", msgs)
	}

	write(rules + "keys:\n  list.down: [j\n")
	c, msgs = config.Load(path)
	if c.Locked == "" || !c.ReadOnlyFor("dev", "000000000000") {
		t.Fatalf("an unparsable file must lock every change: %+v", c)
	}
	if !strings.Contains(c.Locked, path) || !strings.Contains(c.Locked, "line 4") || !strings.Contains(c.Locked, "refused") || len(msgs) == 0 {
		t.Fatalf("lock message: %q", c.Locked)
	}

	// Larger than the cap: refused before parsing.
	write(rules + strings.Repeat("# padding\n", config.MaxSize/10+1))
	if c, _ := config.Load(path); c.Locked == "" || !strings.Contains(c.Locked, "larger than") {
		t.Fatalf("huge file: %+v", c)
	}

	// Unreadable: a directory where the file should be.
	dirPath := filepath.Join(dir, "isdir.yaml")
	if err := os.Mkdir(dirPath, 0o700); err != nil {
		t.Fatal(err)
	}
	if c, msgs := config.Load(dirPath); c.Locked == "" || !strings.Contains(c.Locked, dirPath) || len(msgs) != 1 {
		t.Fatalf("unreadable file: %+v %q", c, msgs)
	}
}

func TestDefaultPathHonoursXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	if got := config.DefaultPath(); got != "/tmp/xdg/virga/config.yaml" {
		t.Fatal(got)
	}
}

// aliasBomb is a billion-laughs document under keys: nine levels of nine
// aliases each, a few hundred bytes that expand to 9^9 strings.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("keys:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("  a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("  list.down: *a8\n")
	return b.String()
}

func itoa(i int) string { return string(rune('0' + i)) }

// deepBlock nests n block mappings.
func deepBlock(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i+1) + "k:\n")
	}
	return b.String()
}

// A relative XDG_CONFIG_HOME is invalid by the XDG spec and must be
// ignored, not joined to whatever the working directory happens to be.
func TestDefaultPathIgnoresRelativeXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "relative/dir")
	t.Setenv("HOME", "/home/x")
	if got := config.DefaultPath(); got != "/home/x/.config/virga/config.yaml" {
		t.Fatalf("DefaultPath = %q", got)
	}
}
