package actions

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
)

// The forms and confirmations of function actions. Each starts from a
// fresh GetFunction (prepareFunction), so Before is what AWS says now.

// startKillSwitch is x: throttle everything, or, when the function is
// already at 0, put back what it had before (from this session, else
// from the journal, which survives restarts and records CLI runs too).
func (p *Pipeline) startKillSwitch(name string) tea.Cmd {
	r, ok := p.host.Backend().(providers.FunctionReader)
	if !ok {
		return nil
	}
	f := p.newFlow()
	f.stage = stageLoading
	ident := p.host.Identity()
	remembered, known := p.killed[killKey(ident, name)]
	f.then = func(pr prepared) tea.Cmd {
		if pr.err != nil {
			return p.host.Notify(views.LevelError, "could not read "+name+": "+providers.Short(pr.err))
		}
		p.host.StoreDetail(name, pr.detail, p.host.Now())
		before := pr.detail.Function.Reserved
		if before == nil || *before != 0 {
			return p.Propose(action.Kill(name, before))
		}
		prev := pr.previous
		if known {
			prev = remembered
		}
		if prev == "" {
			return p.host.Notify(views.LevelWarn, name+" is at reserved concurrency 0 and no earlier value is remembered; "+
				p.host.Keys().Actions.Concurrency.Help().Key+" sets one")
		}
		a, err := action.Restore(name, prev)
		if err != nil {
			return p.host.Notify(views.LevelError, err.Error())
		}
		return p.Propose(a)
	}
	id, j := f.id, p.host.Journal()
	ctx, cancel := p.host.CallCtx()
	return tea.Batch(p.host.Notify(views.LevelInfo, "reading "+name+"…"), func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		pr := prepared{detail: d, err: err}
		if err == nil && d.Function.Reserved != nil && *d.Function.Reserved == 0 && !known {
			res := action.Resource{Type: "function", Function: name}.Path()
			e, ok, _ := j.Last(func(e journal.Entry) bool {
				return e.Action == string(action.KillSwitch) && e.Result == journal.ResultOK &&
					e.Account == ident.Account && e.Region == ident.Region && e.Resource == res
			})
			if ok {
				pr.previous = e.Before
			}
		}
		return preparedMsg{flow: id, p: pr}
	})
}

func (p *Pipeline) formReserved(d providers.FunctionDetail, room action.Room) tea.Cmd {
	fn := d.Function
	cur := ""
	if fn.Reserved != nil {
		cur = strconv.Itoa(*fn.Reserved)
	}
	hi, _ := room.MaxReserved(fn.Reserved)
	return p.openForm("Reserved concurrency", "function "+fn.Name+" · now "+action.ReservedString(fn.Reserved), []dialog.Field{{
		Label: "reserved", Value: cur, Placeholder: "unreserved",
		Hint: rangeHint(0, hi, room.Known, "concurrent executions") + "; empty removes the reservation; 0 throttles every invocation",
	}}, func(v []string) (action.Action, error) {
		s := strings.TrimSpace(v[0])
		if s == "" || s == action.Unreserved || s == "none" {
			if fn.Reserved == nil {
				return action.Action{}, action.Unchanged("unreserved")
			}
			return action.RemoveReserved(fn.Name, fn.Reserved), nil
		}
		n, err := action.ParseReservedCount(s, room, fn.Reserved)
		if err != nil {
			return action.Action{}, err
		}
		if fn.Reserved != nil && *fn.Reserved == n {
			return action.Action{}, action.Unchanged(s)
		}
		return action.SetReserved(fn.Name, fn.Reserved, n), nil
	})
}

