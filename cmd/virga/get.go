package main

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
)

type getFlags struct {
	output      string
	cluster     string
	service     string
	namespace   string
	showSecrets bool
	callTimeout time.Duration
	metrics     bool
	window      time.Duration
	watch       bool
	interval    time.Duration
}

// Resource kinds of get and describe, by their plural name.
const (
	kindFunctions = "functions"
	kindClusters  = "clusters"
	kindServices  = "services"
	kindTasks     = "tasks"
)

// resourceKind reads a RESOURCE argument: plural, singular or short.
func resourceKind(arg string) (string, bool) {
	switch strings.ToLower(arg) {
	case "functions", "function", "fn", "lambda":
		return kindFunctions, true
	case "clusters", "cluster", "cl":
		return kindClusters, true
	case "services", "service", "svc":
		return kindServices, true
	case "tasks", "task":
		return kindTasks, true
	}
	if k := eksResource(arg); k != "" {
		return k, true
	}
	return "", false
}

// isEKS says the kind is read from EKS and Kubernetes.
func isEKS(kind string) bool {
	return kind == kindEKSClusters || kind == kindFargateProfiles || kind == kindPods
}

// getWindows are the windows --window takes: the TUI's `w` cycle.
func getWindows() []string { return []string{"15m", "1h", "3h"} }

