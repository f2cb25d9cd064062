package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// withSession runs fn with an open session and a deadline-bound context
// for the reads that build the action.
func withSession(cmd *cobra.Command, f *flags, m *mutateFlags, fn func(ctx context.Context, s *session) error) error {
	s, err := openSession(cmd, f, m.timeout)
	if err != nil {
		return err
	}
	defer s.close()
	return fn(cmd.Context(), s)
}

// readAs makes one read through the backend's capability C under the
// command's timeout; what names what C reads, for a backend without it.
func readAs[C, T any](ctx context.Context, s *session, m *mutateFlags, what string, read func(context.Context, C) (T, error)) (T, error) {
	r, ok := s.be.backend.(C)
	if !ok {
		var zero T
		return zero, errors.New("this backend cannot read " + what)
	}
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	return read(ctx, r)
}

func readFunction(ctx context.Context, s *session, name string, m *mutateFlags) (providers.FunctionDetail, error) {
	return readAs(ctx, s, m, "functions", func(ctx context.Context, r providers.FunctionReader) (providers.FunctionDetail, error) {
		d, err := r.GetFunction(ctx, name)
		if err != nil {
			return d, fmt.Errorf("%s: %s", name, providers.Short(err))
		}
		return d, nil
	})
}

// readRoom reads how much concurrency the account has to give, for the
// bounds of --reserved and --provisioned. When it cannot be read, only the
// API's own bounds apply, and AWS judges the rest.
func readRoom(ctx context.Context, s *session, m *mutateFlags) action.Room {
	r, ok := s.be.backend.(providers.AccountReader)
	if !ok {
		return action.Room{}
	}
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	st, err := r.AccountSettings(ctx)
	if err != nil {
		fmt.Fprintf(s.errOut, "virga: warning: the account's concurrency pool could not be read (%s); AWS judges the value\n", sanitize.Line(providers.Short(err)))
		return action.Room{}
	}
	return action.RoomOf(st)
}

func readService(ctx context.Context, s *session, cluster, name string, m *mutateFlags) (providers.Service, error) {
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	svcs, err := s.be.backend.ListServices(ctx, cluster)
	if err != nil {
		return providers.Service{}, fmt.Errorf("cluster %s: %s", cluster, providers.Short(err))
	}
	for _, sv := range svcs {
		if sv.Name == name || sv.ARN == name {
			return sv, nil
		}
	}
	return providers.Service{}, fmt.Errorf("no service %s in cluster %s", name, cluster)
}

