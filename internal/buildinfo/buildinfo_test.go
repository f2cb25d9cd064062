package buildinfo_test

import (
	"runtime/debug"
	"testing"

	"github.com/virgahq/virga/internal/buildinfo"
)

func TestFrom(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs.revision", Value: "b548d46c8f3a0123456789abcdef012345678901"},
		{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
		{Key: "GOOS", Value: "darwin"},
		{Key: "GOARCH", Value: "arm64"},
	}
	cases := []struct {
		name  string
		bi    *debug.BuildInfo
		stamp string
		line  string
		short string
	}{
		{"go install of a tag", &debug.BuildInfo{GoVersion: "go1.26.7", Main: debug.Module{Version: "v1.2.3"}}, "",
			"virga v1.2.3 (go1.26.7 " + buildinfo.From(nil, "").Platform + ")", "v1.2.3"},
		{"local build with changes", &debug.BuildInfo{GoVersion: "go1.26.7", Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "",
			"virga devel (commit b548d46c8f3a, modified; go1.26.7 darwin/arm64)", "devel-b548d46c8f3a-dirty"},
		{"release stamp wins", &debug.BuildInfo{GoVersion: "go1.26.7", Main: debug.Module{Version: "v0.0.0-20261130100000-b548d46c8f3a"}, Settings: vcs[:1]}, "v1.3.0",
			"virga v1.3.0 (commit b548d46c8f3a; go1.26.7 " + buildinfo.From(nil, "").Platform + ")", "v1.3.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := buildinfo.From(c.bi, c.stamp)
			if got := in.String(); got != c.line {
				t.Errorf("String() = %q, want %q", got, c.line)
			}
			if got := in.Short(); got != c.short {
				t.Errorf("Short() = %q, want %q", got, c.short)
			}
		})
	}
	if in := buildinfo.From(nil, ""); in.Version != "devel" || in.GoVersion == "" {
		t.Fatalf("no build info: %+v", in)
	}
}
