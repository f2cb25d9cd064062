package aws

import (
	"context"
	"time"
)

// service is one AWS service's in-flight limit. Each Provider has its own,
// so two Providers (two profiles) never wait on each other.
type service struct {
	name string
	sem  chan struct{}
}

func newService(name string, inFlight int) *service {
	return &service{name: name, sem: make(chan struct{}, inFlight)}
}

// acquire takes an in-flight slot or gives up when ctx is done.
func (s *service) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *service) release() { <-s.sem }

// deadline gives ctx the Provider's call timeout unless it has a deadline.
func (p *Provider) deadline(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, timeout)
}

// do runs one AWS operation: under the service's in-flight limit, with a
// deadline, and with its error turned into a *providers.Error named
// "<Service>.<op>".
func do[T any](ctx context.Context, p *Provider, svc *service, op string, fn func(context.Context) (T, error)) (T, error) {
	return doTimeout(ctx, p, svc, op, p.cfg.CallTimeout, fn)
}

func doTimeout[T any](ctx context.Context, p *Provider, svc *service, op string, timeout time.Duration, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	ctx, cancel := p.deadline(ctx, timeout)
	defer cancel()
	if err := svc.acquire(ctx); err != nil {
		return zero, p.mapError(svc.name+"."+op, err)
	}
	defer svc.release()
	out, err := fn(ctx)
	if err != nil {
		return zero, p.mapError(svc.name+"."+op, err)
	}
	return out, nil
}