func newScaleCmd(f *flags) *cobra.Command {
	scale := &cobra.Command{
		Use:   "scale function|service|deployment",
		Short: "Change a function's concurrency, memory or timeout, a service's desired count, or a deployment's replicas",
	}
	var m mutateFlags
	var reserved, provisioned, memory, timeout string
	var unreserved bool
	var qualifier string
	fn := &cobra.Command{
		Use:   "function FUNCTION (--reserved N | --unreserved | --provisioned N --qualifier Q | --memory MB | --function-timeout SECONDS)",
		Short: "Set or remove reserved or provisioned concurrency, or change memory and timeout",
		Example: `  virga scale function image-resize --reserved 0      # kill switch: throttle everything
  virga scale function image-resize --unreserved
  virga scale function checkout-api --provisioned 20 --qualifier live --wait
  virga scale function orders-consumer --memory 2048 --function-timeout 60`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags()
			set := 0
			for _, n := range []string{"reserved", "unreserved", "provisioned"} {
				if fl.Changed(n) {
					set++
				}
			}
			config := fl.Changed("memory") || fl.Changed("function-timeout")
			if config {
				set++
			}
			if set != 1 {
				return usagef("give exactly one of --reserved, --unreserved, --provisioned, or --memory/--function-timeout")
			}
			if fl.Changed("provisioned") != fl.Changed("qualifier") {
				return usagef("--provisioned and --qualifier go together")
			}
			// Memory and timeout have fixed ranges: refused before anything
			// is read. Concurrency depends on the account, read first.
			var mp, tp *int
			if fl.Changed("memory") {
				n, err := action.ParseMemoryMB(memory)
				if err != nil {
					return usagef("--memory: %s; nothing was changed", err)
				}
				mp = &n
			}
			if fl.Changed("function-timeout") {
				n, err := action.ParseTimeoutSec(timeout)
				if err != nil {
					return usagef("--function-timeout: %s; nothing was changed", err)
				}
				tp = &n
			}
			if config && !fl.Changed("wait") {
				m.wait = true
			}
			return withSession(cmd, f, &m, func(ctx context.Context, s *session) error {
				d, err := readFunction(ctx, s, args[0], &m)
				if err != nil {
					return err
				}
				name := d.Function.Name
				var a action.Action
				switch {
				case fl.Changed("reserved"):
					n, err := action.ParseReservedCount(reserved, readRoom(ctx, s, &m), d.Function.Reserved)
					if err != nil {
						return usagef("--reserved: %s; nothing was changed", err)
					}
					a = action.SetReserved(name, d.Function.Reserved, n)
					if n == 0 {
						a = action.Kill(name, d.Function.Reserved)
					}
				case unreserved:
					a = action.RemoveReserved(name, d.Function.Reserved)
				case fl.Changed("provisioned"):
					n, err := action.ParseProvisionedCount(provisioned, readRoom(ctx, s, &m), d.Function.Reserved)
					if err != nil {
						return usagef("--provisioned: %s; nothing was changed", err)
					}
					var before *providers.ProvisionedConfig
					for i := range d.Provisioned {
						if d.Provisioned[i].Qualifier == qualifier {
							before = &d.Provisioned[i]
						}
					}
					a = action.SetProvisioned(name, qualifier, before, n)
					if n == 0 {
						a = action.RemoveProvisioned(name, qualifier, before)
					}
				default:
					a = action.Configure(d.Function, mp, tp)
				}
				_, err = s.mutate(ctx, a, m)
				return err
			})
		},
	}
	fn.Flags().StringVar(&reserved, "reserved", "", "reserved concurrency (0 throttles every invocation)")
	fn.Flags().BoolVar(&unreserved, "unreserved", false, "remove the reservation")
	fn.Flags().StringVar(&provisioned, "provisioned", "", "provisioned concurrency on --qualifier (0 removes it)")
	fn.Flags().StringVar(&qualifier, "qualifier", "", "alias or version for --provisioned")
	fn.Flags().StringVar(&memory, "memory", "", "memory in MB (128-10240)")
	fn.Flags().StringVar(&timeout, "function-timeout", "", "the function's timeout in seconds (1-900)")
	addMutateFlags(fn, &m, false)

	var sm mutateFlags
	var cluster, desired string
	svc := &cobra.Command{
		Use:   "service SERVICE --cluster CLUSTER --desired N",
		Short: "Set a service's desired count (N, +N or -N)",
		Example: `  virga scale service catalog-api --cluster prod-api --desired 6 --yes
  virga scale service catalog-api --cluster prod-api --desired +2 --wait`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cluster == "" || desired == "" {
				return usagef("--cluster and --desired are required")
			}
			return onService(cmd, f, &sm, cluster, args[0], func(ctx context.Context, s *session, sv providers.Service) error {
				n, err := action.ParseDesired(desired, sv.Desired)
				if err != nil {
					return usagef("--desired: %s; nothing was changed", err)
				}
				_, err = s.mutate(ctx, action.Scale(sv, n), sm)
				return err
			})
		},
	}
	svc.Flags().StringVar(&cluster, "cluster", "", "cluster of the service")
	svc.Flags().StringVar(&desired, "desired", "", "desired count: N, +N or -N")
	addMutateFlags(svc, &sm, false)
	scale.AddCommand(fn, svc, newScaleDeploymentCmd(f))
	return scale
}

