// Package views renders virga's screens from domain types: the resource
// tables (functions, clusters, services, tasks, journal), the detail and
// metrics panes, the header, breadcrumbs, status line and help, and the
// :stats page. It builds on the leaf widget kit (views/kit) and the
// number formats (views/format); logs, dialogs and the invoke screen live
// in their own packages beside it.
//
// Views never call providers and never read the wall clock: data and the
// current time come in as arguments, and every string from AWS passes
// views/sanitize before it is drawn.
package views
