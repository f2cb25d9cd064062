package metrics

import (
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
)

// Lambda publishes no memory metric (short of Lambda Insights), so the
// memory headroom comes from the REPORT line each invocation logs. They
// are read when a function's metrics screen opens and again every
// reportEvery while it stays open: one FilterLogEvents page or a few,
// never a scan of the whole log.
const (
	reportEvery  = 5 * time.Minute
	reportWindow = 10 * time.Minute
	reportLimit  = 500
	reportPages  = 3
)

// readReports reads recent REPORT lines when the last read is older than
// reportEvery (or ctrl+r asked), and returns nil otherwise.
func (s *Function) readReports() tea.Cmd {
	r, ok := s.host.Backend().(providers.LogReader)
	if !ok || s.host.Paused() || s.memLoading || !s.panel.active {
		return nil
	}
	now := s.host.Now()
	if u, ok := s.host.List().MemoryUse(s.fn.Name); ok && now.Sub(u.At) < reportEvery && !s.memForce {
		return nil
	}
	if !s.memForce && s.memErr != nil && now.Sub(s.memErrAt) < reportEvery {
		return nil
	}
	s.memForce = false
	fn := s.function()
	s.memLoading = true
	s.memGen++
	q := providers.LogQuery{
		Group:   logtarget.FunctionGroup(fn),
		Pattern: reportPattern(fn.LogFormat),
		Start:   now.Add(-reportSpan(s.invPerMin())),
		End:     now,
		Limit:   reportLimit,
	}
	id, gen, epoch, name := s.id, s.memGen, s.host.Epoch(), s.fn.Name
	ctx, cancel := s.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		use := views.MemoryUse{At: now, Since: q.Start}
		for range reportPages {
			page, err := r.FilterLogEvents(ctx, q)
			if err != nil {
				return reportsReadMsg{id: id, gen: gen, epoch: epoch, name: name, err: err}
			}
			for _, e := range page.Events {
				used, size, ok := parseReport(e.Message)
				if !ok {
					continue
				}
				if use.Lines == 0 || used > use.MaxUsedMB {
					use.MaxUsedMB = used
				}
				if size > 0 {
					use.SizeMB = size
				}
				if use.Lines == 0 || e.Timestamp.Before(use.From) {
					use.From = e.Timestamp
				}
				if e.Timestamp.After(use.To) {
					use.To = e.Timestamp
				}
				use.Lines++
			}
			if page.NextToken == "" || use.Lines >= reportLimit {
				break
			}
			q.NextToken = page.NextToken
		}
		return reportsReadMsg{id: id, gen: gen, epoch: epoch, name: name, use: use}
	}
}

// invPerMin is the function's invocation rate from the screen's series,
// or the list's figure before they arrive; NaN when neither is known.
func (s *Function) invPerMin() float64 {
	if f := s.panel.frame; f.Loaded() && f.N > 0 {
		return series.Sum(f.Get(series.Function(series.Invocations, s.fn.Name))) / (float64(f.N) * f.Period.Minutes())
	}
	if lv, ok := s.host.List().Live(s.fn.Name); ok {
		return lv.InvPerMin
	}
	return math.NaN()
}

// reportSpan is how far back to read: pages come oldest first, so a busy
// function reads only its last minute or so (about reportLimit lines) and
// a quiet one the whole reportWindow.
func reportSpan(perMin float64) time.Duration {
	if math.IsNaN(perMin) || perMin <= 0 {
		return reportWindow
	}
	d := time.Duration(float64(reportLimit) / perMin * float64(time.Minute))
	return min(max(d.Round(time.Minute), time.Minute), reportWindow)
}

// reportPattern selects REPORT lines in either log format.
func reportPattern(format string) string {
	if format == "JSON" {
		return `{ $.type = "platform.report" }`
	}
	return `"REPORT RequestId"`
}

// parseReport reads the memory figures of a REPORT line (either log
// format) with the one parser in package providers.
func parseReport(msg string) (usedMB float64, sizeMB int, ok bool) {
	r, ok := providers.ParseReport(msg)
	if !ok || r.MaxMemory <= 0 {
		return 0, 0, false
	}
	return float64(r.MaxMemory), r.MemorySize, true
}
