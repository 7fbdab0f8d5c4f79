#!/usr/bin/env bash
# Play a whole scenario in the real `coach` app, as a person would, inside tmux:
# open the app, start a scenario, send four replies with ctrl+s, reach the ending and
# the scorecard, go home, open the checker and the rules, quit. Every step waits for
# text on the screen and fails with the screen printed when it does not come.
#
#   scripts/tmux_smoke.sh [path/to/coach]     (default: .venv/bin/coach)
#
# Needs tmux. Uses a temporary data directory; leaves nothing behind.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
coach="${1:-$here/.venv/bin/coach}"
session="coach-smoke-$$"
data="$(mktemp -d)"
status_file="$data/exit-status"
width=100
height=30

command -v tmux >/dev/null || { echo "tmux_smoke: tmux is not installed" >&2; exit 2; }
[ -x "$coach" ] || { echo "tmux_smoke: no coach at $coach" >&2; exit 2; }

cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$session" 2>/dev/null || true; }

fail() {
    echo "tmux_smoke: FAIL: $*" >&2
    echo "----- screen -----" >&2
    screen >&2
    echo "------------------" >&2
    exit 1
}

# wait_for TEXT [SECONDS]: until TEXT is on the screen.
wait_for() {
    local text="$1" limit="${2:-20}" waited=0
    while ! screen | grep -qF -- "$text"; do
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt $((limit * 5)) ] || fail "waited ${limit}s for: $text"
    done
}

# type_reply TEXT: type it, then send it with ctrl+s.
type_reply() {
    tmux send-keys -t "$session" -l -- "$1"
    sleep 0.3
    tmux send-keys -t "$session" C-s
}

start() {
    tmux new-session -d -s "$session" -x "$width" -y "$height" \
        "env -u COLUMNS -u LINES COACH_DATA_DIR='$data' TERM=xterm-256color '$coach' $*; echo \$? > '$status_file'"
}

echo "tmux_smoke: coach with no arguments opens the app on the scenarios"
start
wait_for "Scenarios"
wait_for "First pitch to a cautious"
wait_for "c Check"
tmux send-keys -t "$session" Down Enter
wait_for "Your reply"
wait_for "reply 1 of 12" 30   # the language model is loaded: replies can be sent

echo "tmux_smoke: a whole conversation with the keyboard"
type_reply "Working from home on Wednesdays would let me focus on the design reviews and get them back to the team faster."
wait_for "Feedback on reply 1"
type_reply "I'd answer messages within fifteen minutes and post a summary in the team channel every afternoon."
wait_for "Feedback on reply 2"
type_reply "Could we try it for a month and see how it goes?"
wait_for "Feedback on reply 3"
type_reply "I really need an answer today, if possible."
wait_for "Feedback on reply 4"
wait_for "ctrl+s shows the scorecard"
tmux send-keys -t "$session" C-s
wait_for "The changes that would raise the score most"
wait_for "Try again"

echo "tmux_smoke: home, the checker, the rules, help"
tmux send-keys -t "$session" h
wait_for "Scenarios"
tmux send-keys -t "$session" c
wait_for "Draft"
tmux send-keys -t "$session" -l -- "Sorry to bother you, I was just wondering if maybe I could work from home on Fridays."
tmux send-keys -t "$session" C-s
wait_for "Feedback on the draft"
wait_for "Ask without hedging"
tmux send-keys -t "$session" Escape
wait_for "Scenarios"
tmux send-keys -t "$session" r
wait_for "Coaching rules"
wait_for "Why it matters"
tmux send-keys -t "$session" Escape
wait_for "Scenarios"

echo "tmux_smoke: the readiness check and the proposal"
tmux send-keys -t "$session" g
wait_for "Question 1 of 14"
tmux send-keys -t "$session" 2
wait_for "Question 2 of 14"
wait_for "So far"
for _ in $(seq 2 14); do tmux send-keys -t "$session" 1; done
wait_for "What to do first"
tmux send-keys -t "$session" w
wait_for "Your facts"
tmux send-keys -t "$session" Tab Tab
tmux send-keys -t "$session" -l -- "Support engineer in the payments team"
wait_for "No success measure yet" 30
tmux send-keys -t "$session" Escape
wait_for "What to do first"
tmux send-keys -t "$session" Escape
wait_for "Scenarios"
tmux send-keys -t "$session" F1
wait_for "Keys on this screen"
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" C-q
for _ in $(seq 1 50); do
    [ -s "$status_file" ] && break
    sleep 0.2
done
[ -s "$status_file" ] || fail "the app did not quit on ctrl+q"
[ "$(cat "$status_file")" = "0" ] || fail "coach exited with status $(cat "$status_file")"
tmux kill-session -t "$session" 2>/dev/null || true

echo "tmux_smoke: coach practice SCENARIO opens straight into the conversation"
rm -f "$status_file"
start practice remote-trial --seed 99
wait_for "Dana Reyes"
wait_for "reply 1 of 12" 30
type_reply "Sorry to ask, but I was wondering if maybe I could work from home sometimes."
wait_for "Feedback on reply 1"
wait_for "Ask without hedging"
tmux send-keys -t "$session" C-q
for _ in $(seq 1 50); do
    [ -s "$status_file" ] && break
    sleep 0.2
done
[ "$(cat "$status_file" 2>/dev/null)" = "0" ] || fail "coach practice did not quit cleanly"

echo "tmux_smoke: OK"
