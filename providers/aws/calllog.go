package aws

import (
	"context"
	"log/slog"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// callLog writes every AWS call to the debug log (--log-file): service,
// operation, duration, attempts, request id and error, and each failed
// attempt that the retryer retries. Parameters and bodies are never
// logged: they hold payloads, environment values and other secrets.
type callLog struct {
	log *slog.Logger
}

// attemptsKey keys the attempt counter of one call in its context.
type attemptsKey struct{}

func (c callLog) apiOptions() []func(*middleware.Stack) error {
	if c.log == nil {
		return nil
	}
	return []func(*middleware.Stack) error{
		func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("virga.LogCalls", c.call), middleware.Before)
		},
		func(s *middleware.Stack) error {
			return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("virga.LogAttempts", c.attempt), "Retry", middleware.After)
		},
	}
}

func (c callLog) call(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	start := time.Now()
	attempts := new(int)
	ctx = context.WithValue(ctx, attemptsKey{}, attempts)
	out, md, err := next.HandleInitialize(ctx, in)
	rid, _ := awsmiddleware.GetRequestIDMetadata(md)
	attrs := []any{
		"service", shortService(awsmiddleware.GetServiceID(ctx)), "op", awsmiddleware.GetOperationName(ctx),
		"ms", time.Since(start).Milliseconds(), "attempts", *attempts, "request_id", rid,
	}
	if err != nil {
		c.log.DebugContext(ctx, "aws call failed", append(attrs, "error", err.Error())...)
	} else {
		c.log.DebugContext(ctx, "aws call", attrs...)
	}
	return out, md, err
}

func (c callLog) attempt(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	n := 0
	if p, ok := ctx.Value(attemptsKey{}).(*int); ok {
		*p++
		n = *p
	}
	out, md, err := next.HandleFinalize(ctx, in)
	if err != nil {
		c.log.DebugContext(ctx, "aws attempt failed", "service", shortService(awsmiddleware.GetServiceID(ctx)),
			"op", awsmiddleware.GetOperationName(ctx), "attempt", n, "error", err.Error())
	}
	return out, md, err
}
