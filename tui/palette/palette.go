package palette

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Names complete the commands' arguments, read when the palette
// completes them.
type Names struct {
	Functions, ECSClusters, EKSClusters, Profiles, Regions func() []string
}

// Commands lists the palette's commands.
func Commands(n Names) []kit.Command {
	return []kit.Command{
		{Name: "functions", Aliases: []string{"fn", "lambda", "func"}, Desc: "Lambda functions"},
		{Name: "clusters", Aliases: []string{"cl", "ecs"}, Desc: "ECS clusters"},
		{Name: "services", Aliases: []string{"svc"}, Desc: "ECS services [cluster]", Args: n.ECSClusters},
		{Name: "tasks", Aliases: []string{"task"}, Desc: "ECS tasks [cluster]", Args: n.ECSClusters},
		{Name: "eks", Aliases: []string{"kubernetes", "k8s"}, Desc: "EKS clusters"},
		{Name: "profiles", Aliases: []string{"fp", "fargate-profiles"}, Desc: "EKS Fargate profiles [cluster]", Args: n.EKSClusters},
		{Name: "pods", Aliases: []string{"po", "pod"}, Desc: "EKS pods on Fargate [cluster]", Args: n.EKSClusters},
		{Name: "logs", Aliases: []string{"log", "tail"}, Desc: "logs of the selection, or of functions [name...] merged", Args: n.Functions},
		{Name: "invocations", Aliases: []string{"inv"}, Desc: "recent invocations of a function [name]", Args: n.Functions},
		{Name: "metrics", Aliases: []string{"met", "charts"}, Desc: "metrics of the selection, or of a function [name]", Args: n.Functions},
		{Name: "describe", Aliases: []string{"raw"}, Desc: "the selection's API JSON, ARN and console URL"},
		{Name: "refresh", Aliases: []string{"reload"}, Desc: "refresh the view now"},
		{Name: "stats", Aliases: []string{"cost", "api"}, Desc: "API calls and estimated CloudWatch cost"},
		{Name: "concurrency", Aliases: []string{"pool", "conc"}, Desc: "account concurrency pool"},
		{Name: "journal", Aliases: []string{"audit", "actions"}, Desc: "actions taken, with revert commands"},
		{Name: "profile", Aliases: []string{"ctx", "account"}, Desc: "switch AWS profile [name]", Args: n.Profiles},
		{Name: "region", Aliases: []string{"reg"}, Desc: "switch region [name]", Args: n.Regions},
		{Name: "help", Aliases: []string{"h"}, Desc: "keys and commands"},
		{Name: "quit", Aliases: []string{"q", "exit"}, Desc: "leave virga"},
	}
}

// Distinct keeps the first of each name, in order, and no empty one.
func Distinct(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := names[:0:0]
	for _, n := range names {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Result is what a finished palette or picker asks for: a command (or
// an unknown word, or nothing when cancelled), or with Switch a profile
// and region to switch to.
type Result struct {
	kit.PaletteResult
	Switch          bool
	Profile, Region string
}

// Palette is the command palette and the pickers; one is open at a time.
type Palette struct {
	h        Host
	commands []kit.Command
	cmd      *kit.Palette
	picker   *kit.Palette
	// picking is "profile" or "region" while a picker is open.
	picking string
	// connect opens a backend for another profile or region, nil where
	// switching is not available; switchGen drops all but the latest.
	connect   Connect
	switchGen int
}

// New returns the palette over the commands n completes, switching
// profiles and regions with connect (nil where it cannot).
func New(h Host, n Names, connect Connect) *Palette {
	cmds := Commands(n)
	return &Palette{h: h, commands: cmds, connect: connect, cmd: kit.NewPalette(h.Styles(), ":", "command · tab complete · enter run · esc cancel", cmds)}
}

// SetStyles rebuilds the cached styles after a theme change.
func (p *Palette) SetStyles(st *theme.Styles) { p.cmd.SetStyles(st) }

// Refuse says why command name cannot run with args (it takes none);
// nil when it can.
func (p *Palette) Refuse(name string, args []string) tea.Cmd {
	if len(args) == 0 {
		return nil
	}
	for _, c := range p.commands {
		if c.Name == name && c.Args == nil {
			return p.h.Notify(views.LevelWarn, ":"+name+" takes no argument (got "+sanitize.Line(strings.Join(args, " "))+")")
		}
	}
	return nil
}

// Help lists the commands for the help screen.
func (p *Palette) Help() views.HelpGroup {
	var cmds []key.Binding
	for _, c := range p.commands {
		cmds = append(cmds, key.NewBinding(key.WithKeys(c.Name), key.WithHelp(":"+c.Name, c.Desc)))
	}
	return views.HelpGroup{Title: "Commands", Bindings: cmds}
}

// Open opens the command palette.
func (p *Palette) Open() tea.Cmd {
	p.picking = ""
	return p.cmd.Open()
}

// OpenPicker opens the picker of what ("profile" or "region") over
// names; it reports false, and says why, when there is nothing to pick.
func (p *Palette) OpenPicker(what string, names []string, err error) (tea.Cmd, bool) {
	id := p.h.Identity()
	current := id.Region
	if what == "profile" {
		if err != nil {
			return p.h.Notify(views.LevelError, "profiles: "+err.Error()), false
		}
		if len(names) == 0 {
			return p.h.Notify(views.LevelWarn, "no profiles in the shared config or credentials file"), false
		}
		current = id.Profile
	}
	items := make([]kit.Command, 0, len(names))
	for _, n := range names {
		desc := ""
		if n == current {
			desc = "current"
		}
		items = append(items, kit.Command{Name: n, Desc: desc})
	}
	p.picker = kit.NewPalette(p.h.Styles(), what+" ", "type to filter · enter switch · esc cancel", items)
	p.picking = what
	return p.picker.Open(), true
}

// Key edits the open palette or picker; a word that is no command
// gets a notice.
func (p *Palette) Key(msg tea.Msg) (Result, tea.Cmd) {
	in := &p.h.Keys().Input
	if p.picking == "" {
		res, cmd := p.cmd.Update(msg, in)
		if res.Done && res.Unknown != "" {
			cmd = tea.Batch(cmd, p.h.Notify(views.LevelWarn, "unknown command :"+sanitize.Line(res.Unknown)+" · ? lists the commands"))
		}
		return Result{PaletteResult: res}, cmd
	}
	res, cmd := p.picker.Update(msg, in)
	if !res.Done || res.Command == "" {
		return Result{PaletteResult: res}, cmd
	}
	id := p.h.Identity()
	r := Result{PaletteResult: res, Switch: true, Profile: id.Profile, Region: id.Region}
	if p.picking == "profile" {
		r.Profile = res.Command
	} else {
		r.Region = res.Command
	}
	return r, cmd
}

// View draws the open palette or picker over the bottom of lines, in a
// body height tall.
func (p *Palette) View(lines []string, width, height int) []string {
	open := p.cmd
	if p.picking != "" {
		open = p.picker
	}
	box := open.View(width, max(height-2, 1))
	return kit.Overlay(lines, box, len(lines)-len(box))
}
