package aws

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/virgahq/virga/providers"
)

// Pod log lines longer than maxPodLogLine are cut (the rest of the line is
// skipped), and a batch holds at most podLogBatch lines.
const (
	maxPodLogLine = 256 << 10
	podLogBatch   = 500
)

// StreamPodLogs reads a container's log through the API server (the
// kubelet on the pod's Fargate node). Opening the stream has the usual
// deadline; once open it lasts as long as ctx. Every line carries the
// kubelet's timestamp.
//
// CLI: kubectl logs NAME -n NS [-c CONTAINER] [--since D] [-f] --timestamps
func (p *Provider) StreamPodLogs(ctx context.Context, req providers.PodLogRequest) (<-chan providers.LogBatch, error) {
	opts := &corev1.PodLogOptions{Container: req.Container, Follow: req.Follow, Timestamps: true}
	if req.Since > 0 {
		s := int64((req.Since + time.Second - 1) / time.Second)
		opts.SinceSeconds = &s
	}
	if req.TailLines > 0 {
		n := int64(req.TailLines)
		opts.TailLines = &n
	}
	type opened struct {
		body io.ReadCloser
		kc   *kubeCluster
	}
	// The stream's own context outlives the open call's deadline.
	sctx, cancel := context.WithCancel(ctx)
	o, err := kubeDo(ctx, p, req.Cluster, "StreamPodLogs", func(cctx context.Context, kc *kubeCluster) (opened, error) {
		stop := context.AfterFunc(cctx, func() {
			if cctx.Err() == context.DeadlineExceeded {
				cancel()
			}
		})
		defer stop()
		body, err := kc.cs.CoreV1().Pods(req.Namespace).GetLogs(req.Pod, opts).Stream(sctx)
		if err != nil && cctx.Err() != nil {
			err = cctx.Err()
		}
		return opened{body, kc}, err
	})
	if err != nil {
		cancel()
		return nil, err
	}
	ch := make(chan providers.LogBatch, 4)
	go func() {
		defer close(ch)
		defer cancel()
		defer o.body.Close()
		readPodLog(sctx, o.body, req, ch, func(err error) error { return kubeError(svcKubernetes+".StreamPodLogs", o.kc, err) })
	}()
	return ch, nil
}

// readPodLog turns a log stream into batches: everything already read is
// sent as soon as the reader would wait for more.
func readPodLog(ctx context.Context, body io.Reader, req providers.PodLogRequest, ch chan<- providers.LogBatch, mapErr func(error) error) {
	br := bufio.NewReaderSize(body, 64<<10)
	group := req.Namespace + "/" + req.Pod
	var batch []providers.LogEvent
	send := func(b providers.LogBatch) bool { return providers.SendBatch(ctx, ch, b) }
	for {
		line, err := readLine(br, maxPodLogLine)
		if line != "" || err == nil {
			ev := providers.LogEvent{Group: group, Stream: req.Container, Message: line}
			if ts, rest, ok := strings.Cut(line, " "); ok {
				if t, ok := kubeTime(ts); ok {
					ev.Timestamp, ev.Message = t, rest
				}
			}
			batch = append(batch, ev)
		}
		if err != nil {
			if len(batch) > 0 && !send(providers.LogBatch{Events: batch}) {
				return
			}
			if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				send(providers.LogBatch{Err: mapErr(err)})
			}
			return
		}
		if br.Buffered() == 0 || len(batch) >= podLogBatch {
			if !send(providers.LogBatch{Events: batch}) {
				return
			}
			batch = nil
		}
	}
}

// readLine reads one line without its newline, keeping at most max bytes
// of it.
func readLine(br *bufio.Reader, max int) (string, error) {
	var sb strings.Builder
	for {
		chunk, err := br.ReadSlice('\n')
		if room := max - sb.Len(); room > 0 {
			sb.Write(chunk[:min(len(chunk), room)])
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return strings.TrimRight(sb.String(), "\r\n"), err
	}
}
