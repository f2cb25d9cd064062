package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/xdg"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/views/sanitize"
)

// Shell completion of names (functions, clusters, services, tasks),
// profiles, regions and flag values. Names come from AWS, so a completion
// must never hang the shell: it gives AWS completionTimeout, keeps what it
// read for completionFresh in $XDG_CACHE_HOME/virga/completion, and when
// AWS is slow or failing offers the last names it read (up to
// completionStale old), or nothing.
const (
	completionTimeout = 2 * time.Second
	completionFresh   = time.Minute
	completionStale   = time.Hour
	// completionPages bounds a function listing (50 a page): completion
	// offers the first 1,000 functions of a larger account.
	completionPages = 20
)

// addCompletions gives every command its completions, by command path, so
// the commands themselves need not know about the shell.
func addCompletions(root *cobra.Command, f *flags) {
	values := func(vs ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(vs, prefix), cobra.ShellCompDirectiveNoFileComp
		}
	}
	_ = root.RegisterFlagCompletionFunc("profile", func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ps, _ := awsprov.ListProfiles("", "")
		return withPrefix(ps, prefix), cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("region", values(awsprov.Regions()...))
	_ = root.RegisterFlagCompletionFunc("theme", values(themeNames()...))
	_ = root.RegisterFlagCompletionFunc("view", values(viewNames()...))

	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(c.CommandPath(), "virga ")
		if c.ValidArgsFunction == nil {
			if fn := argCompletion(path, f, c); fn != nil {
				c.ValidArgsFunction = fn
			}
		}
		if c.LocalFlags().Lookup("cluster") != nil {
			_ = c.RegisterFlagCompletionFunc("cluster", func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
				// --cluster names an EKS cluster for the EKS resources and pods.
				kind := kindClusters
				if len(args) > 0 && (args[0] == "pod" || isEKS(eksResource(args[0]))) {
					kind = kindEKSClusters
				}
				return completeNames(cmd, f, kind, "", prefix)
			})
		}
		if c.LocalFlags().Lookup("service") != nil {
			_ = c.RegisterFlagCompletionFunc("service", func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
				return completeNames(cmd, f, kindServices, flagValue(cmd, "cluster"), prefix)
			})
		}
		if o := c.LocalFlags().Lookup("output"); o != nil {
			_ = c.RegisterFlagCompletionFunc("output", values(outputValues(o.Usage)...))
		}
		if c.LocalFlags().Lookup("type") != nil && path == "invoke" {
			_ = c.RegisterFlagCompletionFunc("type", values(string(providers.InvokeSync), string(providers.InvokeAsync), string(providers.InvokeDryRun)))
		}
		if c.LocalFlags().Lookup("window") != nil {
			_ = c.RegisterFlagCompletionFunc("window", values(getWindows()...))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// argCompletion completes the positional arguments of the command at
// path ("get", "scale function" ...).
func argCompletion(path string, f *flags, c *cobra.Command) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	// names completes the first argument with names of kind; word offers
	// a fixed first word ("service") and then names.
	names := func(kind string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeNames(cmd, f, kind, flagValue(cmd, "cluster"), prefix)
		}
	}
	word := func(w, kind string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return withPrefix([]string{w}, prefix), cobra.ShellCompDirectiveNoFileComp
			case 1:
				return completeNames(cmd, f, kind, flagValue(cmd, "cluster"), prefix)
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
	}
	switch path {
	case "get", "describe":
		kinds := []string{"functions", "clusters", "services", "tasks", kindEKSClusters, kindFargateProfiles, kindPods}
		if path == "describe" {
			kinds = []string{"function", "cluster", "service", "task", "task-definition"}
		}
		return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return withPrefix(kinds, prefix), cobra.ShellCompDirectiveNoFileComp
			}
			kind, ok := resourceKind(args[0])
			if len(args) > 1 || !ok {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeNames(cmd, f, kind, flagValue(cmd, "cluster"), prefix)
		}
	case "logs":
		return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return withPrefix([]string{"function", "service", "task", "pod"}, prefix), cobra.ShellCompDirectiveNoFileComp
			}
			kind, ok := resourceKind(args[0])
			if !ok || (kind != kindFunctions && len(args) > 1) {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			ns, d := completeNames(cmd, f, kind, flagValue(cmd, "cluster"), prefix)
			// Functions merge: offer the ones not named yet.
			return slices.DeleteFunc(ns, func(n string) bool { return slices.Contains(args[1:], n) }), d
		}
	case "invoke", "scale function", "alias":
		return names(kindFunctions)
	case "scale service":
		return names(kindServices)
	case "redeploy", "rollback":
		return word("service", kindServices)
	case "stop":
		return word("task", kindTasks)
	case "restart pod":
		return names(kindPods)
	}
	return nil
}

