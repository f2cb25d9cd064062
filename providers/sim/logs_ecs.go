package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// taskLife is a copy of what log and metric generation need from a task,
// taken under the lock so generation can run without it.
type taskLife struct {
	id       string
	key      uint64
	rev      int
	started  time.Time
	stopping time.Time
	stopped  time.Time
	stopCode string
	reason   string
	fate     uint8
}

// lives copies the tasks of s that overlap [from, to).
func (s *ecsService) lives(from, to time.Time) []taskLife {
	var out []taskLife
	for _, t := range s.history {
		if t.started.IsZero() || !t.started.Before(to) || (!t.stopped.IsZero() && !t.stopped.After(from)) {
			continue
		}
		out = append(out, taskLife{
			id: t.id, key: hashString(t.id), rev: t.rev, started: t.started, stopping: t.stopping,
			stopped: t.stopped, stopCode: t.stopCode, reason: t.reason, fate: t.fate,
		})
	}
	return out
}

// ecsMinute returns the sorted events of a service's log group in minute T.
func (a *Account) ecsMinute(s *ecsService, T, nowMs int64) []logEvent {
	key := eventsKey{src: s.key, m: T}
	if evs, ok := a.caches.events.get(key); ok {
		return evs
	}
	lo, hi := T*60000, min((T+1)*60000, nowMs+1)
	if hi <= lo {
		return nil
	}
	if (T+1)*60000 <= nowMs {
		a.caches.events.shrink()
	}
	a.mu.Lock()
	m := a.ecsLocked()
	lives := s.lives(time.UnixMilli(lo), time.UnixMilli(hi))
	tds := map[int][]ctrLog{}
	for _, l := range lives {
		if _, ok := tds[l.rev]; !ok {
			tds[l.rev] = ctrLogs(m, s, l.rev, a)
		}
	}
	a.mu.Unlock()
	var evs []logEvent
	for _, l := range lives {
		for ci, c := range tds[l.rev] {
			evs = s.containerMinute(l, ci, c, T, lo, hi, evs)
		}
	}
	slices.SortFunc(evs, cmpEvents)
	if (T+1)*60000 <= nowMs {
		a.caches.events.put(key, evs, eventsCost(evs))
	}
	return evs
}

// ctrLog is a container that logs to the service's awslogs group.
type ctrLog struct {
	name, prefix string
	app          bool
}

func ctrLogs(m *ecsModel, s *ecsService, rev int, a *Account) []ctrLog {
	var out []ctrLog
	for i, c := range m.taskDef(s.fam, rev, a).Containers {
		if c.LogDriver != "awslogs" {
			continue // awsfirelens sends its logs elsewhere
		}
		out = append(out, ctrLog{name: c.Name, prefix: c.LogOptions["awslogs-stream-prefix"], app: i == 0})
	}
	return out
}

var servicePaths = map[string][]string{
	"checkout-web":    {"GET /checkout", "GET /api/cart", "POST /api/orders", "GET /api/orders/{id}", "GET /static/app.{id}.js"},
	"catalog-api":     {"GET /v1/products/{id}", "GET /v1/categories", "GET /v1/products?category={n}", "PUT /v1/products/{id}/stock"},
	"cart-api":        {"GET /cart/{id}", "POST /cart/{id}/items", "DELETE /cart/{id}/items/{n}"},
	"auth-service":    {"POST /oauth2/token", "GET /userinfo", "GET /.well-known/jwks.json"},
	"graphql-gateway": {"POST /graphql", "POST /graphql", "GET /graphql/health"},
	"search-frontend": {"GET /search?q=shoes", "GET /search?q={id}", "GET /suggest?q=ru"},
}

// userAgents is a read-only sample of clients.
var userAgents = [...]string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"okhttp/4.12.0", "AcmeShop/8.14.2 (Android 14; Pixel 8)", "AcmeShop/8.14.1 (iOS 18.1; iPhone15,2)",
	"python-requests/2.32.3", "Go-http-client/2.0",
}

