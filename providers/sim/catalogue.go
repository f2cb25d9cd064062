package sim

// lang is the runtime family of a function: it decides the shape of its
// application log lines and its cold-start cost.
type lang uint8

const (
	langNode lang = iota
	langPython
	langJava
	langGo
	langDotnet
)

// trigger is what invokes a function; it decides its traffic shape, its
// event source mapping and its log messages.
type trigger uint8

const (
	trigAPI trigger = iota
	trigSQS
	trigKinesis
	trigDynamo
	trigSchedule
	trigS3
	trigAsync
	trigEvents
)

// fnSpec is the immutable behaviour of one function: configuration at
// start plus the parameters of its traffic model.
type fnSpec struct {
	name       string
	runtime    string // empty for container images
	lang       lang
	memoryMB   int
	timeoutSec int
	arm        bool
	desc       string
	team       string
	trigger    trigger
	domain     string // message pool, see messagePool

	rate      float64 // mean invocations a minute (rate-driven triggers)
	amp       float64 // daily swing around the mean, 0..1
	peakHour  float64 // UTC hour of the daily peak
	burstP    float64 // chance that a 30-minute window holds a burst
	burstMult float64 // traffic multiplier inside a burst
	every     int     // schedule: minutes between runs; 1440 = daily
	atMinute  int     // schedule phase (minute of day for daily jobs)

	durMs   float64 // median duration
	sigma   float64 // log-space spread of duration
	memFrac float64 // typical max memory used / memory size
	errRate float64

	json     bool
	custom   bool // logs to /custom/platform/<name>
	reserved int  // -1 = unreserved
	hostile  bool
	tracing  bool
	secrets  []string
}

// spec starts a catalogue entry with the common defaults.
func spec(name, runtime string, l lang, mem, timeout int, t trigger, rate, durMs float64, desc string) fnSpec {
	return fnSpec{
		name: name, runtime: runtime, lang: l, memoryMB: mem, timeoutSec: timeout,
		trigger: t, rate: rate, durMs: durMs, desc: desc, domain: "generic",
		amp: 0.45, peakHour: 17, burstP: 0.04, burstMult: 2.5,
		sigma: 0.45, memFrac: 0.35, errRate: 0.003, reserved: -1,
	}
}

func (s fnSpec) withTeam(team, domain string) fnSpec { s.team, s.domain = team, domain; return s }
func (s fnSpec) withErr(p float64) fnSpec            { s.errRate = p; return s }
func (s fnSpec) withJSON() fnSpec                    { s.json = true; return s }
func (s fnSpec) withCustomGroup() fnSpec             { s.custom = true; return s }
func (s fnSpec) withReserved(n int) fnSpec           { s.reserved = n; return s }
func (s fnSpec) withHostileLines() fnSpec            { s.hostile = true; return s }
func (s fnSpec) withArm() fnSpec                     { s.arm = true; return s }
func (s fnSpec) withSigma(v float64) fnSpec          { s.sigma = v; return s }
func (s fnSpec) withMem(frac float64) fnSpec         { s.memFrac = frac; return s }
func (s fnSpec) withSecrets(n ...string) fnSpec      { s.secrets = n; return s }
func (s fnSpec) withBursts(p, mult float64) fnSpec   { s.burstP, s.burstMult = p, mult; return s }
func (s fnSpec) withDaily(amp, peak float64) fnSpec  { s.amp, s.peakHour = amp, peak; return s }
func (s fnSpec) withSchedule(every, at int) fnSpec   { s.every, s.atMinute = every, at; return s }

