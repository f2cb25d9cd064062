package invokeview_test

import (
	"testing"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/invokeview"
	"github.com/virgahq/virga/views/theme"
)

// TestResultGolden snapshots the invocation result pane: a cold start on
// the canary with its response and log tail, a handler that threw, an
// asynchronous invocation, and a call that never reached the function.
func TestResultGolden(t *testing.T) {
	cases := []struct {
		name string
		r    invokeview.Result
	}{
		{"ok-cold", invokeview.Result{Function: "checkout-api", Qualifier: "live", Type: providers.InvokeSync, Res: viewtest.InvokeResult()}},
		{"function-error", invokeview.Result{Function: "checkout-api", Type: providers.InvokeSync, Res: viewtest.InvokeError()}},
		{"async", invokeview.Result{Function: "checkout-api", Type: providers.InvokeAsync,
			Res: &providers.InvokeResult{StatusCode: 202, RequestID: "5a5a5a5a-0000-4111-8222-333333333333"}}},
		{"not-invoked", invokeview.Result{Function: "checkout-api", Type: providers.InvokeSync,
			Err: "AccessDeniedException: User is not authorized to perform: lambda:InvokeFunction", RequestID: "6b6b6b6b-0000-4111-8222-333333333333"}},
	}
	for _, c := range cases {
		viewtest.Golden(t, c.name, func(_ *testing.T, st *theme.Styles, w, h int) string {
			title := c.r.Function + " · " + invokeview.Summary(c.r)
			return viewtest.InPane(st, title, invokeview.Lines(st, c.r, w), w, h)
		})
	}
}