// containerMinute appends one container's lines of one task in minute T.
func (s *ecsService) containerMinute(l taskLife, ci int, c ctrLog, T, lo, hi int64, out []logEvent) []logEvent {
	src := hash(l.key, tagECSLog, uint64(ci), uint64(T))
	stream := c.prefix + "/" + c.name + "/" + l.id
	var ord uint32
	emit := func(ts int64, msg string) {
		if ts >= lo && ts < hi && ts >= l.started.UnixMilli() && (l.stopped.IsZero() || ts <= l.stopped.UnixMilli()) {
			out = append(out, logEvent{ts: ts, src: src, ord: ord, stream: stream, msg: msg})
		}
		ord++
	}
	r := newRNG(src, uint64(T))
	startMs, tEnd := l.started.UnixMilli(), T*60000+60000
	endMs := tEnd
	if !l.stopping.IsZero() {
		endMs = min(endMs, l.stopping.UnixMilli())
	}
	if !c.app {
		for k := range 2 {
			ts := T*60000 + int64(r.Intn(60000))
			if ts >= startMs && ts < endMs {
				emit(ts, s.sidecarLine(c.name, ts, k, &r))
			}
		}
		return out
	}
	if startMs >= T*60000 && startMs < tEnd {
		for k, line := range s.startupLines(l) {
			emit(startMs+200+int64(k)*350, line)
		}
	}
	if l.fate == fateCrash {
		emit(l.stopping.UnixMilli()-50, s.crashLine())
		return out
	}
	// Steady traffic: access logs, health checks and application lines.
	hour := float64(floorMod(T, 1440)) / 60
	daily := 1 + 0.4*math.Cos(2*math.Pi*(hour-17)/24)
	if s.spec.lb() {
		for k := range 2 {
			emit(T*60000+int64(k)*30000+int64(hash(l.key, 5)%30000), accessLine(T*60000+int64(k)*30000, "GET /health", 200, "ELB-HealthChecker/2.0", &r))
		}
		n := r.Poisson(s.spec.rpm * daily)
		paths := servicePaths[s.name]
		if paths == nil {
			paths = []string{"GET /api/{id}", "POST /api/items", "GET /api/items?page={n}"}
		}
		for range n {
			ts := T*60000 + int64(r.Intn(60000))
			if ts < startMs || ts >= endMs {
				ord++
				continue
			}
			status := 200
			switch u := r.Float64(); {
			case u < 0.004:
				status = 502
			case u < 0.02:
				status = 404
			case u < 0.05:
				status = 304
			}
			emit(ts, accessLine(ts, fillTemplate(paths[r.Intn(len(paths))], &r), status, userAgents[r.Intn(len(userAgents))], &r))
			if status == 502 {
				emit(ts+1, s.errorLine(ts+1, &r))
			}
		}
	} else {
		n := r.Poisson(12 * daily)
		for range n {
			ts := T*60000 + int64(r.Intn(60000))
			if ts < startMs || ts >= endMs {
				ord++
				continue
			}
			if r.Bool(0.01) {
				emit(ts, s.errorLine(ts, &r))
				continue
			}
			emit(ts, fmt.Sprintf(`{"level":"info","ts":"%s","msg":"job completed","job_id":"%s","queue":"%s-jobs","duration_ms":%d}`,
				isoMs(ts), strconv.FormatUint(r.Uint64()%1e12, 36), s.name, 20+r.Intn(4000)))
		}
	}
	if !l.stopping.IsZero() && l.stopping.UnixMilli() >= T*60000 && l.stopping.UnixMilli() < tEnd {
		stop := l.stopping.UnixMilli()
		switch {
		case strings.HasPrefix(l.reason, "OutOfMemoryError"):
			emit(stop-4000, "[gc] Pause Full (Allocation Failure) 3980M->3971M(4096M) 912.402ms")
			emit(stop-900, "Exception in thread \"worker-3\" java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)\n\tat com.acme.media.ImageDecoder.decode(ImageDecoder.java:88)\n\tat com.acme.media.PipelineWorker.run(PipelineWorker.java:57)")
		case l.stopCode == "SpotInterruption":
			emit(stop+100, "SIGTERM received: Fargate Spot interruption, draining in-flight work")
		case l.stopCode == "EssentialContainerExited":
			emit(stop-100, s.crashLine())
		default:
			emit(stop+150, "Received SIGTERM, shutting down gracefully")
			emit(stop+900, "Closed "+strconv.Itoa(1+r.Intn(40))+" idle connections")
			emit(stop+1400, "Server stopped")
		}
	}
	return out
}

