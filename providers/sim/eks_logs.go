package sim

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// podLogHistory bounds how far back a container's log goes: kubelet
// rotates a Fargate container's log at 10 MB, so old lines are gone.
const podLogHistory = 6 * time.Hour

// podLogPoll paces a followed pod log, in real time.
const podLogPoll = 500 * time.Millisecond

// StreamPodLogs returns a container's log lines from the model. A pod
// whose container has not started answers as the API server does (a
// "waiting to start" error); a followed log delivers new lines as the
// clock moves and ends when the container stops or the pod is deleted.
func (a *Account) StreamPodLogs(ctx context.Context, req providers.PodLogRequest) (<-chan providers.LogBatch, error) {
	const op = "Kubernetes.StreamPodLogs"
	if err := a.begin(ctx, op); err != nil {
		return nil, err
	}
	a.mu.Lock()
	var p *kubePod
	var ctr ctrSpec
	cl, err := a.eksClusterLocked(op, req.Cluster)
	if err == nil {
		p, err = podIn(op, cl, req.Namespace, req.Pod)
	}
	if err == nil {
		ctr, err = a.logContainer(op, p, req.Container)
	}
	now := a.now()
	if err == nil && (p.node == "" || now.Before(p.runAt())) {
		reason := "ContainerCreating"
		if p.node == "" {
			reason = "PodPending"
		}
		err = &providers.Error{Kind: providers.ErrInvalid, Op: op,
			Message: `container "` + ctr.name + `" in pod "` + p.name + `" is waiting to start: ` + reason}
	}
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	from := later(p.runAt(), now.Add(-podLogHistory))
	if req.Since > 0 {
		from = later(from, now.Add(-req.Since))
	}
	history := podLogLines(p, ctr, from, now)
	if req.TailLines > 0 && len(history) > req.TailLines {
		history = history[len(history)-req.TailLines:]
	}
	ch := make(chan providers.LogBatch, 4)
	go func() {
		defer close(ch)
		send := func(evs []providers.LogEvent) bool {
			return len(evs) == 0 || providers.SendBatch(ctx, ch, providers.LogBatch{Events: evs})
		}
		if !send(history) || !req.Follow {
			return
		}
		last := now
		everyTick(ctx, podLogPoll, func() bool {
			a.mu.Lock()
			t := a.now()
			gone := cl.podByName(req.Namespace, req.Pod) != p
			a.mu.Unlock()
			if !t.After(last) {
				return true
			}
			evs := podLogLines(p, ctr, last, t)
			if !send(evs) || gone || containerEnded(p, last, t) {
				return false
			}
			last = t
			return true
		})
	}()
	return ch, nil
}

// logContainer picks the container a log request names; a pod of several
// containers needs one named, as in Kubernetes.
func (a *Account) logContainer(op string, p *kubePod, name string) (ctrSpec, error) {
	cs := p.dep.spec.containers
	if name == "" {
		if len(cs) == 1 {
			return cs[0], nil
		}
		var names []string
		for _, c := range cs {
			names = append(names, c.name)
		}
		return ctrSpec{}, &providers.Error{Kind: providers.ErrInvalid, Op: op,
			Message: "a container name must be specified for pod " + p.name + ", choose one of: [" + strings.Join(names, " ") + "]"}
	}
	for _, c := range cs {
		if c.name == name {
			return c, nil
		}
	}
	return ctrSpec{}, &providers.Error{Kind: providers.ErrInvalid, Op: op,
		Message: "container " + name + " is not valid for pod " + p.name}
}

// containerEnded says a crash-looping container exited in (from, to]:
// a followed log ends there, as kubectl logs -f does.
func containerEnded(p *kubePod, from, to time.Time) bool {
	if p.dep.spec.fate != fateCrashLoop {
		return false
	}
	runFrom, n0, _, _ := crashState(p.runAt(), from)
	runTo, n1, _, _ := crashState(p.runAt(), to)
	return (runFrom && !runTo) || n1 > n0
}

