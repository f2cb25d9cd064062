package main

import (
	"context"
	"errors"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// backend is an opened data source and how to close it.
type backend struct {
	backend providers.Backend
	now     func() time.Time
	profile string
	close   func()
}

func openBackend(ctx context.Context, f *flags) (*backend, error) {
	if f.demo {
		acct := sim.New(sim.Config{
			Seed:      f.demoSeed,
			Functions: f.demoFunctions,
			Services:  f.demoServices,
			Now:       time.Now,
		})
		return &backend{backend: acct, now: time.Now, profile: "demo", close: func() {}}, nil
	}
	_ = ctx
	return nil, errors.New("only --demo is available in this build: the AWS provider is not built yet")
}
