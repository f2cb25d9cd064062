package invoke

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/virgahq/virga/internal/xdg"
	"github.com/virgahq/virga/providers"
)

// Saved is one payload sent to a function.
type Saved struct {
	Time      time.Time                `json:"time"`
	Payload   string                   `json:"payload"`
	Type      providers.InvocationType `json:"type,omitempty"`
	Qualifier string                   `json:"qualifier,omitempty"`
}

// History keeps the last payloads sent to each function, one small JSON
// file per function under the XDG data dir (payloads/<account>/<region>/),
// or in memory when it has no directory. It is safe for concurrent use.
type History struct {
	dir string

	mu  sync.Mutex
	mem map[string][]Saved
}

// Bounds of the history: a payload larger than maxSavedPayload is sent
// but not remembered, so a file stays small to read on every open.
const (
	maxSaved        = 20
	maxSavedPayload = 64 << 10
)

// DefaultDataDir is $XDG_DATA_HOME/virga, else ~/.local/share/virga; ""
// when neither can be found.
func DefaultDataDir() string { return xdg.DataDir() }

// OpenHistory returns the history kept under dataDir ("" keeps it in
// memory).
func OpenHistory(dataDir string) *History {
	h := &History{mem: map[string][]Saved{}}
	if dataDir != "" {
		h.dir = filepath.Join(dataDir, "payloads")
	}
	return h
}

func (h *History) file(scope providers.Scope, function string) string {
	part := func(s string) string {
		if s == "" {
			return "_"
		}
		return escapeName(s)
	}
	return filepath.Join(h.dir, part(scope.Account), part(scope.Region), part(function)+".json")
}

// Load returns the saved payloads of a function, newest first.
func (h *History) Load(scope providers.Scope, function string) ([]Saved, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.dir == "" {
		return append([]Saved(nil), h.mem[scope.Account+"/"+scope.Region+"/"+function]...), nil
	}
	data, err := os.ReadFile(h.file(scope, function))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("payload history: %w", err)
	}
	var out []Saved
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("payload history %s: %w", h.file(scope, function), err)
	}
	return out, nil
}

// Save puts s first in the function's history, dropping an earlier copy
// of the same payload and anything past the last 20.
func (h *History) Save(scope providers.Scope, function string, s Saved) error {
	if len(s.Payload) > maxSavedPayload {
		return nil
	}
	prev, err := h.Load(scope, function)
	if err != nil {
		// A damaged file is replaced rather than blocking every save.
		prev = nil
	}
	out := []Saved{s}
	for _, p := range prev {
		if p.Payload != s.Payload && len(out) < maxSaved {
			out = append(out, p)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.dir == "" {
		h.mem[scope.Account+"/"+scope.Region+"/"+function] = out
		return nil
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return fmt.Errorf("payload history: %w", err)
	}
	path := h.file(scope, function)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("payload history: %w", err)
	}
	// Write then rename, so a crash never leaves half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("payload history: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("payload history: %w", err)
	}
	return nil
}

// escapeName makes a file name of s: function names are [A-Za-z0-9-_],
// and anything else (a dot, a slash, an ARN's colons) becomes %XX, so no
// name can climb out of the directory.
func escapeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
