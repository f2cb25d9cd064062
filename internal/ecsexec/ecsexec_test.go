package ecsexec_test

import (
	"errors"
	"os/exec"
	"slices"
	"testing"

	"github.com/virgahq/virga/internal/ecsexec"
	"github.com/virgahq/virga/providers"
)

// onPath is a LookPath that finds only the named programs.
func onPath(names ...string) ecsexec.LookPath {
	return func(file string) (string, error) {
		if slices.Contains(names, file) {
			return "/usr/local/bin/" + file, nil
		}
		return "", exec.ErrNotFound
	}
}

func running(exec bool) providers.Task {
	return providers.Task{
		Cluster: "prod", ARN: "arn:aws:ecs:us-east-1:123456789012:task/prod/abc", LastStatus: "RUNNING",
		DesiredStatus: "RUNNING", ExecEnabled: exec,
		Containers: []providers.Container{
			{Name: "log-router", LastStatus: "RUNNING"}, {Name: "web", LastStatus: "RUNNING"},
		},
	}
}

func TestCheck(t *testing.T) {
	stopped := running(true)
	stopped.LastStatus, stopped.DesiredStatus = "STOPPED", "STOPPED"
	stopping := running(true)
	stopping.DesiredStatus = "STOPPED"
	both := onPath(ecsexec.AWSCLI, ecsexec.Plugin)
	for _, tc := range []struct {
		name string
		task providers.Task
		look ecsexec.LookPath
		want error
	}{
		{"ready", running(true), both, nil},
		{"no plugin", running(true), onPath(ecsexec.AWSCLI), ecsexec.ErrNoPlugin},
		{"no aws", running(true), onPath(ecsexec.Plugin), ecsexec.ErrNoAWS},
		{"exec disabled", running(false), both, ecsexec.ErrDisabled},
		{"stopped", stopped, both, ecsexec.ErrNotRunning},
		{"stopping", stopping, both, ecsexec.ErrNotRunning},
		// The task's state is named before the missing tools.
		{"disabled and no tools", running(false), onPath(), ecsexec.ErrDisabled},
	} {
		if got := ecsexec.Check(tc.task, tc.look); !errors.Is(got, tc.want) {
			t.Errorf("%s: Check = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestContainer(t *testing.T) {
	task := running(true)
	if got, err := ecsexec.Container(task, map[string]bool{"web": true}); err != nil || got != "web" {
		t.Errorf("essential web: got %q, %v", got, err)
	}
	if got, err := ecsexec.Container(task, nil); err != nil || got != "log-router" {
		t.Errorf("task definition not read: got %q, %v; want the first running container", got, err)
	}
	task.Containers[0].LastStatus = "STOPPED"
	if got, _ := ecsexec.Container(task, nil); got != "web" {
		t.Errorf("first container stopped: got %q, want web", got)
	}
	task.Containers[1].LastStatus = "PENDING"
	if _, err := ecsexec.Container(task, nil); !errors.Is(err, ecsexec.ErrNoContainer) {
		t.Errorf("no container running: err = %v", err)
	}
}

func TestArgs(t *testing.T) {
	base := []string{"ecs", "execute-command", "--cluster", "prod", "--task", "arn:aws:ecs:us-east-1:1:task/prod/abc",
		"--container", "web", "--interactive", "--command", "/bin/sh", "--region", "us-east-1"}
	tg := ecsexec.Target{Cluster: "prod", TaskARN: "arn:aws:ecs:us-east-1:1:task/prod/abc", Container: "web", Region: "us-east-1"}
	if got := ecsexec.Args(tg); !slices.Equal(got, base) {
		t.Errorf("default credentials:\n got %q\nwant %q", got, base)
	}
	tg.Profile, tg.Endpoint = "ops", "http://127.0.0.1:5000"
	want := append(slices.Clone(base), "--profile", "ops", "--endpoint-url", "http://127.0.0.1:5000")
	if got := ecsexec.Args(tg); !slices.Equal(got, want) {
		t.Errorf("profile and endpoint:\n got %q\nwant %q", got, want)
	}
}
