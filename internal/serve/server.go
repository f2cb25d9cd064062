// Package serve is virga's SSH server: the TUI for `ssh -t` and the CLI
// for `ssh host COMMAND`, for a whole on-call team, on charm's wish.
//
// Only public keys listed in an authorized-keys file get in, each with a
// role (viewer or operator). There is no password or keyboard-interactive
// authentication, no shell, no port or agent forwarding and no subsystem.
// All sessions read one account and region through one shared cache
// (providers/shared) and act as the server's own AWS identity; the
// journal names the SSH user and key of every action.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Config is the server's configuration.
type Config struct {
	HostKey        string // private host key file, created when missing
	AuthorizedKeys string // OpenSSH authorized_keys with role= options
	Accounts       *Accounts
	// MaxSessions caps sessions open at once (default 32).
	MaxSessions int
	// IdleTimeout ends a session without input for this long (default
	// 30m); a command that is still printing is not idle.
	IdleTimeout time.Duration
	// ActionsPerMinute is each key's budget of actions (default 10, with
	// bursts of 3); negative means no limit.
	ActionsPerMinute int
	// Grace is how long sessions have after a shutdown begins (default
	// 10s).
	Grace time.Duration
	// Log receives the server's log; default discards it.
	Log *slog.Logger
	// Command runs a command session (ssh host get functions) and returns
	// its exit status.
	Command func(s *Session) int
	// Program builds the TUI of an interactive session (ssh -t host) and
	// what to run when it ends.
	Program func(s *Session) (tea.Model, func(), error)
	// Notice wraps a message for the TUI's status line.
	Notice func(text string) tea.Msg
	// FPS is the TUI's frame rate (default 15).
	FPS int
}

func (c *Config) defaults() {
	if c.MaxSessions <= 0 {
		c.MaxSessions = 32
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.ActionsPerMinute == 0 {
		c.ActionsPerMinute = 10
	}
	if c.Grace <= 0 {
		c.Grace = 10 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.FPS <= 0 {
		c.FPS = 15
	}
}

// Why a session was ended by the server.
var (
	errIdle     = errors.New("idle for too long")
	errShutdown = errors.New("the server shut down")
)

// Server serves SSH sessions.
type Server struct {
	cfg  Config
	keys *Keys
	srv  *ssh.Server
	// HostKeyFingerprint is the host key's SHA256 fingerprint, for the
	// log and for clients' known_hosts.
	HostKeyFingerprint string

	mu       sync.Mutex
	closing  bool
	sessions map[*Session]struct{}
	limiters map[string]*rate.Limiter
	handlers sync.WaitGroup
}

// New reads (or creates) the host key and the authorized keys and builds
// the server.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	s := &Server{cfg: cfg, sessions: map[*Session]struct{}{}, limiters: map[string]*rate.Limiter{}}
	keys, err := LoadKeys(cfg.AuthorizedKeys, func(msg string) { cfg.Log.Warn(msg) })
	if err != nil {
		return nil, err
	}
	s.keys = keys
	signer, created, err := HostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s.HostKeyFingerprint = fingerprint(signer.PublicKey())
	if created {
		cfg.Log.Info("generated a host key", "file", cfg.HostKey, "fingerprint", s.HostKeyFingerprint)
	}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithVersion("virga"),
	)
	if err != nil {
		return nil, err
	}
	srv.Handler = s.handle
	srv.HandshakeTimeout = 30 * time.Second
	// Only session channels, and within them no agent forwarding; no
	// global requests (tcpip-forward), no subsystems (sftp), and no port
	// forwarding callbacks: each is refused.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionWithoutAgent}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		cfg.Log.Info("connection failed", "remote", conn.RemoteAddr().String(), "err", sanitize.Line(err.Error()))
	}
	s.srv = srv
	return s, nil
}

// Serve accepts connections on ln until Shutdown; it returns
// ssh.ErrServerClosed then.
func (s *Server) Serve(ln net.Listener) error { return s.srv.Serve(ln) }

// authorize admits a key listed in the authorized-keys file.
func (s *Server) authorize(ctx ssh.Context, pub ssh.PublicKey) bool {
	_, ok := s.keys.Lookup(pub)
	if !ok {
		s.cfg.Log.Info("key refused", "user", sanitize.LineMax(ctx.User(), 64), "key", fingerprint(pub),
			"remote", ctx.RemoteAddr().String())
	}
	return ok
}

// handle runs one session: the TUI for a terminal without a command, the
// CLI for a command, and nothing else.
func (s *Server) handle(sess ssh.Session) {
	key, ok := s.keys.Lookup(sess.PublicKey())
	if !ok {
		s.refuse(sess, "this key is no longer authorized")
		return
	}
	se, err := s.begin(sess, key)
	if err != nil {
		s.refuse(sess, err.Error())
		return
	}
	started := time.Now()
	code := 0
	defer func() {
		s.end(se)
		s.cfg.Log.Info("session ended", "user", se.User, "key", key.Fingerprint, "exit", code,
			"duration", time.Since(started).Round(time.Second).String(), "why", cause(se))
	}()
	_, _, isPty := sess.Pty()
	s.cfg.Log.Info("session", "user", se.User, "key", key.Fingerprint, "role", key.Role.String(),
		"remote", se.Remote, "pty", isPty, "command", quote(se.Args))
	switch {
	case len(se.Args) == 0 && isPty:
		code = s.interactive(se, sess)
	case len(se.Args) == 0:
		code = 1
		s.refuse(sess, "there is no shell here: `ssh -t` for the TUI, or a command such as `get functions -o json`")
		return
	default:
		code = s.cfg.Command(se)
	}
	if why := context.Cause(se.ctx); errors.Is(why, errIdle) || errors.Is(why, errShutdown) {
		fmt.Fprintln(sess.Stderr(), "virga serve: session ended: "+why.Error())
	}
	_ = sess.Exit(code)
}

