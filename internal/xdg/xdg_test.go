package xdg_test

import (
	"path/filepath"
	"testing"

	"github.com/virgahq/virga/internal/xdg"
)

func TestDirs(t *testing.T) {
	dirs := []struct {
		env      string
		fn       func() string
		fallback string
	}{
		{"XDG_CONFIG_HOME", xdg.ConfigDir, ".config"},
		{"XDG_STATE_HOME", xdg.StateDir, ".local/state"},
		{"XDG_DATA_HOME", xdg.DataDir, ".local/share"},
		{"XDG_CACHE_HOME", xdg.CacheDir, ".cache"},
	}
	for _, d := range dirs {
		t.Run(d.env, func(t *testing.T) {
			t.Setenv("HOME", "/home/ada")
			want := filepath.Join("/home/ada", d.fallback, "virga")
			for _, v := range []string{"", "relative/dir", "./here", "~/x"} {
				t.Setenv(d.env, v)
				if got := d.fn(); got != want {
					t.Errorf("%s=%q: %q, want %q", d.env, v, got, want)
				}
			}
			t.Setenv(d.env, "/srv/xdg")
			if got := d.fn(); got != "/srv/xdg/virga" {
				t.Errorf("%s=/srv/xdg: %q", d.env, got)
			}
			t.Setenv(d.env, "")
			t.Setenv("HOME", "")
			if got := d.fn(); got != "" {
				t.Errorf("no home: %q, want \"\"", got)
			}
		})
	}
}