// catalogue is the hand-written part of the account. The fixed resources
// documented in the package comment come first so that the smallest
// account (40 functions) still has all of them.
func catalogue() []fnSpec {
	const (
		node20 = "nodejs20.x"
		node22 = "nodejs22.x"
		py312  = "python3.12"
		py313  = "python3.13"
		java21 = "java21"
		al2023 = "provided.al2023"
		dotnet = "dotnet8"
		image  = ""
	)
	return []fnSpec{
		spec("checkout-api", node20, langNode, 1024, 29, trigAPI, 450, 120, "Checkout HTTP API behind API Gateway").
			withTeam("payments", "checkout").withErr(0.004).withMem(0.22).withSecrets("DB_PASSWORD", "API_TOKEN"),
		spec("payments-webhook", node22, langNode, 512, 30, trigAPI, 90, 240, "Stripe webhook receiver").
			withTeam("payments", "payments").withErr(0.35).withSigma(0.5).withSecrets("STRIPE_SECRET_KEY"),
		spec("orders-consumer", py312, langPython, 512, 60, trigSQS, 240, 180, "Consumes order events from SQS and writes them to DynamoDB").
			withTeam("orders", "orders").withErr(0.006),
		spec("image-resize", node20, langNode, 2048, 60, trigS3, 900, 1400, "Resizes uploaded images into thumbnails").
			withTeam("media", "image").withReserved(10).withSigma(0.35).withDaily(0.35, 15),
		spec("auth-authorizer", node22, langNode, 256, 10, trigAPI, 1800, 18, "API Gateway Lambda authorizer (JWT)").
			withTeam("identity", "auth").withErr(0.001).withSigma(0.6).withArm().withSecrets("JWT_SIGNING_KEY"),
		spec("nightly-report", py313, langPython, 3008, 900, trigSchedule, 0, 390000, "Builds the nightly finance report").
			withTeam("finance", "report").withSigma(0.2).withMem(0.6).withSchedule(1440, 120),
		spec("search-indexer", java21, langJava, 2048, 120, trigKinesis, 300, 2500, "Indexes catalogue changes from Kinesis into OpenSearch").
			withTeam("search", "search").withSigma(0.4).withMem(0.55),
		spec("ddb-stream-projector", node20, langNode, 512, 60, trigDynamo, 150, 95, "Projects the orders table stream into read models").
			withTeam("orders", "stream"),
		spec("clickstream-ingest", al2023, langGo, 256, 10, trigAPI, 3000, 22, "Ingests clickstream events into Firehose").
			withTeam("data", "clickstream").withArm().withBursts(0.35, 10).withDaily(0.5, 18).withErr(0.0008),
		spec("legacy-cron", py312, langPython, 256, 300, trigSchedule, 0, 2400, "Legacy batch job, do not touch (ask #platform)").
			withTeam("platform", "cron").withSchedule(5, 0).withErr(0.01).withHostileLines(),
		spec("pdf-renderer-fn", image, langNode, 3072, 120, trigAPI, 20, 3500, "Renders invoices to PDF with headless Chromium").
			withTeam("billing", "pdf").withMem(0.7),
		spec("user-signup", node22, langNode, 512, 15, trigAPI, 25, 300, "Creates accounts and sends the welcome email").
			withTeam("identity", "signup").withJSON(),
		spec("email-dispatch", py313, langPython, 256, 30, trigAsync, 200, 160, "Sends transactional email through SES").
			withTeam("growth", "email"),
		spec("report-generator", py312, langPython, 1536, 60, trigAsync, 2, 38000, "Generates customer CSV/PDF reports on demand").
			withTeam("finance", "report").withSigma(0.18).withMem(0.5).withDaily(0.8, 15),
		spec("thumbnail-worker", node20, langNode, 1024, 30, trigS3, 120, 650, "Generates video thumbnails").
			withTeam("media", "image").withMem(0.94).withSigma(0.3),
		spec("audit-log-writer", node20, langNode, 256, 30, trigSQS, 500, 30, "Writes audit events to the compliance bucket").
			withTeam("platform", "generic").withCustomGroup(),
		spec("webhook-retry", py312, langPython, 512, 120, trigSchedule, 0, 8000, "Retries failed outbound webhooks").
			withTeam("platform", "cron").withCustomGroup().withSchedule(10, 3),
		spec("kafka-bridge", java21, langJava, 1024, 60, trigEvents, 400, 75, "Bridges EventBridge events to MSK").
			withTeam("platform", "stream").withCustomGroup(),
		spec("waf-log-shipper", al2023, langGo, 512, 120, trigS3, 45, 1300, "Ships WAF logs to the SIEM").
			withTeam("security", "generic").withCustomGroup().withArm(),
		spec("notification-router", node22, langNode, 256, 30, trigEvents, 140, 60, "Routes domain events to push, SMS and email").
			withTeam("growth", "email").withJSON(),
		spec("recommendation-api", py312, langPython, 1024, 10, trigAPI, 350, 95, "Product recommendations API").
			withTeam("growth", "generic").withJSON(),
		spec("graphql-resolver", node22, langNode, 512, 15, trigAPI, 700, 55, "AppSync resolvers for the storefront").
			withTeam("storefront", "generic").withJSON(),
		spec("stripe-sync", node22, langNode, 512, 300, trigSchedule, 0, 28000, "Syncs Stripe invoices into the ledger").
			withTeam("payments", "payments").withJSON().withSchedule(30, 7).withSecrets("STRIPE_SECRET_KEY"),
		spec("canary-healthcheck", py312, langPython, 256, 30, trigSchedule, 0, 850, "Synthetic checks of the public endpoints").
			withTeam("platform", "generic").withJSON().withSchedule(1, 0),
		spec("cart-service", node20, langNode, 512, 10, trigAPI, 300, 45, "Cart API").withTeam("storefront", "checkout"),
		spec("inventory-sync", py312, langPython, 1024, 120, trigSchedule, 0, 4200, "Syncs stock levels from the warehouse system").
			withTeam("orders", "cron").withSchedule(1, 0),
		spec("price-calculator", java21, langJava, 1536, 15, trigAPI, 220, 35, "Prices carts with promotions and tax").
			withTeam("storefront", "checkout").withReserved(40),
		spec("fraud-scorer", image, langPython, 2048, 15, trigAPI, 80, 210, "Scores orders with the fraud model").
			withTeam("risk", "payments").withArm().withMem(0.6),
		spec("session-cleanup", py313, langPython, 512, 300, trigSchedule, 0, 15000, "Deletes expired sessions").
			withTeam("identity", "cron").withSchedule(60, 11),
		spec("invoice-generator", dotnet, langDotnet, 1024, 60, trigSQS, 30, 900, "Generates invoices from order events").
			withTeam("billing", "pdf"),
		spec("refund-processor", java21, langJava, 1024, 60, trigSQS, 12, 700, "Processes refund requests").
			withTeam("payments", "payments").withReserved(5).withSecrets("STRIPE_SECRET_KEY"),
		spec("shipping-label-fn", image, langNode, 1024, 30, trigAPI, 40, 800, "Buys shipping labels from carriers").
			withTeam("fulfilment", "orders").withSecrets("API_TOKEN"),
		spec("geo-lookup", al2023, langGo, 128, 5, trigAPI, 600, 6, "IP to region lookup").
			withTeam("platform", "generic").withArm(),
		spec("feature-flags-api", node22, langNode, 256, 5, trigAPI, 2500, 4, "Feature flag evaluation API").
			withTeam("platform", "generic").withArm().withReserved(50),
		spec("coupon-validator", py313, langPython, 256, 10, trigAPI, 60, 70, "Validates coupon codes").
			withTeam("growth", "checkout"),
		spec("sms-sender", node20, langNode, 256, 30, trigAsync, 15, 350, "Sends SMS through the carrier API").
			withTeam("growth", "email").withSecrets("API_TOKEN"),
		spec("customer-export", dotnet, langDotnet, 2048, 900, trigSchedule, 0, 120000, "Nightly customer export to the CRM").
			withTeam("growth", "report").withSchedule(1440, 300),
		spec("loyalty-points", java21, langJava, 1024, 30, trigSQS, 70, 260, "Awards loyalty points for completed orders").
			withTeam("growth", "orders"),
		spec("tax-calculator", image, langJava, 1536, 15, trigAPI, 110, 140, "Tax calculation service").
			withTeam("storefront", "checkout"),
		spec("order-status-api", dotnet, langDotnet, 512, 10, trigAPI, 160, 40, "Order status API for the mobile app").
			withTeam("orders", "orders").withReserved(25),
		spec("token-refresher", node20, langNode, 256, 60, trigSchedule, 0, 900, "Refreshes partner OAuth tokens").
			withTeam("platform", "cron").withSchedule(15, 4).withSecrets("API_TOKEN"),
		spec("metrics-aggregator", al2023, langGo, 512, 60, trigSchedule, 0, 2300, "Rolls up business metrics every minute").
			withTeam("data", "cron").withSchedule(1, 0),
		spec("dlq-redriver", py313, langPython, 256, 300, trigSchedule, 0, 3000, "Redrives dead-letter queues").
			withTeam("platform", "cron").withSchedule(60, 42),
		spec("cognito-post-confirm", node20, langNode, 256, 10, trigAsync, 25, 120, "Cognito post-confirmation trigger").
			withTeam("identity", "signup"),
		spec("slack-alerts", py313, langPython, 256, 30, trigAsync, 3, 400, "Posts alarms to Slack").
			withTeam("platform", "generic").withSecrets("API_TOKEN"),
		spec("s3-virus-scan", image, langPython, 3008, 300, trigS3, 18, 5200, "Scans uploads with ClamAV").
			withTeam("security", "image").withMem(0.75),
		spec("cdn-log-parser", py312, langPython, 1024, 300, trigS3, 12, 11000, "Parses CloudFront logs").
			withTeam("data", "clickstream"),
		spec("ml-feature-extract", image, langPython, 10240, 900, trigAsync, 1, 95000, "Extracts model features from raw events").
			withTeam("data", "report").withMem(0.7).withSigma(0.3),
	}
}
