// Package buildinfo says which virga this is: the version, the commit it
// was built from and whether the tree had changes, and the Go toolchain.
//
// A release build stamps the version with the linker:
//
//	go build -ldflags "-X github.com/virgahq/virga/internal/buildinfo.stamped=v1.2.3" ./cmd/virga
//
// Without a stamp the module version recorded by the Go toolchain is used:
// the tag of a `go install github.com/virgahq/virga/cmd/virga@v1.2.3`, or
// the pseudo-version Go derives from the checkout of a local build.
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// stamped is the version a release build sets with -ldflags -X; empty
// otherwise. The linker writes it; nothing assigns it at run time.
var stamped string

// Info is one build's identity.
type Info struct {
	// Version is the release tag (v1.2.3), the module's pseudo-version, or
	// "devel" when the build recorded none.
	Version string `json:"version"`
	// Commit is the VCS revision the binary was built from, "" when the
	// build did not record it (go install of a tagged module).
	Commit string `json:"commit,omitempty"`
	// CommitTime is the revision's commit time (RFC 3339), "" when unknown.
	CommitTime string `json:"commitTime,omitempty"`
	// Modified says the working tree had uncommitted changes.
	Modified bool `json:"modified,omitempty"`
	// GoVersion is the toolchain that built the binary.
	GoVersion string `json:"goVersion"`
	// Platform is GOOS/GOARCH.
	Platform string `json:"platform"`
}

// Read returns this binary's build info.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return From(bi, stamped)
}

// From reads bi (nil when the binary has none), preferring a stamped
// version over the module version.
func From(bi *debug.BuildInfo, stamp string) Info {
	in := Info{Version: "devel", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			in.Version = v
		}
		if bi.GoVersion != "" {
			in.GoVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.CommitTime = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			case "GOOS":
				in.Platform = s.Value + in.Platform[strings.IndexByte(in.Platform, '/'):]
			case "GOARCH":
				in.Platform = in.Platform[:strings.IndexByte(in.Platform, '/')+1] + s.Value
			}
		}
	}
	if stamp = strings.TrimSpace(stamp); stamp != "" {
		in.Version = stamp
	}
	return in
}

// String is the one line `virga --version` prints:
// "virga v1.2.3 (commit 0123456789ab, modified; go1.26.7 linux/amd64)".
func (in Info) String() string {
	var b strings.Builder
	b.WriteString("virga " + in.Version + " (")
	if in.Commit != "" {
		b.WriteString("commit " + shortCommit(in.Commit))
		if in.Modified {
			b.WriteString(", modified")
		}
		b.WriteString("; ")
	}
	b.WriteString(in.GoVersion + " " + in.Platform + ")")
	return b.String()
}

// Short is the version with the commit when there is no release tag, for
// the help screen and the User-Agent: "v1.2.3", "devel-0123456789ab".
func (in Info) Short() string {
	if in.Version == "devel" && in.Commit != "" {
		v := "devel-" + shortCommit(in.Commit)
		if in.Modified {
			v += "-dirty"
		}
		return v
	}
	return in.Version
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