func accessLine(ts int64, req string, status int, agent string, r *rng) string {
	method, path, _ := strings.Cut(req, " ")
	t := time.UnixMilli(ts).UTC().Format("02/Jan/2006:15:04:05 -0700")
	return fmt.Sprintf(`10.0.%d.%d - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %.3f`,
		r.Intn(64), 2+r.Intn(250), t, method, path, status, 120+r.Intn(9000), agent, 0.001+0.2*r.Float64()*r.Float64())
}

func (s *ecsService) startupLines(l taskLife) []string {
	v := "1." + strconv.Itoa(l.rev) + ".0"
	switch s.spec.lang {
	case langJava:
		app := pascal(s.name) + "Application"
		return []string{"Starting " + app + " v" + v + " using Java 21.0.4 with PID 1",
			"Tomcat started on port 8080 (http) with context path '/'",
			"Started " + app + " in 14.2 seconds (process running for 15.1)"}
	case langGo:
		return []string{`{"level":"info","msg":"starting","version":"` + v + `"}`, `{"level":"info","msg":"listening","addr":":8080"}`}
	case langPython:
		return []string{"[1] [INFO] Starting gunicorn 22.0.0", "[1] [INFO] Listening at: http://0.0.0.0:8080 (1)", "[1] [INFO] Booting worker with pid: 7"}
	}
	return []string{"> " + s.name + "@" + v + " start", "> node dist/server.js", "Server listening on port 8080"}
}

func (s *ecsService) crashLine() string {
	switch s.spec.lang {
	case langPython:
		return "Traceback (most recent call last):\n  File \"/app/worker.py\", line 8, in <module>\n    CHROMIUM = os.environ[\"CHROMIUM_PATH\"]\n  File \"<frozen os>\", line 714, in __getitem__\nKeyError: 'CHROMIUM_PATH'"
	case langJava:
		return "Application run failed\norg.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource'\n\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:335)"
	case langGo:
		return "panic: missing required environment variable DATABASE_URL\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/cmd/server/main.go:31 +0x1a5"
	}
	return "Error: Missing required environment variable CHROMIUM_PATH\n    at Object.<anonymous> (/app/dist/config.js:12:11)\n    at Module._compile (node:internal/modules/cjs/loader:1469:14)"
}

func (s *ecsService) errorLine(ts int64, r *rng) string {
	switch s.spec.lang {
	case langJava:
		return strings.Replace(isoMs(ts)[:23], "T", " ", 1) + " ERROR 1 --- [nio-8080-exec-" + strconv.Itoa(1+r.Intn(9)) + "] c.a.api.GlobalExceptionHandler : Request failed\n" +
			"org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select * from product where id = ?]; timeout\n\tat org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:659)\n\tat com.acme.catalog.ProductRepository.find(ProductRepository.java:42)"
	case langGo:
		return `{"level":"error","ts":"` + isoMs(ts) + `","msg":"upstream request failed","error":"dial tcp 10.0.3.17:6379: i/o timeout","retry":` + strconv.Itoa(r.Intn(3)) + `}`
	case langPython:
		return "[1] [ERROR] Job failed\nTraceback (most recent call last):\n  File \"/app/jobs.py\", line 121, in run\n    resp.raise_for_status()\nrequests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api.partner.example/v2/render"
	}
	return `{"level":50,"time":` + strconv.FormatInt(ts, 10) + `,"pid":1,"msg":"request failed","err":{"type":"FetchError","message":"request to http://inventory.internal/reserve failed, reason: socket hang up","stack":"FetchError: request to http://inventory.internal/reserve failed\n    at ClientRequest.<anonymous> (/app/node_modules/node-fetch/lib/index.js:1491:11)"}}`
}

func (s *ecsService) sidecarLine(name string, ts int64, k int, r *rng) string {
	t := time.UnixMilli(ts).UTC()
	if name == "log-router" {
		return "[" + t.Format("2006/01/02 15:04:05") + "] [ info] [output:datadog:datadog.0] flushed " + strconv.Itoa(20+r.Intn(500)) + " records"
	}
	if k == 0 {
		return t.Format("2006-01-02 15:04:05 UTC") + " | CORE | INFO | (pkg/forwarder/transaction.go:379 in Process) | Successfully posted payload to \"https://7-52-0-app.agent.datadoghq.com/api/v1/series\""
	}
	return t.Format("2006-01-02 15:04:05 UTC") + " | CORE | INFO | (pkg/collector/worker/check_logger.go:71 in CheckFinished) | check:ecs_fargate | Done running check"
}