func newGetCmd(f *flags, stdout io.Writer) *cobra.Command {
	g := &getFlags{}
	cmd := &cobra.Command{
		Use:   "get RESOURCE [NAME]",
		Short: "Print functions, clusters, services, tasks or EKS resources, or one of them by name",
		Long: `Print a resource list, or one resource by name, for scripts and one-off
commands over SSH.

RESOURCE is functions, clusters, services or tasks (function, cluster,
service and task work too), or on EKS eks-clusters, fargate-profiles and
pods. With NAME, one resource is printed, as an object in JSON and YAML:
get function NAME, get cluster NAME, get service NAME, get task ID (a task
id may be shortened to its first 8 characters or more), get pod NAME.
Services, tasks, Fargate profiles and pods are searched in every cluster
unless --cluster names one; a pod's placement says which Fargate profile
placed it or why it waits.

-o text prints aligned columns with no colour and no escape codes; json and
yaml print the documented schema (lowerCamelCase keys; empty values and
zero times left out; masked environment values carry "masked": true);
name prints one name a line (task ids for tasks).

--metrics adds the functions list's live columns over --window: invocations,
errors, throttles, p95 duration and peak concurrency. It reads 5 CloudWatch
metrics per function (GetMetricData bills $0.01 per 1,000 metrics).
--watch prints again whenever the output changes, until interrupted.`,
		Example: `  virga get functions --demo -o json
  virga get function checkout-api --demo -o yaml
  virga get functions --metrics --window 1h --demo
  virga get services --cluster prod-api -o name
  virga get tasks --service catalog-api --watch
  virga get task 3f2a0c1e --cluster prod-api
  virga get pods --cluster prod-eks --namespace payments -o json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, format, err := g.check(cmd, args)
			if err != nil {
				return err
			}
			return withBackend(cmd, f, func(ctx context.Context, be *backend) error {
				name := ""
				if len(args) == 2 {
					name = args[1]
				}
				fetch := func(ctx context.Context) (listing, error) {
					return getResource(ctx, be, kind, name, g, cmd.ErrOrStderr())
				}
				if g.watch {
					return watch(ctx, fetch, format, g.watchEvery(f, kind), stdout, cmd.ErrOrStderr(), sleep)
				}
				p, err := fetch(ctx)
				if err != nil {
					return err
				}
				if err := p.write(stdout, format); err != nil {
					return err
				}
				return p.incomplete
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&g.output, "output", "o", outText, "output format: text, json, yaml or name")
	fl.StringVar(&g.cluster, "cluster", "", "cluster of the services, tasks, Fargate profiles or pods (default: every cluster)")
	fl.StringVarP(&g.namespace, "namespace", "n", "", "Kubernetes namespace of the pods (default: every namespace)")
	fl.StringVar(&g.service, "service", "", "only the tasks of this service")
	fl.BoolVar(&g.showSecrets, "show-secrets", false, "print environment variable values instead of masking them")
	fl.DurationVar(&g.callTimeout, "call-timeout", 30*time.Second, "deadline of each AWS call")
	fl.BoolVar(&g.metrics, "metrics", false, "functions: add invocations, errors, throttles, p95 and concurrency")
	fl.DurationVar(&g.window, "window", 15*time.Minute, "window of --metrics: "+orList(getWindows()))
	fl.Lookup("window").DefValue = getWindows()[0]
	fl.BoolVarP(&g.watch, "watch", "w", false, "print again whenever the output changes")
	fl.DurationVar(&g.interval, "interval", 0, "how often --watch reads (default: the config file's refresh, 60s for functions)")
	return cmd
}

// check validates the command line before anything is read.
func (g *getFlags) check(cmd *cobra.Command, args []string) (kind, format string, err error) {
	kind, ok := resourceKind(args[0])
	if !ok {
		return "", "", usagef("unknown resource %q: use functions, clusters, services, tasks, eks-clusters, fargate-profiles or pods", args[0])
	}
	if format, err = parseOutput(g.output, outText, outJSON, outYAML, outName); err != nil {
		return "", "", err
	}
	fl := cmd.Flags()
	switch {
	case g.metrics && kind != kindFunctions:
		return "", "", usagef("--metrics reads function metrics: use it with get functions")
	case fl.Changed("window") && !g.metrics:
		return "", "", usagef("--window is the window of --metrics; add --metrics")
	case g.metrics && !validWindow(g.window):
		return "", "", usagef("--window %s: use %s", g.window, orList(getWindows()))
	case fl.Changed("interval") && !g.watch:
		return "", "", usagef("--interval is how often --watch reads; add --watch")
	case fl.Changed("interval") && g.interval < 5*time.Second:
		return "", "", usagef("--interval %s: use 5s or more", g.interval)
	case g.service != "" && kind != kindTasks:
		return "", "", usagef("--service selects tasks: use it with get tasks")
	case g.cluster != "" && (kind == kindFunctions || kind == kindClusters):
		return "", "", usagef("--cluster applies to services, tasks and the EKS resources")
	case g.namespace != "" && kind != kindPods:
		return "", "", usagef("--namespace selects pods: use it with get pods")
	case g.callTimeout <= 0:
		return "", "", usagef("--call-timeout %s: use a positive duration", g.callTimeout)
	}
	return kind, format, nil
}

func validWindow(d time.Duration) bool {
	for _, w := range getWindows() {
		if wd, _ := time.ParseDuration(w); wd == d {
			return true
		}
	}
	return false
}

// watchEvery is how often --watch reads: the flag, else the TUI's own
// refresh of the same data.
func (g *getFlags) watchEvery(f *flags, kind string) time.Duration {
	if g.interval > 0 {
		return g.interval
	}
	cfg := loadConfig(f)
	every := time.Duration(cfg.Refresh)
	if every <= 0 {
		every = 10 * time.Second
	}
	if kind == kindFunctions {
		every = time.Duration(cfg.FunctionsRefresh)
		if every <= 0 {
			every = time.Minute
		}
		if g.metrics {
			every = min(every, liveEvery(g.window))
		}
	}
	return every
}

// getResource reads what get prints.
func getResource(ctx context.Context, be *backend, kind, name string, g *getFlags, stderr io.Writer) (listing, error) {
	if isEKS(kind) {
		return getEKS(ctx, be, kind, name, g, stderr)
	}
	switch kind {
	case kindFunctions:
		return getFunctions(ctx, be, name, g)
	case kindClusters:
		return getClusters(ctx, be, name, g)
	case kindServices:
		return getServices(ctx, be, name, g)
	}
	return getTasks(ctx, be, name, g)
}

// functionOut is a function as get prints it: the function and, with
// --metrics, its live figures.
type functionOut struct {
	providers.Function
	Metrics *liveOut `json:"metrics,omitempty"`
}

// functionDetailOut is one function with its versions, aliases,
// provisioned concurrency and event sources.
type functionDetailOut struct {
	providers.FunctionDetail
	Metrics *liveOut `json:"metrics,omitempty"`
}

func functionHeader() []string {
	return []string{"NAME", "RUNTIME", "MEMORY", "TIMEOUT", "ARCH", "LAST MODIFIED", "CODE SIZE"}
}

func functionRow(fn providers.Function) []string {
	rt := fn.Runtime
	if fn.PackageType == "Image" {
		rt = "image"
	}
	return []string{fn.Name, rt, strconv.Itoa(fn.MemoryMB), strconv.Itoa(fn.TimeoutSec) + "s",
		fn.Architecture, format.Timestamp(fn.LastModified), format.Bytes(fn.CodeSize)}
}

func getFunctions(ctx context.Context, be *backend, name string, g *getFlags) (listing, error) {
	var fns []providers.Function
	var detail *providers.FunctionDetail
	if name != "" {
		d, err := readOneFunction(ctx, be.backend, name, g.callTimeout)
		if err != nil {
			return listing{}, err
		}
		if !g.showSecrets {
			d.Env = maskEnv(d.Env)
		}
		detail, fns = &d, []providers.Function{d.Function}
	} else {
		var err error
		if fns, err = listAllFunctions(ctx, be.backend, g.callTimeout); err != nil {
			return listing{}, err
		}
		if !g.showSecrets {
			for i := range fns {
				fns[i].Env = maskEnv(fns[i].Env)
			}
		}
	}
	var live map[string]*liveOut
	header := functionHeader()
	if g.metrics {
		var err error
		if live, err = readLive(ctx, be, fns, g); err != nil {
			return listing{}, err
		}
		header = append(header, liveHeader()...)
	}
	p := listing{header: header}
	out := make([]functionOut, 0, len(fns))
	for _, fn := range fns {
		row := functionRow(fn)
		if g.metrics {
			row = append(row, live[fn.Name].cells()...)
		}
		p.rows = append(p.rows, row)
		p.names = append(p.names, fn.Name)
		out = append(out, functionOut{Function: fn, Metrics: live[fn.Name]})
	}
	p.data = out
	if detail != nil {
		p.data = functionDetailOut{FunctionDetail: *detail, Metrics: live[name]}
	}
	return p, nil
}

func clusterHeader() []string {
	return []string{"NAME", "STATUS", "SERVICES", "RUNNING", "PENDING", "INSIGHTS"}
}

func getClusters(ctx context.Context, be *backend, name string, g *getFlags) (listing, error) {
	cs, err := withTimeout(ctx, g.callTimeout, be.backend.ListClusters)
	if err != nil {
		return listing{}, err
	}
	if name != "" {
		c, err := findCluster(cs, name)
		if err != nil {
			return listing{}, err
		}
		cs = []providers.Cluster{c}
	}
	return listingOf(clusterHeader(), cs, name != "", func(c providers.Cluster) ([]string, string) {
		return []string{c.Name, c.Status, strconv.Itoa(c.ActiveServices), strconv.Itoa(c.RunningTasks),
			strconv.Itoa(c.PendingTasks), c.ContainerInsights}, c.Name
	}), nil
}

func getServices(ctx context.Context, be *backend, name string, g *getFlags) (listing, error) {
	header := []string{"CLUSTER", "SERVICE", "DESIRED", "RUNNING", "PENDING", "ROLLOUT", "TASK DEFINITION", "LAUNCH"}
	return inClusters(ctx, be, name, g, header, findService, be.backend.ListServices, func(s providers.Service) ([]string, string) {
		return []string{s.Cluster, s.Name, strconv.Itoa(s.Desired), strconv.Itoa(s.Running),
			strconv.Itoa(s.Pending), s.RolloutState, s.TaskDefFamily + ":" + strconv.Itoa(s.TaskDefRevision), s.LaunchType}, s.Name
	})
}

func getTasks(ctx context.Context, be *backend, id string, g *getFlags) (listing, error) {
	list := func(ctx context.Context, c string) ([]providers.Task, error) {
		ts, err := be.backend.ListTasks(ctx, c, g.service)
		if g.service != "" && g.cluster == "" && providers.KindOf(err) == providers.ErrNotFound {
			// Searching every cluster: this one has no such service.
			return nil, nil
		}
		return ts, err
	}
	now := be.now()
	header := []string{"CLUSTER", "TASK", "SERVICE", "LAST", "DESIRED", "HEALTH", "STARTED", "STOP REASON"}
	return inClusters(ctx, be, id, g, header, findTask, list, func(t providers.Task) ([]string, string) {
		return []string{t.Cluster, t.ID, t.Service, t.LastStatus, t.DesiredStatus, t.Health,
			format.Age(now, t.StartedAt), t.StoppedReason}, t.ID
	})
}

// inClusters lists what lives in ECS clusters (services, tasks): the one
// item name names (find), else the items list reads in --cluster or in
// every cluster, each a row under header.
func inClusters[T any](ctx context.Context, be *backend, name string, g *getFlags, header []string,
	find func(context.Context, providers.Backend, string, string, time.Duration) (T, error),
	list func(context.Context, string) ([]T, error), row func(T) ([]string, string)) (listing, error) {
	items, err := oneOrEach(name, func() (T, error) {
		return find(ctx, be.backend, g.cluster, name, g.callTimeout)
	}, func() ([]T, error) {
		return eachCluster(ctx, be.backend, g.cluster, g.callTimeout, list)
	})
	if err != nil {
		return listing{}, err
	}
	return listingOf(header, items, name != "", row), nil
}

// oneOrEach reads the one item a command names with find, or every item
// with list when it names none.
func oneOrEach[T any](name string, find func() (T, error), list func() ([]T, error)) ([]T, error) {
	if name == "" {
		return list()
	}
	x, err := find()
	if err != nil {
		return nil, err
	}
	return []T{x}, nil
}

// listingOf lists items with row giving each one's text row and name. A
// single item asked for by name (one) prints as an object in JSON and
// YAML, a list as a list (never null).
func listingOf[T any](header []string, items []T, one bool, row func(T) ([]string, string)) listing {
	p := listing{header: header, data: nonNil(items)}
	for _, it := range items {
		r, name := row(it)
		p.rows = append(p.rows, r)
		p.names = append(p.names, name)
	}
	if one {
		p.data = items[0]
	}
	return p
}

// nonNil makes an empty list print as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// withTimeout runs one call under its own deadline.
func withTimeout[T any](ctx context.Context, d time.Duration, call func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return call(ctx)
}

func listAllFunctions(ctx context.Context, b providers.Backend, timeout time.Duration) ([]providers.Function, error) {
	out := []providers.Function{}
	marker := ""
	for {
		page, err := withTimeout(ctx, timeout, func(ctx context.Context) (providers.FunctionPage, error) { return b.ListFunctions(ctx, marker) })
		if err != nil {
			return nil, err
		}
		out = append(out, page.Functions...)
		if page.Next == "" {
			return out, nil
		}
		marker = page.Next
	}
}

// eachCluster runs list on cluster, or on every cluster by name.
func eachCluster[T any](ctx context.Context, b providers.Backend, cluster string, timeout time.Duration, list func(context.Context, string) ([]T, error)) ([]T, error) {
	names, err := clusterNames(ctx, b, cluster, timeout)
	if err != nil {
		return nil, err
	}
	out := []T{}
	for _, n := range names {
		items, err := withTimeout(ctx, timeout, func(ctx context.Context) ([]T, error) { return list(ctx, n) })
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// clusterNames is cluster, or every cluster's name in order.
func clusterNames(ctx context.Context, b providers.Backend, cluster string, timeout time.Duration) ([]string, error) {
	if cluster != "" {
		return []string{cluster}, nil
	}
	cs, err := withTimeout(ctx, timeout, b.ListClusters)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(cs))
	for _, c := range cs {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return names, nil
}

// maskEnv replaces every value with the mask and says so.
func maskEnv(env []providers.EnvVar) []providers.EnvVar {
	if env == nil {
		return nil
	}
	out := make([]providers.EnvVar, len(env))
	for i, e := range env {
		out[i] = providers.EnvVar{Name: e.Name, Value: views.Masked, Masked: true}
	}
	return out
}
