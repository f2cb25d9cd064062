package main

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/views/theme"
)

// TestServeRefusesStrangers: an unknown key, a password and
// keyboard-interactive authentication get nobody in.
func TestServeRefusesStrangers(t *testing.T) {
	e := startServe(t, nil)
	if _, err := e.dialAuth(gossh.PublicKeys(testkit.SSHKey(t))); err == nil {
		t.Fatal("an unknown key got in")
	}
	if _, err := e.dialAuth(gossh.Password("hunter2")); err == nil {
		t.Fatal("a password got in")
	}
	ki := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
	if _, err := e.dialAuth(ki); err == nil {
		t.Fatal("keyboard-interactive got in")
	}
	if !strings.Contains(e.log.String(), "key refused") {
		t.Fatalf("the refusal is not logged:\n%s", e.log.String())
	}
}

// TestServeRefusesEverythingButTheApp: no port forwarding either way, no
// agent forwarding, no subsystem, no shell.
func TestServeRefusesEverythingButTheApp(t *testing.T) {
	e := startServe(t, nil)
	c := e.dial(t, e.operator)
	if conn, err := c.Dial("tcp", e.addr); err == nil {
		_ = conn.Close()
		t.Fatal("local port forwarding was allowed")
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		_ = ln.Close()
		t.Fatal("remote port forwarding was allowed")
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := agent.RequestAgentForwarding(s); err == nil {
		t.Fatal("agent forwarding was accepted")
	}
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Fatal("the sftp subsystem was accepted")
	}
	_ = s.Close()
	_, stderr, code := e.run(t, e.operator, "", "")
	if code != 1 || !strings.Contains(stderr, "there is no shell here") {
		t.Fatalf("a shell without a terminal: exit %d, %q", code, stderr)
	}
	for _, cmd := range []string{"serve", "get functions --endpoint-url http://169.254.169.254", "get functions --config /etc/shadow",
		"get functions --demo", "invoke checkout-api --yes --payload @/etc/passwd", "--view functions"} {
		if _, stderr, code := e.run(t, e.operator, cmd, ""); code == 0 || stderr == "" {
			t.Errorf("%q was allowed: exit %d", cmd, code)
		}
	}
	if m := e.acct.Mutations(); len(m) != 0 {
		t.Fatalf("a refused command changed the account: %v", m)
	}
}

// TestServeViewerCannotMutate: a viewer's actions are refused before
// anything reaches the account, by the CLI and by the SDK wall of its
// session's backend.
func TestServeViewerCannotMutate(t *testing.T) {
	e := startServe(t, nil)
	for _, cmd := range []string{
		"invoke checkout-api --yes",
		"scale function image-resize --reserved 0 --yes",
		"scale service catalog-api --cluster prod-api --desired 9 --yes",
		"scale function image-resize --reserved 5 --yes --read-only=false",
	} {
		_, stderr, code := e.run(t, e.viewer, cmd, "")
		if code != exitReadOnly || !strings.Contains(stderr, "your key is a viewer") {
			t.Errorf("viewer %q: exit %d, want %d: %s", cmd, code, exitReadOnly, stderr)
		}
	}
	if m := e.acct.Mutations(); len(m) != 0 {
		t.Fatalf("a viewer changed the account: %v", m)
	}
	es := readJournal(t, e.journal)
	if len(es) != 4 || es[0].Result != journal.ResultRefused || es[0].Key != gossh.FingerprintSHA256(e.viewer.PublicKey()) {
		t.Fatalf("journal: %+v", es)
	}
}

// TestServeOperatorActs: an operator's action reaches the account once
// and its journal line names the SSH user and key.
func TestServeOperatorActs(t *testing.T) {
	e := startServe(t, nil)
	out, stderr, code := e.run(t, e.operator, "scale function image-resize --reserved 3 --yes", "")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	if n := e.acct.Calls("Lambda.PutFunctionConcurrency"); n != 1 {
		t.Fatalf("%d PutFunctionConcurrency calls, want 1", n)
	}
	es := readJournal(t, e.journal)
	if len(es) != 1 {
		t.Fatalf("journal: %+v", es)
	}
	if es[0].Key != gossh.FingerprintSHA256(e.operator.PublicKey()) || es[0].Actor != "oncall (bob@laptop)" || es[0].Result != journal.ResultOK {
		t.Fatalf("journal line does not name the key: %+v", es[0])
	}
	// The change is seen at once by every session, not a poll later.
	out, _, _ = e.run(t, e.viewer, "get functions -o json", "")
	if !strings.Contains(out, "image-resize") {
		t.Fatalf("get functions: %s", out)
	}
}

