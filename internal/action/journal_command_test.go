package action_test

import (
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// TestInvokeJournalCommand: the journaled aws command of an invocation is
// the command shown, with the payload masked: one --payload, the payload,
// then the output file; secrets assigned inside the payload are masked.
func TestInvokeJournalCommand(t *testing.T) {
	for name, payload := range map[string]string{
		"json":     `{"env":"DB_PASSWORD=hunter2","n":1}`,
		"raw text": `DB_PASSWORD=hunter2 run`,
		"large":    `{"env":"DB_PASSWORD=hunter2","pad":"` + strings.Repeat("x", 2000) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			a := action.InvokeFunction(providers.InvokeRequest{Function: "checkout-api", Payload: []byte(payload)})
			e := a.Entry(demo, "cli", action.Outcome{}, nil, t0)
			j := journal.Memory("")
			if err := j.Append(e); err != nil {
				t.Fatal(err)
			}
			es, _, _ := j.Read(1)
			cmd := es[0].Command
			if n := strings.Count(cmd, "--payload"); n != 1 {
				t.Fatalf("%d --payload in the journaled command: %s", n, cmd)
			}
			if strings.Contains(cmd, "hunter2") || strings.Contains(es[0].Params["payload"], "hunter2") {
				t.Fatalf("secret journaled: %s %v", cmd, es[0].Params)
			}
			if !strings.HasSuffix(cmd, "response.json --region us-east-1") {
				t.Fatalf("command does not end with the output file: %s", cmd)
			}
			shown := a.Command(demo)
			if strings.Count(shown, "--payload") != 1 {
				t.Fatalf("shown command: %s", shown)
			}
		})
	}
}
