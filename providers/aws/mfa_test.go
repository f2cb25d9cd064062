package aws_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

const mfaSerial = "arn:aws:iam::123456789012:mfa/alice"

// mfaAccount is a fake STS for a profile that assumes a role with MFA; it
// records the token codes AssumeRole received.
func mfaAccount(t *testing.T) (*fakeAWS, func() []string) {
	t.Helper()
	var codes testkit.Record[string]
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "STS.AssumeRole":
			codes.Add(r.PostForm.Get("TokenCode") + "@" + r.PostForm.Get("SerialNumber"))
			w.Header().Set("Content-Type", "text/xml")
			_, _ = w.Write([]byte(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>
<Expiration>` + time.Now().Add(time.Hour).UTC().Format(time.RFC3339) + `</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/admin/virga</Arn><AssumedRoleId>AROA:virga</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>`))
		case "STS.GetCallerIdentity":
			stsIdentity(w, "123456789012")
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	testkit.WriteFile(t, conf, `[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret
[profile prod-admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = base
mfa_serial = `+mfaSerial+`
region = us-east-1
`)
	for k, v := range map[string]string{"AWS_CONFIG_FILE": conf, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "",
		"AWS_EC2_METADATA_DISABLED": "true"} {
		t.Setenv(k, v)
	}
	return f, codes.All
}

func openProfile(t *testing.T, endpoint string, mutate func(*awsprov.Config)) *awsprov.Provider {
	t.Helper()
	cfg := awsprov.Config{Profile: "prod-admin", EndpointURL: endpoint, CallTimeout: 10 * time.Second}
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := awsprov.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// TestMFAProfileAsksForTheCode: a profile that assumes a role with MFA
// asks Config.MFA once, naming the profile and the device, and sends the
// code with AssumeRole; in read-only mode too (getting credentials is not
// a change).
func TestMFAProfileAsksForTheCode(t *testing.T) {
	for _, ro := range []bool{false, true} {
		f, codes := mfaAccount(t)
		var asked []string
		p := openProfile(t, f.URL(), func(c *awsprov.Config) {
			c.ReadOnly = ro
			c.MFA = func(profile, serial string) (string, error) {
				asked = append(asked, profile+" "+serial)
				return "123456", nil
			}
		})
		if !p.NeedsMFA() {
			t.Fatal("the profile's MFA device was not noticed")
		}
		id, err := p.Identity(testCtx(t, 10*time.Second))
		if err != nil {
			t.Fatalf("read-only %v: %v", ro, err)
		}
		if id.Account != "123456789012" || id.Profile != "prod-admin" {
			t.Errorf("identity %+v", id)
		}
		if len(asked) != 1 || asked[0] != "prod-admin "+mfaSerial {
			t.Errorf("asked %q, want once for prod-admin and its device", asked)
		}
		if got := codes(); len(got) != 1 || got[0] != "123456@"+mfaSerial {
			t.Errorf("AssumeRole got %q", got)
		}
	}
}

// TestMFAProfileWithoutAPromptSaysWhy: without a way to ask, the profile
// still loads, and its calls fail with a sentence naming the profile, not
// the SDK's "AssumeRoleTokenProvider session option not set"; a refused
// prompt says so too.
func TestMFAProfileWithoutAPromptSaysWhy(t *testing.T) {
	f, codes := mfaAccount(t)
	p := openProfile(t, f.URL(), nil)
	_, err := p.Identity(testCtx(t, 10*time.Second))
	msg := providers.Short(err)
	if providers.KindOf(err) != providers.ErrCredentials || !strings.Contains(msg, "profile prod-admin assumes a role with MFA") ||
		!strings.Contains(msg, mfaSerial) || strings.Contains(msg, "AssumeRoleTokenProvider") {
		t.Fatalf("error: %v (%q)", err, msg)
	}
	p = openProfile(t, f.URL(), func(c *awsprov.Config) {
		c.MFA = func(string, string) (string, error) { return "", errors.New("cancelled") }
	})
	_, err = p.Identity(testCtx(t, 10*time.Second))
	if msg := providers.Short(err); !strings.Contains(msg, "profile prod-admin: no MFA code: cancelled") {
		t.Fatalf("cancelled prompt: %q", msg)
	}
	if len(codes()) != 0 {
		t.Fatalf("AssumeRole was called without a code: %q", codes())
	}
}
