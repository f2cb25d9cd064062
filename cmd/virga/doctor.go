package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/buildinfo"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Clock skew bounds: AWS refuses a request signed more than 5 minutes
// off its own clock; a minute is worth a warning.
const (
	skewFails = 5 * time.Minute
	skewWarns = time.Minute
)

// doctorReport is what virga doctor finds, as -o json prints it.
type doctorReport struct {
	Version          string                      `json:"version"`
	Identity         *providers.Identity         `json:"identity,omitempty"`
	CredentialSource string                      `json:"credentialSource,omitempty"`
	Endpoint         string                      `json:"endpoint,omitempty"`
	Checks           []providers.PermissionCheck `json:"checks,omitempty"`
	ClockSkewSeconds *float64                    `json:"clockSkewSeconds,omitempty"`
	Config           configReport                `json:"config"`
	Terminal         terminalReport              `json:"terminal"`
	// Problems are what virga needs and lacks (exit 1); Warnings what
	// works with less (a fallback, an emulator's gap).
	Problems []string `json:"problems,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	OK       bool     `json:"ok"`
}

type configReport struct {
	Path     string   `json:"path,omitempty"`
	Status   string   `json:"status"`
	Problems []string `json:"problems,omitempty"`
}

func newDoctorCmd(f *flags, stdout io.Writer) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check credentials, permissions, Live Tail, the clock, the config file and the terminal",
		Long: `Check what virga needs, the way it will use it:

  identity      the account, caller ARN, region, profile and where the
                credentials come from (sts:GetCallerIdentity)
  permissions   one call of every read virga makes (lambda, ecs, cloudwatch,
                logs), each asking for one item; a denied call names the IAM
                action to grant
  Live Tail     whether logs:StartLiveTail is offered and allowed (without it
                virga polls FilterLogEvents)
  clock         the skew between this machine and AWS, from the Date of an
                AWS answer (AWS refuses requests more than 5 minutes off)
  config file   where it is and whether it parses
  terminal      the colour profile and whether OSC 52 copy is likely to work

No call changes anything, and no Live Tail session is opened (the probe
names a log group that does not exist, which still proves the permission).
An operation an emulator such as moto does not implement is reported as
"not available on this endpoint", not as a missing permission.`,
		Example: `  virga doctor
  virga doctor --profile prod --region eu-west-1
  virga doctor --endpoint-url http://127.0.0.1:5000 -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := parseOutput(output, outText, outJSON)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*time.Minute)
			defer cancel()
			r := runDoctor(ctx, f, os.Environ())
			if format == outJSON {
				err = writeJSON(stdout, r)
			} else {
				err = r.writeText(stdout)
			}
			if err != nil {
				return err
			}
			if !r.OK {
				return exitError{code: exitFailed, msg: fmt.Sprintf("%d problem(s)", len(r.Problems))}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", outText, "output format: text or json")
	return cmd
}

// runDoctor checks everything and decides what is a problem.
func runDoctor(ctx context.Context, f *flags, environ []string) doctorReport {
	r := doctorReport{Version: buildinfo.Read().Short(), Terminal: checkTerminal(environ)}
	r.Config.Path = f.configPath
	r.Config.Status, r.Config.Problems = configStatus(f.configPath)
	for _, p := range r.Config.Problems {
		r.Warnings = append(r.Warnings, "config file: "+p)
	}
	be, err := openFor(ctx, f)
	if err != nil {
		r.Problems = append(r.Problems, "cannot start: "+providers.Short(err))
		return r
	}
	defer be.close()
	dg, ok := be.backend.(providers.Diagnoser)
	if !ok {
		r.Problems = append(r.Problems, "this backend cannot be checked")
		return r
	}
	d, err := dg.Diagnose(ctx)
	r.CredentialSource, r.Endpoint, r.Checks = d.CredentialSource, d.Endpoint, d.Checks
	if err != nil {
		r.Problems = append(r.Problems, "who am I: "+providers.Short(err))
		return r
	}
	if d.Identity.Profile == "" {
		d.Identity.Profile = be.profile
	}
	r.Identity = &d.Identity
	var denied []string
	for _, c := range d.Checks {
		switch {
		case c.Status == providers.CheckDenied && c.Feature == "live tail":
			r.Warnings = append(r.Warnings, c.Action+" is denied: log panes poll FilterLogEvents instead of Live Tail")
		case c.Status == providers.CheckDenied:
			denied = append(denied, c.Action)
		case c.Status == providers.CheckUnavailable:
			r.Warnings = append(r.Warnings, c.Action+" is not available on this endpoint")
		case c.Status == providers.CheckFailed && c.Throttled:
			r.Warnings = append(r.Warnings, c.Action+": "+c.Message)
		case c.Status == providers.CheckFailed:
			r.Problems = append(r.Problems, c.Action+": "+c.Message)
		}
	}
	if len(denied) > 0 {
		r.Problems = append(r.Problems, "missing IAM permissions: "+strings.Join(denied, ", "))
	}
	if !d.ServerTime.IsZero() {
		skew := d.ReceivedAt.Sub(d.ServerTime).Round(time.Second)
		secs := skew.Seconds()
		r.ClockSkewSeconds = &secs
		switch {
		case skew.Abs() >= skewFails:
			r.Problems = append(r.Problems, fmt.Sprintf("this machine's clock is %s off AWS's: AWS refuses requests signed more than 5 minutes off", skew.Abs()))
		case skew.Abs() >= skewWarns:
			r.Warnings = append(r.Warnings, fmt.Sprintf("this machine's clock is %s off AWS's", skew.Abs()))
		}
	}
	r.OK = len(r.Problems) == 0
	return r
}

// writeText prints the report in sections for people.
func (r doctorReport) writeText(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "  %s\t%s\n", k, sanitize.Line(v)) }
	fmt.Fprintf(tw, "virga %s\n\nIdentity\n", r.Version)
	if id := r.Identity; id != nil {
		row("account", id.Account)
		row("caller", id.ARN)
		row("region", id.Region)
		row("profile", orDefault(id.Profile))
	}
	if r.CredentialSource != "" {
		row("credentials", credentialSource(r.CredentialSource))
	}
	if r.Endpoint != "" {
		row("endpoint", r.Endpoint+" (custom)")
	}
	if len(r.Checks) > 0 {
		fmt.Fprintln(tw, "\nPermissions (one read call each)")
		feature := ""
		for _, c := range r.Checks {
			if c.Feature != feature {
				feature = c.Feature
				fmt.Fprintf(tw, "  %s\n", feature)
			}
			status := string(c.Status)
			if c.Status == providers.CheckDenied {
				status = "DENIED"
			}
			if c.Message == "" {
				fmt.Fprintf(tw, "    %s\t%s\n", status, c.Action)
			} else {
				fmt.Fprintf(tw, "    %s\t%s\t%s\n", status, c.Action, sanitize.Line(c.Message))
			}
		}
	}
	if r.ClockSkewSeconds != nil {
		fmt.Fprintf(tw, "\nClock\n  skew\t%+.0fs against AWS's clock\n", *r.ClockSkewSeconds)
	}
	fmt.Fprintln(tw, "\nConfig file")
	row("path", r.Config.Path)
	row("status", r.Config.Status)
	fmt.Fprintln(tw, "\nTerminal")
	row("colour", r.Terminal.Colour)
	row("OSC 52 copy", r.Terminal.OSC52+": "+r.Terminal.OSC52Why)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(&b, "\nwarning: %s", sanitize.Line(warn))
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\n")
	}
	if r.OK {
		b.WriteString("\nOK: virga has what it needs.\n")
	} else {
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "\nPROBLEM: %s", sanitize.Line(p))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// credentialSource adds what the SDK's source name means.
func credentialSource(src string) string {
	name, _, _ := strings.Cut(src, ":")
	what := map[string]string{
		"EnvConfigCredentials":    "environment variables",
		"SharedConfigCredentials": "shared credentials file",
		"StaticCredentials":       "static keys",
		"SSOProvider":             "IAM Identity Center (SSO)",
		"AssumeRoleProvider":      "assumed role",
		"WebIdentityCredentials":  "web identity token",
		"EC2RoleProvider":         "instance profile",
		"CredentialsEndpoint":     "container credentials endpoint",
		"ProcessProvider":         "credential_process",
	}[name]
	if what == "" {
		return src
	}
	return src + " (" + what + ")"
}
