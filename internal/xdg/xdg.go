// Package xdg says where virga keeps its files, by the XDG Base Directory
// specification: the config file under $XDG_CONFIG_HOME, the journal and
// saved logs under $XDG_STATE_HOME, payload history under $XDG_DATA_HOME
// and short-lived caches under $XDG_CACHE_HOME, each in a "virga"
// directory. A variable that is unset, empty or relative is ignored (the
// specification calls relative paths invalid), and the default under the
// home directory applies: ~/.config, ~/.local/state, ~/.local/share,
// ~/.cache. The same layout is used on every operating system, so a
// runbook's paths hold on a laptop and a bastion alike.
//
// Every call reads the environment afresh; nothing is cached, so tests can
// point a directory elsewhere with t.Setenv.
package xdg

import (
	"os"
	"path/filepath"
)

// app is the directory virga owns inside each base directory.
const app = "virga"

// ConfigDir is virga's config directory, "" when no home is known.
func ConfigDir() string { return dir("XDG_CONFIG_HOME", ".config") }

// StateDir is virga's state directory (journal, saved logs), "" when no
// home is known.
func StateDir() string { return dir("XDG_STATE_HOME", ".local", "state") }

// DataDir is virga's data directory (payload history), "" when no home is
// known.
func DataDir() string { return dir("XDG_DATA_HOME", ".local", "share") }

// CacheDir is virga's cache directory (shell completion), "" when no home
// is known.
func CacheDir() string { return dir("XDG_CACHE_HOME", ".cache") }

// dir is $env/virga when env holds an absolute path, else
// $HOME/<fallback...>/virga.
func dir(env string, fallback ...string) string {
	if base := os.Getenv(env); base != "" && filepath.IsAbs(base) {
		return filepath.Join(base, app)
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" || !filepath.IsAbs(home) {
		return ""
	}
	return filepath.Join(append(append([]string{home}, fallback...), app)...)
}
