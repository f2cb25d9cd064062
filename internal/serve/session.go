package serve

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/virgahq/virga/providers/shared"
)

// Session is one SSH session as the CLI or the TUI sees it: who is on
// the other end, what it asked to run, its streams, and the backends it
// may read and act through.
type Session struct {
	// User is the SSH user name the client sent, sanitized; Key is the
	// authorized key it proved it holds, which is what identifies it.
	User string
	Key  Key
	// Args is the command ("get functions -o json"); empty for the TUI.
	Args []string
	// Env holds only the client's terminal variables (TERM, COLORTERM,
	// NO_COLOR); nothing else a client sends reaches virga.
	Env    []string
	Remote string

	Stdin          io.Reader
	Stdout, Stderr io.Writer

	ctx      context.Context
	cancel   context.CancelCauseFunc
	accounts *Accounts
	guard    func(ctx context.Context, op string) error

	mu     sync.Mutex
	views  []*shared.View
	notify func(string)

	last atomic.Int64 // unix nanoseconds of the last activity
}

// Context ends when the client leaves, the session is idle too long, or
// the server shuts down.
func (s *Session) Context() context.Context { return s.ctx }

// Actor names the session in the journal: the SSH user and, when it
// says something else, the key's comment.
func (s *Session) Actor() string {
	if s.Key.Comment != "" && s.Key.Comment != s.User {
		return s.User + " (" + s.Key.Comment + ")"
	}
	return s.User
}

// Open returns the session's view of the shared cache of profile and
// region ("" for the server's defaults): a viewer's is read-only for
// good, an operator's actions pass the key's rate limit.
func (s *Session) Open(ctx context.Context, profile, region string) (*shared.View, error) {
	c, err := s.accounts.Cache(ctx, profile, region)
	if err != nil {
		return nil, err
	}
	v := c.View(shared.ViewOptions{ReadOnly: s.Key.Role == Viewer, Guard: s.guard})
	s.mu.Lock()
	s.views = append(s.views, v)
	s.mu.Unlock()
	return v, nil
}

// Profiles and Regions are what the session may switch to.
func (s *Session) Profiles() []string { return s.accounts.Profiles() }
func (s *Session) Regions() []string  { return s.accounts.Regions() }

// SetNotify sets how a message reaches the person (the TUI's status line,
// or stderr for a command).
func (s *Session) SetNotify(f func(string)) {
	s.mu.Lock()
	s.notify = f
	s.mu.Unlock()
}

// Notify tells the person something (the server going down).
func (s *Session) Notify(text string) {
	s.mu.Lock()
	f := s.notify
	s.mu.Unlock()
	if f != nil {
		f(text)
	}
}

func (s *Session) touch() { s.last.Store(time.Now().UnixNano()) }

// close releases the session's views.
func (s *Session) close() {
	s.mu.Lock()
	views := s.views
	s.views = nil
	s.mu.Unlock()
	for _, v := range views {
		_ = v.Close()
	}
}

// terminalEnv keeps the variables that describe the client's terminal.
func terminalEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if slices.Contains([]string{"TERM", "COLORTERM", "NO_COLOR"}, name) {
			out = append(out, kv)
		}
	}
	return out
}

// activity counts reads (and, for commands, writes) as a sign of life.
type activityReader struct {
	r io.Reader
	s *Session
}

func (a activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.s.touch()
	}
	return n, err
}

type activityWriter struct {
	w io.Writer
	s *Session
}

func (a activityWriter) Write(p []byte) (int, error) {
	a.s.touch()
	return a.w.Write(p)
}
