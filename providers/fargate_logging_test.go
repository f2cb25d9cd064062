package providers_test

import (
	"testing"

	"github.com/virgahq/virga/providers"
)

func TestParseFargateLogging(t *testing.T) {
	cases := []struct {
		name string
		data map[string]string
		want providers.FargateLogging
	}{
		{"no ConfigMap data", nil, providers.FargateLogging{}},
		{"no output section", map[string]string{"output.conf": "[FILTER]\n  Name grep\n"}, providers.FargateLogging{}},
		{
			"CloudWatch output with comments and odd case",
			map[string]string{"flb_log_cw": "true", "output.conf": `# ship everything
[OUTPUT]
    Name cloudwatch_logs
    Match   *
    REGION us-east-1
    log_group_name   /aws/eks/prod-eks/fargate
    log_stream_prefix from-fluent-bit-
    auto_create_group true
[OUTPUT]
    Name es
`},
			providers.FargateLogging{Enabled: true, Output: "cloudwatch_logs", LogGroup: "/aws/eks/prod-eks/fargate", Region: "us-east-1", StreamPrefix: "from-fluent-bit-"},
		},
		{
			"another destination",
			map[string]string{"output.conf": "[OUTPUT]\n  Name  kinesis_firehose\n  Match *\n  delivery_stream my-stream\n"},
			providers.FargateLogging{Enabled: true, Output: "kinesis_firehose"},
		},
	}
	for _, c := range cases {
		if got := providers.ParseFargateLogging(c.data); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
