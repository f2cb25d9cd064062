package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/virgahq/virga/tui"
)

const testSerial = "arn:aws:iam::123456789012:mfa/alice"

// TestMFAPromptOnTheTerminal: before the TUI, the code is asked on the
// terminal naming the profile and the device, until it is 6 digits.
func TestMFAPromptOnTheTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &mfaPrompter{in: bufio.NewReader(strings.NewReader("12\nabcdef\n123456\n")), out: &out}
	code, err := p.code("prod-admin", testSerial)
	if err != nil || code != "123456" {
		t.Fatalf("code %q, %v", code, err)
	}
	if n := strings.Count(out.String(), "MFA code for profile prod-admin ("+testSerial+"): "); n != 3 {
		t.Fatalf("prompted %d times:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "an MFA code is 6 digits") {
		t.Fatalf("no hint after a wrong code:\n%s", out.String())
	}
	p = &mfaPrompter{in: bufio.NewReader(strings.NewReader("")), out: &out}
	if _, err := p.code("prod-admin", testSerial); !errors.Is(err, errNoMFA) {
		t.Fatalf("no answer: %v", err)
	}
	// No controlling terminal and a piped stdin: nothing to ask on.
	p = newMFAPrompter(strings.NewReader("123456\n"), &out)
	p.openTTY = func() (*os.File, error) { return nil, errors.New("no tty") }
	if _, err := p.code("prod-admin", testSerial); err == nil || !strings.Contains(err.Error(), "on a terminal") {
		t.Fatalf("without a terminal: %v", err)
	}
}

// TestMFAPromptHandedToTheTUI: once the TUI runs, a question goes to it
// with the profile and the device, and its answer (or cancel) comes back.
func TestMFAPromptHandedToTheTUI(t *testing.T) {
	p := newMFAPrompter(strings.NewReader(""), &bytes.Buffer{})
	p.openTTY = func() (*os.File, error) {
		t.Error("the terminal was opened while the TUI runs")
		return nil, errors.New("no")
	}
	ch, done := make(chan tui.MFARequest), make(chan struct{})
	p.handOver(ch, done)
	for _, answer := range []string{"654321", ""} {
		go func() {
			r := <-ch
			if r.Profile != "prod-admin" || r.Serial != testSerial {
				t.Errorf("request %+v", r)
			}
			r.Answer <- answer
		}()
		code, err := p.code("prod-admin", testSerial)
		if answer == "" && !errors.Is(err, errNoMFA) || answer != "" && (err != nil || code != answer) {
			t.Fatalf("answer %q: got %q, %v", answer, code, err)
		}
	}
	close(done)
	if _, err := p.code("prod-admin", testSerial); !errors.Is(err, errNoMFA) {
		t.Fatalf("after the TUI ended: %v", err)
	}
}
