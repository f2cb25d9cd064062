package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

func TestSTSGetCallerIdentity(t *testing.T) {
	e := newEnv(t)
	c := e.sts()
	out, err := c.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := e.acct.Identity(ctx(t))
	if aws.ToString(out.Account) != id.Account || aws.ToString(out.Arn) != id.ARN || !strings.HasSuffix(aws.ToString(out.UserId), ":demo") {
		t.Fatalf("identity = %s %s %s, want %+v", aws.ToString(out.Account), aws.ToString(out.Arn), aws.ToString(out.UserId), id)
	}
	e.acct.SetFault("STS.GetCallerIdentity", sim.Fault{Kind: providers.ErrCredentials})
	_, err = c.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if ae := wantAPIError(t, err, "ExpiredToken", http.StatusForbidden); !strings.Contains(ae.ErrorMessage(), "expired") {
		t.Fatalf("message %q", ae.ErrorMessage())
	}
	e.acct.SetFault("STS.GetCallerIdentity", sim.Fault{Kind: providers.ErrThrottled})
	_, err = c.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "Throttling", http.StatusBadRequest)
}

func TestWithIdentity(t *testing.T) {
	e := newEnv(t, server.WithIdentity("210987654321", "eu-west-1"))
	out, err := e.sts().GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Account) != "210987654321" || !strings.Contains(aws.ToString(out.Arn), "::210987654321:") {
		t.Fatalf("identity: %v %v", out, err)
	}
}
