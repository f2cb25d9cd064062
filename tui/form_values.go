package tui

import "github.com/virgahq/virga/providers"

// provisionedOf is the provisioned concurrency qualifier q asks for now
// (0 when none), from which "+2" and "-1" count in the form.
func provisionedOf(d providers.FunctionDetail, q string) int {
	for _, p := range d.Provisioned {
		if p.Qualifier == q {
			return p.Requested
		}
	}
	return 0
}
