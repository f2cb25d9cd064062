package aws_test

import (
	"slices"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// contractDoctor runs every permission probe once: nothing is denied or
// failing on an emulator that allows everything, and exactly the
// operations the backend lacks are "not available on this endpoint".
func contractDoctor(t *testing.T, p *awsprov.Provider, fx fixture) {
	d, err := p.Diagnose(testCtx(t, 60*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if d.Identity.Account != fx.account || d.Identity.ARN == "" || d.CredentialSource == "" {
		t.Errorf("identity %+v, credentials from %q", d.Identity, d.CredentialSource)
	}
	if d.ServerTime.IsZero() || d.ReceivedAt.IsZero() {
		t.Error("no Date header kept for the clock skew")
	}
	skew := d.ReceivedAt.Sub(d.ServerTime)
	if skew < -time.Minute || skew > time.Minute {
		t.Errorf("skew %s against a server on this machine", skew)
	}
	var unavailable []string
	for _, c := range d.Checks {
		switch c.Status {
		case providers.CheckUnavailable:
			unavailable = append(unavailable, c.Action)
		case providers.CheckOK:
		default:
			t.Errorf("%s: %s %s", c.Action, c.Status, c.Message)
		}
	}
	if !slices.Equal(unavailable, fx.unavailable) {
		t.Errorf("unavailable: %v, want %v", unavailable, fx.unavailable)
	}
	if len(d.Checks) < 20 {
		t.Errorf("%d checks", len(d.Checks))
	}
}

// TestDoctorNamesDeniedActions: a denied read is named as denied, the
// others stay allowed.
func TestDoctorNamesDeniedActions(t *testing.T) {
	acct, endpoint := startSim(t)
	for _, op := range []string{"Lambda.GetAccountSettings", "CloudWatch.GetMetricData", "Logs.StartLiveTail"} {
		acct.fail(op, providers.ErrAccessDenied)
	}
	p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
	d, err := p.Diagnose(testCtx(t, 60*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var denied []string
	for _, c := range d.Checks {
		if c.Status == providers.CheckDenied {
			denied = append(denied, c.Action)
		} else if c.Status != providers.CheckOK {
			t.Errorf("%s: %s %s", c.Action, c.Status, c.Message)
		}
	}
	if want := []string{"lambda:GetAccountSettings", "cloudwatch:GetMetricData", "logs:StartLiveTail"}; !slices.Equal(denied, want) {
		t.Errorf("denied %v, want %v", denied, want)
	}
}
