// Package config reads virga's config file
// ($XDG_CONFIG_HOME/virga/config.yaml, else ~/.config/virga/config.yaml).
//
// A broken file never stops virga and never switches a safety rule off:
// every key that parses is kept, a bad or unknown key is reported with its
// line and keeps its default, and when the read-only rules cannot be known
// (the file cannot be read or parsed, or a rule is malformed) every change
// is refused until the file is fixed. A hostile file (huge, deeply nested,
// an alias bomb) is refused before the YAML parser sees it.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/virgahq/virga/internal/xdg"
)

// Duration is a time.Duration written as "10s", "2m" in the file.
type Duration time.Duration

// Config is the whole file. Zero values mean "use the default".
type Config struct {
	// Refresh is the poll interval of ECS lists and detail panes.
	Refresh Duration
	// FunctionsRefresh is the poll interval of the function inventory.
	FunctionsRefresh Duration
	// MetricsWindow is the window of the live metric columns.
	MetricsWindow Duration
	// Theme is auto, dark, light or none.
	Theme string
	// Keys overrides bindings: "list.down": ["j", "down"].
	Keys map[string][]string
	// ReadOnly makes every session read-only.
	ReadOnly bool
	// ReadOnlyProfiles are glob patterns of profile names that open
	// read-only, e.g. "*prod*".
	ReadOnlyProfiles []string
	// ReadOnlyAccounts are account ids that open read-only.
	ReadOnlyAccounts []string
	// Logs configures the log panes.
	Logs Logs
	// Locked, when set, says why every change is refused: the file could
	// not be read, or a read-only rule in it did not parse. It names the
	// file and line.
	Locked string
}

// Logs configures the log panes: buffer_lines bounds each pane (default
// 50000), live_tail: false polls FilterLogEvents instead of opening Live
// Tail sessions (billed per session-minute), save_dir is where saved logs go.
type Logs struct {
	BufferLines int
	LiveTail    *bool
	SaveDir     string
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

// Load reads path. A missing file is not an error. It returns what parsed
// and one message per problem, naming the file and line. When the file
// cannot be read or parsed at all, or a read-only rule in it did not
// parse, Locked is set: every change is refused until the file is fixed,
// since the rules it holds are unknown.
func Load(path string) (Config, []string) {
	if path == "" {
		return Config{}, nil
	}
	data, err := readCapped(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		c := Config{Locked: fmt.Sprintf("config %s: %v; changes are refused until it can be read", path, err)}
		return c, []string{c.Locked}
	}
	c, problems := Parse(data)
	if c.Locked != "" {
		c.Locked = fmt.Sprintf("config %s %s", path, c.Locked)
	}
	var msgs []string
	for _, p := range problems {
		m := fmt.Sprintf("config %s %s", path, p)
		if p.Closed {
			m += "; changes are refused until it is fixed"
		}
		msgs = append(msgs, m)
	}
	return c, msgs
}

// readCapped reads at most MaxSize bytes of path, and one more to tell a
// file that is too large (guard refuses it).
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxSize+1))
}

// ReadOnlyFor reports whether a profile or account must open read-only:
// always while the file is Locked.
func (c Config) ReadOnlyFor(profile, account string) bool {
	if c.ReadOnly || c.Locked != "" {
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
