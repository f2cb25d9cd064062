package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/virgahq/virga/internal/testkit"
)

func pubLine(t *testing.T) (gossh.PublicKey, string) {
	t.Helper()
	k := testkit.SSHKey(t).PublicKey()
	return k, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
}

func TestParseAuthorizedKeys(t *testing.T) {
	a, la := pubLine(t)
	b, lb := pubLine(t)
	c, lc := pubLine(t)
	d, ld := pubLine(t)
	data := strings.Join([]string{
		"# team keys",
		la + " alice@laptop",
		"role=operator " + lb + " bob",
		"",
		"role=root " + lc,
		`from="10.0.0.0/8" ` + ld,
		"restrict,no-agent-forwarding,role=viewer " + ld + " dave\x1b[2J",
		"ssh-ed25519 not-base64",
	}, "\n")
	keys, warnings := parseAuthorizedKeys([]byte(data))
	if k := keys[string(a.Marshal())]; k.Role != Viewer || k.Comment != "alice@laptop" || k.Line != 2 ||
		k.Fingerprint != gossh.FingerprintSHA256(a) {
		t.Errorf("alice: %+v", k)
	}
	if k := keys[string(b.Marshal())]; k.Role != Operator {
		t.Errorf("bob: %+v", k)
	}
	if _, ok := keys[string(c.Marshal())]; ok {
		t.Error("an unknown role was accepted")
	}
	if k, ok := keys[string(d.Marshal())]; !ok || k.Line != 7 || strings.ContainsRune(k.Comment, 0x1b) {
		t.Errorf("dave (harmless options, hostile comment): %+v %v", k, ok)
	}
	want := []string{"line 5: role \"root\"", "line 6: option \"from\" is not supported", "line 8: not a public key"}
	if len(warnings) != len(want) {
		t.Fatalf("warnings %q", warnings)
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %d: %q, want it to start %q", i, warnings[i], w)
		}
	}
}

func TestHostKeyCreatedPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host")
	s1, created, err := HostKey(path)
	if err != nil || !created || s1.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("%v %v %v", s1, created, err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	s2, created, err := HostKey(path)
	if err != nil || created || string(s2.PublicKey().Marshal()) != string(s1.PublicKey().Marshal()) {
		t.Fatalf("the key was not kept: %v %v", created, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable key was used: %v", err)
	}
}

func TestSessionInputIsBounded(t *testing.T) {
	env := terminalEnv([]string{"TERM=xterm", "LD_PRELOAD=/tmp/x.so", "COLORTERM=truecolor", "AWS_PROFILE=prod", "NO_COLOR=1"})
	if strings.Join(env, " ") != "TERM=xterm COLORTERM=truecolor NO_COLOR=1" {
		t.Fatalf("env %q", env)
	}
	got := filter(nil, tea.WindowSizeMsg{Width: 100000, Height: 80})
	if ws := got.(tea.WindowSizeMsg); ws.Width != maxWidth || ws.Height != 80 {
		t.Fatalf("size %+v", ws)
	}
	if _, ok := filter(nil, tea.SuspendMsg{}).(tea.ResumeMsg); !ok {
		t.Fatal("ctrl+z suspends a session's program")
	}
	if q := quote([]string{"get", "a b", "\x1b]52;c;x\x07"}); strings.ContainsRune(q, 0x1b) || !strings.Contains(q, `"a b"`) {
		t.Fatalf("quote %q", q)
	}
}
