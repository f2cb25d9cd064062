package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/virgahq/virga/internal/serve"
	"github.com/virgahq/virga/internal/testkit"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// serveEnv is virga serve on a loopback port over the simulated account
// (as --demo serves it), with a viewer and an operator key.
type serveEnv struct {
	acct     *sim.Account
	srv      *serve.Server
	addr     string
	dir      string
	keysFile string
	journal  string
	viewer   gossh.Signer
	operator gossh.Signer
	log      *testkit.Buffer
	close    func()
}

func authorizedLine(s gossh.Signer, opts, comment string) string {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + comment
	if opts != "" {
		line = opts + " " + line
	}
	return line + "\n"
}

// startServe starts the server; sf adjusts its flags. The server and
// everything under it stop when the test ends (or when close is called).
func startServe(t *testing.T, adjust func(*serveFlags)) *serveEnv {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	e := &serveEnv{dir: t.TempDir(), viewer: testkit.SSHKey(t), operator: testkit.SSHKey(t), log: &testkit.Buffer{}}
	e.keysFile = filepath.Join(e.dir, "authorized_keys")
	e.journal = filepath.Join(e.dir, "journal.jsonl")
	keys := authorizedLine(e.viewer, "", "alice@laptop") + authorizedLine(e.operator, "role=operator", "bob@laptop")
	testkit.WriteFile(t, e.keysFile, keys)
	e.acct = sim.New(sim.Config{Seed: 1, Now: time.Now})
	simSrv, err := server.Start(e.acct)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// As openDemo does: the simulated clusters are reached with EKS
	// tokens, whatever the machine's kubeconfig holds.
	p, err := awsprov.New(ctx, awsprov.Config{Region: "us-east-1", EndpointURL: simSrv.URL(), AccessKeyID: demoKeys, SecretAccessKey: demoKeys,
		NoKubeconfig: true})
	if err != nil {
		simSrv.Close()
		t.Fatal(err)
	}
	up := demoBackend{p}
	open := func(_ context.Context, profile, region string) (shared.Upstream, func(), error) {
		if profile != "" || region != "" {
			return nil, nil, errors.New("one simulated account")
		}
		return up, func() {}, nil
	}
	sf := &serveFlags{hostKey: filepath.Join(e.dir, "host_key"), authorizedKeys: e.keysFile, journal: e.journal,
		maxSessions: 8, idle: time.Hour, actions: 10, grace: 200 * time.Millisecond}
	if adjust != nil {
		adjust(sf)
	}
	log := slog.New(slog.NewTextHandler(e.log, nil))
	srv, closeAll, err := newServer(ctx, &flags{}, sf, log, open)
	if err != nil {
		p.Close()
		simSrv.Close()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.srv, e.addr = srv, ln.Addr().String()
	served := make(chan struct{})
	go func() { _ = srv.Serve(ln); close(served) }()
	var once sync.Once
	e.close = func() {
		once.Do(func() {
			_ = srv.Shutdown(context.Background())
			<-served
			closeAll()
			p.Close()
			simSrv.Close()
		})
	}
	t.Cleanup(e.close)
	return e
}

func (e *serveEnv) dialAuth(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User:            "oncall",
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
}

func (e *serveEnv) dial(t *testing.T, key gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := e.dialAuth(gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// run runs one command session and returns its output and exit status.
func (e *serveEnv) run(t *testing.T, key gossh.Signer, cmd, stdin string) (string, string, int) {
	t.Helper()
	s, err := e.dial(t, key).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdout, s.Stderr, s.Stdin = &out, &errOut, strings.NewReader(stdin)
	err = s.Run(cmd)
	code := 0
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitStatus()
	case err != nil:
		t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errOut.String(), code
}

// terminal is an interactive session (ssh -t) whose screen the test
// reads; the session writes its output into the embedded buffer.
type terminal struct {
	testkit.Buffer
	s    *gossh.Session
	in   io.WriteCloser
	done chan error
}

func (tm *terminal) text() string { return ansi.Strip(tm.String()) }

func (tm *terminal) raw() string { return tm.String() }

// waitFor waits until the screen shows want, failing after a while.
func (tm *terminal) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(tm.text(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q; it shows:\n%s", want, tail(tm.text(), 2000))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// openTerminal starts ssh -t at w x h.
func (e *serveEnv) openTerminal(t *testing.T, key gossh.Signer, w, h int) *terminal {
	t.Helper()
	s, err := e.dial(t, key).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	tm := &terminal{s: s, done: make(chan error, 1)}
	s.Stdout, s.Stderr = &tm.Buffer, &tm.Buffer
	if tm.in, err = s.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { tm.done <- s.Wait() }()
	t.Cleanup(func() { _ = s.Close() })
	return tm
}

// ended waits for the session to end and returns its exit status.
func (tm *terminal) ended(t *testing.T) int {
	t.Helper()
	select {
	case err := <-tm.done:
		var ee *gossh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		if err != nil {
			t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(20 * time.Second):
		t.Fatalf("the session did not end; it shows:\n%s", tail(tm.text(), 2000))
		return -1
	}
}
