package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/virgahq/virga/views/sanitize"
)

// Role is what a key may do.
type Role uint8

// Roles: a viewer has the walls of --read-only; an operator may act.
const (
	Viewer Role = iota
	Operator
)

func (r Role) String() string {
	if r == Operator {
		return "operator"
	}
	return "viewer"
}

// Key is one authorized key: who it is (its fingerprint and comment) and
// its role.
type Key struct {
	Fingerprint string // SHA256:...
	Comment     string // sanitized
	Role        Role
	Line        int
}

// harmlessOptions are OpenSSH key options that restrict only what virga
// serve never allows anyway; any other option makes the line unusable,
// since ignoring a restriction such as from= would widen access.
var harmlessOptions = map[string]bool{
	"restrict": true, "no-port-forwarding": true, "no-agent-forwarding": true,
	"no-x11-forwarding": true, "no-user-rc": true,
}

// parseAuthorizedKeys reads OpenSSH's authorized_keys format with an
// optional role=viewer or role=operator option (default viewer). A line
// that cannot be used is skipped with a warning naming it.
func parseAuthorizedKeys(data []byte) (map[string]Key, []string) {
	keys := map[string]Key{}
	var warnings []string
	for i, raw := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line := bytes.TrimSpace(raw)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pub, comment, opts, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			warnings = append(warnings, "line "+strconv.Itoa(n)+": not a public key ("+err.Error()+"); skipped")
			continue
		}
		k := Key{Fingerprint: gossh.FingerprintSHA256(pub), Comment: sanitize.LineMax(comment, 80), Line: n}
		bad := ""
		for _, o := range opts {
			switch name, val, _ := strings.Cut(o, "="); {
			case name == "role" && val == "viewer":
				k.Role = Viewer
			case name == "role" && val == "operator":
				k.Role = Operator
			case name == "role":
				bad = "role " + strconv.Quote(val) + " (use viewer or operator)"
			case !harmlessOptions[strings.ToLower(name)]:
				bad = "option " + strconv.Quote(name) + " is not supported"
			}
		}
		if bad != "" {
			warnings = append(warnings, "line "+strconv.Itoa(n)+": "+sanitize.Line(bad)+"; skipped")
			continue
		}
		keys[string(pub.Marshal())] = k
	}
	return keys, warnings
}

// Keys is an authorized-keys file, re-read when it changes: each lookup
// compares the file's size and modification time with the last read, so
// adding or removing a key takes effect at the next connection.
type Keys struct {
	path string
	warn func(string)

	mu    sync.Mutex
	keys  map[string]Key
	size  int64
	mtime time.Time
}

// LoadKeys reads path; the file must exist. warn receives each skipped
// line.
func LoadKeys(path string, warn func(string)) (*Keys, error) {
	k := &Keys{path: path, warn: warn}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	if err := k.reload(st); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keys) reload(st fs.FileInfo) error {
	data, err := os.ReadFile(k.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys, warnings := parseAuthorizedKeys(data)
	for _, w := range warnings {
		k.warn(k.path + " " + w)
	}
	k.keys, k.size, k.mtime = keys, st.Size(), st.ModTime()
	return nil
}

// Lookup finds pub, re-reading the file first when it changed. A file
// that went missing authorizes nobody.
func (k *Keys) Lookup(pub gossh.PublicKey) (Key, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	st, err := os.Stat(k.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if k.keys == nil || len(k.keys) > 0 {
			k.warn(k.path + " is missing: no key is authorized")
		}
		k.keys, k.size, k.mtime = map[string]Key{}, -1, time.Time{}
	case err != nil:
		k.warn("authorized keys: " + err.Error())
	case st.Size() != k.size || !st.ModTime().Equal(k.mtime):
		if err := k.reload(st); err != nil {
			k.warn(err.Error())
		}
	}
	key, ok := k.keys[string(pub.Marshal())]
	return key, ok
}
