package sim

import (
	"strconv"
)

// Word lists for generated names. They are read-only.
var (
	teamWords = [...]string{
		"billing", "ledger", "growth", "identity", "catalog", "fulfil", "risk", "notify",
		"media", "search", "data", "platform", "crm", "loyalty", "pricing", "inventory",
		"shipping", "tax", "fraud", "partner", "support", "mobile", "ads", "reviews",
	}
	nounWords = [...]string{
		"invoice", "order", "user", "event", "payment", "report", "cart", "session",
		"audit", "refund", "coupon", "shipment", "label", "token", "feed", "quote",
		"ticket", "review", "stock", "price", "profile", "consent", "receipt", "webhook",
	}
	roleWords = [...]string{
		"sync", "export", "import", "consumer", "worker", "handler", "router", "enricher",
		"validator", "scheduler", "dispatcher", "reconciler", "aggregator", "notifier",
		"cleanup", "backfill", "indexer", "resolver", "transformer", "poller", "api", "sink",
	}
	runtimeChoices = [...]struct {
		runtime string
		lang    lang
	}{
		{"nodejs20.x", langNode}, {"nodejs22.x", langNode}, {"nodejs22.x", langNode},
		{"python3.12", langPython}, {"python3.13", langPython}, {"python3.12", langPython},
		{"java21", langJava}, {"provided.al2023", langGo}, {"dotnet8", langDotnet},
		{"", langNode}, {"", langPython},
	}
	memoryChoices  = [...]int{128, 256, 256, 512, 512, 1024, 1024, 1536, 2048, 3008, 4096, 10240}
	timeoutChoices = [...]int{3, 6, 10, 15, 30, 30, 60, 60, 120, 300, 900}
	domainChoices  = [...]string{"generic", "orders", "payments", "email", "stream", "report", "checkout"}
)

func pick[T any](h uint64, xs []T) T { return xs[h%uint64(len(xs))] }

// generatedSpec invents function i (counting from the end of the
// catalogue) as a team would have named it: team-noun-role-N. The suffix
// keeps names unique however many are asked for.
func generatedSpec(seed uint64, i int) fnSpec {
	h := func(k uint64) uint64 { return hash(seed, tagFunc, uint64(i), k) }
	team := pick(h(1), teamWords[:])
	name := team + "-" + pick(h(2), nounWords[:]) + "-" + pick(h(3), roleWords[:]) + "-" + strconv.Itoa(i+1)
	rt := pick(h(4), runtimeChoices[:])
	trig := trigger(h(5) % 8)
	s := spec(name, rt.runtime, rt.lang, pick(h(6), memoryChoices[:]), pick(h(7), timeoutChoices[:]), trig,
		0, 0, "Generated "+team+" function")
	s.team = team
	s.domain = pick(h(8), domainChoices[:])
	s.arm = h(9)%3 == 0
	// Traffic spans four orders of magnitude, as in real accounts where a
	// few functions carry most invocations.
	s.rate = 0.2 * pow10(unit(h(10))*3.3)
	s.durMs = 5 * pow10(unit(h(11))*3)
	if s.durMs > float64(s.timeoutSec)*1000*0.3 {
		s.durMs = float64(s.timeoutSec) * 1000 * 0.3
	}
	s.sigma = 0.3 + unit(h(12))*0.4
	s.memFrac = 0.15 + unit(h(13))*0.6
	s.errRate = 0.0005 + unit(h(14))*0.015
	s.amp = unit(h(15)) * 0.7
	s.peakHour = float64(h(16) % 24)
	s.burstP = unit(h(17)) * 0.08
	s.json = h(18)%5 == 0
	s.custom = h(19)%20 == 0
	if trig == trigSchedule {
		s.every = pick(h(20), []int{1, 5, 10, 15, 30, 60, 1440})
		s.atMinute = int(h(21) % 1440)
	}
	if h(22)%100 == 0 {
		s.reserved = 1 + int(h(23)%10)
	}
	if h(24)%9 == 0 {
		s.secrets = []string{pick(h(25), []string{"DB_PASSWORD", "API_TOKEN", "JWT_SIGNING_KEY"})}
	}
	return s
}
