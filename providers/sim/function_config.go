package sim

import (
	"context"

	"github.com/virgahq/virga/providers"
)

var _ providers.FunctionConfigReader = (*Account)(nil)

// FunctionConfig reads one function's configuration alone, as one
// GetFunction call answers it (no versions, aliases or mappings).
func (a *Account) FunctionConfig(ctx context.Context, name string) (providers.Function, error) {
	f, c, now, err := a.readLatest(ctx, "Lambda.GetFunction", name)
	if err != nil {
		return providers.Function{}, err
	}
	return a.describe(f, c, now, true), nil
}
