#!/usr/bin/env bash
# PHOLD (/work/shared/bench/PHOLD.md): innosim's scheduler against a plain std::priority_queue loop,
# both in the same process, at 16k and at 1M pending events. Builds nothing.
#
#   tools/bench_phold.sh [INNOSIM] [--repeat R] [--callgrind]
#
#   INNOSIM      the innosim binary (default: build/tools/innosim)
#   --repeat R   runs per size; the best events/s of each queue is kept (default 3): on a shared
#                machine the best run is the one least disturbed by others
#   --callgrind  also count instructions per committed event of each event loop at 16k pending
#                (valgrind --tool=callgrind, a short run: under a minute)
set -euo pipefail

innosim=build/tools/innosim
repeat=3
callgrind=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --repeat)
        repeat="$2"
        shift 2
        ;;
    --callgrind)
        callgrind=1
        shift
        ;;
    -h | --help)
        sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "bench_phold.sh: unknown option $1" >&2
        exit 2
        ;;
    *)
        innosim="$1"
        shift
        ;;
    esac
done
if [[ ! -x "$innosim" ]]; then
    echo "bench_phold.sh: no innosim binary at '$innosim' (build it first, or pass its path)" >&2
    exit 2
fi
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench_phold.sh: --repeat needs a positive integer" >&2
    exit 2
fi

# field NAME LINE: the value of NAME=value in LINE
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b) ? a : b }'; }
millions() { awk -v x="$1" 'BEGIN { printf "%.2f M/s", x / 1e6 }'; }

# run_size LABEL ARGS...: best-of-R events/s of each queue, printed as one table row
run_size() {
    local label="$1"
    shift
    local best_std=0 best_ours=0 cpu_ratio="" committed="" pending="" rss=""
    for ((i = 0; i < repeat; i++)); do
        local out
        out=$("$innosim" bench phold --queue both "$@")
        local lines
        mapfile -t lines < <(grep '^committed=' <<<"$out")
        best_std=$(max "$best_std" "$(field events_per_s "${lines[0]}")")
        best_ours=$(max "$best_ours" "$(field events_per_s "${lines[1]}")")
        committed=$(field committed "${lines[1]}")
        pending=$(field pending "$(grep 'queue=ours' <<<"$out")")
        rss=$(field peak_rss_kb "$(grep 'queue=ours' <<<"$out")")
        cpu_ratio="$cpu_ratio $(field cpu_ratio "$(grep 'cpu_ratio=' <<<"$out")")"
    done
    local ratio
    ratio=$(awk -v o="$best_ours" -v s="$best_std" 'BEGIN { printf "%.2f", o / s }')
    printf "%-6s %9s %10s %13s %13s %7s   %-16s %s\n" "$label" "$pending" "$committed" "$(millions "$best_std")" \
        "$(millions "$best_ours")" "$ratio" "$cpu_ratio" "$rss"
}

echo "PHOLD, best of $repeat run(s) per size; ratio = ours/std events per second (wall), cpu ratios per run"
printf "%-6s %9s %10s %13s %13s %7s   %-16s %s\n" size pending committed std ours ratio "cpu ratios" peak_rss_kb
run_size 16k --lps 1024 --events-per-lp 16 --end 20
run_size 1M --lps 16384 --events-per-lp 64 --end 3

if [[ "$callgrind" -eq 1 ]]; then
    if ! command -v valgrind >/dev/null; then
        echo "bench_phold.sh: --callgrind needs valgrind" >&2
        exit 2
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    echo
    echo "callgrind: instructions per committed event of the event loop (set-up excluded), N=1024 E=16 T=5"
    for queue in std ours; do
        # Only the event loop is counted: Scheduler::run_until for ours, phold_std_event_loop for std.
        out=$(valgrind --tool=callgrind --callgrind-out-file="$tmp/$queue.out" \
            --toggle-collect='*Scheduler::run_until*' --toggle-collect='*phold_std_event_loop*' \
            "$innosim" bench phold --queue "$queue" --lps 1024 --events-per-lp 16 --end 5 2>/dev/null)
        committed=$(field committed "$(grep '^committed=' <<<"$out")")
        instructions=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/$queue.out")
        awk -v q="$queue" -v i="$instructions" -v c="$committed" \
            'BEGIN { printf "  %-4s %12d instructions / %d events = %.0f per event\n", q, i, c, i / c }'
    done
fi
