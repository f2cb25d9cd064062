package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	"github.com/virgahq/virga/views/sanitize"
)

// Formats of -o. text is aligned columns for people; json and yaml print
// the documented schema (README, "JSON output"); name prints one name a
// line for xargs.
const (
	outText = "text"
	outJSON = "json"
	outYAML = "yaml"
	outName = "name"
)

// parseOutput checks -o against the formats a command prints. "table",
// the old name of text, is still read.
func parseOutput(v string, allowed ...string) (string, error) {
	if v == "table" {
		v = outText
	}
	if err := oneOf("output", v, allowed...); err != nil {
		return "", err
	}
	return v, nil
}

// listing is what a read command prints, ready for every format.
type listing struct {
	data   any // json, yaml
	header []string
	rows   [][]string // text
	names  []string   // name
	// incomplete, when set, is returned after printing: part of the
	// listing could not be read (said on stderr).
	incomplete error
}

func (p listing) write(w io.Writer, format string) error {
	switch format {
	case outJSON:
		return writeJSON(w, p.data)
	case outYAML:
		return writeYAML(w, p.data)
	case outName:
		var b strings.Builder
		for _, n := range p.names {
			b.WriteString(sanitize.Line(n) + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return writeTable(w, p.header, p.rows)
}

// writeTable prints plain aligned text. Every value passes the sanitizer,
// so output to a pipe or terminal carries no escape codes at all.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		for i := range r {
			r[i] = strings.ReplaceAll(sanitize.Line(r[i]), "\t", " ")
			if r[i] == "" {
				r[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// writeJSON prints v indented. Characters a terminal could act on are
// escaped, so the document is the same data and safe to print anywhere.
func writeJSON(w io.Writer, v any) error {
	doc, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, sanitize.JSON(string(doc))+"\n")
	return err
}

// writeYAML prints v as YAML with the same keys and values as its JSON.
func writeYAML(w io.Writer, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	y, err := yamlOf(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(y)
	return err
}

// yamlOf converts a JSON document to YAML, keeping the key order. A string
// holding a character a terminal could act on is written double-quoted
// with escapes (strconv.Quote's escapes are all valid in YAML), so the
// data survives and nothing raw reaches the terminal.
func yamlOf(doc []byte) ([]byte, error) {
	var v any
	if err := yaml.UnmarshalWithOptions(doc, &v, yaml.UseOrderedMap()); err != nil {
		return nil, err
	}
	node, err := yaml.ValueToNode(v)
	if err != nil {
		return nil, err
	}
	ast.Walk(quoteUnsafe{}, node)
	out := node.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return []byte(out), nil
}

// quoteUnsafe marks the plain strings that need escapes as double-quoted.
// A string the encoder already quoted (its value starts with a quote) was
// made by strconv.Quote and is safe.
type quoteUnsafe struct{}

func (q quoteUnsafe) Visit(n ast.Node) ast.Visitor {
	if s, ok := n.(*ast.StringNode); ok && s.Token != nil && s.Token.Type != token.DoubleQuoteType &&
		!strings.HasPrefix(s.Value, `"`) && sanitize.NeedsQuoting(s.Value) {
		s.Token.Type = token.DoubleQuoteType
	}
	return q
}
