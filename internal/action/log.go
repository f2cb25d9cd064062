package action

import (
	"log/slog"

	"github.com/virgahq/virga/internal/journal"
)

// Log writes an action's journal line to the debug log (--log-file): what
// changed where, the result, the request id and the error, masked. The
// parameters, the before and after values and the commands are left to
// the journal: they may hold a payload.
func Log(l *slog.Logger, e journal.Entry) {
	if l == nil {
		return
	}
	l.Debug("action", "source", e.Source, "action", e.Action, "resource", e.Resource, "account", e.Account,
		"region", e.Region, "result", e.Result, "request_id", e.RequestID, "error", journal.MaskText(e.Error))
}
