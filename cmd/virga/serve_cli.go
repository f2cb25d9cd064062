package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/serve"
	"github.com/virgahq/virga/views/sanitize"
)

// remoteCLI is what a virga serve session's command runs with: the
// session (its shared backend, its key and role) and the server's
// journal.
type remoteCLI struct {
	sess        *serve.Session
	journalPath string
}

var errRemoteTUI = errors.New("the TUI needs a terminal: connect with `ssh -t`")

// remoteCommands are the subcommands a session may run; serve itself and
// anything added later are refused until someone decides otherwise.
// describe only reads (one API document through the session's view).
var remoteCommands = map[string]bool{
	"get": true, "logs": true, "describe": true, "invoke": true, "scale": true, "redeploy": true,
	"rollback": true, "alias": true, "stop": true, "restart": true, "help": true, "version": true,
}

// serverOnlyFlags would let a client pick the server's files, endpoints
// or simulated accounts.
var serverOnlyFlags = []string{"demo", "demo-functions", "demo-services", "demo-seed", "endpoint-url", "config", "log-file"}

// open gives the CLI the session's view of the shared cache for the
// profile and region it asked for (the server's defaults unless given,
// and only those the server allows).
func (r *remoteCLI) open(ctx context.Context, f *flags) (*backend, error) {
	v, err := r.sess.Open(ctx, f.profile, f.region)
	if err != nil {
		return nil, err
	}
	return &backend{backend: v, now: time.Now, profile: f.profile, close: func() { _ = v.Close() }}, nil
}

// journal is where this run's actions are recorded: the local user's
// journal, or for a serve session the server's, naming its SSH user and
// key.
func (f *flags) journal() *journal.Journal {
	if f.remote != nil {
		return journal.OpenAs(f.remote.journalPath, f.remote.sess.Actor(), f.remote.sess.Key.Fingerprint)
	}
	return journal.Open(journal.DefaultPath(), journal.DefaultActor())
}

// check refuses what a session's command may not do: server-side files
// and endpoints, reading a payload from a server file, and any command
// not meant for sessions. A viewer's runs are read-only.
func (r *remoteCLI) check(cmd *cobra.Command, f *flags) error {
	top := cmd
	for top.HasParent() && top.Parent().HasParent() {
		top = top.Parent()
	}
	if top.HasParent() && !remoteCommands[top.Name()] {
		return usagef("%q is not available over SSH", top.Name())
	}
	for _, name := range serverOnlyFlags {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
			return usagef("--%s is set by the server, not over SSH", name)
		}
	}
	if fl := cmd.Flags().Lookup("payload"); fl != nil && strings.HasPrefix(fl.Value.String(), "@") && fl.Value.String() != "@-" {
		return usagef("--payload @FILE would read a file on the server: send the payload on stdin with --payload @-")
	}
	if r.sess.Key.Role == serve.Viewer {
		f.readOnly = true
	}
	return nil
}

// runRemote runs a session's command with the session's streams and
// returns its exit status.
func runRemote(s *serve.Session, journalPath string) int {
	rc := &remoteCLI{sess: s, journalPath: journalPath}
	root, closeLog := newRoot(s.Stdout, s.Stderr, rc)
	root.SetIn(s.Stdin)
	root.SetArgs(s.Args)
	err := root.ExecuteContext(s.Context())
	closeLog()
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		if ee.code == exitReadOnly && s.Key.Role == serve.Viewer {
			fmt.Fprintln(s.Stderr, "virga serve: your key is a viewer here; actions need a key with role=operator")
		}
		return ee.code
	}
	// Errors quote what the client sent.
	fmt.Fprintln(s.Stderr, "virga: "+sanitize.Line(err.Error()))
	return exitCode(err)
}
