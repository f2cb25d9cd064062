package server_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// BenchmarkServerListFunctions is one ListFunctions page (50 functions)
// through the real SDK client: signing, HTTP over loopback, routing, the
// sim, JSON both ways.
func BenchmarkServerListFunctions(b *testing.B) {
	e := newEnv(b)
	c := e.lambda()
	in := &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)}
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.ListFunctions(b.Context(), in)
		if err != nil || len(out.Functions) != 48 {
			b.Fatalf("%d functions, %v", len(out.Functions), err)
		}
	}
}