// podLogLines are a container's lines in [from, to): one slot a second,
// filled or not by a hash of the pod, the container and the second.
func podLogLines(p *kubePod, c ctrSpec, from, to time.Time) []providers.LogEvent {
	var out []providers.LogEvent
	every := map[logStyle]uint64{logAccess: 3, logJSON: 5, logDNS: 20, logWorker: 10, logCrash: 4, logHostile: 6}[c.style]
	key := hash(hashString(p.uid), hashString(c.name), tagEKSLog)
	first := from.Truncate(time.Second)
	if first.Before(from) {
		first = first.Add(time.Second)
	}
	for t := first; t.Before(to); t = t.Add(time.Second) {
		h := hash(key, uint64(t.Unix()))
		line := ""
		if c.style == logCrash {
			line = crashLine(p, t, h)
		} else if h%every == 0 {
			line = podLine(p, c, h)
		}
		if line == "" {
			continue
		}
		ts := t.Add(time.Duration(h>>40%1000) * time.Millisecond)
		out = append(out, providers.LogEvent{Timestamp: ts, Group: p.dep.spec.ns + "/" + p.name, Stream: c.name, Message: line})
	}
	return out
}

// crashLine is the crash-looping worker's log: it starts, fails to reach
// its database and panics just before each exit.
func crashLine(p *kubePod, t time.Time, h uint64) string {
	run, n, since, until := crashState(p.runAt(), t)
	if !run {
		return ""
	}
	switch t.Sub(since).Truncate(time.Second) {
	case 0:
		return fmt.Sprintf(`{"level":"info","msg":"ledger-worker starting","version":"1.8.0-rc2","attempt":%d}`, n+1)
	case 2 * time.Second:
		return `{"level":"warn","msg":"connecting to postgres","host":"ledger-db.payments.svc","port":5432}`
	}
	if until.Sub(t) <= time.Second {
		return "panic: ledger: dial tcp 10.0.44.12:5432: connect: connection refused"
	}
	if h%5 == 0 {
		return `{"level":"error","msg":"retrying database connection","error":"connection refused"}`
	}
	return ""
}

// podLine is one line of a container's usual output.
func podLine(p *kubePod, c ctrSpec, h uint64) string {
	paths := []string{"/", "/api/items", "/api/cart", "/healthz", "/api/checkout", "/static/app.js"}
	codes := []int{200, 200, 200, 200, 201, 204, 304, 404, 500}
	switch c.style {
	case logAccess:
		return fmt.Sprintf(`10.0.%d.%d - - "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0" %dms`,
			h>>8%250, h>>16%250, pick(h>>20, paths), pick(h>>28, codes), 200+h>>32%9000, 1+h>>44%400)
	case logJSON:
		lvl := pick(h>>8, []string{"info", "info", "info", "debug", "warn"})
		return fmt.Sprintf(`{"level":"%s","msg":"request handled","path":"%s","status":%d,"duration_ms":%d,"trace_id":"%s"}`,
			lvl, pick(h>>20, paths), pick(h>>28, codes), 1+h>>36%300, hex32(h, mix(h))[:16])
	case logDNS:
		return fmt.Sprintf(`[INFO] 10.0.%d.%d:%d - %d "A IN %s.svc.cluster.local. udp 62 false 512" NOERROR qr,aa,rd 106 0.000%ds`,
			h>>8%250, h>>16%250, 30000+h>>24%30000, h>>40%65536, pick(h>>50, []string{"payments-api.payments", "cart.web-store", "hello-api.default"}), 1+h>>56%9)
	case logHostile:
		if h>>8%20 == 0 {
			// A hostile line: OSC 52 clipboard write, a screen clear and a
			// right-to-left override, all of which a sanitizer must defuse.
			return "user agent: \x1b]52;c;ZWNobyBwd25lZA==\a\x1b[2J\u202egnirts desrever"
		}
		return fmt.Sprintf(`admin-ui %s GET %s %d`, pick(h>>12, []string{"alice", "bob", "carol"}), pick(h>>20, paths), pick(h>>28, codes))
	default:
		return fmt.Sprintf("processed batch %d: %d records in %dms", h>>8%100000, h>>24%5000, 10+h>>40%4000)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
