package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// backend is an opened data source and how to close it.
type backend struct {
	backend providers.Backend
	now     func() time.Time
	profile string
	close   func()
	// connect opens the same kind of backend for another profile or
	// region (the TUI's :profile and :region); nil when not possible.
	connect func(ctx context.Context, profile, region string) (providers.Backend, error)
}

// demoKeys are the static credentials of the simulated account. The
// server does not check signatures; they only keep the SDK away from the
// real credential chain.
const demoKeys = "virga-demo"

// openBackend returns the data source the flags ask for. --demo starts the
// simulated account's AWS wire-protocol server on 127.0.0.1 and talks to
// it with providers/aws, so the demo walks the same code as a real
// account: SDK clients, retries, error mapping and call accounting.
func openBackend(ctx context.Context, f *flags) (*backend, error) {
	if f.remote != nil {
		return f.remote.open(ctx, f)
	}
	if f.demo {
		return openDemo(ctx, f)
	}
	cfg := awsprov.Config{Profile: f.profile, Region: f.region, EndpointURL: f.endpoint, ReadOnly: f.readOnly,
		CloudWatchJSON: emulatorEndpoint(f.endpoint), Log: f.log, AppID: appID()}
	if f.mfa != nil {
		cfg.MFA = f.mfa.code
	}
	p, err := awsprov.New(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("aws: %w", err)
	}
	return &backend{
		backend: p,
		now:     time.Now,
		profile: p.Profile(),
		close:   p.Close,
		connect: func(ctx context.Context, profile, region string) (providers.Backend, error) {
			c := cfg
			c.Profile, c.Region = profile, region
			return awsprov.New(ctx, c)
		},
	}, nil
}

// emulatorEndpoint reports whether CloudWatch goes to a custom endpoint.
// Emulators (moto, LocalStack) lack the Smithy RPC v2 CBOR protocol the SDK
// uses by default; CloudWatch itself also accepts JSON 1.0, so JSON is the
// choice that works with both. The demo's own server speaks CBOR and keeps
// the default.
func emulatorEndpoint(flag string) bool {
	return flag != "" || os.Getenv("AWS_ENDPOINT_URL") != "" || os.Getenv("AWS_ENDPOINT_URL_CLOUDWATCH") != ""
}

func openDemo(ctx context.Context, f *flags) (*backend, error) {
	now := time.Now
	if f.demoClock != "" {
		// A stopped clock makes the demo the same on every run: the
		// screenshots change only when a view does.
		at, err := time.Parse(time.RFC3339, f.demoClock)
		if err != nil {
			return nil, usagef("--demo-clock %q: want an RFC 3339 time such as 2026-03-02T14:30:00Z", f.demoClock)
		}
		now = func() time.Time { return at }
	}
	acct := sim.New(sim.Config{
		Seed:      f.demoSeed,
		Functions: f.demoFunctions,
		Services:  f.demoServices,
		Now:       now,
	})
	srv, err := server.Start(acct)
	if err != nil {
		return nil, fmt.Errorf("demo server: %w", err)
	}
	// The simulated account must never reach for real credentials or the
	// instance metadata service.
	_ = os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	p, err := awsprov.New(ctx, awsprov.Config{
		Region:          "us-east-1",
		EndpointURL:     srv.URL(),
		AccessKeyID:     demoKeys,
		SecretAccessKey: demoKeys,
		ReadOnly:        f.readOnly,
		Log:             f.log,
		AppID:           appID(),
		// The demo's clusters are reached with EKS tokens only, whatever
		// the machine's kubeconfig holds.
		NoKubeconfig: true,
	})
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("demo provider: %w", err)
	}
	return &backend{
		backend: demoBackend{p},
		now:     now,
		profile: "demo",
		close: func() {
			p.Close()
			srv.Close()
		},
	}, nil
}

// demoBackend labels the simulated account's identity as the demo's.
type demoBackend struct{ *awsprov.Provider }

// Identity reports the simulated account with the DEMO badge.
func (d demoBackend) Identity(ctx context.Context) (providers.Identity, error) {
	id, err := d.Provider.Identity(ctx)
	id.Demo, id.Profile = true, "demo"
	return id, err
}

// withBackend runs fn with the backend open, under a context that ^C
// cancels so a long read or a watch ends cleanly, and closes it after.
func withBackend(cmd *cobra.Command, f *flags, fn func(ctx context.Context, be *backend) error) error {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	be, err := openFor(ctx, f)
	if err != nil {
		return err
	}
	defer be.close()
	return fn(ctx, be)
}
