package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/virgahq/virga/providers"
)

var _ providers.LogStreamLister = (*Provider)(nil)

// NewestStreams lists up to limit (at most 50) streams of a log group,
// the one with the newest event first. One call: the log pane uses it to
// find where a quiet function's last lines are without scanning days of
// FilterLogEvents. LastEventTime is updated eventually by AWS, so the
// answer is a hint.
//
// CLI: aws logs describe-log-streams --log-group-name G --order-by
// LastEventTime --descending --limit N
func (p *Provider) NewestStreams(ctx context.Context, group string, limit int) ([]providers.LogStream, error) {
	in := &cloudwatchlogs.DescribeLogStreamsInput{
		OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true), Limit: aws.Int32(int32(min(max(limit, 1), 50))),
	}
	if strings.HasPrefix(group, "arn:") {
		in.LogGroupIdentifier = aws.String(strings.TrimSuffix(group, ":*"))
	} else {
		in.LogGroupName = aws.String(group)
	}
	out, err := do(ctx, p, p.logsSvc, "DescribeLogStreams", func(ctx context.Context) (*cloudwatchlogs.DescribeLogStreamsOutput, error) {
		return p.logs.DescribeLogStreams(ctx, in)
	})
	if err != nil {
		return nil, err
	}
	ss := make([]providers.LogStream, 0, len(out.LogStreams))
	for _, s := range out.LogStreams {
		ss = append(ss, providers.LogStream{Name: aws.ToString(s.LogStreamName), LastEvent: msTime(s.LastEventTimestamp)})
	}
	return ss, nil
}
