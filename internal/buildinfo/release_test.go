package buildinfo

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestReleaseConfigStampsTheVersion: .goreleaser.yaml parses, builds the
// six platforms, and its -X flag names this package's stamped variable,
// which Read then prefers over the module version.
func TestReleaseConfigStampsTheVersion(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("config: %+v", cfg)
	}
	b := cfg.Builds[0]
	slices.Sort(b.Goos)
	slices.Sort(b.Goarch)
	if b.Main != "./cmd/virga" || !slices.Equal(b.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("build: %+v", b)
	}
	const flag = "-X github.com/virgahq/virga/internal/buildinfo.stamped="
	if len(b.Ldflags) != 1 || !strings.Contains(b.Ldflags[0], flag) {
		t.Errorf("ldflags %q do not stamp %s", b.Ldflags, flag)
	}

	old := stamped
	defer func() { stamped = old }()
	stamped = "v9.8.7"
	if in := Read(); in.Version != "v9.8.7" || in.Short() != "v9.8.7" {
		t.Errorf("stamped version not read: %+v", in)
	}
}
