package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes. They mean the same in every command; each command's --help
// lists the ones it can return.
const (
	exitOK    = 0
	exitUsage = 2 // the command line is wrong: nothing was read or changed
)

// usageError is a command line virga cannot run: the sentence says what
// is wrong and the process exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef makes a usageError.
func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// exitCode is the process exit code for what a command returned.
func exitCode(err error) int {
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		return exitUsage
	}
	return exitFailed
}

// Exit code sections of --help, by kind of command.
const (
	readExitCodes = `Exit codes:
  0  done
  1  a call to AWS failed (the error names the IAM action when one was denied)
  2  usage error: a wrong argument or flag; nothing was read`
	mutateExitCodes = `Exit codes:
  0  done
  1  the call failed; nothing was changed
  2  usage error, or the change was not confirmed; nothing was changed
  3  refused by read-only mode
  4  the call worked but the outcome did not (a failed rollout, a wait that
     timed out, or AWS holds another value than the one asked for)`
	invokeExitCodes = `Exit codes:
  0  the function ran and returned
  1  the call failed (not found, throttled, denied ...)
  2  usage error, or the invocation was not confirmed
  3  refused by read-only mode
  4  the function returned an error (FunctionError); its error document
     is on stdout`
	localExitCodes = `Exit codes:
  0  done
  1  the output could not be written
  2  usage error: a wrong argument or flag`
	serveExitCodes = `Exit codes:
  0  stopped (interrupted)
  1  could not start or serve (the address, the host key, the keys file ...)
  2  usage error: a wrong argument or flag`
	tuiExitCodes = `Exit codes:
  0  quit
  1  could not start (no credentials, no region, an unreadable log file ...)
  2  usage error: a wrong argument or flag`
	doctorExitCodes = `Exit codes:
  0  everything virga needs works (warnings may still be printed)
  1  something virga needs is missing: credentials, a read permission,
     or an endpoint that does not answer
  2  usage error`
)

// exitCodesFor picks the section for a command by its path.
func exitCodesFor(c *cobra.Command) string {
	path := strings.Fields(c.CommandPath())
	if len(path) < 2 {
		return tuiExitCodes
	}
	switch path[1] {
	case "invoke":
		return invokeExitCodes
	case "scale", "redeploy", "rollback", "alias", "stop", "restart":
		return mutateExitCodes
	case "doctor":
		return doctorExitCodes
	case "config", "version", "completion":
		return localExitCodes
	case "serve":
		return serveExitCodes
	}
	return readExitCodes
}

// finishTree gives every command the same contract, including the help
// and completion commands cobra adds: argument errors are usage errors
// with a sentence, a group command given an unknown subcommand says so,
// and every runnable command's help lists its exit codes.
func finishTree(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		runs := c.Runnable()
		switch {
		case !runs && c.HasSubCommands():
			c.Args = cobra.ArbitraryArgs
			c.RunE = groupRun
			c.Annotations = map[string]string{groupAnnotation: "true"}
		case c.Args != nil:
			c.Args = sentenceArgs(c.Args)
		}
		if runs && c.Name() != "help" {
			long := c.Long
			if long == "" {
				long = c.Short
			}
			c.Long = strings.TrimRight(long, "\n") + "\n\n" + exitCodesFor(c)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// groupAnnotation marks a command that only groups others.
const groupAnnotation = "virga.group"

// groupRun is what a command that only groups others does: help when
// called alone, a usage error for a subcommand it does not have.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return unknownCommand(cmd, args[0])
}

func unknownCommand(cmd *cobra.Command, name string) error {
	var subs []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			subs = append(subs, c.Name())
		}
	}
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = cmd.Root().SuggestionsMinimumDistance
	}
	msg := fmt.Sprintf("%s has no command %q", subPath(cmd), name)
	if !cmd.HasParent() {
		msg = fmt.Sprintf("no command %q", name)
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	} else {
		msg += " (" + strings.Join(subs, ", ") + ")"
	}
	return usageError{msg + "; see " + cmd.CommandPath() + " --help"}
}

// sentenceArgs turns cobra's argument errors ("accepts 1 arg(s),
// received 2") into a sentence with the command's usage.
func sentenceArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if check(cmd, args) == nil {
			return nil
		}
		if cmd.HasSubCommands() && len(args) > 0 {
			return unknownCommand(cmd, args[0])
		}
		// Too many when a shorter command line would do, else missing.
		problem := "missing arguments"
		for k := len(args) - 1; k >= 0; k-- {
			if check(cmd, args[:k]) == nil {
				problem = fmt.Sprintf("too many arguments (%d given)", len(args))
				break
			}
		}
		use := strings.TrimSuffix(cmd.UseLine(), " [flags]")
		return usagef("%s: %s; usage: %s (see %s --help)", subPath(cmd), problem, use, cmd.CommandPath())
	}
}

// subPath is the command's path without "virga", which every message
// already starts with.
func subPath(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Name()
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// renamedFlag says where a flag went, for scripts written against an
// older virga.
func renamedFlag(name string) string {
	switch name {
	case "timeout":
		return "--call-timeout is the deadline of each AWS call; --function-timeout is a function's timeout (scale function)"
	case "version":
		return "an alias's version is --function-version; virga's own version is virga version"
	}
	return ""
}

// flagError turns pflag's errors into a usage error with a sentence.
func flagError(cmd *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	see := " (see " + cmd.CommandPath() + " --help)"
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if name == "" {
			return usagef("%s has no flag -%s%s", subPath(cmd), notExist.GetSpecifiedShortnames(), see)
		}
		msg := fmt.Sprintf("%s has no flag --%s", subPath(cmd), name)
		if hint := renamedFlag(name); hint != "" {
			msg += ": " + hint
		}
		return usageError{msg + see}
	case errors.As(err, &needsValue):
		return usagef("--%s needs a value%s", needsValue.GetFlag().Name, see)
	case errors.As(err, &invalid):
		fl := invalid.GetFlag()
		return usagef("--%s %q: %s%s", fl.Name, invalid.GetValue(), wantOf(fl.Value.Type()), see)
	}
	return usageError{err.Error() + see}
}

// wantOf says what a flag of a pflag type takes.
func wantOf(typ string) string {
	switch typ {
	case "duration":
		return "not a duration (write e.g. 90s, 15m, 2h)"
	case "int", "int32", "int64", "uint", "uint32", "uint64":
		return "not a whole number"
	case "bool":
		return "use true or false"
	}
	return "not a valid " + typ
}

// oneOf checks a flag value against the values it takes.
func oneOf(flag, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return usagef("--%s %q: use %s", flag, value, orList(allowed))
}

// orList writes "a, b or c".
func orList(vs []string) string {
	if len(vs) < 2 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}
