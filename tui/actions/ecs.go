package actions

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

func (p *Pipeline) formScale(s providers.Service) tea.Cmd {
	p.newFlow()
	sub := fmt.Sprintf("service %s/%s · desired %d · running %d · pending %d", s.Cluster, s.Name, s.Desired, s.Running, s.Pending)
	return p.openForm("Scale service", sub, []dialog.Field{
		{Label: "desired", Value: strconv.Itoa(s.Desired), Hint: "a count, or a change such as +2 or -1; 0 stops every task"},
	}, func(v []string) (action.Action, error) {
		return action.CountChange(v[0], s.Desired, action.ParseDesired, func(n int) action.Action { return action.Scale(s, n) })
	})
}

// prepareRollback lists the service's task definition revisions, then
// asks which one to deploy (the one before the current, by default).
func (p *Pipeline) prepareRollback(s providers.Service) tea.Cmd {
	lister, ok := p.host.Backend().(providers.TaskDefinitionLister)
	if !ok {
		return nil
	}
	f := p.newFlow()
	f.stage = stageLoading
	f.then = func(pr prepared) tea.Cmd {
		if pr.err != nil {
			return p.host.Notify(views.LevelError, "could not list revisions of "+s.TaskDefFamily+": "+providers.Short(pr.err))
		}
		return p.formRollback(s, pr.revisions)
	}
	id, family := f.id, s.TaskDefFamily
	ctx, cancel := p.host.CallCtx()
	return tea.Batch(p.host.Notify(views.LevelInfo, "listing revisions of "+family+"…"), func() tea.Msg {
		defer cancel()
		revs, err := lister.ListTaskDefinitions(ctx, family)
		return preparedMsg{flow: id, p: prepared{revisions: revs, err: err}}
	})
}

func (p *Pipeline) formRollback(s providers.Service, arns []string) tea.Cmd {
	revs := action.NewRevisions(s, arns)
	if revs.Len() < 2 {
		return p.host.Notify(views.LevelWarn, s.TaskDefFamily+" has no other revision to roll back to")
	}
	def := ""
	if n := revs.Previous(); n > 0 {
		def = strconv.Itoa(n)
	}
	return p.openForm("Roll back service", "service "+s.Cluster+"/"+s.Name+" · running "+s.TaskDefFamily+":"+strconv.Itoa(s.TaskDefRevision), []dialog.Field{
		{Label: "revision", Value: def, Hint: "revisions, newest first: " + strings.Join(revs.Newest(8), ", ") + " …"},
	}, func(v []string) (action.Action, error) {
		n, err := action.ParseRevision(v[0], s.TaskDefFamily)
		if err != nil {
			return action.Action{}, err
		}
		return revs.Rollback(n)
	})
}

func (p *Pipeline) formStopTask(t providers.Task) tea.Cmd {
	if t.LastStatus == "STOPPED" || t.DesiredStatus == "STOPPED" {
		return p.host.Notify(views.LevelWarn, "task "+t.ID+" is already stopping or stopped")
	}
	p.newFlow()
	who := p.host.Journal().Actor()
	return p.openForm("Stop task", "task "+t.Cluster+"/"+t.ID+" · "+t.LastStatus, []dialog.Field{
		{Label: "reason", Value: "stopped with virga by " + who, Hint: "ECS records this as the task's stopped reason"},
	}, func(v []string) (action.Action, error) {
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
