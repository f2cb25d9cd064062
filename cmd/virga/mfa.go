package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/sanitize"
)

// mfaPrompter asks for the codes of MFA devices, for profiles that assume
// a role with one: on the terminal until the TUI starts, then through the
// TUI (handOver), which owns the terminal from then on. One question at a
// time.
type mfaPrompter struct {
	mu sync.Mutex
	// stdin and stderr are used when there is no controlling terminal
	// and stdin is one.
	stdin  io.Reader
	stderr io.Writer
	// in and out are the terminal, opened on the first question; tty is
	// /dev/tty when that is what they are.
	in  *bufio.Reader
	out io.Writer
	tty *os.File
	// openTTY opens the controlling terminal (tests replace it).
	openTTY func() (*os.File, error)
	// tui and done are set while the TUI runs.
	tui  chan<- tui.MFARequest
	done <-chan struct{}
}

func newMFAPrompter(stdin io.Reader, stderr io.Writer) *mfaPrompter {
	return &mfaPrompter{stdin: stdin, stderr: stderr, openTTY: func() (*os.File, error) { return os.OpenFile("/dev/tty", os.O_RDWR, 0) }}
}

// open finds the terminal to ask on: the controlling terminal (/dev/tty),
// so a piped stdin (a payload on @-) does not stop it; else stdin and
// stderr when stdin is a terminal. p.mu is held.
func (p *mfaPrompter) open() bool {
	if p.in != nil {
		return true
	}
	if tty, err := p.openTTY(); err == nil {
		p.tty, p.in, p.out = tty, bufio.NewReader(tty), tty
		return true
	}
	if isTerminal(p.stdin) {
		p.in, p.out = bufio.NewReader(p.stdin), p.stderr
		return true
	}
	return false
}

// close releases the terminal if it was opened.
func (p *mfaPrompter) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty != nil {
		_ = p.tty.Close()
		p.tty, p.in, p.out = nil, nil, nil
	}
}

// handOver sends later questions to the TUI until done is closed.
func (p *mfaPrompter) handOver(ch chan<- tui.MFARequest, done <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tui, p.done = ch, done
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// errNoMFA says a question went unanswered.
var errNoMFA = errors.New("not given")

// code asks for the current code of serial, naming the profile.
func (p *mfaPrompter) code(profile, serial string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tui != nil {
		answer := make(chan string, 1)
		select {
		case p.tui <- tui.MFARequest{Profile: profile, Serial: serial, Answer: answer}:
		case <-p.done:
			return "", errNoMFA
		}
		select {
		case c := <-answer:
			if c == "" {
				return "", errNoMFA
			}
			return c, nil
		case <-p.done:
			return "", errNoMFA
		}
	}
	if !p.open() {
		return "", errors.New("virga asks for it on a terminal, and there is none")
	}
	for try := 0; try < 3; try++ {
		fmt.Fprintf(p.out, "MFA code for profile %s (%s): ", sanitize.Line(profile), sanitize.Line(serial))
		line, err := p.in.ReadString('\n')
		c := strings.TrimSpace(line)
		if sixDigits.MatchString(c) {
			return c, nil
		}
		if err != nil {
			fmt.Fprintln(p.out)
			return "", errNoMFA
		}
		fmt.Fprintln(p.out, "an MFA code is 6 digits")
	}
	return "", errNoMFA
}
