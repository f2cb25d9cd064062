package sim

import (
	"context"

	"github.com/virgahq/virga/providers"
)

// ReservedConcurrency returns a function's reserved concurrency, nil when
// it has none (GetFunctionConcurrency).
func (a *Account) ReservedConcurrency(ctx context.Context, name string) (*int, error) {
	f, err := a.beginFunction(ctx, "Lambda.GetFunctionConcurrency", name)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	r := f.tl.latest().reserved
	a.mu.Unlock()
	if r < 0 {
		return nil, nil
	}
	return &r, nil
}

var _ providers.ReservedConcurrencyReader = (*Account)(nil)
