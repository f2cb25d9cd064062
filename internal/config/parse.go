package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Problem is something wrong in the file, at a line.
type Problem struct {
	Line int
	Msg  string
	// Closed says a read-only rule may be lost (the file is unusable, or a
	// read-only key did not parse): every change is refused until the file
	// is fixed. Otherwise the key is ignored and its default used.
	Closed bool
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

// Parse reads a config document key by key, so one bad value never drops
// the rest: a key that does not parse, is out of range or is unknown is a
// Problem and keeps its default. A problem that may hide a read-only rule
// is Closed, and sets Locked. Parse never fails: a document it cannot read
// at all gives the defaults, one Closed problem and Locked.
func Parse(data []byte) (Config, []Problem) {
	c, problems := parse(data)
	for _, p := range problems {
		if p.Closed {
			c.Locked = p.String() + "; changes are refused until it is fixed"
			break
		}
	}
	return c, problems
}

func parse(data []byte) (Config, []Problem) {
	var c Config
	data = stripBOM(data)
	if p := guard(data); p != nil {
		return Config{}, []Problem{*p}
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		line, msg := yamlError(err)
		return Config{}, []Problem{{Line: line, Msg: msg, Closed: true}}
	}
	var body ast.Node
	switch {
	case len(f.Docs) > 1:
		return Config{}, []Problem{{Line: line(f.Docs[1].Body), Msg: "the file holds more than one YAML document", Closed: true}}
	case len(f.Docs) == 1:
		body = f.Docs[0].Body
	}
	if isEmpty(body) {
		return c, nil
	}
	entries, ok := mapping(body)
	if !ok {
		return Config{}, []Problem{{Line: line(body), Msg: "the file is not a mapping of keys to values", Closed: true}}
	}
	d := decoder{}
	for _, e := range entries {
		d.top(&c, e)
	}
	return c, d.problems
}

// decoder collects problems while filling a Config.
type decoder struct {
	problems []Problem
	seen     map[string]bool
}

func (d *decoder) add(n ast.Node, closed bool, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: line(n), Msg: fmt.Sprintf(format, args...), Closed: closed})
}

// readOnlyKey matches keys meant as read-only rules, misspelt or not: an
// unknown key like "read_only_profile" must not pass for a rule that
// applies.
var readOnlyKey = regexp.MustCompile(`(?i)read.?only`)

