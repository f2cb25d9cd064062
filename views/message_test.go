package views_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// TestMessageLinesAt80: the whole of an AWS error, its operation, IAM
// action, request id and AWS's own words, fits 80 columns by wrapping.
func TestMessageLinesAt80(t *testing.T) {
	cause := errors.New("operation error ECS: UpdateService, https response error StatusCode: 400, RequestID: 9c1f, " +
		"AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/oncall/ana is not authorized to perform: " +
		"ecs:UpdateService on resource: arn:aws:ecs:us-east-1:123456789012:service/prod-api/recommendations")
	err := &providers.Error{Kind: providers.ErrAccessDenied, Op: "ECS.UpdateService", Action: "ecs:UpdateService",
		Message: "not authorized to perform: ecs:UpdateService", RequestID: "9c1f-77aa", Err: cause}
	msg := views.Message{Level: views.LevelError, Text: "redeploy recommendations: " + providers.Short(err), Err: err,
		At: viewtest.Now().Add(-12 * time.Second)}
	const width = 78
	out := views.MessageLines(theme.New(theme.Dark), msg, viewtest.Now(), width)
	var b strings.Builder
	for i, l := range out {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells: %q", i, w, ansi.Strip(l))
		}
		b.WriteString(ansi.Strip(l) + " ")
	}
	// Compared without spaces: a long ARN breaks inside itself.
	text := strings.Join(strings.Fields(b.String()), "")
	for _, want := range []string{"12s ago", "redeploy recommendations", "access denied", "ECS.UpdateService",
		"ecs:UpdateService", "9c1f-77aa", "service/prod-api/recommendations"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the message does not say %q:\n%s", want, text)
		}
	}
}
