package config

import (
	"bytes"
	"fmt"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// The limits a config file must stay within before it is parsed at all.
// A real file is a few kilobytes three levels deep; a hostile one (a
// billion-laughs alias bomb, megabytes of nested brackets) made the YAML
// parser allocate gigabytes. Tokenizing is linear, so these checks run on
// the tokens and the parser only ever sees a small, shallow document.
const (
	// MaxSize is the largest file read.
	MaxSize = 64 << 10
	// maxDepth is the deepest nesting of mappings and sequences.
	maxDepth = 8
)

// bom is the UTF-8 byte-order mark some editors write first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// guard checks a document before it is parsed: no anchors, aliases or
// merge keys (a config needs none, and aliases are how a few hundred bytes
// expand into gigabytes), and no nesting deeper than maxDepth. It returns
// the problem with its line, or nil.
func guard(data []byte) *Problem {
	if len(data) > MaxSize {
		return &Problem{Line: 1, Closed: true, Msg: fmt.Sprintf("the file is larger than %d KiB", MaxSize>>10)}
	}
	tokens := lexer.Tokenize(string(data))
	flow, lastLine := 0, 0
	// indents holds the columns of the enclosing block levels.
	var indents []int
	lineDepth := 0
	for _, tk := range tokens {
		pos := tk.Position
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			return &Problem{Line: pos.Line, Closed: true,
				Msg: "anchors and aliases (&name, *name) are not allowed; quote a value that starts with * or &, e.g. \"*prod*\""}
		case token.MergeKeyType:
			return &Problem{Line: pos.Line, Closed: true, Msg: "merge keys (<<) are not allowed"}
		case token.CommentType:
			continue
		}
		if flow == 0 && pos.Line != lastLine {
			// The first token of a line opens or closes block levels by
			// its indentation.
			lastLine, lineDepth = pos.Line, 0
			for len(indents) > 0 && indents[len(indents)-1] >= pos.Column {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, pos.Column)
		} else if flow == 0 && tk.Type == token.SequenceEntryType {
			// "- - - x": each further dash on a line is one level deeper.
			lineDepth++
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		}
		if len(indents)+lineDepth+flow > maxDepth+1 {
			return &Problem{Line: pos.Line, Closed: true, Msg: fmt.Sprintf("nesting is deeper than %d levels", maxDepth)}
		}
	}
	return nil
}

// stripBOM drops a leading UTF-8 byte-order mark.
func stripBOM(data []byte) []byte { return bytes.TrimPrefix(data, bom) }
