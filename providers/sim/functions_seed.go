package sim

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/virgahq/virga/providers"
)

// codeRev invents revision n of a function's code.
func (a *Account) codeRev(f *function, n int) codeRev {
	h := hash(f.key, tagCode, uint64(n))
	sum := make([]byte, 32)
	for i := range 4 {
		v := mix(h + uint64(i))
		for j := range 8 {
			sum[i*8+j] = byte(v >> (8 * j))
		}
	}
	c := codeRev{sha: base64.StdEncoding.EncodeToString(sum), errMult: 1, durMult: 1}
	if f.spec.runtime == "" {
		c.image = fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:%d.%d.%d", a.cfg.Account, a.cfg.Region, f.name, 1+h%4, (h>>8)%30, (h>>16)%10)
	} else {
		size := 2e6 * (0.05 + 4*unit(h>>1))
		if f.spec.lang == langJava {
			size *= 8
		}
		c.size = int64(size)
	}
	return c
}

// seedVersions gives the fixed functions their published versions,
// aliases and provisioned concurrency.
func (a *Account) seedVersions(f *function, c *fnConfig) {
	publish := func(n int, age time.Duration, desc string) {
		code := a.codeRev(f, n)
		c.versions = append(c.versions, version{
			name: strconv.Itoa(n), desc: desc, memoryMB: c.memoryMB, timeoutSec: c.timeoutSec,
			code: code, modified: a.past.Add(-age),
		})
	}
	day := 24 * time.Hour
	rev := func(name string) string { return uuid(hash(f.key, hashString(name)), hash(f.key, 7)) }
	// threeReleases publishes versions 1 to 3, version n first-step*n days
	// ago, and runs version 3 behind the production alias name.
	threeReleases := func(first, step int, name string) {
		for n := 1; n <= 3; n++ {
			publish(n, time.Duration(first-step*n)*day, "")
		}
		c.code = c.versions[2].code
		c.aliases = []alias{{name: name, version: "3", desc: "production", revision: rev(name)}}
		f.entry = name
	}
	switch f.name {
	case "checkout-api":
		for n := 1; n <= 4; n++ {
			publish(n, time.Duration(60-12*n)*day, fmt.Sprintf("release 2026.%d", 40+n))
		}
		publish(5, 20*time.Hour, "release 2026.45 (canary)")
		// Version 5 is the canary that is going badly.
		c.versions[4].code.errMult = 12
		c.versions[4].code.durMult = 1.2
		c.code = c.versions[4].code
		c.aliases = []alias{
			{name: "live", version: "4", extra: "5", weight: 0.1, desc: "production traffic", revision: rev("live")},
			{name: "prev", version: "3", desc: "previous release, for rollback", revision: rev("prev")},
		}
		f.entry = "live"
	case "auth-authorizer":
		threeReleases(30, 9, "live")
	case "search-indexer":
		threeReleases(45, 14, "prod")
		at := a.start.Add(-6 * day)
		c.pcs = []pcConfig{{qualifier: "prod", requested: 20, at: at, readyAt: at.Add(90 * time.Second)}}
		f.entry = "prod"
	}
}

func handlerFor(s fnSpec) string {
	if s.runtime == "" {
		return ""
	}
	switch s.lang {
	case langPython:
		return "app.lambda_handler"
	case langJava:
		return "com.acme." + strings.ReplaceAll(s.team, "-", "") + "." + pascal(s.name) + "Handler::handleRequest"
	case langGo:
		return "bootstrap"
	case langDotnet:
		p := pascal(s.name)
		return p + "::" + p + ".Function::FunctionHandler"
	default:
		return "index.handler"
	}
}

// pascal turns "orders-consumer" into "OrdersConsumer".
func pascal(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
		rs := []rune(part)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return b.String()
}

// envFor builds the environment: plain settings on most functions and,
// on some, values that look like secrets so the masking in views is
// exercised.
func (a *Account) envFor(f *function) []providers.EnvVar {
	h := func(k uint64) uint64 { return hash(f.key, tagFunc, k) }
	s := f.spec
	if strings.HasPrefix(s.desc, "Generated") && h(30)%8 == 0 {
		return nil
	}
	env := []providers.EnvVar{
		{Name: "LOG_LEVEL", Value: pick(h(31), []string{"info", "info", "info", "debug", "warn"})},
		{Name: "STAGE", Value: "prod"},
	}
	switch s.lang {
	case langNode:
		env = append(env, providers.EnvVar{Name: "NODE_OPTIONS", Value: "--enable-source-maps"})
	case langPython:
		env = append(env, providers.EnvVar{Name: "POWERTOOLS_SERVICE_NAME", Value: s.name})
	case langJava:
		env = append(env, providers.EnvVar{Name: "JAVA_TOOL_OPTIONS", Value: "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"})
	}
	switch s.trigger {
	case trigSQS:
		env = append(env, providers.EnvVar{Name: "QUEUE_URL", Value: fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s-queue", a.cfg.Region, a.cfg.Account, s.name)})
	case trigS3:
		env = append(env, providers.EnvVar{Name: "BUCKET_NAME", Value: "acme-" + s.team + "-uploads-prod"})
	}
	if s.team != "" && h(32)%2 == 0 || s.domain == "orders" || s.domain == "checkout" {
		env = append(env, providers.EnvVar{Name: "TABLE_NAME", Value: pascal(s.team) + "-prod"})
	}
	for _, name := range s.secrets {
		v := hex32(h(40+hashString(name)), h(41+hashString(name)))
		switch name {
		case "STRIPE_SECRET_KEY":
			v = "sk_live_51" + v[:24]
		case "DB_PASSWORD":
			env = append(env, providers.EnvVar{Name: "DB_HOST", Value: s.team + "-db.cluster-c9akciq32.us-east-1.rds.amazonaws.com"})
			v = v[:20]
		case "JWT_SIGNING_KEY":
			v = base64.StdEncoding.EncodeToString([]byte(v))
		}
		env = append(env, providers.EnvVar{Name: name, Value: v})
	}
	slices.SortFunc(env, func(x, y providers.EnvVar) int { return strings.Compare(x.Name, y.Name) })
	return env
}
