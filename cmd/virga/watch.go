package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// watch prints what fetch reads, then reads again every interval and
// prints again whenever the output changed, until ctx ends (ctrl+c). A
// first read that fails ends it; a later failure is said on stderr and
// the watch goes on. Snapshots are separated the way each format
// separates documents: a blank line for text and names, "---" for YAML;
// JSON documents follow each other (jq reads the stream).
func watch(ctx context.Context, fetch func(context.Context) (listing, error), format string, every time.Duration,
	stdout, stderr io.Writer, wait func(context.Context, time.Duration) bool) error {
	var last []byte
	for n := 0; ; n++ {
		p, err := fetch(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && n == 0:
			return err
		case err != nil:
			fmt.Fprintf(stderr, "virga: watch: %s; trying again in %s\n", sanitize.Line(providers.Short(err)), every)
		default:
			if p.incomplete != nil {
				fmt.Fprintf(stderr, "virga: watch: %s\n", sanitize.Line(p.incomplete.Error()))
			}
			var b bytes.Buffer
			if err := p.write(&b, format); err != nil {
				return err
			}
			if !bytes.Equal(b.Bytes(), last) {
				if last != nil {
					switch format {
					case outText, outName:
						io.WriteString(stdout, "\n")
					case outYAML:
						io.WriteString(stdout, "---\n")
					}
				}
				if _, err := stdout.Write(b.Bytes()); err != nil {
					return err
				}
				last = b.Bytes()
			}
		}
		if !wait(ctx, every) {
			return nil
		}
	}
}
