package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

func newInvokeCmd(f *flags) *cobra.Command {
	var m mutateFlags
	var payload, qualifier, typ string
	var raw, noHistory bool
	cmd := &cobra.Command{
		Use:   "invoke FUNCTION [--payload JSON|@FILE] [--qualifier Q] [--type RequestResponse|Event|DryRun]",
		Short: "Invoke a function; the response goes to stdout, the log tail and REPORT to stderr",
		Long: `Invoke a function once. The payload is checked before sending (valid JSON
unless --raw; at most 6 MB for RequestResponse and DryRun, 256 KB for Event).
The response payload goes to stdout (escape sequences removed when stdout is
a terminal); the status, the decoded log tail and its REPORT line go to
stderr. A function error exits with 4.`,
		Example: `  virga invoke checkout-api --payload '{"orderId":"1"}' --yes
  virga invoke checkout-api --qualifier live --payload @event.json --yes | jq .
  virga invoke email-dispatch --type Event --payload @- --yes < event.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t := providers.InvocationType(typ)
			switch t {
			case providers.InvokeSync, providers.InvokeAsync, providers.InvokeDryRun:
			default:
				return usagef("--type %q: use RequestResponse, Event or DryRun", typ)
			}
			body, err := readPayload(payload, cmd.InOrStdin())
			if err != nil {
				return err
			}
			if err := invoke.Check(body, t, raw); err != nil {
				var se *invoke.SyntaxError
				if errors.As(err, &se) {
					return usagef("payload is not valid JSON: %s (--raw sends it as it is)", err)
				}
				return err
			}
			return withSession(cmd, f, &m, func(ctx context.Context, s *session) error {
				if strings.HasPrefix(payload, "@-") {
					// stdin held the payload: no terminal left to confirm on.
					s.interactive = false
				}
				req := providers.InvokeRequest{Function: args[0], Qualifier: qualifier, Type: t, Payload: body}
				out, err := s.mutate(ctx, action.InvokeFunction(req), m)
				if err != nil && out.Invoke == nil {
					return err
				}
				if !noHistory {
					h := invoke.OpenHistory(invoke.DefaultDataDir())
					if herr := h.Save(s.id.Scope(), args[0], invoke.Saved{Time: s.now(), Payload: string(body), Type: t, Qualifier: qualifier}); herr != nil {
						fmt.Fprintln(s.errOut, "virga: warning:", herr)
					}
				}
				return printInvoke(s, out.Invoke, isTerminal(cmd.OutOrStdout()))
			})
		},
	}
	cmd.Flags().StringVar(&payload, "payload", "", "the event: JSON text, @FILE, or @- for stdin")
	cmd.Flags().StringVar(&qualifier, "qualifier", "", "version or alias (default $LATEST)")
	cmd.Flags().StringVar(&typ, "type", string(providers.InvokeSync), "RequestResponse, Event or DryRun")
	cmd.Flags().BoolVar(&raw, "raw", false, "send a payload that is not JSON as it is")
	cmd.Flags().BoolVar(&noHistory, "no-history", false, "do not add the payload to the function's payload history")
	addConfirmFlags(cmd, &m)
	return cmd
}

// readPayload reads --payload: text, @FILE or @- (stdin).
func readPayload(p string, stdin io.Reader) ([]byte, error) {
	name, ok := strings.CutPrefix(p, "@")
	if !ok {
		return []byte(p), nil
	}
	var r io.Reader = stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--payload: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	// One byte past the largest payload is enough to say it is too large.
	data, err := io.ReadAll(io.LimitReader(r, invoke.SyncLimit+1))
	if err != nil {
		return nil, fmt.Errorf("--payload: %w", err)
	}
	return data, nil
}

// printInvoke writes the response to stdout and the rest to stderr.
func printInvoke(s *session, res *providers.InvokeResult, tty bool) error {
	if res == nil {
		return nil
	}
	w := s.errOut
	// The outcome first, on stderr: stdout is the response payload alone.
	if res.FunctionError != "" {
		fmt.Fprintf(w, "virga: the function failed: function error %s", sanitize.Line(res.FunctionError))
	} else {
		fmt.Fprint(w, "ok: invoked")
	}
	fmt.Fprintf(w, " · status %d", res.StatusCode)
	if res.ExecutedVersion != "" {
		fmt.Fprintf(w, " · executed version %s", sanitize.Line(res.ExecutedVersion))
	}
	if res.RequestID != "" {
		fmt.Fprintf(w, " · request %s", sanitize.Line(res.RequestID))
	}
	fmt.Fprintln(w)
	if res.LogTail != "" {
		fmt.Fprintln(w, "--- log tail")
		fmt.Fprintln(w, strings.TrimRight(sanitize.Text(res.LogTail), "\n"))
	}
	if rep, ok := providers.LastReport(res.LogTail); ok {
		// A value the line lacked is NaN; it reads as 0.
		z := func(f float64) float64 {
			if math.IsNaN(f) {
				return 0
			}
			return f
		}
		fmt.Fprintf(w, "--- duration %.2f ms · billed %.0f ms · memory %d of %d MB", rep.Duration, z(rep.Billed), rep.MaxMemory, rep.MemorySize)
		if rep.Cold() {
			fmt.Fprintf(w, " · cold start (init %.2f ms)", z(rep.Init))
		}
		fmt.Fprintln(w)
	}
	if len(res.Payload) > 0 {
		body := res.Payload
		if tty {
			// A terminal gets the response pretty-printed and made safe;
			// a pipe gets the bytes Lambda returned.
			pretty, _ := invoke.Pretty(body)
			body = []byte(sanitize.Text(string(pretty)))
		}
		if _, err := s.out.Write(body); err != nil {
			return err
		}
		if len(body) > 0 && body[len(body)-1] != '\n' {
			fmt.Fprintln(s.out)
		}
	}
	if res.FunctionError != "" {
		return exitError{code: exitUnsuccessful, msg: "function error " + res.FunctionError}
	}
	return nil
}
