#!/usr/bin/env bash
# Re-renders the screenshots in this folder from `virga --demo`.
#
# It runs the demo in a detached tmux session of a fixed size, drives it
# with send-keys, captures each screen with its colours (capture-pane -e),
# renders the ANSI text to SVG with charmbracelet/freeze and converts it to
# PNG with rsvg-convert (Debian: librsvg2-bin). Never edit the PNGs by hand.
#
# The demo's clock is stopped (--demo-clock) and its seed fixed, so a run
# changes a PNG only when its view changed.
#
# Needs: tmux, rsvg-convert, a monospace font rsvg can find (Debian:
# fonts-dejavu-core) and freeze (installed here with go install).
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is required: apt-get install librsvg2-bin" >&2; exit 1; }
FREEZE=${FREEZE:-$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")}
if [ ! -x "$FREEZE" ]; then
  GOFLAGS= go install github.com/charmbracelet/freeze@v0.2.2
fi

tmp=$(mktemp -d)
bin=$tmp/virga
# A fresh config, journal and payload history for every run, so the shots
# never show this machine's own history.
xdg=$tmp/xdg
go build -o "$bin" ./cmd/virga
session=virga-shots-$$
W=${W:-120}
H=${H:-36}
CLOCK=${CLOCK:-2026-03-02T14:30:00Z}
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; }
trap 'cleanup; rm -rf "$tmp"' EXIT

start() {
  cleanup
  # Let the tmux server exit after its last session before starting anew.
  sleep 0.5
  tmux new-session -d -s "$session" -x "$W" -y "$H" \
    "env TERM=xterm-256color COLORTERM=truecolor NO_COLOR= XDG_CONFIG_HOME=$xdg/config XDG_DATA_HOME=$xdg/data XDG_STATE_HOME=$xdg/state $bin --demo --demo-clock $CLOCK --theme dark $*"
  sleep 2.5
}

# settled waits (at most 20 s) until the screen no longer shows text: a
# pane still reading its history is drawn as it finishes, whatever the
# machine's speed, so a run changes a PNG only when its view changed.
settled() {
  for _ in $(seq 40); do
    tmux capture-pane -t "$session" -p | grep -qF "$1" || return 0
    sleep 0.5
  done
  echo "still showing '$1' after 20 s" >&2
}

keys() {
  for k in "$@"; do
    tmux send-keys -t "$session" "$k"
    sleep 0.3
  done
  sleep 1.2
}

# Line height: table screens get 1.5, so the block glyphs of one row's
# sparkline do not touch the next row's and read as one solid bar; chart
# screens keep 1.2, where the bars of a column must touch to read as one.
shot() {
  local name=$1 lh=${2:-1.5}
  # freeze ignores SGR 49 (default background), which tmux emits after a
  # coloured background; spell the default background out instead. -N
  # keeps trailing spaces, which carry the header band's background.
  tmux capture-pane -t "$session" -e -p -N |
    sed -e 's/\x1b\[49m/\x1b[48;2;26;27;38m/g' >"$out/$name.ansi"
  "$FREEZE" --language ansi --window=false --padding 20 --margin 0 --font.size 14 --font.family "DejaVu Sans Mono" --line-height "$lh" \
    --background "#1a1b26" -o "$out/$name.svg" <"$out/$name.ansi" >/dev/null
  rsvg-convert "$out/$name.svg" -o "$out/$name.png"
  rm -f "$out/$name.svg" "$out/$name.ansi"
  echo "wrote $out/$name.png"
}

start
shot functions
keys / checkout-api Enter Enter
shot function-detail
start --view clusters
shot clusters
keys Enter
shot services
keys / catalog-api Enter Enter
shot tasks
keys Enter
shot task-detail
start
keys '?'
shot help
keys Escape : se
shot palette
start
keys / checkout-api Enter m
shot function-metrics 1.2
start
keys : pool Enter
shot concurrency-pool 1.2
start --view services
keys / catalog-api Enter m
shot service-metrics 1.2
start
keys / checkout-api Enter l
settled "loading history"
shot logs
keys I
settled "loading"
shot invocations
start
keys / checkout-api Enter i
shot invoke
keys s
sleep 0.6
keys Tab y
sleep 1
shot invoke-result
start
keys / image-resize Enter x
sleep 0.6
shot confirm
