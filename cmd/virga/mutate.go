package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Exit codes of the mutating subcommands, for runbooks.
const (
	exitFailed       = 1 // the call failed
	exitNotConfirm   = 2 // not confirmed (no --yes and no terminal, or a wrong answer)
	exitReadOnly     = 3 // refused by read-only mode
	exitUnsuccessful = 4 // the call worked but the outcome did not (function error, failed rollout)
)

// mutateFlags are the flags every mutating subcommand shares.
type mutateFlags struct {
	yes         bool
	wait        bool
	waitTimeout time.Duration
	timeout     time.Duration
}

func addMutateFlags(cmd *cobra.Command, m *mutateFlags, waitDefault bool) {
	addConfirmFlags(cmd, m)
	cmd.Flags().BoolVar(&m.wait, "wait", waitDefault, "wait until the change has taken effect, printing progress")
	cmd.Flags().DurationVar(&m.waitTimeout, "wait-timeout", 15*time.Minute, "give up waiting after this long")
}

// addConfirmFlags adds the flags of a change that has nothing to wait
// for (an invocation, an alias, a stopped task).
func addConfirmFlags(cmd *cobra.Command, m *mutateFlags) {
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "confirm without asking (needed when stdin is not a terminal)")
	cmd.Flags().DurationVar(&m.timeout, "call-timeout", 2*time.Minute, "deadline of each AWS call")
}

// session is what a mutating subcommand acts with: the backend, who it
// is, whether read-only mode applies, the journal, and the terminal.
type session struct {
	be       *backend
	id       providers.Identity
	readOnly bool
	// locked says why the config file refuses every change ("" when it
	// does not): it could not be read, or a read-only rule in it is bad.
	locked  string
	log     *slog.Logger
	journal *journal.Journal
	in      io.Reader
	out     io.Writer // results: for pipes and scripts
	errOut  io.Writer // the plan, prompts and progress: for people
	// interactive says a person can answer a prompt on in.
	interactive bool
	now         func() time.Time
	// tick paces progress polls; tests make it instant.
	tick func(time.Duration) <-chan time.Time
}

// openSession opens the backend, reads the identity (read-only defaults
// may name the account) and the config file's read-only defaults.
func openSession(cmd *cobra.Command, f *flags, timeout time.Duration) (*session, error) {
	lg := f.log
	if lg == nil {
		lg = discardLog()
	}
	cfg, notices := config.Load(f.configPath)
	for _, n := range notices {
		lg.Warn("config", "problem", n)
		fmt.Fprintln(cmd.ErrOrStderr(), "virga:", sanitize.Line(n))
	}
	be, err := openFor(cmd.Context(), f)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	id, err := be.backend.Identity(ctx)
	if err != nil {
		be.close()
		return nil, fmt.Errorf("who am I: %s", providers.Short(err))
	}
	readOnly := f.readOnly || cfg.ReadOnlyFor(id.Profile, id.Account)
	if ro, ok := be.backend.(providers.ReadOnlySetter); ok && readOnly {
		// The account is known now: the SDK wall covers account rules too.
		ro.SetReadOnly(true)
	}
	s := &session{
		be: be, id: id,
		readOnly:    readOnly,
		locked:      cfg.Locked,
		log:         lg,
		journal:     f.journal(),
		in:          cmd.InOrStdin(),
		out:         cmd.OutOrStdout(),
		errOut:      cmd.ErrOrStderr(),
		interactive: isTerminal(cmd.InOrStdin()),
		now:         be.now,
		tick:        time.After,
	}
	return s, nil
}

func (s *session) close() { s.be.close() }

// isTerminal reports whether v (stdin or stdout) is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// plan prints what the change is, before anything is sent.
func (s *session) plan(a action.Action) {
	w := s.errOut
	fmt.Fprintf(w, "%s\n", a.Title)
	fmt.Fprintf(w, "  account   %s · %s · profile %s\n", sanitize.Line(s.id.Account), sanitize.Line(s.id.Region), sanitize.Line(orDefault(s.id.Profile)))
	fmt.Fprintf(w, "  resource  %s\n", sanitize.Line(a.Resource.String()))
	if a.Before != "" {
		fmt.Fprintf(w, "  change    %s: %s -> %s\n", a.Change, sanitize.Line(a.Before), sanitize.Line(a.After))
	} else {
		fmt.Fprintf(w, "  change    %s: %s\n", a.Change, sanitize.Line(a.After))
	}
	if a.Note != "" {
		fmt.Fprintf(w, "  effect    %s\n", a.Note)
	}
	if r := a.Revert(s.id, providers.Receipt{}); r != "" {
		fmt.Fprintf(w, "  revert    %s\n", sanitize.Line(r))
	} else if a.NoRevert != "" {
		fmt.Fprintf(w, "  revert    none: %s\n", a.NoRevert)
	}
	fmt.Fprintf(w, "  %-9s %s\n", a.Tool(), sanitize.Line(a.Command(s.id)))
}

func orDefault(p string) string {
	if p == "" {
		return "default"
	}
	return p
}

// errNotConfirmed ends a run that was not confirmed.
var errNotConfirmed = errors.New("not confirmed")