// rangeHint says what a count field takes: "0 to 770 environments" when
// the bound is known (the account's pool, the function's reservation).
func rangeHint(lo, hi int, known bool, what string) string {
	if !known {
		return what + " (the account's pool could not be read; AWS judges the most)"
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " " + what
}

// listHint names values compactly: "1–5" for a run of versions.
func listHint(label string, vs []string) string {
	if len(vs) == 0 {
		return label + ": none"
	}
	if len(vs) > 6 {
		return label + ": " + vs[0] + "–" + vs[len(vs)-1]
	}
	return label + ": " + strings.Join(vs, ", ")
}

func (p *Pipeline) formProvisioned(d providers.FunctionDetail, room action.Room) tea.Cmd {
	fn := d.Function.Name
	aliases, versions := d.Qualifiers()
	if len(aliases)+len(versions) == 0 {
		return p.host.Notify(views.LevelWarn, fn+" has no alias or published version; provisioned concurrency needs one ("+
			p.host.Keys().Actions.Publish.Help().Key+" publishes)")
	}
	q, count := "", ""
	if len(d.Provisioned) > 0 {
		q, count = d.Provisioned[0].Qualifier, strconv.Itoa(d.Provisioned[0].Requested)
	} else if len(aliases) > 0 {
		q = aliases[0]
	} else {
		q = versions[len(versions)-1]
	}
	var now []string
	for _, pc := range d.Provisioned {
		now = append(now, pc.Qualifier+" "+strconv.Itoa(pc.Requested)+" "+pc.Status)
	}
	maxProv, _ := room.MaxProvisioned(d.Function.Reserved)
	sub := "function " + fn
	if len(now) > 0 {
		sub += " · now " + strings.Join(now, ", ")
	}
	return p.openForm("Provisioned concurrency", sub, []dialog.Field{
		{Label: "qualifier", Value: q, Hint: listHint("aliases", aliases) + " · " + listHint("versions", versions)},
		{Label: "count", Value: count, Hint: rangeHint(0, maxProv, room.Known || d.Function.Reserved != nil, "environments kept warm") +
			" (billed while configured); 0 removes them"},
	}, func(v []string) (action.Action, error) {
		q := strings.TrimSpace(v[0])
		if !slices.Contains(aliases, q) && !slices.Contains(versions, q) {
			return action.Action{}, fmt.Errorf("%q is not an alias or a published version of %s", q, fn)
		}
		n, err := action.ParseProvisionedFrom(v[1], room, d.Function.Reserved, provisionedOf(d, q))
		if err != nil {
			return action.Action{}, err
		}
		var before *providers.ProvisionedConfig
		for i := range d.Provisioned {
			if d.Provisioned[i].Qualifier == q {
				before = &d.Provisioned[i]
			}
		}
		if n == 0 {
			if before == nil {
				return action.Action{}, errors.New(q + " has no provisioned concurrency to remove")
			}
			return action.RemoveProvisioned(fn, q, before), nil
		}
		if before != nil && before.Requested == n {
			return action.Action{}, action.Unchanged(strconv.Itoa(n))
		}
		return action.SetProvisioned(fn, q, before, n), nil
	})
}

func (p *Pipeline) formConfigure(d providers.FunctionDetail) tea.Cmd {
	fn := d.Function
	if fn.LastUpdateStatus == "InProgress" {
		return p.host.Notify(views.LevelWarn, fn.Name+" has an update in progress; try again when it completes")
	}
	return p.openForm("Memory and timeout", "function "+fn.Name, []dialog.Field{
		{Label: "memory MB", Value: strconv.Itoa(fn.MemoryMB), Hint: "128 to 10240; CPU grows with memory"},
		{Label: "timeout s", Value: strconv.Itoa(fn.TimeoutSec), Hint: "1 to 900"},
	}, func(v []string) (action.Action, error) {
		mem, err := action.ParseMemoryFrom(v[0], fn.MemoryMB)
		if err != nil {
			return action.Action{}, err
		}
		to, err := action.ParseTimeoutSec(v[1])
		if err != nil {
			return action.Action{}, err
		}
		var mp, tp *int
		if mem != fn.MemoryMB {
			mp = &mem
		}
		if to != fn.TimeoutSec {
			tp = &to
		}
		if mp == nil && tp == nil {
			return action.Action{}, errors.New("nothing changed")
		}
		return action.Configure(fn, mp, tp), nil
	})
}

// latestVersion is the highest published version, "" for none.
func latestVersion(d providers.FunctionDetail) string {
	_, versions := d.Qualifiers()
	if len(versions) == 0 {
		return ""
	}
	return versions[len(versions)-1]
}

func (p *Pipeline) formPublish(d providers.FunctionDetail) tea.Cmd {
	fn := d.Function.Name
	latest := latestVersion(d)
	return p.openForm("Publish version", "function "+fn+" · latest version "+orDash(latest), []dialog.Field{
		{Label: "description", Hint: "optional; shown in the versions list"},
	}, func(v []string) (action.Action, error) {
		return action.PublishVersion(fn, latest, strings.TrimSpace(v[0])), nil
	})
}

// parseWeights reads the canary field: empty for none, else
// VERSION=PERCENT into Lambda's 0..1 share.
func parseWeights(s string) (map[string]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	v, share, err := action.ParseCanary(s)
	if err != nil {
		return nil, err
	}
	return map[string]float64{v: share}, nil
}

func weightsText(w map[string]float64) string {
	for v, share := range w {
		return v + "=" + strconv.FormatFloat(share*100, 'f', -1, 64)
	}
	return ""
}

func (p *Pipeline) formAlias(d providers.FunctionDetail) tea.Cmd {
	fn := d.Function.Name
	aliases, versions := d.Qualifiers()
	if len(aliases) == 0 {
		return p.host.Notify(views.LevelWarn, fn+" has no alias")
	}
	first := d.Aliases[0]
	for _, a := range d.Aliases {
		if len(a.AdditionalWeights) > 0 {
			first = a
			break
		}
	}
	return p.openForm("Point alias", "function "+fn, []dialog.Field{
		{Label: "alias", Value: first.Name, Hint: listHint("aliases", aliases)},
		{Label: "version", Value: first.FunctionVersion, Hint: listHint("versions", versions) + " (gets the rest of the traffic)"},
		{Label: "canary", Value: weightsText(first.AdditionalWeights), Placeholder: "none",
			Hint: "VERSION=PERCENT sends that share to a second version, e.g. 5=10; empty sends everything to the version"},
	}, func(v []string) (action.Action, error) {
		name := strings.TrimSpace(v[0])
		var before *providers.Alias
		for i := range d.Aliases {
			if d.Aliases[i].Name == name {
				before = &d.Aliases[i]
			}
		}
		if before == nil {
			return action.Action{}, fmt.Errorf("%q is not an alias of %s", name, fn)
		}
		ver := strings.TrimSpace(v[1])
		if !slices.Contains(versions, ver) {
			return action.Action{}, fmt.Errorf("%q is not a published version of %s", ver, fn)
		}
		w, err := parseWeights(v[2])
		if err != nil {
			return action.Action{}, err
		}
		for extra := range w {
			if !slices.Contains(versions, extra) || extra == ver {
				return action.Action{}, fmt.Errorf("canary version %q must be another published version", extra)
			}
		}
		if ver == before.FunctionVersion && weightsText(w) == weightsText(before.AdditionalWeights) {
			return action.Action{}, errors.New("nothing changed")
		}
		return action.UpdateAlias(fn, *before, ver, w), nil
	})
}

func (p *Pipeline) proposeAliasRollback(d providers.FunctionDetail) tea.Cmd {
	for _, a := range d.Aliases {
		if len(a.AdditionalWeights) > 0 {
			return p.Propose(action.RollbackAlias(d.Function.Name, a))
		}
	}
	return p.host.Notify(views.LevelWarn, d.Function.Name+" has no alias with a canary to roll back ("+p.host.Keys().Actions.Alias.Help().Key+" points an alias)")
}

func (p *Pipeline) formCode(d providers.FunctionDetail) tea.Cmd {
	fn := d.Function
	image := fn.PackageType == "Image"
	value, hint := "s3://", "s3://BUCKET/KEY of a zip package"
	if image {
		value, hint = d.ImageURI, "an image URI in ECR, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag"
	}
	return p.openForm("Update code", "function "+fn.Name+" · "+orDash(fn.PackageType)+" package", []dialog.Field{
		{Label: "source", Value: value, Hint: hint},
	}, func(v []string) (action.Action, error) {
		src := strings.TrimSpace(v[0])
		var code providers.CodeSource
		if rest, ok := strings.CutPrefix(src, "s3://"); ok {
			if image {
				return action.Action{}, errors.New(fn.Name + " is an image function: give an image URI")
			}
			bucket, key, ok := strings.Cut(rest, "/")
			if !ok || bucket == "" || key == "" {
				return action.Action{}, fmt.Errorf("%q: write s3://BUCKET/KEY", src)
			}
			code = providers.CodeSource{S3Bucket: bucket, S3Key: key}
		} else {
			if !image {
				return action.Action{}, errors.New(fn.Name + " is a zip function: give s3://BUCKET/KEY")
			}
			if src == "" || src == d.ImageURI {
				return action.Action{}, errors.New("give a different image URI")
			}
			code = providers.CodeSource{ImageURI: src}
		}
		beforeImage := ""
		if image {
			beforeImage = d.ImageURI
		}
		return action.UpdateCode(fn.Name, beforeImage, d.CodeSHA256, code), nil
	})
}

// proposeEventSource is t: enable a disabled trigger or disable an
// enabled one; with several, a form asks which.
func (p *Pipeline) proposeEventSource(d providers.FunctionDetail) tea.Cmd {
	fn := d.Function.Name
	ms := d.EventSources
	toggle := func(em providers.EventSourceMapping) (action.Action, error) {
		switch em.State {
		case "Enabled":
			return action.SetEventSource(fn, em, false), nil
		case "Disabled":
			return action.SetEventSource(fn, em, true), nil
		}
		return action.Action{}, fmt.Errorf("the mapping is %s; wait until it settles", em.State)
	}
	switch len(ms) {
	case 0:
		return p.host.Notify(views.LevelWarn, fn+" has no event source mapping")
	case 1:
		a, err := toggle(ms[0])
		if err != nil {
			return p.host.Notify(views.LevelWarn, err.Error())
		}
		return p.Propose(a)
	}
	var hint []string
	for i, em := range ms {
		hint = append(hint, strconv.Itoa(i+1)+" "+em.SourceKind+" "+lastPart(em.SourceARN)+" ("+em.State+")")
	}
	return p.openForm("Event source", "function "+fn, []dialog.Field{
		{Label: "mapping", Value: "1", Hint: strings.Join(hint, " · ")},
	}, func(v []string) (action.Action, error) {
		i, err := action.ParseChoice(v[0], len(ms))
		if err != nil {
			return action.Action{}, err
		}
		return toggle(ms[i-1])
	})
}

func lastPart(arn string) string {
	if i := strings.LastIndexAny(arn, ":/"); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	return arn
}

// provisionedOf is the provisioned concurrency qualifier q asks for now
// (0 when none), from which "+2" and "-1" count in the form.
func provisionedOf(d providers.FunctionDetail, q string) int {
	for _, p := range d.Provisioned {
		if p.Qualifier == q {
			return p.Requested
		}
	}
	return 0
}