// TestServeActionRateLimit: a key's actions beyond its budget are refused
// before they are sent.
func TestServeActionRateLimit(t *testing.T) {
	e := startServe(t, func(sf *serveFlags) { sf.actions = 1 })
	if _, stderr, code := e.run(t, e.operator, "invoke checkout-api --yes", ""); code != 0 && code != exitUnsuccessful {
		t.Fatalf("first action: exit %d: %s", code, stderr)
	}
	_, stderr, code := e.run(t, e.operator, "invoke checkout-api --yes", "")
	if code == 0 || !strings.Contains(stderr, "rate limit") {
		t.Fatalf("second action: exit %d: %s", code, stderr)
	}
	if n := e.acct.Calls("Lambda.Invoke"); n != 1 {
		t.Fatalf("%d invocations reached the account, want 1", n)
	}
}

// TestServeSessionsShareReads: two sessions at once cost what one does:
// the second TUI's start is answered by the shared cache, and a CLI run
// after them lists functions without calling Lambda again.
func TestServeSessionsShareReads(t *testing.T) {
	e := startServe(t, nil)
	a := e.openTerminal(t, e.viewer, 100, 30)
	a.waitFor(t, "functions (48)")
	a.waitFor(t, "ms") // the live metric columns arrived
	one := e.acct.TotalCalls()
	b := e.openTerminal(t, e.operator, 100, 30)
	b.waitFor(t, "functions (48)")
	b.waitFor(t, "ms")
	both := e.acct.TotalCalls()
	t.Logf("calls: first session %d, both %d", one, both)
	// Only a metric period boundary between the two starts may cost the
	// second session a call (the next window's metrics).
	if both-one > 1 {
		t.Fatalf("the second session made %d calls, the first %d: the reads are not shared", both-one, one)
	}
	lists := e.acct.Calls("Lambda.ListFunctions")
	if out, _, code := e.run(t, e.viewer, "get functions -o json", ""); code != 0 || !strings.Contains(out, "checkout-api") {
		t.Fatalf("get functions: exit %d", code)
	}
	if n := e.acct.Calls("Lambda.ListFunctions"); n != lists {
		t.Fatalf("the CLI listed functions again (%d calls, was %d)", n, lists)
	}
	// :stats shows this session's share of the server's totals.
	_, _ = b.in.Write([]byte(":stats\r"))
	b.waitFor(t, "reading this account and region through one cache")
}

// TestServeTerminal: ssh -t shows the TUI at the client's size, follows a
// resize, and q ends the session with status 0.
func TestServeTerminal(t *testing.T) {
	e := startServe(t, nil)
	tm := e.openTerminal(t, e.viewer, 80, 24)
	tm.waitFor(t, "functions (48)")
	tm.waitFor(t, "READ-ONLY")
	// At 120 columns the detail pane sits beside the table.
	if err := tm.s.WindowChange(40, 130); err != nil {
		t.Fatal(err)
	}
	tm.waitFor(t, "Configuration")
	_, _ = tm.in.Write([]byte("q"))
	if code := tm.ended(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// TestServeLimits: sessions beyond the maximum are turned away, and an
// idle session is ended with a word why.
func TestServeLimits(t *testing.T) {
	e := startServe(t, func(sf *serveFlags) { sf.maxSessions, sf.idle = 1, time.Second })
	tm := e.openTerminal(t, e.viewer, 80, 24)
	tm.waitFor(t, "functions (48)")
	_, stderr, code := e.run(t, e.operator, "get functions", "")
	if code != 1 || !strings.Contains(stderr, "sessions open, its limit") {
		t.Fatalf("a second session: exit %d, %q", code, stderr)
	}
	tm.waitFor(t, "session ended: idle for too long")
	tm.ended(t)
}

// TestServeShutdownTellsSessions: a shutdown shows in every session's
// status line before the session ends.
func TestServeShutdownTellsSessions(t *testing.T) {
	e := startServe(t, func(sf *serveFlags) { sf.grace = time.Second })
	tm := e.openTerminal(t, e.viewer, 100, 30)
	tm.waitFor(t, "functions (48)")
	go e.close()
	tm.waitFor(t, "the server is shutting down")
	tm.ended(t)
	tm.waitFor(t, "session ended: the server shut down")
}

// TestServeAuthorizedKeysReload: keys added or removed take effect at the
// next connection; a bad line is skipped with a warning naming it.
func TestServeAuthorizedKeysReload(t *testing.T) {
	e := startServe(t, nil)
	carol := testkit.SSHKey(t)
	if _, err := e.dialAuth(gossh.PublicKeys(carol)); err == nil {
		t.Fatal("carol got in before her key was added")
	}
	keys := authorizedLine(e.operator, "role=operator", "bob") + "not a key at all\n" +
		authorizedLine(carol, "role=admin", "mallory") + authorizedLine(carol, "", "carol")
	testkit.WriteFile(t, e.keysFile, keys)
	c, err := e.dialAuth(gossh.PublicKeys(carol))
	if err != nil {
		t.Fatalf("carol's new key: %v", err)
	}
	_ = c.Close()
	if _, err := e.dialAuth(gossh.PublicKeys(e.viewer)); err == nil {
		t.Fatal("a removed key still gets in")
	}
	log := e.log.String()
	if !strings.Contains(log, "line 2: not a public key") || !strings.Contains(log, `line 3: role \"admin\"`) {
		t.Fatalf("warnings do not name the bad lines:\n%s", log)
	}
	if _, stderr, code := e.run(t, carol, "invoke checkout-api --yes", ""); code != exitReadOnly {
		t.Fatalf("carol (no role: viewer) could act: exit %d %s", code, stderr)
	}
}

// TestServeHostileText: escape sequences a client sends in its command and
// user name reach neither its terminal nor the server's log.
func TestServeHostileText(t *testing.T) {
	e := startServe(t, nil)
	_, stderr, code := e.run(t, e.viewer, "get \x1b]52;c;cGF3bmVk\x07 \x1b[2J", "")
	if code == 0 {
		t.Fatal("a bogus command succeeded")
	}
	if strings.ContainsRune(stderr, 0x1b) || strings.ContainsRune(e.log.String(), 0x1b) {
		t.Fatalf("an escape sequence got through: %q / %q", stderr, e.log.String())
	}
}

// TestServeNoLeaks: every goroutine a session started ends with it and
// with the server.
func TestServeNoLeaks(t *testing.T) {
	before := goleak.IgnoreCurrent()
	e := startServe(t, nil)
	tm := e.openTerminal(t, e.operator, 100, 30)
	tm.waitFor(t, "functions (48)")
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { e.run(t, e.viewer, "get clusters", "") })
	}
	wg.Wait()
	_, _ = tm.in.Write([]byte("q"))
	tm.ended(t)
	e.close()
	goleak.VerifyNone(t, before)
}