// confirm gets the go-ahead: --yes, or, on a terminal, the resource name
// typed for a destructive change and "yes" for the others.
func (s *session) confirm(a action.Action, yes bool) error {
	if yes {
		return nil
	}
	if !s.interactive {
		fmt.Fprintln(s.errOut, "virga: not changed: stdin is not a terminal; pass --yes to confirm")
		return errNotConfirmed
	}
	want := "yes"
	if a.Destructive {
		want = a.ConfirmName()
	}
	fmt.Fprintf(s.errOut, "Type %s to confirm: ", sanitize.Line(want))
	line, err := bufio.NewReader(s.in).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(s.errOut)
		fmt.Fprintln(s.errOut, "virga: not changed: no answer")
		return errNotConfirmed
	}
	if strings.TrimSpace(line) != want {
		fmt.Fprintln(s.errOut, "virga: not changed: the answer did not match")
		return errNotConfirmed
	}
	return nil
}

// mutate is the CLI's action pipeline, the twin of the TUI's: read-only
// refusal, the plan, confirmation, one attempt, the journal line, the
// outcome with the request id, and optionally waiting for the effect.
// Every run writes one journal line, refused and unconfirmed ones too.
func (s *session) mutate(ctx context.Context, a action.Action, m mutateFlags) (action.Outcome, error) {
	if !a.Supported(s.be.backend) {
		return action.Outcome{}, fmt.Errorf("%s: not supported by this backend", a.Title)
	}
	s.plan(a)
	if s.readOnly {
		s.record(a.Refusal(s.id, "cli", s.now()))
		if s.locked != "" {
			fmt.Fprintf(s.errOut, "virga: refused: read-only mode: %s\n", sanitize.Line(s.locked))
		} else {
			fmt.Fprintf(s.errOut, "virga: refused: read-only mode (--read-only or the config file's read_only defaults for profile %s, account %s)\n",
				sanitize.Line(orDefault(s.id.Profile)), sanitize.Line(s.id.Account))
		}
		return action.Outcome{}, exitError{code: exitReadOnly, msg: "read-only mode"}
	}
	if err := s.confirm(a, m.yes); err != nil {
		e := a.Entry(s.id, "cli", action.Outcome{}, nil, s.now())
		e.Result, e.Error, e.Revert, e.RequestID = journal.ResultCancelled, "not confirmed", "", ""
		s.record(e)
		return action.Outcome{}, exitError{code: exitNotConfirm, msg: "not confirmed"}
	}
	cctx, cancel := context.WithTimeout(ctx, a.Timeout(m.timeout))
	out, err := a.Run(cctx, s.be.backend)
	cancel()
	s.record(a.Entry(s.id, "cli", out, err, s.now()))
	if action.IsMismatch(err) {
		// The call went through with another value than asked: say what
		// AWS holds now and how to undo it.
		fmt.Fprintf(s.errOut, "virga: %s: %s (request %s)\n", a.Title, sanitize.Line(err.Error()), sanitize.Line(out.Receipt.RequestID))
		if r := a.Revert(s.id, out.Receipt); r != "" {
			fmt.Fprintf(s.errOut, "revert with: %s\n", sanitize.Line(r))
		}
		return out, exitError{code: exitUnsuccessful, msg: err.Error()}
	}
	if err != nil {
		msg := providers.Short(err)
		var pe *providers.Error
		if errors.As(err, &pe) && pe.RequestID != "" {
			msg += " (request " + pe.RequestID + ")"
		}
		fmt.Fprintf(s.errOut, "virga: %s failed: %s\n", a.Title, sanitize.Line(msg))
		return out, exitError{code: exitFailed, msg: msg}
	}
	rid := out.Receipt.RequestID
	if a.Kind == action.Invoke {
		// stdout carries the response payload alone (printInvoke), so
		// `virga invoke ... | jq .` works; the outcome goes to stderr there.
		return out, nil
	}
	fmt.Fprintf(s.out, "ok %s %s request %s\n", a.Kind, sanitize.Line(a.Resource.Path()), sanitize.Line(rid))
	if out.Receipt.Result != "" && a.Kind == action.Publish {
		fmt.Fprintf(s.out, "version %s\n", sanitize.Line(out.Receipt.Result))
	}
	if r := a.Revert(s.id, out.Receipt); r != "" {
		fmt.Fprintf(s.errOut, "revert with: %s\n", sanitize.Line(r))
	}
	if m.wait && a.Waits() {
		return out, s.wait(ctx, a, out.Receipt, m)
	}
	return out, nil
}

func (s *session) record(e journal.Entry) {
	action.Log(s.log, e)
	if err := s.journal.Append(e); err != nil {
		fmt.Fprintln(s.errOut, "virga: warning:", err)
	}
}

// wait reads what changed until it settles, printing each new state.
func (s *session) wait(ctx context.Context, a action.Action, rc providers.Receipt, m mutateFlags) error {
	w := action.NewWatcher(a, rc, s.now(), m.waitTimeout)
	for {
		rctx, cancel := context.WithTimeout(ctx, m.timeout)
		p, err := w.Poll(rctx, s.be.backend)
		cancel()
		st := w.Next(p, err, s.now())
		switch {
		case st.Err != nil:
			fmt.Fprintf(s.errOut, "  %s  read failed: %s\n", s.now().Format("15:04:05"), sanitize.Line(providers.Short(st.Err)))
		case st.Changed:
			fmt.Fprintf(s.errOut, "  %s  %s\n", s.now().Format("15:04:05"), sanitize.Line(st.Text))
		}
		switch {
		case st.Done && st.Failed:
			return exitError{code: exitUnsuccessful, msg: st.Text}
		case st.Done:
			return nil
		case st.GaveUp:
			fmt.Fprintf(s.errOut, "virga: still in progress after %s; no longer waiting\n", m.waitTimeout)
			return exitError{code: exitUnsuccessful, msg: "timed out waiting"}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.tick(w.Every()):
		}
	}
}