func (s *Server) refuse(sess ssh.Session, why string) {
	fmt.Fprintln(sess.Stderr(), "virga serve: "+why)
	_ = sess.Exit(1)
}

// begin registers a session unless the server is full or going down.
func (s *Server) begin(sess ssh.Session, key Key) (*Session, error) {
	guard := s.guard(key.Fingerprint)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil, errors.New("the server is shutting down")
	}
	if len(s.sessions) >= s.cfg.MaxSessions {
		return nil, fmt.Errorf("the server has %d sessions open, its limit; try again later", s.cfg.MaxSessions)
	}
	ctx, cancel := context.WithCancelCause(sess.Context())
	env := terminalEnv(sess.Environ())
	if pty, _, ok := sess.Pty(); ok {
		env = append(env, "TERM="+sanitize.LineMax(pty.Term, 64))
	}
	se := &Session{
		User:     sanitize.LineMax(sess.User(), 64),
		Key:      key,
		Args:     sess.Command(),
		Env:      env,
		Remote:   sess.RemoteAddr().String(),
		ctx:      ctx,
		cancel:   cancel,
		accounts: s.cfg.Accounts,
		guard:    guard,
	}
	se.Stdin = activityReader{r: sess, s: se}
	// A command that prints is not idle (logs --follow); the TUI draws on
	// its own, so only its input counts (see interactive).
	se.Stdout = activityWriter{w: sess, s: se}
	se.Stderr = activityWriter{w: sess.Stderr(), s: se}
	se.SetNotify(func(text string) { fmt.Fprintln(sess.Stderr(), "virga serve: "+text) })
	se.touch()
	s.sessions[se] = struct{}{}
	s.handlers.Add(1)
	s.watchIdle(se)
	return se, nil
}

func (s *Server) end(se *Session) {
	se.cancel(nil)
	se.close()
	s.mu.Lock()
	delete(s.sessions, se)
	s.mu.Unlock()
	s.handlers.Done()
}

// watchIdle ends the session after IdleTimeout without activity. The
// timer re-arms itself for the time left; no goroutine waits meanwhile.
func (s *Server) watchIdle(se *Session) {
	idle := s.cfg.IdleTimeout
	var t *time.Timer
	t = time.AfterFunc(idle, func() {
		if se.ctx.Err() != nil {
			return
		}
		quiet := time.Since(time.Unix(0, se.last.Load()))
		if quiet < idle {
			t.Reset(idle - quiet)
			return
		}
		se.cancel(errIdle)
	})
	context.AfterFunc(se.ctx, func() { t.Stop() })
}

// guard is a key's action budget, shared by all its sessions.
func (s *Server) guard(fp string) func(context.Context, string) error {
	n := s.cfg.ActionsPerMinute
	if n < 0 {
		return nil
	}
	s.mu.Lock()
	lim, ok := s.limiters[fp]
	if !ok {
		lim = rate.NewLimiter(rate.Every(time.Minute/time.Duration(n)), min(3, n))
		s.limiters[fp] = lim
	}
	s.mu.Unlock()
	return func(_ context.Context, op string) error {
		r := lim.Reserve()
		if d := r.Delay(); d > 0 {
			r.Cancel()
			return &providers.Error{Kind: providers.ErrThrottled, Op: op, RetryAfter: d,
				Message: "rate limit: at most " + strconv.Itoa(n) + " actions a minute per key on this server; try again in " +
					d.Round(time.Second).String()}
		}
		return nil
	}
}

// Shutdown tells every session the server is going down, lets them run
// for the grace period (new sessions are refused), then ends those left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*Session, 0, len(s.sessions))
	for se := range s.sessions {
		open = append(open, se)
	}
	s.mu.Unlock()
	for _, se := range open {
		se.Notify("the server is shutting down: this session ends in " + s.cfg.Grace.String())
	}
	graceCtx, cancel := context.WithTimeout(ctx, s.cfg.Grace)
	defer cancel()
	err := s.srv.Shutdown(graceCtx)
	if err == nil {
		s.handlers.Wait()
		return nil
	}
	s.mu.Lock()
	for se := range s.sessions {
		se.cancel(errShutdown)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.handlers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	return s.srv.Close()
}

// Sessions is how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

func cause(se *Session) string {
	if why := context.Cause(se.ctx); why != nil && !errors.Is(why, context.Canceled) {
		return why.Error()
	}
	return "done"
}

func fingerprint(pub ssh.PublicKey) string {
	if pub == nil {
		return "none"
	}
	return gossh.FingerprintSHA256(pub)
}

// quote shows a command as one line, each argument quoted when it needs
// it and sanitized: the log is read on a terminal too.
func quote(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'\\") {
			a = strconv.Quote(a)
		}
		parts[i] = a
	}
	return sanitize.LineMax(strings.Join(parts, " "), 512)
}