func (d *decoder) top(c *Config, e *ast.MappingValueNode) {
	key := keyOf(e)
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if d.seen[key] {
		// Rules add up (the safer reading); other keys: the last wins.
		d.add(e.Key, false, "%s is set twice; the later value counts%s", key, map[bool]string{true: " (read-only rules add up)"}[readOnlyKey.MatchString(key)])
	}
	d.seen[key] = true
	v := e.Value
	if isEmpty(v) {
		return
	}
	switch key {
	case "read_only":
		var on bool
		if err := yaml.NodeToValue(v, &on); err != nil {
			d.add(v, true, "read_only: %q is not true or false", text(v))
			return
		}
		c.ReadOnly = c.ReadOnly || on
	case "read_only_profiles":
		for _, s := range d.strings(v, key, true) {
			if _, err := filepath.Match(s, ""); err != nil {
				d.add(v, true, "read_only_profiles: bad pattern %q", s)
				continue
			}
			c.ReadOnlyProfiles = append(c.ReadOnlyProfiles, s)
		}
	case "read_only_accounts":
		for _, s := range d.strings(v, key, true) {
			if !accountID.MatchString(s) {
				d.add(v, true, "read_only_accounts: %q is not a 12-digit account id (quote ids: \"012345678901\")", s)
				continue
			}
			c.ReadOnlyAccounts = append(c.ReadOnlyAccounts, s)
		}
	case "refresh":
		d.duration(v, key, &c.Refresh, time.Second, time.Hour)
	case "functions_refresh":
		d.duration(v, key, &c.FunctionsRefresh, 10*time.Second, time.Hour)
	case "metrics_window":
		d.duration(v, key, &c.MetricsWindow, 5*time.Minute, 3*time.Hour)
	case "theme":
		s := text(v)
		switch s {
		case "auto", "dark", "light", "none":
			c.Theme = s
		default:
			d.add(v, false, "theme %q: use auto, dark, light or none", s)
		}
	case "keys":
		d.keys(c, v)
	case "logs":
		d.logs(c, v)
	default:
		if readOnlyKey.MatchString(key) {
			d.add(e.Key, true, "unknown key %q: did you mean read_only, read_only_profiles or read_only_accounts?", key)
			return
		}
		d.add(e.Key, false, "unknown key %q ignored", key)
	}
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// strings reads a list of strings, or one string as a list of one. Items
// are read as written, so an unquoted account id is never turned into a
// number first.
func (d *decoder) strings(v ast.Node, key string, closed bool) []string {
	var items []ast.Node
	if seq, ok := v.(*ast.SequenceNode); ok {
		items = seq.Values
	} else {
		items = []ast.Node{v}
	}
	var out []string
	for _, it := range items {
		if !isScalar(it) {
			d.add(it, closed, "%s: each item must be a single value", key)
			continue
		}
		out = append(out, text(it))
	}
	return out
}

func (d *decoder) duration(v ast.Node, key string, dst *Duration, lo, hi time.Duration) {
	s := text(v)
	p, err := time.ParseDuration(s)
	switch {
	case !isScalar(v) || err != nil:
		d.add(v, false, "%s: %q is not a duration (use e.g. 10s, 2m); using the default", key, s)
	case p < lo || p > hi:
		d.add(v, false, "%s: %s is out of range: use %s to %s; using the default", key, s, short(lo), short(hi))
	default:
		*dst = Duration(p)
	}
}

// short writes 1h0m0s as 1h and 5m0s as 5m.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// section calls set with each key of the mapping v that has a value (an
// empty one keeps the default); a v that is not a mapping is a problem
// that says how to write it.
func (d *decoder) section(v ast.Node, how string, set func(key string, e *ast.MappingValueNode)) {
	entries, ok := mapping(v)
	if !ok {
		d.add(v, false, "%s", how)
		return
	}
	for _, e := range entries {
		if !isEmpty(e.Value) {
			set(keyOf(e), e)
		}
	}
}

func (d *decoder) keys(c *Config, v ast.Node) {
	d.section(v, "keys: write context.action: [key, ...]; using the default keys", func(name string, e *ast.MappingValueNode) {
		ks := d.strings(e.Value, "keys."+name, false)
		if len(ks) == 0 {
			return
		}
		if c.Keys == nil {
			c.Keys = map[string][]string{}
		}
		c.Keys[name] = ks
	})
}

func (d *decoder) logs(c *Config, v ast.Node) {
	d.section(v, "logs: write buffer_lines, live_tail and save_dir under it; using the defaults", func(key string, e *ast.MappingValueNode) {
		val := e.Value
		switch key {
		case "buffer_lines":
			var n int
			if err := yaml.NodeToValue(val, &n); err != nil || n < 1000 || n > 5_000_000 {
				d.add(val, false, "logs.buffer_lines: %q: use 1000 to 5000000; using the default", text(val))
				return
			}
			c.Logs.BufferLines = n
		case "live_tail":
			var on bool
			if err := yaml.NodeToValue(val, &on); err != nil {
				d.add(val, false, "logs.live_tail: %q is not true or false; using the default", text(val))
				return
			}
			c.Logs.LiveTail = &on
		case "save_dir":
			if !isScalar(val) {
				d.add(val, false, "logs.save_dir: write a directory; using the default")
				return
			}
			c.Logs.SaveDir = text(val)
		default:
			d.add(e.Key, false, "unknown key \"logs.%s\" ignored", key)
		}
	})
}

// mapping returns the entries of a mapping node.
func mapping(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func keyOf(e *ast.MappingValueNode) string {
	if e.Key == nil {
		return ""
	}
	return text(e.Key)
}

// text is a scalar as written, quotes removed.
func text(n ast.Node) string {
	if n == nil {
		return ""
	}
	if tk := n.GetToken(); tk != nil && isScalar(n) {
		return tk.Value
	}
	return strings.TrimSpace(n.String())
}

func isScalar(n ast.Node) bool {
	_, ok := n.(ast.ScalarNode)
	return ok
}

func isEmpty(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, null := n.(*ast.NullNode)
	return null
}

func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 1
	}
	return n.GetToken().Position.Line
}

// yamlError splits a YAML error into its line and a one-line message.
func yamlError(err error) (int, string) {
	s := yaml.FormatError(err, false, false)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		s = s[:i]
	}
	var l, col int
	if n, _ := fmt.Sscanf(s, "[%d:%d]", &l, &col); n == 2 {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			s = strings.TrimSpace(s[i+1:])
		}
		return l, s
	}
	return 1, s
}
