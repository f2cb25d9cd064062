package main

import "runtime/debug"

// version is virga's version from the build: the module version of a
// `go install ...@vX.Y.Z`, else "devel" with the commit when the build
// recorded it.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}

// appID is what every AWS request carries in its User-Agent (as
// app/...), so CloudTrail shows which tool made a change.
func appID() string { return "virga/" + version() }
