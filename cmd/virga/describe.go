package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

func newDescribeCmd(f *flags, stdout io.Writer) *cobra.Command {
	var output, cluster string
	var callTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "describe function|cluster|service|task|task-definition NAME",
		Short: "Print the API's own JSON document of one resource",
		Long: `Print what AWS itself answers about one resource, as it answered it: the
GetFunction response of a function, and the DescribeClusters,
DescribeServices, DescribeTasks or DescribeTaskDefinition response of the
others, the same document the aws CLI prints. Its keys are AWS's, not virga's
schema (see virga get for that). Characters a terminal could act on are
escaped, so the document is the same data and safe to print.

A service or task is looked for in every cluster unless --cluster names one;
a task id may be shortened to its first 8 characters or more. A task
definition is FAMILY:REVISION, FAMILY (its latest) or its ARN.`,
		Example: `  virga describe function checkout-api --demo
  virga describe service catalog-api --cluster prod-api -o yaml
  virga describe task 3f2a0c1e --demo | jq '.tasks[0].containers'
  virga describe task-definition catalog-api:42`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := parseOutput(output, outJSON, outYAML)
			if err != nil {
				return err
			}
			req := providers.DescribeRequest{Name: args[1], Cluster: cluster}
			switch args[0] {
			case "task-definition", "taskdef", "td":
				req.Kind = providers.DescribeTaskDefinition
			default:
				kind, ok := resourceKind(args[0])
				if !ok {
					return usagef("describe %q: use function, cluster, service, task or task-definition", args[0])
				}
				req.Kind = map[string]string{kindFunctions: providers.DescribeFunction, kindClusters: providers.DescribeCluster,
					kindServices: providers.DescribeService, kindTasks: providers.DescribeTask}[kind]
			}
			if cluster != "" && req.Kind != providers.DescribeService && req.Kind != providers.DescribeTask {
				return usagef("--cluster applies to services and tasks")
			}
			be, err := openFor(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer be.close()
			doc, err := describe(cmd.Context(), be.backend, req, callTimeout)
			if err != nil {
				return err
			}
			return writeDocument(stdout, doc, format)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", outJSON, "output format: json or yaml")
	cmd.Flags().StringVar(&cluster, "cluster", "", "cluster of the service or task (default: every cluster)")
	cmd.Flags().DurationVar(&callTimeout, "call-timeout", 30*time.Second, "deadline of each AWS call")
	return cmd
}

// describe finds the service or task when needed (no cluster, a short
// task id) and reads the resource's document.
func describe(ctx context.Context, b providers.Backend, req providers.DescribeRequest, timeout time.Duration) ([]byte, error) {
	d, ok := b.(providers.Describer)
	if !ok {
		return nil, errors.New("this backend cannot describe resources")
	}
	switch req.Kind {
	case providers.DescribeService:
		s, err := findService(ctx, b, req.Cluster, req.Name, timeout)
		if err != nil {
			return nil, err
		}
		req.Name, req.Cluster = s.Name, s.Cluster
	case providers.DescribeTask:
		t, err := findTask(ctx, b, req.Cluster, req.Name, timeout)
		if err != nil {
			return nil, err
		}
		req.Name, req.Cluster = t.ARN, t.Cluster
	}
	doc, err := withTimeout(ctx, timeout, func(ctx context.Context) ([]byte, error) { return d.Describe(ctx, req) })
	if err != nil {
		return nil, errors.New(req.Kind + " " + req.Name + ": " + providers.Short(err))
	}
	return doc, nil
}

// writeDocument prints a JSON document from AWS indented, or as YAML.
func writeDocument(w io.Writer, doc []byte, format string) error {
	if !json.Valid(doc) {
		return errors.New("AWS answered with a document that is not JSON")
	}
	if format == outYAML {
		y, err := yamlOf(doc)
		if err != nil {
			return err
		}
		_, err = w.Write(y)
		return err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, doc, "", "  "); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, sanitize.JSON(b.String()))
	return err
}
