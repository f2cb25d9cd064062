package journal

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Masked replaces a secret in the journal.
const Masked = "****"

// secretWords are the words that make a name a secret's.
const secretWords = `secret|passw(?:or)?d|passwd|token|api[-_]?key|private[-_]?key|credential|authori[sz]ation|session|signature|cookie|access[-_]?key`

// secretName matches parameter and JSON key names whose values are
// secrets by their name alone.
var secretName = regexp.MustCompile(`(?i)(` + secretWords + `)`)

// secretAssign matches NAME=value in free text (an environment dump, a
// shell line, a query string) where NAME is a secret's: group 1 is the
// name and the equals sign, group 2 the value, quoted or up to the next
// space or separator. "NAME: value" is left alone: error codes read like
// that ("InvalidSignatureException: ...").
var secretAssign = regexp.MustCompile(`(?i)(\b[A-Za-z0-9_.-]*(?:` + secretWords + `)[A-Za-z0-9_.-]*\s*=\s*)` +
	`(\\".*?\\"|"[^"]*"|'[^']*'|[^\s"'&;,]+)`)

// secretValue matches values that are secrets whatever they are called:
// AWS access key ids, JWTs, PEM blocks, bearer tokens, AWS secret keys
// (40 base64 characters), and URLs with a password.
var secretValue = regexp.MustCompile(`(A(KIA|SIA|GPA|IDA|ROA)[A-Z0-9]{16})|(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)|(-----BEGIN [A-Z ]+-----)|((?i:bearer)\s+[A-Za-z0-9._~+/-]{8,}=*)|(\b[A-Za-z0-9/+]{40}\b)|(://[^/\s:@]+:[^/\s@]+@)`)

// IsSecretName reports whether a parameter or key name marks a secret.
func IsSecretName(name string) bool { return secretName.MatchString(name) }

// Mask returns a copy of params with secret values replaced: values of
// secret-looking names entirely, and secret-looking substrings of any
// other value. A value that holds JSON (an invocation payload) is masked
// key by key.
func Mask(params map[string]string) map[string]string {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]string, len(params))
	for k, v := range params {
		switch {
		case IsSecretName(k):
			out[k] = Masked
		case looksJSON(v):
			out[k] = MaskJSON([]byte(v))
		default:
			out[k] = MaskText(v)
		}
	}
	return out
}

// MaskText replaces secret-looking substrings of free text (an error
// message, a stop reason, a command line): values assigned to a secret's
// name, and values that look like secrets whatever they are called.
func MaskText(s string) string {
	if s == "" {
		return s
	}
	s = secretAssign.ReplaceAllString(s, "${1}"+Masked)
	return secretValue.ReplaceAllStringFunc(s, func(m string) string {
		// Keep the scheme of a URL with credentials readable.
		if strings.HasPrefix(m, "://") {
			return "://" + Masked + "@"
		}
		if len(m) == 40 && isLowerHex(m) {
			// A commit id, not an AWS secret key (which mixes cases).
			return m
		}
		return Masked
	})
}

func looksJSON(s string) bool {
	t := strings.TrimSpace(s)
	return len(t) > 1 && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t))
}

// MaskJSON returns doc compacted with the values of secret-looking keys
// masked and secret-looking strings masked anywhere. A document that is
// not JSON is masked as text. Numbers keep their exact text.
func MaskJSON(doc []byte) string {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return MaskText(string(doc))
	}
	v = maskValue(v, false)
	out, err := json.Marshal(v)
	if err != nil {
		return MaskText(string(doc))
	}
	return string(out)
}

func maskValue(v any, secret bool) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = maskValue(x, IsSecretName(k))
		}
		return t
	case []any:
		for i, x := range t {
			t[i] = maskValue(x, secret)
		}
		return t
	case string:
		if secret {
			return Masked
		}
		// A JSON string may itself hold JSON (API Gateway bodies).
		if looksJSON(t) {
			return MaskJSON([]byte(t))
		}
		return MaskText(t)
	default:
		if secret && v != nil {
			return Masked
		}
		return v
	}
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
