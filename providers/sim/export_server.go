package sim

import "context"

// Begin applies the fault installed for op (its latency, then its error)
// exactly as the account's own methods do on entry. The wire server in
// providers/sim/server calls it for the operations it serves without a
// method of their own (GetFunctionConfiguration, DescribeLogGroups,
// ListMetrics ...), so that SetFault works for every operation it serves.
func (a *Account) Begin(ctx context.Context, op string) error { return a.begin(ctx, op) }
