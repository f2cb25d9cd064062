package aws

import (
	"encoding/json"
	"testing"
)

func TestStringifyECSSizes(t *testing.T) {
	in := `{"tasks":[{"taskArn":"a","cpu":256,"memory":512,"containers":[{"name":"web","cpu":128,"memory":256,"memoryReservation":64,"exitCode":1}]}],
	        "failures":[],"taskDefinition":{"cpu":1024,"memory":"2048","containerDefinitions":[{"cpu":256,"memory":512}]}}`
	var got map[string]any
	if err := json.Unmarshal(stringifyECSSizes([]byte(in)), &got); err != nil {
		t.Fatal(err)
	}
	task := got["tasks"].([]any)[0].(map[string]any)
	if task["cpu"] != "256" || task["memory"] != "512" {
		t.Fatalf("task sizes: %v %v", task["cpu"], task["memory"])
	}
	c := task["containers"].([]any)[0].(map[string]any)
	if c["cpu"] != "128" || c["memory"] != "256" || c["memoryReservation"] != "64" {
		t.Fatalf("container sizes: %v", c)
	}
	if c["exitCode"] != float64(1) {
		t.Fatalf("exitCode is a number in ECS and must stay one: %v", c["exitCode"])
	}
	td := got["taskDefinition"].(map[string]any)
	if td["cpu"] != "1024" || td["memory"] != "2048" {
		t.Fatalf("task definition sizes: %v", td)
	}
	// Container definitions use integers in ECS: left alone.
	if cd := td["containerDefinitions"].([]any)[0].(map[string]any); cd["cpu"] != float64(256) {
		t.Fatalf("container definition cpu changed: %v", cd["cpu"])
	}
	// A conforming or unreadable body is returned as it came.
	for _, body := range []string{`{"tasks":[{"cpu":"256"}]}`, `not json`, ``} {
		if got := string(stringifyECSSizes([]byte(body))); got != body {
			t.Fatalf("%q changed to %q", body, got)
		}
	}
}
