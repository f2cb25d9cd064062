package aws_test

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// TestNonJSONErrorBodyNamesTheStatus: an error answer whose body is not
// in the service's protocol (moto's HTML 500 page, a proxy's 502 text)
// says which service answered which HTTP status, for every service and
// both CloudWatch protocols, instead of the decoder's "invalid character
// '<'".
func TestNonJSONErrorBodyNamesTheStatus(t *testing.T) {
	const page = "<!doctype html>\n<html lang=en><title>500 Internal Server Error</title><h1>Internal Server Error</h1></html>\n"
	calls := []struct {
		name    string
		service string
		cbor    bool
		call    func(p *awsprov.Provider) error
	}{
		{"lambda", "Lambda", false, func(p *awsprov.Provider) error {
			_, err := p.ListFunctions(testCtx(t, 30*time.Second), "")
			return err
		}},
		{"ecs", "ECS", false, func(p *awsprov.Provider) error {
			_, err := p.ListClusters(testCtx(t, 30*time.Second))
			return err
		}},
		{"logs", "Logs", false, func(p *awsprov.Provider) error {
			_, err := p.FilterLogEvents(testCtx(t, 30*time.Second), providers.LogQuery{Group: "/g", Start: time.Unix(0, 0), End: time.Unix(60, 0)})
			return err
		}},
		{"sts", "STS", false, func(p *awsprov.Provider) error {
			_, err := p.Identity(testCtx(t, 30*time.Second))
			return err
		}},
		{"cloudwatch json", "CloudWatch", false, metricsCall(t)},
		{"cloudwatch cbor", "CloudWatch", true, metricsCall(t)},
	}
	for _, tc := range calls {
		for _, status := range []int{500, 502} {
			t.Run(tc.name+"/"+http.StatusText(status), func(t *testing.T) {
				t.Parallel()
				f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
					_, _ = io.Copy(io.Discard, r.Body)
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.WriteHeader(status)
					_, _ = io.WriteString(w, page)
				})
				p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.CloudWatchJSON = !tc.cbor })
				err := tc.call(p)
				var pe *providers.Error
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T) is not a *providers.Error", err, err)
				}
				want := tc.service + " answered HTTP " + strconv.Itoa(status)
				if !strings.Contains(pe.Message, want) || strings.Contains(pe.Message, "invalid character") ||
					strings.Contains(pe.Message, "<") {
					t.Errorf("message %q, want it to say %q and nothing of the body", pe.Message, want)
				}
			})
		}
	}
}

func metricsCall(t *testing.T) func(p *awsprov.Provider) error {
	return func(p *awsprov.Provider) error {
		_, err := p.GetMetricData(testCtx(t, 30*time.Second), providers.MetricRequest{
			Start: time.Unix(0, 0), End: time.Unix(600, 0),
			Queries: []providers.MetricQuery{{Key: "k", Namespace: providers.NamespaceLambda, Metric: "Invocations", Stat: "Sum", Period: time.Minute}},
		})
		return err
	}
}
