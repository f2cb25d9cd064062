package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func TestLogsFilterLogEvents(t *testing.T) {
	e := newEnv(t)
	c := e.logs()
	start, end := base().Add(-20*time.Minute), base()
	in := &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/checkout-api"), StartTime: aws.Int64(start.UnixMilli()),
		EndTime: aws.Int64(end.UnixMilli()), Limit: aws.Int32(500),
	}
	var got []types.FilteredLogEvent
	pages := 0
	for p := cloudwatchlogs.NewFilterLogEventsPaginator(c, in); p.HasMorePages(); {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, out.Events...)
	}
	var want []providers.LogEvent
	q := providers.LogQuery{Group: "/aws/lambda/checkout-api", Start: start, End: end, Limit: 500}
	for {
		pg, err := e.acct.FilterLogEvents(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, pg.Events...)
		if q.NextToken = pg.NextToken; q.NextToken == "" {
			break
		}
	}
	if len(got) != len(want) || len(want) < 1000 || pages < 2 {
		t.Fatalf("got %d events in %d pages, want %d", len(got), pages, len(want))
	}
	for i, g := range got {
		w := want[i]
		if aws.ToString(g.EventId) != w.ID || aws.ToString(g.Message) != w.Message || aws.ToString(g.LogStreamName) != w.Stream ||
			aws.ToInt64(g.Timestamp) != w.Timestamp.UnixMilli() || aws.ToInt64(g.IngestionTime) != w.Ingested.UnixMilli() {
			t.Fatalf("event %d = %+v, want %+v", i, g, w)
		}
	}

	// By ARN, with a pattern.
	out, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
		LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/payments-webhook:*"),
		FilterPattern:      aws.String("REPORT"), StartTime: aws.Int64(start.UnixMilli()), EndTime: aws.Int64(end.UnixMilli()),
	})
	if err != nil || len(out.Events) == 0 || !strings.HasPrefix(aws.ToString(out.Events[0].Message), "REPORT") {
		t.Fatalf("by ARN with pattern: %d events, %v", len(out.Events), err)
	}

	_, err = c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/ghost")})
	wantErr[*types.ResourceNotFoundException](t, err, "missing group")
	_, err = c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/checkout-api"), NextToken: aws.String("bogus")})
	wantErr[*types.InvalidParameterException](t, err, "bad token")
}

func TestLogsEmptyPages(t *testing.T) {
	e := newEnv(t)
	c := e.logs()
	e.acct.SetFault("Logs.FilterLogEvents", sim.Fault{EmptyPages: true})
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/checkout-api"), StartTime: aws.Int64(base().Add(-2 * time.Minute).UnixMilli())}
	out, err := c.FilterLogEvents(ctx(t), in)
	if err != nil || len(out.Events) != 0 || aws.ToString(out.NextToken) == "" {
		t.Fatalf("empty page: %d events, token %q, %v", len(out.Events), aws.ToString(out.NextToken), err)
	}
	in.NextToken = out.NextToken
	out, err = c.FilterLogEvents(ctx(t), in)
	if err != nil || len(out.Events) == 0 {
		t.Fatalf("page after the empty one: %d events, %v", len(out.Events), err)
	}
	// Throttles and denied access: TestFaultsOnTheWire.
}

func TestLogsDescribeLogGroups(t *testing.T) {
	e := newEnv(t)
	c := e.logs()
	var names []string
	for p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{}); p.HasMorePages(); {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.LogGroups {
			names = append(names, aws.ToString(g.LogGroupName))
			if aws.ToString(g.Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:"+aws.ToString(g.LogGroupName)+":*" || aws.ToInt64(g.CreationTime) == 0 {
				t.Fatalf("group %+v", g)
			}
		}
	}
	count := func(prefix string) int {
		n := 0
		for _, g := range names {
			if strings.HasPrefix(g, prefix) {
				n++
			}
		}
		return n
	}
	if count("/aws/lambda/") != 44 || count("/custom/platform/") != 4 || count("/ecs/") == 0 {
		t.Fatalf("groups: %d lambda, %d custom, %d ecs of %d: %v", count("/aws/lambda/"), count("/custom/platform/"), count("/ecs/"), len(names), names)
	}
	out, err := c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/custom/")})
	if err != nil || len(out.LogGroups) != 4 || out.NextToken != nil {
		t.Fatalf("prefix: %d groups, %v", len(out.LogGroups), err)
	}
}

func TestLogsGetLogEvents(t *testing.T) {
	e := newEnv(t)
	c := e.logs()
	start := base().Add(-3 * time.Minute)
	any, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/checkout-api"), StartTime: aws.Int64(start.UnixMilli()), Limit: aws.Int32(1),
	})
	if err != nil || len(any.Events) != 1 {
		t.Fatalf("find a stream: %v", err)
	}
	stream := any.Events[0].LogStreamName
	in := &cloudwatchlogs.GetLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/checkout-api"), LogStreamName: stream, StartTime: aws.Int64(start.UnixMilli()),
		EndTime: aws.Int64(base().UnixMilli()), StartFromHead: aws.Bool(true), Limit: aws.Int32(25),
	}
	var got []types.OutputLogEvent
	for range 1000 {
		out := must(t, c.GetLogEvents, in)
		got = append(got, out.Events...)
		if aws.ToString(out.NextForwardToken) == aws.ToString(in.NextToken) {
			break
		}
		in.NextToken = out.NextForwardToken
	}
	all, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/checkout-api"), LogStreamNames: []string{aws.ToString(stream)},
		StartTime: aws.Int64(start.UnixMilli()), EndTime: aws.Int64(base().UnixMilli()),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all.Events) || len(got) < 8 {
		t.Fatalf("GetLogEvents paged %d events, the stream has %d", len(got), len(all.Events))
	}
	for i := range got {
		if aws.ToString(got[i].Message) != aws.ToString(all.Events[i].Message) {
			t.Fatalf("event %d = %q, want %q", i, aws.ToString(got[i].Message), aws.ToString(all.Events[i].Message))
		}
	}
}