// outputValues reads the formats a command's -o takes from its usage
// ("output format: text, json, yaml or name").
func outputValues(usage string) []string {
	_, list, _ := strings.Cut(usage, ":")
	list, _, _ = strings.Cut(list, "(")
	var out []string
	for _, w := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		if w != "or" {
			out = append(out, w)
		}
	}
	return out
}

func flagValue(cmd *cobra.Command, name string) string {
	if fl := cmd.Flags().Lookup(name); fl != nil {
		return fl.Value.String()
	}
	return ""
}

func withPrefix(vs []string, prefix string) []string {
	var out []string
	for _, v := range vs {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// completeNames offers the names of kind (in cluster, when it applies)
// that start with prefix.
func completeNames(cmd *cobra.Command, f *flags, kind, cluster, prefix string) ([]string, cobra.ShellCompDirective) {
	key := completionKey(f, kind, cluster)
	path := ""
	if dir := xdg.CacheDir(); dir != "" {
		path = filepath.Join(dir, "completion", key+".json")
	}
	cached, at, ok := readCompletionCache(path)
	if ok && time.Since(at) < completionFresh {
		return withPrefix(cached, prefix), cobra.ShellCompDirectiveNoFileComp
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
	defer cancel()
	names, err := readNames(ctx, f, kind, cluster)
	if err != nil {
		if ok && time.Since(at) < completionStale {
			return withPrefix(cached, prefix), cobra.ShellCompDirectiveNoFileComp
		}
		cobra.CompDebugln("virga: "+providers.Short(err), false)
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	writeCompletionCache(path, names)
	return withPrefix(names, prefix), cobra.ShellCompDirectiveNoFileComp
}

// completionKey names the cache file of one question: the account (as far
// as the flags and environment say which) and what was asked.
func completionKey(f *flags, kind, cluster string) string {
	h := sha256.New()
	for _, part := range []string{
		strconv.FormatBool(f.demo), strconv.Itoa(f.demoFunctions), strconv.Itoa(f.demoServices), strconv.FormatInt(f.demoSeed, 10),
		f.profile, f.region, f.endpoint, os.Getenv("AWS_PROFILE"), os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"),
		os.Getenv("AWS_ENDPOINT_URL"), os.Getenv("AWS_ACCESS_KEY_ID"), kind, cluster,
	} {
		h.Write([]byte(part + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// readNames asks the account for the names of kind.
func readNames(ctx context.Context, f *flags, kind, cluster string) ([]string, error) {
	be, err := openFor(ctx, f)
	if err != nil {
		return nil, err
	}
	defer be.close()
	b := be.backend
	var names []string
	switch kind {
	case kindFunctions:
		marker := ""
		for range completionPages {
			page, err := b.ListFunctions(ctx, marker)
			if err != nil {
				if len(names) > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
					break // a large account: what was read in time
				}
				return nil, err
			}
			for _, fn := range page.Functions {
				names = append(names, fn.Name)
			}
			if marker = page.Next; marker == "" {
				break
			}
		}
	case kindClusters, kindServices, kindTasks, kindEKSClusters, kindFargateProfiles, kindPods:
		// The names virga get would list, each call within the
		// completion's time.
		p, err := getResource(ctx, be, kind, "", &getFlags{cluster: cluster, callTimeout: completionTimeout}, io.Discard)
		if err != nil {
			return nil, err
		}
		names = p.names
	}
	// A name goes to the shell as one word: one a terminal could act on,
	// or one with spaces, is not offered.
	names = slices.DeleteFunc(names, func(n string) bool { return n == "" || sanitize.Line(n) != n || strings.ContainsAny(n, " \t") })
	slices.Sort(names)
	return slices.Compact(names), nil
}

type completionCache struct {
	At    time.Time `json:"at"`
	Names []string  `json:"names"`
}

func readCompletionCache(path string) ([]string, time.Time, bool) {
	if path == "" {
		return nil, time.Time{}, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, time.Time{}, false
	}
	var c completionCache
	if json.Unmarshal(data, &c) != nil {
		return nil, time.Time{}, false
	}
	return c.Names, c.At, true
}

// writeCompletionCache keeps names for the next completion. Names of
// resources are the account's business: the files are private.
func writeCompletionCache(path string, names []string) {
	if path == "" {
		return
	}
	data, err := json.Marshal(completionCache{At: time.Now(), Names: names})
	if err != nil || os.MkdirAll(filepath.Dir(path), 0o700) != nil {
		return
	}
	tmp := path + ".tmp" + strconv.Itoa(os.Getpid())
	if os.WriteFile(tmp, data, 0o600) != nil {
		return
	}
	if os.Rename(tmp, path) != nil {
		_ = os.Remove(tmp)
	}
}
