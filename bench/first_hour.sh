#!/usr/bin/env bash
# A technologist's first hour, scripted (issue 20): the demo (serve, a simulated suspicious
# study, its analysis), then the TUI in tmux: open the study and its slice, ask a question,
# open the result, its nodule's history, back, the models screen, the feed, the system tab, the
# worklist, quit. Prints each screen and fails on a traceback
# or a screen that does not show what the key should have brought.
# Usage: bench/first_hour.sh [SCANSIDE] (default .venv/bin/scanside; needs tmux)
set -euo pipefail
scanside=$(realpath "${1:-.venv/bin/scanside}")
work=$(mktemp -d)
data="$work/data"
dicom_port=${DICOM_PORT:-24111}
http_port=${HTTP_PORT:-24112}
tmux="tmux -L scanside-first-hour-$$"
serve_pid=""
cleanup() {
    $tmux kill-server 2>/dev/null || true
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
}
trap cleanup EXIT

"$scanside" demo --data-dir "$data" --port "$dicom_port" --http-port "$http_port" --no-tui
"$scanside" serve --data-dir "$data" --port "$dicom_port" --http-port "$http_port" \
    >"$work/serve.log" 2>&1 &
serve_pid=$!
until [ -f "$data/run/local-admin.token" ]; do sleep 0.5; done

screen() { sleep "$1"; $tmux capture-pane -p -t tui | grep -v '^\s*$' || true; }
expect() {  # step, text that must be on the screen
    local shown
    shown=$(screen 6)
    printf '=== %s\n%s\n' "$1" "$shown"
    if grep -q Traceback <<<"$shown" || ! grep -qF -- "$2" <<<"$shown"; then
        echo "FAILED at: $1 (expected '$2')" >&2
        exit 1
    fi
}

$tmux new-session -d -s tui -x 100 -y 30 "$scanside tui --data-dir $data; echo EXITED rc=\$?; sleep 30"
expect "worklist" "1 study on the worklist"
$tmux send-keys -t tui Enter
expect "study and slice (enter)" "10 mm ·"
$tmux send-keys -t tui /
expect "query box (/)" "esc Leave the box"
$tmux send-keys -t tui -l "nodules over 8 mm"
$tmux send-keys -t tui Enter
expect "answer" "Enter on a row opens its study"
$tmux send-keys -t tui Escape
sleep 1  # at once, ESC then Enter reads as alt+enter
$tmux send-keys -t tui Enter
expect "result opened (esc, enter)" "Lung-RADS"
$tmux send-keys -t tui h
expect "nodule history (h)" "Nodule history"
$tmux send-keys -t tui Escape
expect "back to the study (esc)" "h History"
$tmux send-keys -t tui m
expect "models (m)" "Model versions"
$tmux send-keys -t tui f
expect "feed (f)" "Last image"
$tmux send-keys -t tui s
expect "system (s)" "Disk"
$tmux send-keys -t tui w
expect "worklist (w)" "Priority"
$tmux send-keys -t tui q
expect "quit (q)" "EXITED rc=0"
echo "first hour: no traceback, every key acted"
