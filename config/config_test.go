package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/config"
)

func TestParseGood(t *testing.T) {
	c, err := config.Parse([]byte(`
refresh: 5s
functions_refresh: 2m
theme: light
keys:
  list.down: [n, down]
read_only_profiles: ["*prod*"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(c.Refresh) != 5*time.Second || time.Duration(c.FunctionsRefresh) != 2*time.Minute {
		t.Fatalf("durations: %v %v", c.Refresh, c.FunctionsRefresh)
	}
	if c.Theme != "light" || c.Keys["list.down"][0] != "n" {
		t.Fatalf("bad decode: %+v", c)
	}
	if !c.ReadOnlyFor("acme-prod-admin", "") || c.ReadOnlyFor("dev", "") {
		t.Fatal("profile pattern not applied")
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	cases := map[string]string{
		"unknown key":  "refresh: 5s\nrefesh_typo: 3s\n",
		"bad duration": "theme: dark\nrefresh: soon\n",
		"bad yaml":     "keys:\n  list.down: [j\n",
	}
	for name, doc := range cases {
		_, err := config.Parse([]byte(doc))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "line ") || strings.Contains(err.Error(), "line ?") {
			t.Errorf("%s: error does not name the line: %v", name, err)
		}
	}
	if _, err := config.Parse([]byte("theme: purple\n")); err == nil {
		t.Error("bad theme accepted")
	}
}

func TestLoadFallsBackToDefaults(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if c, msg := config.Load(path); msg != "" || c.Refresh != 0 {
		t.Fatalf("missing file: %+v %q", c, msg)
	}
	if err := os.WriteFile(path, []byte("refresh: 5s\nnope: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, msg := config.Load(path)
	if c.Refresh != 0 {
		t.Fatalf("a broken file must give defaults, got %+v", c)
	}
	if !strings.Contains(msg, path) || !strings.Contains(msg, "line 2") || !strings.Contains(msg, "using defaults") {
		t.Fatalf("message should name file and line: %q", msg)
	}
}

func TestDefaultPathHonoursXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	if got := config.DefaultPath(); got != "/tmp/xdg/virga/config.yaml" {
		t.Fatal(got)
	}
}

func TestLogsSection(t *testing.T) {
	c, err := config.Parse([]byte("logs:\n  buffer_lines: 100000\n  live_tail: false\n"))
	if err != nil || c.Logs.BufferLines != 100000 || c.Logs.LiveTail == nil || *c.Logs.LiveTail {
		t.Fatalf("%+v %v", c.Logs, err)
	}
	if _, err := config.Parse([]byte("logs:\n  buffer_lines: -1\n")); err == nil {
		t.Fatal("negative buffer accepted")
	}
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
