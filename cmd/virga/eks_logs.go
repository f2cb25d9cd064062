package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/internal/timespec"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// podLogFlags are the flags only `virga logs pod` uses.
type podLogFlags struct {
	namespace string
	container string
}

func addPodLogFlags(cmd *cobra.Command, pf *podLogFlags) {
	cmd.Flags().StringVarP(&pf.namespace, "namespace", "n", "default", "namespace of the pod")
	cmd.Flags().StringVarP(&pf.container, "container", "c", "", "container of the pod (default: every container, each line tagged)")
}

// runPodLogs prints a pod's container logs through the Kubernetes API,
// every line through the same sanitizer as the CloudWatch logs. NAME is a
// pod's name or a prefix that names exactly one pod (a deployment's name).
func runPodLogs(ctx context.Context, be *backend, names []string, lf *logsFlags, pf *podLogFlags, stdout, stderr io.Writer) error {
	if lf.cluster == "" {
		return usagef("pod logs need --cluster")
	}
	if len(names) != 1 {
		return usagef("name one pod")
	}
	if lf.until != "" {
		return usagef("--until: the Kubernetes API reads a pod's logs up to now only")
	}
	now := be.now()
	from, err := timespec.Parse(lf.since, now)
	if err != nil {
		return usagef("--since: %s", err)
	}
	since := now.Sub(from.Time(now))
	ps, ok := be.backend.(providers.PodLogStreamer)
	pl, ok2 := be.backend.(providers.PodLister)
	if !ok || !ok2 {
		return errors.New("this backend cannot read pod logs")
	}
	cctx, cancel := context.WithTimeout(ctx, lf.timeout)
	pods, err := pl.ListPods(cctx, lf.cluster, pf.namespace)
	cancel()
	if err != nil {
		return err
	}
	pod, err := pickPod(pods, names[0], pf.namespace)
	if err != nil {
		return err
	}
	containers := []string{pf.container}
	if pf.container == "" {
		containers = nil
		for _, c := range pod.Containers {
			if !c.Init {
				containers = append(containers, c.Name)
			}
		}
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	p := &logPrinter{w: w, json: lf.output == "json", multi: len(containers) > 1}

	type batch struct {
		b         providers.LogBatch
		container string
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	merged := make(chan batch)
	var wg sync.WaitGroup
	for _, c := range containers {
		ch, err := ps.StreamPodLogs(sctx, providers.PodLogRequest{Cluster: lf.cluster, Namespace: pod.Namespace, Pod: pod.Name,
			Container: c, Follow: lf.follow, Since: since})
		if err != nil {
			stop()
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ch {
				select {
				case merged <- batch{b, c}:
				case <-sctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(merged)
	}()
	var firstErr error
	for m := range merged {
		if m.b.Err != nil {
			fmt.Fprintln(stderr, "virga:", m.container+":", sanitize.Line(providers.Short(m.b.Err)))
			if firstErr == nil {
				firstErr = m.b.Err
			}
			continue
		}
		for _, e := range m.b.Events {
			label := m.container
			if label == "" {
				label = pod.Name
			}
			if err := p.print(&e, &logtarget.Target{Name: label}); err != nil {
				stop()
				return err
			}
		}
		if err := w.Flush(); err != nil {
			stop()
			return err
		}
	}
	if firstErr != nil && ctx.Err() == nil {
		return exitError{code: 1, msg: providers.Short(firstErr)}
	}
	return nil
}

// pickPod finds the pod a name means: the exact name, else the only pod
// whose name starts with it.
func pickPod(pods []providers.Pod, name, namespace string) (providers.Pod, error) {
	var matches []providers.Pod
	for _, p := range pods {
		if p.Name == name {
			return p, nil
		}
		if strings.HasPrefix(p.Name, name) {
			matches = append(matches, p)
		}
	}
	switch len(matches) {
	case 0:
		return providers.Pod{}, fmt.Errorf("no pod %q in namespace %s", name, namespace)
	case 1:
		return matches[0], nil
	}
	var ns []string
	for _, m := range matches {
		ns = append(ns, m.Name)
	}
	slices.Sort(ns)
	return providers.Pod{}, fmt.Errorf("%q names %d pods: %s", name, len(matches), strings.Join(ns, ", "))
}
