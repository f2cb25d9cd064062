package aws

import (
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
