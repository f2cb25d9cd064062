// Package action describes every change virga can make to an AWS account
// before it is made: what it changes from what to what, whether it is
// destructive, the equivalent aws CLI command, the command that reverts it,
// the provider call that makes it, and how to tell when it has taken
// effect. The TUI's action pipeline and the CLI's mutating subcommands
// build the same Action values and run them through the same Run, so both
// make exactly the same provider calls; each adds its own read-only check,
// confirmation and journal write around it.
package action

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// Kind names a kind of change. It is what the journal records as the
// action.
type Kind string

// The kinds of change.
const (
	Invoke             Kind = "lambda.invoke"
	ReservedSet        Kind = "lambda.reserved-concurrency"
	ReservedRemove     Kind = "lambda.reserved-concurrency-remove"
	KillSwitch         Kind = "lambda.kill-switch"
	KillSwitchRestore  Kind = "lambda.kill-switch-restore"
	ProvisionedSet     Kind = "lambda.provisioned-concurrency"
	ProvisionedRemove  Kind = "lambda.provisioned-concurrency-remove"
	Configuration      Kind = "lambda.configuration"
	Publish            Kind = "lambda.publish-version"
	AliasUpdate        Kind = "lambda.alias"
	AliasRollback      Kind = "lambda.alias-rollback"
	CodeUpdate         Kind = "lambda.code"
	EventSourceEnable  Kind = "lambda.event-source-enable"
	EventSourceDisable Kind = "lambda.event-source-disable"
	ServiceScale       Kind = "ecs.scale"
	ServiceRedeploy    Kind = "ecs.redeploy"
	ServiceRollback    Kind = "ecs.rollback"
	TaskStop           Kind = "ecs.stop-task"
	PodDelete          Kind = "eks.delete-pod"
	DeploymentScale    Kind = "eks.scale-deployment"
	DeploymentRestart  Kind = "eks.rollout-restart"
)

// Resource is what an action changes.
type Resource struct {
	// Type is "function", "alias", "event source mapping", "service",
	// "task", or Kubernetes' "pod" and "deployment".
	Type      string
	Function  string
	Qualifier string // alias or version
	UUID      string // event source mapping
	Source    string // event source ARN, for display
	Cluster   string
	Service   string
	Task      string
	// Namespace and Name name a Kubernetes object of Cluster (an EKS
	// cluster); Deployment is a pod's deployment, for watching it.
	Namespace  string
	Name       string
	Deployment string
}

// String names the resource for people: "function image-resize",
// "service prod-api/catalog-api".
func (r Resource) String() string {
	switch r.Type {
	case "alias":
		return "alias " + r.Function + ":" + r.Qualifier
	case "event source mapping":
		return "event source " + lastPart(r.Source) + " → " + r.Function
	case "service", "task", "pod", "deployment":
		return r.Type + " " + r.within()
	}
	if r.Qualifier != "" {
		return "function " + r.Function + ":" + r.Qualifier
	}
	return "function " + r.Function
}

// Path names the resource in the journal: "function/image-resize",
// "service/prod-api/catalog-api".
func (r Resource) Path() string {
	switch r.Type {
	case "alias":
		return "alias/" + r.Function + "/" + r.Qualifier
	case "event source mapping":
		return "event-source-mapping/" + r.UUID
	case "service", "task", "pod", "deployment":
		return r.Type + "/" + r.within()
	}
	return "function/" + r.Function
}

// within names a resource of a cluster after its cluster, as both String
// and Path write it: "prod-api/catalog-api", "edge-eks/default/web".
func (r Resource) within() string {
	switch r.Type {
	case "service":
		return r.Cluster + "/" + r.Service
	case "task":
		return r.Cluster + "/" + r.Task
	}
	return r.Cluster + "/" + r.Namespace + "/" + r.Name
}

