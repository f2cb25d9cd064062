package aws

import (
	"context"

	"github.com/virgahq/virga/providers"
)

var _ providers.FunctionConfigReader = (*Provider)(nil)

// FunctionConfig reads one function's configuration (its log group,
// reserved concurrency and tags among it) with a single call, for callers
// that need nothing of what GetFunction's detail adds (versions, aliases,
// provisioned concurrency, event source mappings: four more calls).
//
// CLI: aws lambda get-function --function-name NAME
func (p *Provider) FunctionConfig(ctx context.Context, name string) (providers.Function, error) {
	var d providers.FunctionDetail
	if err := p.getFunction(ctx, name, &d); err != nil {
		return providers.Function{}, err
	}
	return d.Function, nil
}
