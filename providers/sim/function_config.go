package sim

import (
	"context"

	"github.com/virgahq/virga/providers"
)

var _ providers.FunctionConfigReader = (*Account)(nil)

// FunctionConfig reads one function's configuration alone, as one
// GetFunction call answers it (no versions, aliases or mappings).
func (a *Account) FunctionConfig(ctx context.Context, name string) (providers.Function, error) {
	const op = "Lambda.GetFunction"
	if err := a.begin(ctx, op); err != nil {
		return providers.Function{}, err
	}
	f, err := a.lookup(op, name)
	if err != nil {
		return providers.Function{}, err
	}
	now := a.now()
	a.mu.Lock()
	c := f.tl.latest()
	a.mu.Unlock()
	return a.describe(f, c, now, true), nil
}
