#!/bin/sh
# tui-ready.sh: time the interface on a store until it is fully usable.
#
#   docs/bench/tui-ready.sh ROLO STORE
#
# Starts `ROLO --db STORE` in a detached tmux session at 120x40 under
# /usr/bin/time, reads the screen every 50 ms and prints when the first
# table row showed (a line starting with the cursor ">") and when the
# header stopped saying "indexing" (sort, filter and search work), then
# quits with q and prints /usr/bin/time's wall time and peak memory.
# Run it as root under `chrt -f 20` on a busy machine (the tmux server is
# started from it, so rolo runs at real-time priority too).
set -eu
rolo=$1 db=$2
sock=rolo-bench-$$
out=$(mktemp)
tmux -L "$sock" new-session -d -x 120 -y 40 "/usr/bin/time -f '%e s %M KB' -o $out $rolo --db $db"
start=$(date +%s.%N)
first= ready=
while [ -z "$ready" ]; do
	screen=$(tmux -L "$sock" capture-pane -p)
	now=$(date +%s.%N)
	if [ -z "$first" ] && printf '%s\n' "$screen" | grep -q '^>'; then
		first=$(echo "$now - $start" | bc)
	fi
	if [ -n "$first" ] && ! printf '%s\n' "$screen" | head -3 | grep -q 'indexing'; then
		ready=$(echo "$now - $start" | bc)
	fi
	elapsed=$(echo "$now - $start > 120" | bc)
	[ "$elapsed" = 1 ] && { echo "gave up after 120 s" >&2; break; }
	sleep 0.05
done
tmux -L "$sock" send-keys q
sleep 1
tmux -L "$sock" kill-server 2>/dev/null || true
echo "first row: ${first}s; sort, filter and search: ${ready}s; rolo: $(cat "$out" | tail -1)"
rm -f "$out"
