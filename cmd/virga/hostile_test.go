package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileText holds every kind of sequence a terminal could act on: OSC 52
// (clipboard), OSC 8 (link), CSI (clear screen) with ESC and as the C1
// code point, a raw 0x9b byte, BEL, bidi overrides and isolates, and
// invalid UTF-8.
const hostileText = "\x1b]52;c;SGVsbG8=\x07\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\" +
	"\x1b[2J\u009b31m\x9b6n\u202eevil\u2066iso\u2069\a\xff\xfe end"

// terminalSafe says what, if anything, in out a terminal could act on:
// ESC, BEL or another C0 control but newline and tab, DEL, a C1 control,
// a bidi control, or invalid UTF-8 (a lone 0x9b is CSI to 8-bit
// terminals).
func terminalSafe(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("%U at byte %d", r, i)
		}
	}
	return ""
}

// hostileEndpoint answers every AWS call with an error whose message is
// hostile text, in the protocol of the service asked; GetCallerIdentity
// succeeds with a hostile ARN, and ListFunctions with hostile functions,
// so that output built from answers is exercised too.
func hostileEndpoint(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Amzn-Requestid", "req-1")
		target := r.Header.Get("X-Amz-Target")
		switch {
		case strings.Contains(string(body), "Action=GetCallerIdentity"):
			type result struct {
				Arn     string `xml:"Arn"`
				Account string `xml:"Account"`
				UserID  string `xml:"UserId"`
			}
			doc := struct {
				XMLName xml.Name `xml:"GetCallerIdentityResponse"`
				Result  result   `xml:"GetCallerIdentityResult"`
			}{Result: result{Arn: "arn:aws:iam::123456789012:user/" + strings.ToValidUTF8(hostileText, "?"), Account: "123456789012", UserID: "u"}}
			w.Header().Set("Content-Type", "text/xml")
			_ = xml.NewEncoder(w).Encode(doc)
		case r.Method == http.MethodGet && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/2015-03-31/functions"):
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"Functions": []map[string]any{{
				"FunctionName": "fn-" + hostileText, "Runtime": "python3.12" + hostileText, "MemorySize": 128, "Timeout": 3,
				"Description": hostileText, "Handler": hostileText, "LastModified": "2026-11-25T14:30:00.000+0000",
			}}})
		case strings.HasPrefix(r.URL.Path, "/20"): // Lambda's REST paths
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(map[string]string{"Type": "User", "message": "Function not found: " + hostileText})
		case strings.Contains(target, "GraniteServiceVersion20100801"):
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"__type": "InvalidParameterValueException", "message": hostileText})
		default: // ECS, Logs
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			code := "ClusterNotFoundException"
			if strings.HasPrefix(target, "Logs_") {
				code = "ResourceNotFoundException"
			}
			_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": hostileText})
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCLIOutputIsInertWithHostileText runs every subcommand with hostile
// names on the command line against an endpoint that answers with hostile
// text, and checks that nothing a terminal could act on reaches stdout or
// stderr, whatever the exit code.
func TestCLIOutputIsInertWithHostileText(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
		"AWS_MAX_ATTEMPTS": "1", "XDG_CONFIG_HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state"),
		"XDG_DATA_HOME": filepath.Join(dir, "data"),
	} {
		t.Setenv(k, v)
	}
	endpoint := hostileEndpoint(t)
	name := "evil" + hostileText
	lines := [][]string{
		{"get", "functions"},
		{"get", "functions", "-o", "json"},
		{"get", "clusters"},
		{"get", "services", "--cluster", name},
		{"get", "tasks", "--cluster", name, "--service", name},
		{"logs", "function", name, "--since", "5m"},
		{"logs", "function", name, "--since", "5m", "-o", "json"},
		{"logs", "service", name, "--cluster", name},
		{"logs", "task", name, "--cluster", name},
		{"invoke", name, "--yes", "--payload", "{}"},
		{"invoke", name, "--yes", "--payload", "not json " + hostileText},
		{"scale", "function", name, "--reserved", "5", "--yes"},
		{"scale", "function", name, "--memory", "256", "--yes"},
		{"scale", "service", name, "--cluster", name, "--desired", "2", "--yes"},
		{"redeploy", "service", name, "--cluster", name, "--yes"},
		{"rollback", "service", name, "--cluster", name, "--yes"},
		{"alias", name, name, "--version", "1", "--yes"},
		{"stop", "task", name, "--cluster", name, "--reason", hostileText, "--yes"},
		{"get", name},
		{name},
		{"get", "functions", "--" + name},
		{"scale", "function", name, "--reserved", hostileText, "--yes"},
	}
	for _, args := range lines {
		full := append(append([]string(nil), args...), "--endpoint-url", endpoint)
		var out, errOut bytes.Buffer
		code := run(full, &out, &errOut)
		label := strings.ToValidUTF8(strings.Join(args[:min(2, len(args))], " "), "?")
		if why := terminalSafe(out.String()); why != "" {
			t.Errorf("virga %s (exit %d): stdout has %s: %q", label, code, why, out.String())
		}
		if why := terminalSafe(errOut.String()); why != "" {
			t.Errorf("virga %s (exit %d): stderr has %s: %q", label, code, why, errOut.String())
		}
		if out.Len()+errOut.Len() == 0 {
			t.Errorf("virga %s (exit %d) printed nothing", label, code)
		}
	}
}
