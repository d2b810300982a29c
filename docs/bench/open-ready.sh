#!/bin/sh
# open-ready.sh: time `rolo open FILE` (or VisiData on the same file) until
# the file is fully read.
#
#   docs/bench/open-ready.sh rolo ROLO FILE [--country PL]
#   docs/bench/open-ready.sh vd FILE
#
# Starts the command in a detached tmux session at 120x40 under
# /usr/bin/time, reads the screen every 50 ms and prints when the first
# table row showed (rolo: a line starting with the cursor ">"; VisiData:
# three lines holding an e-mail) and when the reading ended (rolo: the
# header no longer says "reading": the audit's counts and the sortable
# table come at that moment; VisiData: no "loading" and no percentage on
# its status line), then quits with the screen's own keys and prints
# /usr/bin/time's wall time, CPU and peak memory. Run it as root under
# `chrt -f 10` on a busy machine (the tmux server is started from it, so
# the command runs at real-time priority too); no other process may hold
# both cores at that priority or above, or the script never gets to read
# the screen.
set -eu
kind=$1
shift
case $kind in
rolo) cmd="$1 open $2 ${3:-} ${4:-}" quit=q ;;
vd) cmd="vd $1" quit="g q" ;;
*) echo "usage: $0 rolo ROLO FILE [--country CC] | vd FILE" >&2; exit 2 ;;
esac
sock=rolo-open-bench-$$
out=$(mktemp)
tmux -L "$sock" new-session -d -x 120 -y 40 "/usr/bin/time -f '%e s, %U s user, %M KB' -o $out $cmd"
start=$(date +%s.%N)
first= ready=
while [ -z "$ready" ]; do
	screen=$(tmux -L "$sock" capture-pane -p)
	now=$(date +%s.%N)
	if [ "$kind" = rolo ]; then
		row=$(printf '%s\n' "$screen" | tail -n +3 | grep -c '^>' || true)
		busy=$(printf '%s\n' "$screen" | head -1 | grep -c 'reading' || true)
	else
		row=$(printf '%s\n' "$screen" | grep -c '@' || true)
		[ "$row" -ge 3 ] && row=1 || row=0
		busy=$(printf '%s\n' "$screen" | grep -c 'loading' || true)
		printf '%s\n' "$screen" | tail -1 | grep -q '[0-9]%' && busy=1
	fi
	if [ -z "$first" ] && [ "$row" -gt 0 ]; then
		first=$(echo "$now - $start" | bc)
	fi
	if [ -n "$first" ] && [ "$busy" = 0 ]; then
		ready=$(echo "$now - $start" | bc)
	fi
	elapsed=$(echo "$now - $start > 180" | bc)
	[ "$elapsed" = 1 ] && { echo "gave up after 180 s" >&2; break; }
	sleep 0.05
done
# shellcheck disable=SC2086 # the keys are words
tmux -L "$sock" send-keys $quit
sleep 1
tmux -L "$sock" kill-server 2>/dev/null || true
echo "first row: ${first}s; read: ${ready}s; $kind: $(tail -1 "$out")"
rm -f "$out"
