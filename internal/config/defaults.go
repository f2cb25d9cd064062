package config

import "time"

// What an unset key means. The TUI applies these when the file leaves a
// key out, and `virga config` prints them as the effective values.
const (
	DefaultRefresh          = 10 * time.Second
	DefaultFunctionsRefresh = time.Minute
	DefaultMetricsWindow    = 15 * time.Minute
	DefaultTheme            = "auto"
)
