package eks

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/sanitize"
)

// podKey handles the keys that act on one pod: its logs, deleting it,
// and scaling or restarting its deployment. The deployment is read when
// the key is pressed, so the form starts from its replicas now.
func (s *Screen) podKey(k tea.KeyPressMsg, b bindings, row views.PodRow) (tea.Cmd, bool) {
	p := row.Pod
	if p.Name == "" {
		return nil, false
	}
	switch {
	case key.Matches(k, b.logs):
		return loadLogging(s.h, s.id, p), true
	case key.Matches(k, b.del):
		return s.h.Propose(action.DeletePod(p)), true
	case key.Matches(k, b.scale):
		if p.Deployment == "" {
			return s.h.Notify(views.LevelInfo, "pod "+sanitize.Line(p.Name)+" belongs to no deployment"), true
		}
		return loadDeployments(s.h, s.id, p, s.scaleForm), true
	case key.Matches(k, b.restart):
		if p.Deployment == "" {
			return s.h.Notify(views.LevelInfo, "pod "+sanitize.Line(p.Name)+" belongs to no deployment"), true
		}
		return loadDeployments(s.h, s.id, p, func(d providers.KubeDeployment) tea.Cmd {
			return s.h.Propose(action.RestartDeployment(d))
		}), true
	}
	return nil, false
}

func (s *Screen) depsLoaded(msg depsMsg) tea.Cmd {
	p := msg.pod
	if msg.err != nil {
		return s.h.Notify(views.LevelError, "could not read the deployments of "+sanitize.Line(p.Namespace)+": "+sanitize.Line(providers.Short(msg.err)))
	}
	for _, d := range msg.deps {
		if d.Name == p.Deployment {
			return msg.then(d)
		}
	}
	return s.h.Notify(views.LevelWarn, "deployment "+sanitize.Line(p.Deployment)+" is no longer in "+sanitize.Line(p.Namespace))
}

func (s *Screen) scaleForm(d providers.KubeDeployment) tea.Cmd {
	sub := fmt.Sprintf("deployment %s/%s/%s · replicas %d · ready %d", d.Cluster, d.Namespace, d.Name, d.Replicas, d.Ready)
	return s.h.Form("Scale deployment", sanitize.Line(sub), []dialog.Field{
		{Label: "replicas", Value: strconv.Itoa(d.Replicas), Hint: "a count, or a change such as +1 or -1; 0 stops every pod"},
	}, func(v []string) (action.Action, error) {
		return action.CountChange(v[0], d.Replicas, action.ParseReplicas, func(n int) action.Action { return action.ScaleDeployment(d, n) })
	})
}
