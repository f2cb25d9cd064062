package kit

import (
	"unicode"
	"unicode/utf8"
)

// FoldSpans returns the byte ranges of s where query occurs, ignoring
// case (Unicode simple folding), at most limit of them. The ranges are
// those of s itself, so highlighting never splits a character even where
// upper and lower case differ in length.
func FoldSpans(s, query string, limit int) [][2]int {
	if query == "" {
		return nil
	}
	var out [][2]int
	for i := 0; i < len(s) && len(out) < limit; {
		if n, ok := prefixFold(s[i:], query); ok {
			out = append(out, [2]int{i, i + n})
			i += max(n, 1)
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

// prefixFold reports whether s starts with query ignoring case, and how
// many bytes of s the match covers.
func prefixFold(s, query string) (int, bool) {
	i := 0
	for _, q := range query {
		if i >= len(s) {
			return 0, false
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r != q && !sameFold(r, q) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// sameFold reports whether two runes are equal under simple case folding.
func sameFold(a, b rune) bool {
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return lowerASCII(a) == lowerASCII(b)
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
