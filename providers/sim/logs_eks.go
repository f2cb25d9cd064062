package sim

import (
	"slices"
	"strings"
	"time"
)

// eksGroupLocked finds the cluster whose Fargate logs go to group, or nil:
// /aws/eks/<cluster>/fargate, where a cluster's aws-logging ConfigMap
// routes its pods' logs (see fargateOutputConf), for the clusters that
// route them.
func (a *Account) eksGroupLocked(group string) *eksCluster {
	name, ok := strings.CutPrefix(group, "/aws/eks/")
	name, ok2 := strings.CutSuffix(name, "/fargate")
	if !ok || !ok2 {
		return nil
	}
	if cl := a.eksLocked().byName[name]; cl != nil && cl.spec.logging {
		return cl
	}
	return nil
}

// eksMinute is minute T of a cluster's Fargate log group: the lines the
// pods' containers wrote in it (the same lines the pod log shows), each
// container in its own stream, named as Fluent Bit names it. Only the
// live pods count: the model keeps no deleted ones.
func (a *Account) eksMinute(cl *eksCluster, T, nowMs int64) []logEvent {
	lo, hi := T*60000, min((T+1)*60000, nowMs+1)
	if hi <= lo {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var evs []logEvent
	for _, p := range cl.pods {
		if p.node == "" {
			continue
		}
		for _, c := range p.dep.spec.containers {
			stream := fargateStream(p, c)
			src := hash(hashString(p.uid), hashString(c.name), uint64(T))
			lines := podLogLines(p, c, later(p.runAt(), time.UnixMilli(lo)), time.UnixMilli(hi))
			for i, l := range lines {
				evs = append(evs, logEvent{ts: l.Timestamp.UnixMilli(), src: src, ord: uint32(i), stream: stream, msg: l.Message})
			}
		}
	}
	slices.SortFunc(evs, cmpEvents)
	return evs
}

// fargateStream is the stream of a container's lines: the stream prefix
// of the aws-logging output and Fluent Bit's tag of the container's log
// file, kube.var.log.containers.<pod>_<namespace>_<container>-<id>.log.
func fargateStream(p *kubePod, c ctrSpec) string {
	h := hash(hashString(p.uid), hashString(c.name))
	return "fargate-kube.var.log.containers." + p.name + "_" + p.dep.spec.ns + "_" + c.name + "-" + hex32(h, mix(h)) + hex32(mix(h), h) + ".log"
}
