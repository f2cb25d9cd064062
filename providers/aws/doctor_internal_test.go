package aws

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/virgahq/virga/providers"
)

// TestJudgeProbe: an emulator's missing operation is "unavailable" only on
// a custom endpoint; on AWS the same status is a failure or a missing
// resource, and a denied call is denied wherever it comes from.
func TestJudgeProbe(t *testing.T) {
	cases := []struct {
		name   string
		custom bool
		err    error
		want   providers.CheckStatus
	}{
		{"emulator 404 without a code", true, generic(404, "", ""), providers.CheckUnavailable},
		{"emulator 500 without a code", true, generic(500, "", ""), providers.CheckUnavailable},
		{"AWS unknown operation", false, generic(400, "UnknownOperationException", ""), providers.CheckUnavailable},
		{"AWS 500 is a failure", false, generic(500, "InternalFailure", "boom"), providers.CheckFailed},
		{"AWS 404 is a missing resource", false, generic(404, "ResourceNotFoundException", "Function not found"), providers.CheckOK},
		{"emulator: a missing resource", true, generic(404, "ResourceNotFoundException", "Function not found"), providers.CheckOK},
		{"denied", false, generic(403, "AccessDeniedException", "no"), providers.CheckDenied},
		{"denied on an emulator", true, generic(403, "AccessDeniedException", "no"), providers.CheckDenied},
		{"invalid request proves the permission", false, generic(400, "ClientException", "Unable to describe task definition."), providers.CheckOK},
	}
	for _, c := range cases {
		p := &Provider{customEndpoint: c.custom, region: "us-east-1"}
		got, msg, _ := p.judge("Lambda.GetAccountSettings", c.err)
		if got != c.want {
			t.Errorf("%s: %s (%s), want %s", c.name, got, msg, c.want)
		}
	}
}

// TestDoctorProbesEveryReadTheREADMEAsksFor: each IAM action of the
// README's read rows (lists and detail, metrics, logs, EKS clusters and
// profiles) is one probe of virga doctor, so the two cannot drift apart.
func TestDoctorProbesEveryReadTheREADMEAsksFor(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	probed := map[string]bool{}
	for _, pr := range probes() {
		probed[iamAction(pr.op)] = true
	}
	action := regexp.MustCompile("`([a-z]+:[A-Za-z]+)`")
	rows := 0
	for _, line := range strings.Split(string(readme), "\n") {
		for _, prefix := range []string{"| lists and detail |", "| metrics |", "| logs |", "| clusters and profiles |"} {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			rows++
			for _, m := range action.FindAllStringSubmatch(line, -1) {
				if !probed[m[1]] {
					t.Errorf("README asks for %s, which virga doctor does not probe", m[1])
				}
			}
		}
	}
	if rows != 4 {
		t.Fatalf("found %d of the 4 permission rows in the README", rows)
	}
}
