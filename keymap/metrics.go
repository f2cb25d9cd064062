package keymap

import "charm.land/bubbles/v2/key"

// Metrics bindings open the metrics screens and change their time range.
// Open and Window act on the resource tables (functions, services); Wider
// and Narrower act inside the metrics screens, which scroll with the
// detail bindings.
type Metrics struct {
	Open     key.Binding
	Window   key.Binding
	Wider    key.Binding
	Narrower key.Binding
}

func defaultMetrics() Metrics {
	return Metrics{
		Open:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "metrics")),
		Window:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "metric window 15m/1h/3h")),
		Wider:    key.NewBinding(key.WithKeys("]", "+"), key.WithHelp("]", "wider time range")),
		Narrower: key.NewBinding(key.WithKeys("[", "-"), key.WithHelp("[", "narrower time range")),
	}
}

func (km *KeyMap) metricsContext() Context {
	return Context{Name: "metrics", Bindings: map[string]*key.Binding{
		"open": &km.Metrics.Open, "window": &km.Metrics.Window,
		"wider": &km.Metrics.Wider, "narrower": &km.Metrics.Narrower,
	}}
}
