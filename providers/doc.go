// Package providers holds virga's domain types (functions, clusters,
// services, tasks, metrics, log events, invocation results) and the small
// capability interfaces that data sources implement.
//
// It imports neither the AWS SDK nor Bubble Tea: providers/aws implements
// the interfaces with aws-sdk-go-v2, providers/sim implements them over a
// deterministic simulated account, and the tui and views packages consume
// only what is declared here. A capability that a backend lacks is simply
// an interface it does not implement; the tui discovers capabilities with a
// type assertion and hides the bindings that need them.
package providers
