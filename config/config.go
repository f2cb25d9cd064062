// Package config reads virga's config file
// ($XDG_CONFIG_HOME/virga/config.yaml, else ~/.config/virga/config.yaml).
//
// A broken file never stops virga: Load returns the defaults and a message
// naming the file and line, which the TUI shows at start.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/virgahq/virga/internal/xdg"
)

// Duration is a time.Duration written as "10s", "2m" in the file.
type Duration time.Duration

// parseDuration checks a duration from the file.
func parseDuration(v string) (Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (use e.g. 10s, 2m)", v)
	}
	if d < time.Second {
		return 0, fmt.Errorf("%q is too short: use at least 1s", v)
	}
	return Duration(d), nil
}

// Config is the whole file. Zero values mean "use the default".
type Config struct {
	// Refresh is the poll interval of ECS lists and detail panes.
	Refresh Duration `yaml:"-"`
	// FunctionsRefresh is the poll interval of the function inventory.
	FunctionsRefresh Duration `yaml:"-"`
	// MetricsWindow is the window of the live metric columns.
	MetricsWindow Duration `yaml:"-"`
	// Theme is auto, dark, light or none.
	Theme string `yaml:"theme"`
	// Keys overrides bindings: "list.down": ["j", "down"].
	Keys map[string][]string `yaml:"keys"`
	// ReadOnly makes every session read-only.
	ReadOnly bool `yaml:"read_only"`
	// ReadOnlyProfiles are glob patterns of profile names that open
	// read-only, e.g. "*prod*".
	ReadOnlyProfiles []string `yaml:"read_only_profiles"`
	// ReadOnlyAccounts are account ids that open read-only.
	ReadOnlyAccounts []string `yaml:"read_only_accounts"`
	// Logs configures the log panes.
	Logs Logs `yaml:"logs"`
}

// Logs configures the log panes: buffer_lines bounds each pane (default
// 50000), live_tail: false polls FilterLogEvents instead of opening Live
// Tail sessions (billed per session-minute), save_dir is where saved logs go.
type Logs struct {
	BufferLines int    `yaml:"buffer_lines"`
	LiveTail    *bool  `yaml:"live_tail"`
	SaveDir     string `yaml:"save_dir"`
}

// DefaultPath returns where the config file lives, "" when no home
// directory is known.
func DefaultPath() string {
	dir := xdg.ConfigDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.yaml")
}

// Load reads path. A missing file is not an error. On any problem it
// returns the zero Config (all defaults) and a message to show the user.
func Load(path string) (Config, string) {
	if path == "" {
		return Config{}, ""
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, ""
	}
	if err != nil {
		return Config{}, fmt.Sprintf("config %s: %v; using defaults", path, err)
	}
	c, err := Parse(data)
	if err != nil {
		return Config{}, fmt.Sprintf("config %s: %v; using defaults", path, err)
	}
	return c, ""
}

// Parse decodes a config document strictly: unknown keys are errors, so a
// typo does not silently do nothing. Errors name the line.
func Parse(data []byte) (Config, error) {
	var doc struct {
		Config           `yaml:",inline"`
		Refresh          string `yaml:"refresh"`
		FunctionsRefresh string `yaml:"functions_refresh"`
		MetricsWindow    string `yaml:"metrics_window"`
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Config{}, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&doc); err != nil {
		return Config{}, errors.New(oneLine(err))
	}
	c := doc.Config
	for _, f := range []struct {
		key string
		raw string
		dst *Duration
	}{{"refresh", doc.Refresh, &c.Refresh}, {"functions_refresh", doc.FunctionsRefresh, &c.FunctionsRefresh}, {"metrics_window", doc.MetricsWindow, &c.MetricsWindow}} {
		if f.raw == "" {
			continue
		}
		d, err := parseDuration(f.raw)
		if err != nil {
			return Config{}, fmt.Errorf("line %d: %s: %v", lineOf(data, f.key), f.key, err)
		}
		*f.dst = d
	}
	switch c.Theme {
	case "", "auto", "dark", "light", "none":
	default:
		return Config{}, fmt.Errorf("line %d: theme %q: use auto, dark, light or none", lineOf(data, "theme"), c.Theme)
	}
	if c.Logs.BufferLines < 0 || c.Logs.BufferLines > 5_000_000 {
		return Config{}, fmt.Errorf("line %d: logs.buffer_lines: use 1000 to 5000000", lineOf(data, "logs"))
	}
	for _, p := range c.ReadOnlyProfiles {
		if _, err := filepath.Match(p, ""); err != nil {
			return Config{}, fmt.Errorf("line %d: read_only_profiles: bad pattern %q", lineOf(data, "read_only_profiles"), p)
		}
	}
	return c, nil
}

// lineOf finds the line of a top-level key, for messages about values the
// YAML decoder accepted but virga does not.
func lineOf(data []byte, key string) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(l, []byte(key+":")) {
			return i + 1
		}
	}
	return 1
}

// oneLine keeps the first line of a YAML error ("[3:8] unknown field"),
// which names the position, and drops the source excerpt that follows.
func oneLine(err error) string {
	s := yaml.FormatError(err, false, false)
	if i := bytes.IndexByte([]byte(s), '\n'); i > 0 {
		s = s[:i]
	}
	return "line " + trimPos(s)
}

// trimPos turns "[3:8] msg" into "3, column 8: msg".
func trimPos(s string) string {
	var line, col int
	var rest string
	if n, _ := fmt.Sscanf(s, "[%d:%d]", &line, &col); n == 2 {
		if i := bytes.IndexByte([]byte(s), ']'); i >= 0 {
			rest = s[i+1:]
		}
		return fmt.Sprintf("%d, column %d:%s", line, col, rest)
	}
	return "?: " + s
}

// ReadOnlyFor reports whether a profile or account must open read-only.
func (c Config) ReadOnlyFor(profile, account string) bool {
	if c.ReadOnly {
		return true
	}
	for _, p := range c.ReadOnlyProfiles {
		if ok, _ := filepath.Match(p, profile); ok && profile != "" {
			return true
		}
	}
	for _, a := range c.ReadOnlyAccounts {
		if a == account && account != "" {
			return true
		}
	}
	return false
}
