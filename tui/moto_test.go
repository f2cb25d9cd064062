package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/virgahq/virga/internal/testkit"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/aws/mototest"
)

// TestMotoListWithFailingPercentiles runs the list against moto, which
// answers HTTP 500 to a GetMetricData that asks for a percentile of a
// metric it holds data for. The function with CloudWatch data still
// shows its invocations and error rate; P95 says err, never n/a; and
// every row on screen shows its reserved concurrency within one refresh.
func TestMotoListWithFailingPercentiles(t *testing.T) {
	endpoint := mototest.Start(t)
	seed := mototest.NewSeeder(t, endpoint)
	for _, n := range []string{"moto-busy", "moto-idle", "moto-reserved"} {
		seed.Function(n)
	}
	seed.Reserve("moto-reserved", 7)
	now := time.Now().UTC()
	at := now.Truncate(time.Minute).Add(-5 * time.Minute)
	seed.Metric("moto-busy", "Invocations", at, 60, cwtypes.StandardUnitCount)
	seed.Metric("moto-busy", "Errors", at, 6, cwtypes.StandardUnitCount)
	seed.Metric("moto-busy", "Duration", at, 120, cwtypes.StandardUnitMilliseconds)

	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	p, err := awsprov.New(context.Background(), awsprov.Config{Region: "us-east-1", EndpointURL: endpoint,
		AccessKeyID: "test", SecretAccessKey: "test", CloudWatchJSON: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	h := newHarness(t, p, testkit.NewClock(now), 200, 50)
	h.advance(2 * time.Second)

	// NAME RUNTIME MEM RSV INV/m spark ERR% spark THR spark P95 CONC spark
	row := strings.Fields(tableRow(h, "moto-busy"))
	if len(row) < 11 || row[4] != "4" || row[6] != "10%" || row[10] != "err" {
		t.Fatalf("moto-busy: %q, want 4 invocations a minute, 10%% errors and err for P95\n%s", row, h.screen())
	}
	h.mustNotSee("n/a", "invalid character")
	if unknown, rows := unknownRSV(h); unknown > 0 || rows != 3 {
		t.Fatalf("%d of %d rows without RSV:\n%s", unknown, rows, h.screen())
	}
	if got := rsvOf(h, "moto-reserved"); got != "7" {
		t.Errorf("moto-reserved RSV %q, want 7", got)
	}
	if got := rsvOf(h, "moto-idle"); got != "—" {
		t.Errorf("moto-idle RSV %q, want —", got)
	}
}
