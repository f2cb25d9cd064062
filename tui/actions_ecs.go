package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
)

// The forms and confirmations of ECS actions. A service row is at most
// one refresh old; rollback reads the family's revisions first.

func (m *Model) formScale(s providers.Service) tea.Cmd {
	m.newFlow()
	sub := fmt.Sprintf("service %s/%s · desired %d · running %d · pending %d", s.Cluster, s.Name, s.Desired, s.Running, s.Pending)
	return m.openForm("Scale service", sub, []dialog.Field{
		{Label: "desired", Value: strconv.Itoa(s.Desired), Hint: "a count, or a change such as +2 or -1; 0 stops every task"},
	}, func(m *Model, v []string) (action.Action, error) {
		n, err := action.ParseDesired(v[0], s.Desired)
		if err != nil {
			return action.Action{}, err
		}
		if n == s.Desired {
			return action.Action{}, errors.New("already " + strconv.Itoa(n) + ": nothing to change")
		}
		return action.Scale(s, n), nil
	})
}

func (m *Model) proposeRedeploy(s providers.Service) tea.Cmd {
	return m.propose(action.Redeploy(s))
}

// prepareRollback lists the service's task definition revisions, then
// asks which one to deploy (the one before the current, by default).
func (m *Model) prepareRollback(s providers.Service) tea.Cmd {
	lister, ok := m.opt.Backend.(providers.TaskDefinitionLister)
	if !ok {
		return nil
	}
	f := m.newFlow()
	f.stage = stageLoading
	f.then = func(m *Model, p prepared) tea.Cmd {
		if p.err != nil {
			return m.notify(views.LevelError, "could not list revisions of "+s.TaskDefFamily+": "+providers.Short(p.err))
		}
		return formRollback(m, s, p.revisions)
	}
	id, family := f.id, s.TaskDefFamily
	ctx, cancel := m.callCtx()
	return tea.Batch(m.notify(views.LevelInfo, "listing revisions of "+family+"…"), func() tea.Msg {
		defer cancel()
		revs, err := lister.ListTaskDefinitions(ctx, family)
		return actionPreparedMsg{flow: id, p: prepared{revisions: revs, err: err}}
	})
}

func formRollback(m *Model, s providers.Service, arns []string) tea.Cmd {
	revs := action.NewRevisions(s, arns)
	if revs.Len() < 2 {
		return m.notify(views.LevelWarn, s.TaskDefFamily+" has no other revision to roll back to")
	}
	def := ""
	if n := revs.Previous(); n > 0 {
		def = strconv.Itoa(n)
	}
	return m.openForm("Roll back service", "service "+s.Cluster+"/"+s.Name+" · running "+s.TaskDefFamily+":"+strconv.Itoa(s.TaskDefRevision), []dialog.Field{
		{Label: "revision", Value: def, Hint: "revisions, newest first: " + strings.Join(revs.Newest(8), ", ") + " …"},
	}, func(m *Model, v []string) (action.Action, error) {
		n, err := action.ParseRevision(v[0], s.TaskDefFamily)
		if err != nil {
			return action.Action{}, err
		}
		return revs.Rollback(n)
	})
}

func (m *Model) formStopTask(t providers.Task) tea.Cmd {
	if t.LastStatus == "STOPPED" || t.DesiredStatus == "STOPPED" {
		return m.notify(views.LevelWarn, "task "+t.ID+" is already stopping or stopped")
	}
	m.newFlow()
	who := m.journal().Actor()
	return m.openForm("Stop task", "task "+t.Cluster+"/"+t.ID+" · "+t.LastStatus, []dialog.Field{
		{Label: "reason", Value: "stopped with virga by " + who, Hint: "ECS records this as the task's stopped reason"},
	}, func(m *Model, v []string) (action.Action, error) {
		reason := strings.TrimSpace(v[0])
		if reason == "" {
			return action.Action{}, errors.New("give a reason: it is what the next person reads")
		}
		if len(reason) > 255 {
			return action.Action{}, errors.New("ECS keeps at most 255 characters of a reason")
		}
		return action.StopTask(t, reason), nil
	})
}