// Action is one change, fully described before it is made.
type Action struct {
	Kind Kind
	// Title is what the confirmation is about: "Kill switch".
	Title    string
	Resource Resource
	// Change names what changes ("reserved concurrency"); Before and
	// After are its values.
	Change        string
	Before, After string
	// Destructive changes stop work (a throttle, desired 0, a stopped
	// task, a rollback, a disabled trigger): confirming them needs the
	// resource's name typed.
	Destructive bool
	// Note says what the change will do, in a few words.
	Note string
	// Params are the call's parameters for the journal (masked there).
	Params map[string]string

	// tool is the command line tool of args: toolAWS ("") or toolKubectl.
	tool string
	// args is the aws CLI command without the global options;
	// journalArgs, when set, is the same command with secrets masked (an
	// invocation payload), for the journal.
	args        []string
	journalArgs []string
	// revert builds the command that undoes the change once the receipt
	// is known (a published version's number); nil when nothing does.
	revert func(providers.Receipt) []string
	// NoRevert says why there is no revert command.
	NoRevert string
	// needs is the capability Run uses, for Supported.
	needs func(providers.Backend) bool
	run   func(ctx context.Context, b providers.Backend) (Outcome, error)
	// watch says what to poll after success, and when it is done.
	watch watchSpec
	// invoke is the request of an Invoke action.
	invoke *providers.InvokeRequest
	// expect holds the values asked for, by Receipt.Applied name, to
	// compare with what AWS answers.
	expect map[string]string
}

// Outcome is what a successful Run returns.
type Outcome struct {
	Receipt providers.Receipt
	// Invoke is the result of an Invoke action.
	Invoke *providers.InvokeResult
}

// ErrUnsupported is returned by Run when the backend lacks the capability
// the action needs.
var ErrUnsupported = errors.New("not supported by this backend")

// can reports whether b offers the capability C (an interface of
// providers): what an action needs to run.
func can[C any](b providers.Backend) bool {
	_, ok := b.(C)
	return ok
}

// Supported reports whether b can make this change.
func (a Action) Supported(b providers.Backend) bool { return a.needs != nil && a.needs(b) }

// Run makes the change: exactly one provider call, never retried here.
// Callers check read-only mode and get confirmation first. When AWS
// answers with other values than were asked, the Outcome is kept and the
// error is a *MismatchError.
func (a Action) Run(ctx context.Context, b providers.Backend) (Outcome, error) {
	if !a.Supported(b) || a.run == nil {
		return Outcome{}, ErrUnsupported
	}
	out, err := a.run(ctx, b)
	if err == nil {
		err = a.check(out.Receipt)
	}
	return out, err
}

// ConfirmName is what a person types to confirm a destructive change: the
// function or service name, or the first 8 characters of a task id (what
// the ECS console shows).
func (a Action) ConfirmName() string {
	r := a.Resource
	switch r.Type {
	case "service":
		return r.Service
	case "task":
		if len(r.Task) > 8 {
			return r.Task[:8]
		}
		return r.Task
	case "pod", "deployment":
		return r.Name
	}
	return r.Function
}

// InvokeRequest returns the request of an Invoke action.
func (a Action) InvokeRequest() (providers.InvokeRequest, bool) {
	if a.invoke == nil {
		return providers.InvokeRequest{}, false
	}
	return *a.invoke, true
}

// Timeout is how long Run may take: a synchronous invocation may run for
// Lambda's 15-minute maximum; every other change is one control-plane call.
func (a Action) Timeout(call time.Duration) time.Duration {
	if a.Kind == Invoke {
		return 15*time.Minute + 30*time.Second
	}
	return call
}

// The command line tools of the equivalent commands.
const (
	toolAWS     = ""
	toolKubectl = "kubectl"
)

// Tool names the program of the equivalent command: "aws" or "kubectl".
func (a Action) Tool() string {
	if a.tool == toolKubectl {
		return toolKubectl
	}
	return "aws"
}

// Command is the equivalent aws CLI (or kubectl) command, shell-quoted,
// for the account and region of id.
func (a Action) Command(id providers.Identity) string {
	return a.command(id, a.args)
}

