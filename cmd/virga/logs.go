package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/logdedup"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/internal/timespec"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

type logsFlags struct {
	cluster string
	since   string
	until   string
	follow  bool
	poll    bool
	filter  string
	output  string
	timeout time.Duration
}

func newLogsCmd(f *flags, stdout io.Writer) *cobra.Command {
	lf := &logsFlags{}
	pf := &podLogFlags{}
	cmd := &cobra.Command{
		Use:   "logs function NAME... | service NAME --cluster C | task ID --cluster C | pod NAME --cluster C [-n NS] [-c CONTAINER]",
		Short: "Print (and follow) the logs of functions, a service, a task or an EKS pod",
		Long: `Print the CloudWatch logs of one or more Lambda functions (merged), every task
of an ECS service (each line tagged with its task) or one task. The log group
comes from the function's logging configuration (one GetFunction call) or the
task definition's awslogs configuration, as in the TUI's log pane. A pod's
logs come from the Kubernetes API of its EKS cluster (every container of the
pod unless -c names one).

CloudWatch lines are printed as they are read, page by page, merged in time
order. --since and --until take 15m, 2d, 1w, any Go duration, a time of day
(14:05) or a date (2026-11-25, 2026-11-25 14:05). --follow keeps printing new
lines through a CloudWatch Live Tail session (polling FilterLogEvents every 2s
where Live Tail is not offered, or with --poll), and survives outages: it
retries with a backoff, says so on stderr, and prints every line it missed,
once.

Text output carries no colour and no escape codes: every line passes virga's
sanitizer, so it is safe to print on a terminal.`,
		Example: `  virga logs function checkout-api --since 10m --demo
  virga logs function checkout-api payments-webhook --follow --filter ERROR
  virga logs function checkout-api --since 2d --until 1d -o json
  virga logs service catalog-api --cluster prod-api -o json
  virga logs task 3f2a0c1e --cluster prod-api
  virga logs pod hello-api --cluster prod-eks --follow --demo`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := parseOutput(lf.output, outText, outJSON); err != nil {
				return err
			}
			if lf.follow && lf.until != "" {
				return usagef("--until and --follow exclude each other")
			}
			if cfg, _ := config.Load(f.configPath); cfg.Logs.LiveTail != nil && !*cfg.Logs.LiveTail {
				lf.poll = true
			}
			limitMemory()
			return withBackend(cmd, f, func(ctx context.Context, be *backend) error {
				if args[0] == "pod" || args[0] == "pods" {
					return runPodLogs(ctx, be, args[1:], lf, pf, stdout, cmd.ErrOrStderr())
				}
				return runLogs(ctx, be.backend, be.now, sleep, args[0], args[1:], lf, stdout, cmd.ErrOrStderr())
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&lf.cluster, "cluster", "", "cluster of the service, task or pod")
	fl.StringVar(&lf.since, "since", "10m", "start: a time ago (15m, 2d) or a time (14:05, 2026-11-25 14:05)")
	fl.StringVar(&lf.until, "until", "", "end, as --since takes it (default now; not for pods)")
	fl.BoolVarP(&lf.follow, "follow", "f", false, "keep printing new lines (CloudWatch: Live Tail, or polling every 2s; pods: streams)")
	fl.BoolVar(&lf.poll, "poll", false, "follow by polling FilterLogEvents instead of Live Tail (billed per session-minute)")
	fl.StringVar(&lf.filter, "filter", "", "CloudWatch filter pattern, e.g. ERROR or '{ $.level = \"ERROR\" }'")
	fl.StringVarP(&lf.output, "output", "o", "text", "output format: text or json (one object per line)")
	fl.DurationVar(&lf.timeout, "call-timeout", 30*time.Second, "deadline of each AWS call")
	addPodLogFlags(cmd, pf)
	return cmd
}

// logsMemoryLimit is the soft memory limit of `virga logs`. Printing a
// million lines makes garbage faster than the default GC pacing returns
// it; the command itself holds a few pages, so the limit never binds on
// AWS. With --demo the simulated account runs in the same process and
// holds a whole minute of a busy function's events at a time: the limit
// keeps the GC ahead of it. The command's own live heap is about 12 MiB
// and the simulated account's about 35 MiB, so 80 MiB leaves the GC room:
// an hour of clickstream-ingest (a million lines) peaks near 127 MiB RSS
// (147 MiB with a 100 MiB limit, 108 MiB with 60 MiB but twice as slow).
const logsMemoryLimit = 80 << 20

// limitMemory sets the soft memory limit, unless GOMEMLIMIT says
// otherwise.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(logsMemoryLimit)
	}
}

// runLogs resolves the targets and prints their logs. now and wait are
// the clock (tests simulate it); times are typed and told in now's zone
// (time.Now: the local one).
func runLogs(ctx context.Context, b providers.Backend, now func() time.Time, wait func(context.Context, time.Duration) bool,
	kind string, names []string, lf *logsFlags, stdout, stderr io.Writer) error {
	rd, ok := b.(providers.LogReader)
	if !ok {
		return errors.New("this backend cannot read logs")
	}
	start := now()
	from, err := timespec.Parse(lf.since, start)
	if err != nil {
		return usagef("--since: %s", err)
	}
	to := start
	if lf.until != "" {
		until, err := timespec.Parse(lf.until, start)
		if err != nil {
			return usagef("--until: %s", err)
		}
		to = until.Time(start)
		if !from.Time(start).Before(to) {
			return usagef("--since must be before --until")
		}
	}
	cctx, cancel := context.WithTimeout(ctx, lf.timeout)
	targets, notes, err := resolveTargets(cctx, b, kind, names, lf.cluster)
	cancel()
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "virga: note:", sanitize.Line(n))
	}
	if len(targets) == 0 {
		return errors.New("nothing to read: no container logs to CloudWatch Logs")
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	r := &logRun{
		rd: rd, targets: targets, queries: logtarget.Queries(targets), pattern: lf.filter, timeout: lf.timeout,
		now: now, wait: wait, stderr: stderr, dedup: logdedup.New(),
		p: &logPrinter{w: w, json: lf.output == "json", multi: len(targets) > 1},
	}
	if t, ok := b.(providers.LogTailer); ok && !lf.poll {
		if _, ok := logtarget.Tail(r.queries, r.pattern); ok {
			r.tailer = t
		}
	}
	if lf.follow {
		return r.follow(ctx, from.Time(start))
	}
	if err := r.catchUp(ctx, from.Time(start), to); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// resolveTargets finds where the named resources log, with the same
// rules as the log pane (package logtarget).
func resolveTargets(ctx context.Context, b providers.Backend, kind string, names []string, cluster string) ([]logtarget.Target, []string, error) {
	switch kind {
	case "function", "functions", "fn":
		return logtarget.Functions(ctx, b, names, nil)
	case "service", "svc", "task":
		if cluster == "" {
			return nil, nil, usagef("%s logs need --cluster", kind)
		}
		if len(names) != 1 {
			return nil, nil, usagef("name one %s", kind)
		}
		if kind == "task" {
			return logtarget.Task(ctx, b, cluster, names[0], "")
		}
		return logtarget.Service(ctx, b, cluster, names[0])
	}
	return nil, nil, usagef("logs %q: use function, service, task or pod", kind)
}
