package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/logtarget"
	"github.com/virgahq/virga/views/sanitize"
)

type logsFlags struct {
	cluster string
	since   time.Duration
	follow  bool
	filter  string
	output  string
	timeout time.Duration
}

func newLogsCmd(f *flags, stdout io.Writer) *cobra.Command {
	lf := &logsFlags{}
	cmd := &cobra.Command{
		Use:   "logs function NAME... | service NAME --cluster C | task ID --cluster C",
		Short: "Print (and follow) the CloudWatch logs of functions, a service or a task",
		Long: `Print the CloudWatch logs of one or more Lambda functions (merged), every task
of an ECS service (each line tagged with its task) or one task. The log group
comes from the function's logging configuration or the task definition's
awslogs configuration. Text output carries no colour and no escape codes: every
line passes virga's sanitizer, so it is safe to print on a terminal.`,
		Example: `  virga logs function checkout-api --since 10m --demo
  virga logs function checkout-api payments-webhook --follow --filter ERROR
  virga logs service catalog-api --cluster prod-api -o json
  virga logs task 3f2a0c1e --cluster prod-api`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if lf.output != "text" && lf.output != "json" {
				return fmt.Errorf("-o %q: use text or json", lf.output)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			be, err := openBackend(ctx, f)
			if err != nil {
				return err
			}
			defer be.close()
			return runLogs(ctx, be, args[0], args[1:], lf, stdout, cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&lf.cluster, "cluster", "", "cluster of the service or task")
	fl.DurationVar(&lf.since, "since", 10*time.Minute, "how far back to start")
	fl.BoolVarP(&lf.follow, "follow", "f", false, "keep printing new lines (polls FilterLogEvents every 2s)")
	fl.StringVar(&lf.filter, "filter", "", "CloudWatch filter pattern, e.g. ERROR or '{ $.level = \"ERROR\" }'")
	fl.StringVarP(&lf.output, "output", "o", "text", "output format: text or json (one object per line)")
	fl.DurationVar(&lf.timeout, "timeout", 30*time.Second, "deadline of each call")
	return cmd
}

// logTarget is one query of the CLI: a group, its streams, and the label
// its lines get.
type logTarget struct {
	label   string
	group   string
	streams []string
	prefix  string
	taskTag bool
}

func runLogs(ctx context.Context, be *backend, kind string, names []string, lf *logsFlags, stdout, stderr io.Writer) error {
	rd, ok := be.backend.(providers.LogReader)
	if !ok {
		return errors.New("this backend cannot read logs")
	}
	targets, notes, err := logTargets(ctx, be.backend, kind, names, lf)
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
	p := &logPrinter{w: w, json: lf.output == "json", multi: len(targets) > 1, seen: map[string]int64{}}
	from := be.now().Add(-lf.since)
	const overlap = 10 * time.Second
	for {
		end := be.now()
		var batch []printed
		for _, t := range targets {
			evs, err := readAll(ctx, rd, t, lf, from, end)
			if err != nil {
				return err
			}
			for _, e := range evs {
				batch = append(batch, printed{e, t})
			}
		}
		slices.SortStableFunc(batch, func(a, b printed) int { return a.ev.Timestamp.Compare(b.ev.Timestamp) })
		for _, e := range batch {
			if err := p.print(e); err != nil {
				return err
			}
		}
		p.prune(end.Add(-2 * overlap))
		if err := w.Flush(); err != nil || !lf.follow {
			return err
		}
		from = end.Add(-overlap)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(2 * time.Second):
		}
	}
}

// readAll pages one target's events in [from, to).
func readAll(ctx context.Context, rd providers.LogReader, t logTarget, lf *logsFlags, from, to time.Time) ([]providers.LogEvent, error) {
	var out []providers.LogEvent
	tok := ""
	for {
		cctx, cancel := context.WithTimeout(ctx, lf.timeout)
		page, err := rd.FilterLogEvents(cctx, providers.LogQuery{Group: t.group, Streams: t.streams, StreamPrefix: t.prefix,
			Pattern: lf.filter, Start: from, End: to, NextToken: tok})
		cancel()
		if err != nil {
			return nil, err
		}
		out = append(out, page.Events...)
		if tok = page.NextToken; tok == "" {
			return out, nil
		}
	}
}

// logTargets resolves what to read, with the same rules as the log pane.
func logTargets(ctx context.Context, b providers.Backend, kind string, names []string, lf *logsFlags) ([]logTarget, []string, error) {
	switch kind {
	case "function", "functions", "fn":
		fr, _ := b.(providers.FunctionReader)
		var out []logTarget
		for _, n := range names {
			group := "/aws/lambda/" + n
			if fr != nil {
				cctx, cancel := context.WithTimeout(ctx, lf.timeout)
				d, err := fr.GetFunction(cctx, n)
				cancel()
				if err != nil {
					return nil, nil, err
				}
				if d.Function.LogGroup != "" {
					group = d.Function.LogGroup
				}
			}
			out = append(out, logTarget{label: n, group: group})
		}
		return out, nil, nil
	case "service", "svc", "task":
		if lf.cluster == "" {
			return nil, nil, errors.New(kind + " logs need --cluster")
		}
		if len(names) != 1 {
			return nil, nil, errors.New("name one " + kind)
		}
		tdr, ok := b.(providers.TaskDefinitionReader)
		if !ok {
			return nil, nil, errors.New("this backend cannot read task definitions")
		}
		cctx, cancel := context.WithTimeout(ctx, lf.timeout)
		defer cancel()
		arn, task := "", ""
		if kind == "task" {
			ts, err := b.ListTasks(cctx, lf.cluster, "")
			if err != nil {
				return nil, nil, err
			}
			for _, t := range ts {
				if t.ID == names[0] || t.ARN == names[0] || strings.HasPrefix(t.ID, names[0]) {
					arn, task = t.TaskDefinition, t.ID
					break
				}
			}
		} else {
			ss, err := b.ListServices(cctx, lf.cluster)
			if err != nil {
				return nil, nil, err
			}
			for _, s := range ss {
				if s.Name == names[0] {
					arn = s.TaskDefinition
				}
			}
		}
		if arn == "" {
			return nil, nil, fmt.Errorf("no %s %q in cluster %s", kind, names[0], lf.cluster)
		}
		td, err := tdr.DescribeTaskDefinition(cctx, arn)
		if err != nil {
			return nil, nil, err
		}
		ts, notes := logtarget.TaskDefinition(td, task, "")
		out := make([]logTarget, len(ts))
		for i, t := range ts {
			out[i] = logTarget{label: t.Name, group: t.Group, streams: t.Streams, prefix: t.Prefix, taskTag: t.TaskTag}
		}
		return out, notes, nil
	}
	return nil, nil, fmt.Errorf("%q: use function, service or task", kind)
}

type printed struct {
	ev providers.LogEvent
	t  logTarget
}

// logPrinter writes events once each (by event id) as text or JSON lines.
type logPrinter struct {
	w     *bufio.Writer
	json  bool
	multi bool
	seen  map[string]int64
}

func (p *logPrinter) prune(before time.Time) {
	for id, ts := range p.seen {
		if ts < before.UnixMilli() {
			delete(p.seen, id)
		}
	}
}

func (p *logPrinter) print(e printed) error {
	if e.ev.ID != "" {
		if _, dup := p.seen[e.ev.ID]; dup {
			return nil
		}
		p.seen[e.ev.ID] = e.ev.Timestamp.UnixMilli()
	}
	tag := ""
	if p.multi {
		tag = e.t.label
	}
	if e.t.taskTag {
		id := e.ev.Stream[strings.LastIndexByte(e.ev.Stream, '/')+1:]
		tag = strings.TrimPrefix(tag+"/"+id, "/")
	}
	ts := e.ev.Timestamp.UTC().Format("2006-01-02T15:04:05.000Z")
	if p.json {
		doc, err := json.Marshal(map[string]any{"time": ts, "group": e.ev.Group, "stream": e.ev.Stream, "id": e.ev.ID,
			"source": e.t.label, "message": strings.TrimRight(e.ev.Message, "\r\n")})
		if err != nil {
			return err
		}
		_, err = p.w.WriteString(jsonSafe(string(doc)) + "\n")
		return err
	}
	line := ts + " "
	if tag != "" {
		line += "[" + sanitize.Line(tag) + "] "
	}
	_, err := p.w.WriteString(line + sanitize.Text(strings.TrimRight(e.ev.Message, "\r\n")) + "\n")
	return err
}

// jsonSafe escapes what encoding/json leaves raw but a terminal could act
// on: DEL, C1 controls and bidirectional overrides. The document stays
// valid JSON with the same content.
func jsonSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			b.WriteString(`\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
