#!/usr/bin/env bash
# How wall time and memory grow with the number of startups: the large synthetic scenario at
# several sizes (talent pool, market, funders and factory scaled together), ten simulated years.
# Prints startups, events, events/s, ns per event, peak RSS, bytes per startup, and the run-file
# size of a recorded run (quarterly snapshots).
# Usage: tools/bench_scale.sh [path/to/innosim]   (default build/tools/innosim)
set -euo pipefail
cd "$(dirname "$0")/.."
innosim=${1:-build/tools/innosim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# scale factor relative to scenarios/large.textproto (1.0 = ~100k+ startups)
scales=(0.01 0.1 1.0)
printf '%-8s %10s %12s %12s %12s %12s %12s %12s\n' scale startups events "M ev/s" "ns/event" "peak MiB" "B/startup" "file MiB"
for s in "${scales[@]}"; do
    sets=()
    while IFS= read -r line; do
        path=${line%%=*}
        value=${line#*=}
        case "$path" in
        talent.*|startups.initial_startups|market.*|funders*deals_per_year|funders*capital_per_year_rial|factory.capacity)
            scaled=$(python3 -c "import sys; v=float('$value')*$s; print(int(v) if v>=1 else 1)")
            sets+=(--set "$path=$scaled")
            ;;
        esac
    done < <(grep -o 'overrides: "[^"]*"' scenarios/large.textproto | sed 's/overrides: "//; s/"$//')
    /usr/bin/time -f '%M' -o "$tmp/rss" "$innosim" run scenarios/large.textproto "${sets[@]}" --out "$tmp/run.innorun" \
        --summary-json "$tmp/summary.json" > "$tmp/out.txt"
    python3 - "$s" "$tmp/summary.json" "$tmp/rss" "$tmp/run.innorun" <<'PY'
import json, os, sys
scale, summary, rss, run = sys.argv[1], json.load(open(sys.argv[2])), int(open(sys.argv[3]).read().split()[-1]), sys.argv[4]
k, e = summary["kpis"], summary["engine"]
founded = k["startups_founded"]
print(f'{scale:<8} {founded:>10} {e["events"]:>12} {e["events_per_second"]/1e6:>12.2f} '
      f'{1e9*e["wall_seconds"]/max(e["events"],1):>12.0f} {rss/1024:>12.1f} {rss*1024/max(founded,1):>12.0f} '
      f'{os.path.getsize(run)/2**20:>12.1f}')
PY
done