func newRedeployCmd(f *flags) *cobra.Command {
	return serviceChange(f, &cobra.Command{
		Use:     "redeploy service SERVICE --cluster CLUSTER",
		Short:   "Force a new deployment of a service (new tasks, old ones drained)",
		Example: `  virga redeploy service catalog-api --cluster prod-api --wait`,
	}, "only services can be redeployed (virga redeploy service NAME --cluster C)",
		func(ctx context.Context, s *session, sv providers.Service, m mutateFlags) error {
			_, err := s.mutate(ctx, action.Redeploy(sv), m)
			return err
		})
}

// serviceChange completes cmd as `virga VERB service SERVICE --cluster C`:
// another kind than service is refused with notService, and the service
// is read first (onService) before change makes the change.
func serviceChange(f *flags, cmd *cobra.Command, notService string, change func(context.Context, *session, providers.Service, mutateFlags) error) *cobra.Command {
	var m mutateFlags
	var cluster string
	cmd.Args = cobra.ExactArgs(2)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if args[0] != "service" {
			return usagef("%s %s: %s", cmd.Name(), args[0], notService)
		}
		if cluster == "" {
			return usagef("--cluster is required")
		}
		return onService(cmd, f, &m, cluster, args[1], func(ctx context.Context, s *session, sv providers.Service) error {
			return change(ctx, s, sv, m)
		})
	}
	cmd.Flags().StringVar(&cluster, "cluster", "", "cluster of the service")
	addMutateFlags(cmd, &m, false)
	return cmd
}

// onService runs fn in a session on the service a command names, read
// first so that an unknown name is refused before anything changes.
func onService(cmd *cobra.Command, f *flags, m *mutateFlags, cluster, name string, fn func(context.Context, *session, providers.Service) error) error {
	return withSession(cmd, f, m, func(ctx context.Context, s *session) error {
		sv, err := readService(ctx, s, cluster, name, m)
		if err != nil {
			return err
		}
		return fn(ctx, s, sv)
	})
}

func newRollbackCmd(f *flags) *cobra.Command {
	var to string
	cmd := serviceChange(f, &cobra.Command{
		Use:   "rollback service SERVICE --cluster CLUSTER [--to REVISION]",
		Short: "Deploy an earlier task definition revision (default: the one before the current)",
		Example: `  virga rollback service catalog-api --cluster prod-api --wait
  virga rollback service catalog-api --cluster prod-api --to 41`,
	}, "only services can be rolled back here (aliases: virga alias)",
		func(ctx context.Context, s *session, sv providers.Service, m mutateFlags) error {
			n := 0 // the one before the current
			var err error
			if to != "" {
				if n, err = action.ParseRevision(to, sv.TaskDefFamily); err != nil {
					return usagef("--to: %s; nothing was changed", err)
				}
			}
			lister, ok := s.be.backend.(providers.TaskDefinitionLister)
			if !ok {
				return errors.New("this backend cannot list task definitions")
			}
			lctx, cancel := context.WithTimeout(ctx, m.timeout)
			revs, err := lister.ListTaskDefinitions(lctx, sv.TaskDefFamily)
			cancel()
			if err != nil {
				return fmt.Errorf("revisions of %s: %s", sv.TaskDefFamily, providers.Short(err))
			}
			a, err := action.NewRevisions(sv, revs).Rollback(n)
			if err != nil && n != 0 {
				return usagef("--to %d: %s", n, err)
			}
			if err != nil {
				return err
			}
			_, err = s.mutate(ctx, a, m)
			return err
		})
	cmd.Flags().StringVar(&to, "to", "", "revision number (or family:revision); default: the one before the current")
	return cmd
}

