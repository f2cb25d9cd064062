package main

import "github.com/virgahq/virga/internal/buildinfo"

// version is virga's version for the debug log and the User-Agent: the
// release version, else "devel-<commit>" (internal/buildinfo).
func version() string { return buildinfo.Read().Short() }

// appID is what every AWS request carries in its User-Agent (as
// app/...), so CloudTrail shows which tool made a change.
func appID() string { return "virga/" + version() }
