// Package ecsexec builds the AWS CLI command that opens a shell in a
// running ECS task's container (ECS Exec) and says, in one line, what is
// missing when it cannot: the task's state, its exec setting, or the
// tools. It never starts a process: the caller runs the command (the TUI
// through tea.ExecProcess, which suspends it while the shell runs).
package ecsexec

import (
	"errors"

	"github.com/virgahq/virga/providers"
)

// The tools ECS Exec needs on PATH: the AWS CLI starts the session and
// hands it to the Session Manager plugin.
const (
	AWSCLI = "aws"
	Plugin = "session-manager-plugin"
)

// Shell is the command run in the container: /bin/sh exists in nearly
// every image, bash does not.
const Shell = "/bin/sh"

// The refusals, one line each, saying exactly what is missing.
var (
	ErrNotRunning  = errors.New("task is not running")
	ErrDisabled    = errors.New("exec is not enabled on this task: its service needs enableExecuteCommand")
	ErrNoAWS       = errors.New("ECS Exec needs the aws CLI on PATH: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html")
	ErrNoPlugin    = errors.New("ECS Exec needs session-manager-plugin on PATH: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html")
	ErrNoContainer = errors.New("task has no running container to open a shell in")
)

// LookPath finds a program on PATH, as exec.LookPath does; tests pass
// their own so no test depends on the machine's tools.
type LookPath func(file string) (string, error)

// Target is where the shell opens and with which credentials.
type Target struct {
	Cluster   string
	TaskARN   string
	Container string
	Region    string
	Profile   string // "" for the default credential chain
	Endpoint  string // "" for AWS's own endpoint
}

// Check reports the first reason t cannot take a shell, or nil. The
// task's own state comes first: installing a tool would not help a
// stopped task.
func Check(t providers.Task, look LookPath) error {
	if t.LastStatus != "RUNNING" || t.DesiredStatus == "STOPPED" {
		return ErrNotRunning
	}
	if !t.ExecEnabled {
		return ErrDisabled
	}
	if _, err := look(AWSCLI); err != nil {
		return ErrNoAWS
	}
	if _, err := look(Plugin); err != nil {
		return ErrNoPlugin
	}
	return nil
}

// Container picks the container of t to open the shell in: the first
// running essential one (essential holds the task definition's essential
// container names; nil while it is not read), else the first running one.
// It returns ErrNoContainer when none runs.
func Container(t providers.Task, essential map[string]bool) (string, error) {
	first := ""
	for _, c := range t.Containers {
		if c.LastStatus != "RUNNING" {
			continue
		}
		if essential[c.Name] {
			return c.Name, nil
		}
		if first == "" {
			first = c.Name
		}
	}
	if first == "" {
		return "", ErrNoContainer
	}
	return first, nil
}

// Args is the AWS CLI command line (without the program name) that opens
// an interactive shell in the target.
func Args(t Target) []string {
	out := []string{"ecs", "execute-command", "--cluster", t.Cluster, "--task", t.TaskARN,
		"--container", t.Container, "--interactive", "--command", Shell}
	if t.Region != "" {
		out = append(out, "--region", t.Region)
	}
	if t.Profile != "" {
		out = append(out, "--profile", t.Profile)
	}
	if t.Endpoint != "" {
		out = append(out, "--endpoint-url", t.Endpoint)
	}
	return out
}
