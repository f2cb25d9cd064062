package providers

import (
	"bufio"
	"strings"
)

// Where Fargate on EKS reads its log routing from: a ConfigMap named
// aws-logging in the aws-observability namespace, whose output.conf holds
// Fluent Bit [OUTPUT] sections.
const (
	FargateLoggingNamespace = "aws-observability"
	FargateLoggingConfigMap = "aws-logging"
)

// ParseFargateLogging reads the data of the aws-logging ConfigMap: the
// first [OUTPUT] section of output.conf names the plugin and, for a
// CloudWatch output, the log group. Keys are case-insensitive, as in
// Fluent Bit. Data without an output section is not Enabled.
func ParseFargateLogging(data map[string]string) FargateLogging {
	var out FargateLogging
	conf, ok := data["output.conf"]
	if !ok {
		return out
	}
	in := false
	sc := bufio.NewScanner(strings.NewReader(conf))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if in {
				break // only the first output counts
			}
			in = strings.EqualFold(line, "[OUTPUT]")
			continue
		}
		if !in {
			continue
		}
		key, val, _ := strings.Cut(line, " ")
		val = strings.TrimSpace(val)
		switch strings.ToLower(key) {
		case "name":
			out.Enabled, out.Output = true, val
		case "log_group_name":
			out.LogGroup = val
		case "region":
			out.Region = val
		case "log_stream_prefix":
			out.StreamPrefix = val
		}
	}
	return out
}
