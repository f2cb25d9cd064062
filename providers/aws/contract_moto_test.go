package aws_test

import (
	"fmt"
	"testing"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/aws/mototest"
)

// TestContractMoto runs the contract suite against moto, an independent
// emulator: where the simulated account guessed AWS's behaviour wrong,
// the two halves disagree.
func TestContractMoto(t *testing.T) {
	endpoint := startMoto(t)
	// The seeding's ECS client gets past moto's numeric ECS sizes through
	// a proxy (see mototest); the provider under test talks to moto
	// directly and must cope on its own (addECSNumberCompat), as a user
	// of --endpoint-url would.
	fx := seedMoto(t, endpoint)
	runContract(t, backendUnderTest{
		name: "moto",
		open: func(t *testing.T, mutate func(*awsprov.Config)) *awsprov.Provider {
			return newProvider(t, endpoint, mutate)
		},
		fx: fx,
	})
}

// startMoto runs moto_server for the test (see mototest.Start).
func startMoto(t *testing.T) string { return mototest.Start(t) }

// seedMoto puts the fixture into moto through the SDK.
func seedMoto(t *testing.T, endpoint string) fixture {
	t.Helper()
	seed := mototest.NewSeeder(t, endpoint)
	now := time.Now().UTC()

	for _, name := range []string{"virga-orders", "virga-payments", "virga-reports"} {
		seed.FunctionWith(name, "virga contract "+name, map[string]string{"ZED": "z", "ALPHA": "a", "MIDDLE": "m"})
	}
	seed.Publish("virga-orders")
	seed.Describe("virga-orders", "second")
	seed.Publish("virga-orders")
	seed.Alias("virga-orders", "live", "1", map[string]float64{"2": 0.2})
	seed.Publish("virga-reports")
	seed.Alias("virga-reports", "stable", "1", nil)
	seed.Reserve("virga-payments", 5)

	seed.FargateService("virga-prod", "web", "virga-web")

	// Two streams of 15 events a second apart, 20 minutes ago.
	base := now.Add(-20 * time.Minute).Truncate(time.Second)
	const group = "/virga/contract/app"
	for s, stream := range []string{"s1", "s2"} {
		evs := make([]mototest.LogEvent, 15)
		for i := range evs {
			evs[i] = mototest.LogEvent{At: base.Add(time.Duration(2*i+s) * time.Second), Message: fmt.Sprintf("%s line %d", stream, i)}
		}
		seed.LogStream(group, stream, evs)
	}

	// Invocations 1..5 in five consecutive minutes, half an hour ago.
	t0 := now.Truncate(time.Minute).Add(-30 * time.Minute)
	for i := range 5 {
		seed.Metric("virga-orders", "Invocations", t0.Add(time.Duration(i)*time.Minute), float64(i+1), cwtypes.StandardUnitCount)
	}

	return fixture{
		account:      "123456789012",
		functions:    []string{"virga-orders", "virga-payments", "virga-reports"},
		minFunctions: 3,
		fn:           "virga-orders", versions: []string{"1", "2"},
		alias: "live", aliasVersion: "1", aliasWeights: map[string]float64{"2": 0.2},
		reservedFn: "virga-payments", reserved: 5,
		invokeFn: "virga-orders",
		mutFn:    "virga-reports", mutAlias: "stable",

		cluster: "virga-prod", service: "web", insights: "enabled", stoppedTask: true, sparseECS: true,
		taskLogGroup: "/ecs/virga-web",

		logGroup: group, logStart: base.Add(-time.Minute), logEnd: base.Add(time.Minute), logEvents: 30,

		metric: providers.MetricQuery{Key: "virga-orders", Namespace: providers.NamespaceLambda, Metric: "Invocations",
			Dimensions: []providers.Dimension{{Name: "FunctionName", Value: "virga-orders"}}, Stat: "Sum", Period: time.Minute},
		metricStart: t0, metricEnd: t0.Add(5 * time.Minute), metricValues: []float64{1, 2, 3, 4, 5},

		// moto answers ListFargateProfiles of a missing cluster with a 500.
		unavailable: []string{"lambda:ListProvisionedConcurrencyConfigs", "lambda:GetAccountSettings", "eks:ListFargateProfiles", "logs:StartLiveTail"},
	}
}