func (a Action) command(id providers.Identity, args []string) string {
	if len(args) == 0 {
		return ""
	}
	if a.tool == toolKubectl {
		return Shell(append(append([]string{"kubectl"}, args...), kubeGlobals(id, a.Resource.Cluster)...))
	}
	return Shell(append(append([]string{"aws"}, args...), awsGlobals(id)...))
}

func (a Action) journalCommand(id providers.Identity) string {
	if a.journalArgs == nil {
		return a.Command(id)
	}
	return a.command(id, a.journalArgs)
}

// kubeGlobals names the kubeconfig context of an EKS cluster as `aws eks
// update-kubeconfig` writes it: the cluster's ARN.
func kubeGlobals(id providers.Identity, cluster string) []string {
	if id.Account == "" || id.Region == "" {
		return nil
	}
	return []string{"--context", "arn:aws:eks:" + id.Region + ":" + id.Account + ":cluster/" + cluster}
}

// Revert is the command that undoes the change, "" when none does.
func (a Action) Revert(id providers.Identity, r providers.Receipt) string {
	if a.revert == nil {
		return ""
	}
	argv := a.revert(r)
	if len(argv) == 0 {
		return ""
	}
	if argv[0] == "virga" {
		return Shell(append(argv, virgaGlobals(id)...))
	}
	return Shell(append(argv, awsGlobals(id)...))
}

func awsGlobals(id providers.Identity) []string {
	var out []string
	if id.Region != "" {
		out = append(out, "--region", id.Region)
	}
	if id.Profile != "" && !id.Demo {
		out = append(out, "--profile", id.Profile)
	}
	return out
}

func virgaGlobals(id providers.Identity) []string {
	if id.Demo {
		return []string{"--demo"}
	}
	return awsGlobals(id)
}

// Entry is the journal line of this action.
func (a Action) Entry(id providers.Identity, source string, out Outcome, err error, at time.Time) journal.Entry {
	e := journal.Entry{
		Time: at, Source: source, Caller: id.ARN, Profile: id.Profile, Account: id.Account, Region: id.Region,
		Action: string(a.Kind), Resource: a.Resource.Path(), Params: a.Params,
		Before: a.Before, After: a.After, Command: a.journalCommand(id),
		RequestID: out.Receipt.RequestID, Result: journal.ResultOK,
	}
	if out.Invoke != nil && e.RequestID == "" {
		e.RequestID = out.Invoke.RequestID
	}
	if err != nil {
		e.Result, e.Error = journal.ResultFailed, err.Error()
		if IsMismatch(err) {
			// Something did change: how to undo it is worth keeping.
			e.Revert = a.Revert(id, out.Receipt)
			return e
		}
		var pe *providers.Error
		if errors.As(err, &pe) {
			if pe.Kind == providers.ErrReadOnly {
				e.Result = journal.ResultRefused
			}
			if e.RequestID == "" {
				e.RequestID = pe.RequestID
			}
		}
		return e
	}
	if out.Invoke != nil && out.Invoke.FunctionError != "" {
		// The call worked but the function did not: the journal says so,
		// as the status line and the CLI's exit code do.
		e.Result, e.Error = journal.ResultFailed, "function error "+out.Invoke.FunctionError
		return e
	}
	if out.Receipt.Result != "" && a.Kind == Publish {
		e.After = "version " + out.Receipt.Result
	}
	e.Revert = a.Revert(id, out.Receipt)
	return e
}

// Refusal is the journal line of an action refused by read-only mode.
func (a Action) Refusal(id providers.Identity, source string, at time.Time) journal.Entry {
	e := a.Entry(id, source, Outcome{}, nil, at)
	e.Result, e.Error, e.Revert = journal.ResultRefused, "read-only mode", ""
	return e
}

// Shell joins argv into one command line, quoting each word for a POSIX
// shell so a copied command runs as shown, whatever the names contain.
func Shell(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = quote(a)
	}
	return strings.Join(out, " ")
}

func quote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lastPart is the resource part of an ARN.
func lastPart(arn string) string {
	if i := strings.LastIndexAny(arn, ":/"); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	return arn
}
