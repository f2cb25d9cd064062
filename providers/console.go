package providers

import (
	"net/url"
	"strings"
)

// ConsoleURL is the AWS console page of a resource in region: a Lambda
// function, or an ECS cluster, service or task (service and task name
// their cluster). It is "" for a kind the console has no page for.
func ConsoleURL(region, kind, cluster, name string) string {
	if region == "" || name == "" {
		return ""
	}
	base := "https://" + region + ".console.aws.amazon.com"
	q := "?region=" + url.QueryEscape(region)
	esc := url.PathEscape
	switch kind {
	case DescribeFunction:
		return base + "/lambda/home" + q + "#/functions/" + esc(name)
	case DescribeCluster:
		return base + "/ecs/v2/clusters/" + esc(name) + q
	case DescribeService:
		return base + "/ecs/v2/clusters/" + esc(cluster) + "/services/" + esc(name) + q
	case DescribeTask:
		return base + "/ecs/v2/clusters/" + esc(cluster) + "/tasks/" + esc(name[strings.LastIndexByte(name, '/')+1:]) + q
	}
	return ""
}
