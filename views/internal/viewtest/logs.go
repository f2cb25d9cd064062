package viewtest

import (
	"fmt"
	"time"

	"github.com/virgahq/virga/providers"
)

// LogEvents are two minutes of a function's logs in both of Lambda's
// formats: START/END/REPORT lines, levels from INFO to ERROR, a JSON
// object with an error, a stack trace, and a cold start.
func LogEvents() []providers.LogEvent {
	rid := func(i int) string { return fmt.Sprintf("%08x-5e1f-4a8b-9c3d-%012x", 0xa1b2c3d4+i, 0x4e5f60718293+i) }
	var out []providers.LogEvent
	at := Ago(2 * time.Minute)
	add := func(d time.Duration, msg string) {
		at = at.Add(d)
		out = append(out, providers.LogEvent{ID: fmt.Sprint(len(out)), Timestamp: at, Message: msg})
	}
	for i := range 6 {
		r := rid(i)
		stamp := at.Add(time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
		add(7*time.Second, "START RequestId: "+r+" Version: 12")
		switch i {
		case 2:
			add(40*time.Millisecond, `{"timestamp":"`+stamp+`","level":"ERROR","requestId":"`+r+`","message":"payment declined","error":{"type":"CardError","code":"card_declined"},"orderId":"ord_88`+fmt.Sprint(i)+`"}`)
		case 4:
			add(40*time.Millisecond, stamp+"\t"+r+"\tERROR\tUnhandled rejection TypeError: Cannot read properties of undefined (reading 'sku')\n    at priceOf (/var/task/index.js:41:18)\n    at Runtime.handler (/var/task/index.js:12:9)")
		default:
			add(40*time.Millisecond, stamp+"\t"+r+"\tINFO\tcreated order ord_88"+fmt.Sprint(i)+" for customer cus_00"+fmt.Sprint(40+i)+" total 34.50 EUR")
		}
		add(30*time.Millisecond, stamp+"\t"+r+"\tWARN\tstripe latency 812 ms above the 500 ms budget")
		add(90*time.Millisecond, "END RequestId: "+r)
		report := "REPORT RequestId: " + r + "\tDuration: 182.44 ms\tBilled Duration: 183 ms\tMemory Size: 1024 MB\tMax Memory Used: 941 MB\t"
		if i == 0 {
			report += "Init Duration: 412.03 ms\t"
		}
		add(time.Millisecond, report)
	}
	return out
}

// TaskLogEvents are a service's tasks' container logs: access lines and
// an application error, for a pane that merges tasks with tags.
func TaskLogEvents() []providers.LogEvent {
	var out []providers.LogEvent
	at := Ago(time.Minute)
	for i := range 12 {
		at = at.Add(4 * time.Second)
		msg := fmt.Sprintf(`10.0.%d.%d - - [25/Nov/2026:14:29:%02d +0000] "GET /v1/products/%d HTTP/1.1" 200 %d "-" "okhttp/4.12"`, i%3, 10+i, i*4, 1000+i, 512+i*7)
		if i == 7 {
			msg = "level=error msg=\"upstream timeout\" service=inventory after=2.001s"
		}
		out = append(out, providers.LogEvent{ID: fmt.Sprint(i), Timestamp: at, Message: msg})
	}
	return out
}
