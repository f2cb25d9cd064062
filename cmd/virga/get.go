package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/sanitize"
)

type getFlags struct {
	output      string
	cluster     string
	service     string
	namespace   string
	showSecrets bool
	timeout     time.Duration
}

func newGetCmd(f *flags, stdout io.Writer) *cobra.Command {
	g := &getFlags{}
	cmd := &cobra.Command{
		Use:   "get functions|clusters|services|tasks|eks-clusters|fargate-profiles|pods",
		Short: "Print a resource list (for scripts and one-off SSH commands)",
		Example: `  virga get functions --demo -o json
  virga get services --cluster prod-api
  virga get tasks --cluster prod-api --service checkout-web
  virga get pods --cluster prod-eks --namespace payments -o json`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"functions", "clusters", "services", "tasks", "eks-clusters", "fargate-profiles", "pods"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.output != "table" && g.output != "json" {
				return fmt.Errorf("-o %q: use table or json", g.output)
			}
			be, err := openBackend(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer be.close()
			ctx, cancel := context.WithTimeout(cmd.Context(), g.timeout)
			defer cancel()
			if what := eksResource(args[0]); what != "" {
				return runGetEKS(ctx, be, what, g, stdout, cmd.ErrOrStderr())
			}
			return runGet(ctx, be, args[0], g, stdout)
		},
	}
	cmd.Flags().StringVarP(&g.output, "output", "o", "table", "output format: table or json")
	cmd.Flags().StringVar(&g.cluster, "cluster", "", "cluster (services, tasks, fargate-profiles, pods); default: all clusters")
	cmd.Flags().StringVarP(&g.namespace, "namespace", "n", "", "Kubernetes namespace (pods); default: all namespaces")
	cmd.Flags().StringVar(&g.service, "service", "", "service (tasks)")
	cmd.Flags().BoolVar(&g.showSecrets, "show-secrets", false, "print environment variable values instead of masking them")
	cmd.Flags().DurationVar(&g.timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

func runGet(ctx context.Context, be *backend, what string, g *getFlags, w io.Writer) error {
	b := be.backend
	var data any
	var rows [][]string
	var header []string
	now := be.now()
	switch strings.ToLower(what) {
	case "functions", "function", "fn", "lambda":
		fns, err := listAllFunctions(ctx, b)
		if err != nil {
			return err
		}
		if !g.showSecrets {
			for i := range fns {
				fns[i].Env = maskEnv(fns[i].Env)
			}
		}
		data = fns
		header = []string{"NAME", "RUNTIME", "MEMORY", "TIMEOUT", "ARCH", "LAST MODIFIED", "CODE SIZE"}
		for _, fn := range fns {
			rt := fn.Runtime
			if fn.PackageType == "Image" {
				rt = "image"
			}
			rows = append(rows, []string{fn.Name, rt, strconv.Itoa(fn.MemoryMB), strconv.Itoa(fn.TimeoutSec) + "s",
				fn.Architecture, format.Timestamp(fn.LastModified), format.Bytes(fn.CodeSize)})
		}
	case "clusters", "cluster", "cl":
		cs, err := b.ListClusters(ctx)
		if err != nil {
			return err
		}
		data = cs
		header = []string{"NAME", "STATUS", "SERVICES", "RUNNING", "PENDING", "INSIGHTS"}
		for _, c := range cs {
			rows = append(rows, []string{c.Name, c.Status, strconv.Itoa(c.ActiveServices), strconv.Itoa(c.RunningTasks),
				strconv.Itoa(c.PendingTasks), c.ContainerInsights})
		}
	case "services", "service", "svc":
		svcs, err := eachCluster(ctx, b, g.cluster, func(c string) ([]providers.Service, error) { return b.ListServices(ctx, c) })
		if err != nil {
			return err
		}
		data = svcs
		header = []string{"CLUSTER", "SERVICE", "DESIRED", "RUNNING", "PENDING", "ROLLOUT", "TASK DEFINITION", "LAUNCH"}
		for _, s := range svcs {
			rows = append(rows, []string{s.Cluster, s.Name, strconv.Itoa(s.Desired), strconv.Itoa(s.Running),
				strconv.Itoa(s.Pending), s.RolloutState, s.TaskDefFamily + ":" + strconv.Itoa(s.TaskDefRevision), s.LaunchType})
		}
	case "tasks", "task":
		tasks, err := eachCluster(ctx, b, g.cluster, func(c string) ([]providers.Task, error) { return b.ListTasks(ctx, c, g.service) })
		if err != nil {
			return err
		}
		data = tasks
		header = []string{"CLUSTER", "TASK", "SERVICE", "LAST", "DESIRED", "HEALTH", "STARTED", "STOP REASON"}
		for _, t := range tasks {
			rows = append(rows, []string{t.Cluster, t.ID, t.Service, t.LastStatus, t.DesiredStatus, t.Health,
				format.Age(now, t.StartedAt), t.StoppedReason})
		}
	default:
		return fmt.Errorf("unknown resource %q: use functions, clusters, services, tasks, eks-clusters, fargate-profiles or pods", what)
	}
	if g.output == "json" {
		// encoding/json leaves C1 and bidi controls raw; the document
		// goes through the sanitizer's JSON escaping like logs -o json.
		doc, err := json.MarshalIndent(data, "", "  ")
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, sanitize.JSON(string(doc))+"\n")
		return err
	}
	return writeTable(w, header, rows)
}

// writeTable prints plain aligned text. Every value passes the sanitizer,
// so output to a pipe or terminal carries no escape codes at all.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		for i := range r {
			r[i] = strings.ReplaceAll(sanitize.Line(r[i]), "\t", " ")
			if r[i] == "" {
				r[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func listAllFunctions(ctx context.Context, b providers.Backend) ([]providers.Function, error) {
	var out []providers.Function
	marker := ""
	for {
		page, err := b.ListFunctions(ctx, marker)
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

func eachCluster[T any](ctx context.Context, b providers.Backend, cluster string, list func(string) ([]T, error)) ([]T, error) {
	var names []string
	if cluster != "" {
		names = []string{cluster}
	} else {
		cs, err := b.ListClusters(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			names = append(names, c.Name)
		}
		sort.Strings(names)
	}
	var out []T
	for _, n := range names {
		items, err := list(n)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

func maskEnv(env []providers.EnvVar) []providers.EnvVar {
	out := make([]providers.EnvVar, len(env))
	for i, e := range env {
		out[i] = providers.EnvVar{Name: e.Name, Value: views.Masked}
	}
	return out
}
