package serve

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// agentRequest is OpenSSH's request to forward the client's agent.
const agentRequest = "auth-agent-req@openssh.com"

// sessionWithoutAgent is the session channel handler with agent
// forwarding refused: the library accepts the request and leaves the
// refusal to the application, which never forwards. Refusing it in the
// protocol tells the client plainly.
func sessionWithoutAgent(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, noAgentChannel{ch}, ctx)
}

type noAgentChannel struct{ gossh.NewChannel }

// Accept filters the channel's requests: agent forwarding is answered
// no, everything else passes on in order. The filter ends when the
// channel's requests end.
func (c noAgentChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			if r.Type == agentRequest {
				_ = r.Reply(false, nil)
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}
