// Package kit is virga's leaf widget kit: the generic Table, the
// scrolling Pane, the command Palette and the filter bar, the Brush that
// paints hot paths without lipgloss, the text input style, and the
// fit, pad and wrap helpers that size every line to its cell count.
//
// Widgets know nothing about AWS. They render what callers hand them
// (items through Column functions, pre-rendered lines) with the theme's
// styles, and they never read the clock. Every string a widget draws
// that came from outside is expected to be sanitized by the caller
// (views/sanitize); titles and empty-table texts are sanitized here.
//
// Import direction: kit imports views/theme, views/sanitize, keymap and
// the charm libraries; views, views/logs, views/dialog, views/invokeview
// and tui import kit, never the reverse.
package kit
