package providers_test

import (
	"testing"

	"github.com/virgahq/virga/providers"
)

func TestConsoleURL(t *testing.T) {
	for _, c := range []struct{ kind, cluster, name, want string }{
		{providers.DescribeFunction, "", "checkout-api", "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/checkout-api"},
		{providers.DescribeCluster, "", "prod-api", "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-api?region=eu-west-1"},
		{providers.DescribeService, "prod-api", "web", "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-api/services/web?region=eu-west-1"},
		{providers.DescribeTask, "prod-api", "arn:aws:ecs:eu-west-1:1:task/prod-api/abc123", "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-api/tasks/abc123?region=eu-west-1"},
		{providers.DescribeFunction, "", "a b/c", "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/a%20b%2Fc"},
		{providers.DescribeTaskDefinition, "", "web:3", ""},
	} {
		if got := providers.ConsoleURL("eu-west-1", c.kind, c.cluster, c.name); got != c.want {
			t.Errorf("ConsoleURL(%s %s) = %q, want %q", c.kind, c.name, got, c.want)
		}
	}
}
