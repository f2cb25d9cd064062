package main

import (
	"context"
	"sync"
	"time"

	"github.com/virgahq/virga/internal/logdedup"
	"github.com/virgahq/virga/internal/logfollow"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
)

// firstPage is the size of each query's first page: small, so the first
// lines print at once; later pages are as large as AWS allows.
const firstPage = 500

// pageOf is one page of one query, or the error that ended it.
type pageOf struct {
	evs []providers.LogEvent
	err error
}

// readRange prints every event of [from, to) once, in time order across
// the queries, page by page: each query's pages are read ahead by one
// while the merge prints, so memory holds a couple of pages per query,
// whatever the range. rd de-duplicates against what earlier reads
// printed, and the de-duplication forgets as the read moves on, keeping
// only the overlap behind it. An error stops the read; what was printed
// stays printed, and every event before the time of the last one printed
// was printed (the merge prints in time order), which is where a retry
// resumes.
func (r *logRun) readRange(ctx context.Context, from, to time.Time, rd *logdedup.Read) error {
	if !from.Before(to) {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	pages := make([]chan pageOf, len(r.queries))
	for i, q := range r.queries {
		pages[i] = make(chan pageOf, 1)
		wg.Go(func() { r.fetch(ctx, q, from, to, pages[i]) })
	}
	// The merge: heads[i] holds what is left of query i's current page;
	// a query is done when its channel closes.
	heads := make([][]providers.LogEvent, len(pages))
	done := make([]bool, len(pages))
	for {
		for i := range pages {
			for !done[i] && len(heads[i]) == 0 {
				pg, ok, err := r.next(ctx, pages[i])
				switch {
				case err != nil:
					return err
				case !ok:
					done[i] = true
				default:
					heads[i] = pg
				}
			}
		}
		pick := -1
		for i, h := range heads {
			if len(h) > 0 && (pick < 0 || h[0].Timestamp.Before(heads[pick][0].Timestamp)) {
				pick = i
			}
		}
		if pick < 0 {
			return nil
		}
		ev := &heads[pick][0]
		heads[pick] = heads[pick][1:]
		if err := r.emit(ev, rd); err != nil {
			return err
		}
		if ev.Timestamp.After(r.through) {
			r.through = ev.Timestamp
			r.dedup.Forget(r.through.Add(-logfollow.Overlap))
		}
	}
}

// next waits for a query's next page, flushing what was printed first so
// the output never waits on a read.
func (r *logRun) next(ctx context.Context, ch <-chan pageOf) ([]providers.LogEvent, bool, error) {
	select {
	case pg, ok := <-ch:
		return pg.evs, ok, pg.err
	default:
	}
	if err := r.p.w.Flush(); err != nil {
		return nil, false, err
	}
	select {
	case pg, ok := <-ch:
		return pg.evs, ok, pg.err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

// fetch pages one query and sends its pages, then closes ch.
func (r *logRun) fetch(ctx context.Context, q logtarget.Query, from, to time.Time, ch chan<- pageOf) {
	defer close(ch)
	lq := providers.LogQuery{Group: q.Group, Streams: q.Streams, StreamPrefix: q.Prefix, Pattern: r.pattern,
		Start: from, End: to, Limit: firstPage}
	for {
		cctx, cancel := context.WithTimeout(ctx, r.timeout)
		page, err := r.rd.FilterLogEvents(cctx, lq)
		cancel()
		if err != nil {
			select {
			case ch <- pageOf{err: err}:
			case <-ctx.Done():
			}
			return
		}
		if len(page.Events) > 0 {
			select {
			case ch <- pageOf{evs: page.Events}:
			case <-ctx.Done():
				return
			}
		}
		if page.NextToken == "" {
			return
		}
		lq.NextToken, lq.Limit = page.NextToken, 0
	}
}

// emit prints an event that belongs to a target and was not printed
// before.
func (r *logRun) emit(ev *providers.LogEvent, rd *logdedup.Read) error {
	i := logtarget.Route(r.targets, r.queries, ev)
	if i < 0 || !rd.Keep(ev) {
		return nil
	}
	return r.p.print(ev, &r.targets[i])
}
