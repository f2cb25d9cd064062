// Package journal is virga's audit trail: one JSON line per action that
// changed (or was refused permission to change) an AWS account, appended
// to $XDG_STATE_HOME/virga/journal.jsonl (else
// ~/.local/state/virga/journal.jsonl). The TUI and the CLI write the same
// file, so `:journal` shows what a runbook did over SSH and the other way
// round.
//
// An entry records who acted, where, what changed from what to what, the
// outcome with the AWS request id, and the command that reverts it.
// Parameters pass through Mask before they are written: secrets never
// reach the file.
package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"github.com/virgahq/virga/internal/xdg"
)

// Results an entry can record.
const (
	ResultOK        = "ok"
	ResultFailed    = "failed"
	ResultRefused   = "refused"
	ResultCancelled = "cancelled"
)

// Entry is one line of the journal.
type Entry struct {
	Time time.Time `json:"time"`
	// Actor is who acted (the local user and host); Caller is the AWS
	// identity the change was made as.
	Actor string `json:"actor"`
	// Key is the SSH key fingerprint (SHA256:...) of a virga serve
	// session's actor; empty for a local user.
	Key     string `json:"key,omitempty"`
	Caller  string `json:"caller,omitempty"`
	Source  string `json:"source"` // "tui" or "cli"
	Profile string `json:"profile"`
	Account string `json:"account"`
	Region  string `json:"region"`
	// Action is the kind of change, e.g. "lambda.kill-switch".
	Action string `json:"action"`
	// Resource names what changed: "function/checkout-api",
	// "service/prod-api/catalog-api", "task/prod-api/0f3c…".
	Resource string            `json:"resource"`
	Params   map[string]string `json:"params,omitempty"`
	Before   string            `json:"before,omitempty"`
	After    string            `json:"after,omitempty"`
	Result   string            `json:"result"`
	Error    string            `json:"error,omitempty"`
	// RequestID is AWS's id of the call, for support cases and CloudTrail.
	RequestID string `json:"request_id,omitempty"`
	// Command is the equivalent aws CLI command of the change.
	Command string `json:"command,omitempty"`
	// Revert is the command that undoes the change; empty when nothing can
	// (a stopped task, an invocation).
	Revert string `json:"revert,omitempty"`
}

// Journal appends entries to a file, or keeps them in memory when it has
// no path (tests, and a session whose state directory is unusable). It is
// safe for concurrent use.
type Journal struct {
	path  string
	actor string
	key   string

	mu  sync.Mutex
	mem []Entry
}

// maxMemory bounds an in-memory journal.
const maxMemory = 1000

// Open returns a journal that appends to path, creating the file and its
// directory on the first append. actor is recorded in entries that name
// none.
func Open(path, actor string) *Journal { return &Journal{path: path, actor: actor} }

// Memory returns a journal that keeps its entries in memory.
func Memory(actor string) *Journal { return &Journal{actor: actor} }

// OpenAs returns a journal that appends to path (in memory when path is
// "") and records actor and the SSH key fingerprint key in entries that
// name no actor: one per virga serve session, all writing the same file.
func OpenAs(path, actor, key string) *Journal { return &Journal{path: path, actor: actor, key: key} }

// Actor is who the journal records as acting.
func (j *Journal) Actor() string { return j.actor }

// Path is the file the journal writes, "" for an in-memory one.
func (j *Journal) Path() string { return j.path }

// DefaultPath is $XDG_STATE_HOME/virga/journal.jsonl, else
// ~/.local/state/virga/journal.jsonl; "" when neither can be found.
func DefaultPath() string {
	dir := xdg.StateDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "journal.jsonl")
}

// DefaultActor names the local user as user@host.
func DefaultActor() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		name += "@" + h
	}
	return name
}

// Append writes e as one line. Parameters are masked here, whatever the
// caller did, so no path around Mask exists.
func (j *Journal) Append(e Entry) error {
	if e.Actor == "" {
		e.Actor, e.Key = j.actor, j.key
	}
	e.Params = Mask(e.Params)
	e.Error = MaskText(e.Error)
	e.Command = MaskText(e.Command)
	e.Revert = MaskText(e.Revert)
	e.Time = e.Time.UTC()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.path == "" {
		j.mem = append(j.mem, e)
		if n := len(j.mem); n > maxMemory {
			j.mem = append(j.mem[:0:0], j.mem[n-maxMemory:]...)
		}
		return nil
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(j.path), 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(j.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	// The mode above applies only to a new file: one left readable by
	// others (another tool, a copy) is tightened before anything is added.
	if err := tighten(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	// One write per line: with O_APPEND a concurrent CLI and TUI never
	// interleave inside a line.
	if _, err := f.Write(line); err != nil {
		_ = f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// tighten makes f readable and writable by its owner only.
func tighten(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Mode().Perm() == 0o600 {
		return nil
	}
	return f.Chmod(0o600)
}

// tailBytes is how much of the end of the file Read looks at: thousands
// of entries, and a bounded read however old the journal is.
const tailBytes = 4 << 20

// Read returns up to max entries, oldest first, from the end of the
// journal, and how many lines could not be parsed (a damaged line is
// skipped, never fatal). A journal that does not exist yet is empty.
func (j *Journal) Read(max int) ([]Entry, int, error) {
	j.mu.Lock()
	if j.path == "" {
		out := append([]Entry(nil), j.mem...)
		j.mu.Unlock()
		if max > 0 && len(out) > max {
			out = out[len(out)-max:]
		}
		return out, 0, nil
	}
	j.mu.Unlock()
	f, err := os.Open(j.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	off := max64(st.Size()-tailBytes, 0)
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []Entry
	bad, first := 0, off > 0
	for sc.Scan() {
		line := sc.Bytes()
		if first {
			// The read started mid-line.
			first = false
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e Entry
		if err := json.Unmarshal(line, &e); err != nil {
			bad++
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return out, bad, fmt.Errorf("journal: %w", err)
	}
	if max > 0 && len(out) > max {
		out = out[len(out)-max:]
	}
	return out, bad, nil
}

// Last returns the newest entry that match accepts.
func (j *Journal) Last(match func(Entry) bool) (Entry, bool, error) {
	es, _, err := j.Read(0)
	for i := len(es) - 1; i >= 0; i-- {
		if match(es[i]) {
			return es[i], true, err
		}
	}
	return Entry{}, false, err
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