func newAliasCmd(f *flags) *cobra.Command {
	var m mutateFlags
	var version string
	var weights []string
	cmd := &cobra.Command{
		Use:   "alias FUNCTION ALIAS --function-version V [--weight V2=PERCENT]",
		Short: "Point an alias at a version, with an optional weighted canary",
		Example: `  virga alias checkout-api live --function-version 5                  # all traffic to 5
  virga alias checkout-api live --function-version 4 --weight 5=10    # canary: 10% to 5
  virga alias checkout-api live --function-version 4                  # roll the canary back`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if version == "" {
				return usagef("--function-version is required")
			}
			w, err := parseWeightFlags(weights)
			if err != nil {
				return err
			}
			return withSession(cmd, f, &m, func(ctx context.Context, s *session) error {
				d, err := readFunction(ctx, s, args[0], &m)
				if err != nil {
					return err
				}
				published := func(v string) bool {
					return slices.ContainsFunc(d.Versions, func(fv providers.FunctionVersion) bool { return fv.Version == v && v != "$LATEST" })
				}
				if !published(version) {
					return usagef("--function-version %q: %s has no such published version; nothing was changed", version, d.Function.Name)
				}
				for extra := range w {
					if !published(extra) || extra == version {
						return usagef("--weight: version %s must be another published version of %s; nothing was changed", extra, d.Function.Name)
					}
				}
				for _, al := range d.Aliases {
					if al.Name == args[1] {
						a := action.UpdateAlias(d.Function.Name, al, version, w)
						if len(w) == 0 && len(al.AdditionalWeights) > 0 && version == al.FunctionVersion {
							a = action.RollbackAlias(d.Function.Name, al)
						}
						_, err = s.mutate(ctx, a, m)
						return err
					}
				}
				return fmt.Errorf("%s has no alias %s", d.Function.Name, args[1])
			})
		},
	}
	cmd.Flags().StringVar(&version, "function-version", "", "the version that gets the rest of the traffic")
	cmd.Flags().StringSliceVar(&weights, "weight", nil, "canary as VERSION=PERCENT, e.g. 5=10")
	addConfirmFlags(cmd, &m)
	return cmd
}

func parseWeightFlags(ws []string) (map[string]float64, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	if len(ws) > 1 {
		return nil, usagef("Lambda weights one additional version: give one --weight")
	}
	v, share, err := action.ParseCanary(ws[0])
	if err != nil {
		return nil, usagef("--weight: %s; nothing was changed", err)
	}
	return map[string]float64{v: share}, nil
}

func newStopCmd(f *flags) *cobra.Command {
	var m mutateFlags
	var cluster, reason string
	cmd := &cobra.Command{
		Use:     "stop task TASK --cluster CLUSTER --reason TEXT",
		Short:   "Stop an ECS task; ECS records the reason as its stopped reason",
		Example: `  virga stop task 0f3c5d1e --cluster prod-api --reason "leaking memory, see INC-1234"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] != "task" {
				return usagef("stop %s: only tasks can be stopped (virga stop task ID --cluster C --reason TEXT)", args[0])
			}
			if cluster == "" || strings.TrimSpace(reason) == "" {
				return usagef("--cluster and --reason are required")
			}
			return withSession(cmd, f, &m, func(ctx context.Context, s *session) error {
				lctx, cancel := context.WithTimeout(ctx, m.timeout)
				tasks, err := s.be.backend.ListTasks(lctx, cluster, "")
				cancel()
				if err != nil {
					return fmt.Errorf("cluster %s: %s", cluster, providers.Short(err))
				}
				for _, t := range tasks {
					if t.ID == args[1] || t.ARN == args[1] || len(args[1]) >= 8 && strings.HasPrefix(t.ID, args[1]) {
						_, err := s.mutate(ctx, action.StopTask(t, reason), m)
						return err
					}
				}
				return fmt.Errorf("no running or recent task %s in cluster %s", args[1], cluster)
			})
		},
	}
	cmd.Flags().StringVar(&cluster, "cluster", "", "cluster of the task")
	cmd.Flags().StringVar(&reason, "reason", "", "why (ECS keeps it as the stopped reason)")
	addConfirmFlags(cmd, &m)
	return cmd
}