func readJournal(t *testing.T, path string) []journal.Entry {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []journal.Entry
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e journal.Entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// TestSessionThemeIsTheClients: a session's colours follow the client's
// terminal variables, whatever the server's are.
func TestSessionThemeIsTheClients(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	if m, _ := sessionTheme([]string{"TERM=xterm", "NO_COLOR=1"}, "", ""); m != theme.NoColor {
		t.Fatalf("NO_COLOR from the client: %v", m)
	}
	t.Setenv("NO_COLOR", "1")
	if m, auto := sessionTheme([]string{"TERM=xterm-256color"}, "", "light"); m != theme.Light || auto {
		t.Fatalf("the server's NO_COLOR leaked into a session: %v %v", m, auto)
	}
}

// TestServeSharedLiveTail: two sessions following the same function's
// logs share one Live Tail session; a copy (OSC 52) goes to the session
// that asked for it only.
func TestServeSharedLiveTail(t *testing.T) {
	e := startServe(t, nil)
	open := func(key gossh.Signer) *terminal {
		tm := e.openTerminal(t, key, 120, 30)
		tm.waitFor(t, "functions (48)")
		_, _ = tm.in.Write([]byte("/checkout-api\r"))
		tm.waitFor(t, "checkout-api")
		_, _ = tm.in.Write([]byte("l"))
		tm.waitFor(t, "LIVE TAIL")
		return tm
	}
	a := open(e.viewer)
	b := open(e.operator)
	if n := e.acct.Calls("Logs.StartLiveTail"); n != 1 {
		t.Fatalf("two sessions opened %d Live Tail sessions, want 1", n)
	}
	// y copies the line under the cursor with OSC 52, to this session's
	// terminal only.
	a.waitFor(t, "START RequestId")
	_, _ = a.in.Write([]byte("k"))
	_, _ = a.in.Write([]byte("y"))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(a.raw(), "\x1b]52;c;") {
		if time.Now().After(deadline) {
			t.Fatalf("no OSC 52 reached the session:\n%s", tail(a.text(), 1500))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(b.raw(), "\x1b]52;") {
		t.Fatal("the copy reached another session")
	}
	// q leaves the log pane, a second q on the functions list ends the
	// session (keys are handled in order).
	_, _ = a.in.Write([]byte("q"))
	_, _ = a.in.Write([]byte("q"))
	_, _ = b.in.Write([]byte("q"))
	_, _ = b.in.Write([]byte("q"))
	a.ended(t)
	b.ended(t)
}
