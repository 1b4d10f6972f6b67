#!/usr/bin/env bash
# How wall time and memory grow with the number of startups: the large synthetic scenario at
# several sizes (talent pool, market, funders and factory scaled together), ten simulated years.
# Prints startups, events, events/s, ns per event, peak RSS and bytes per startup of the model alone
# (no recording), then the wall time, peak RSS and run-file size of the same run recorded
# (quarterly snapshots of every startup).
# Usage: tools/bench_scale.sh [path/to/innosim]   (default build/tools/innosim)
set -euo pipefail
cd "$(dirname "$0")/.."
innosim=${1:-build/tools/innosim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# scale factor relative to scenarios/large.textproto (1.0 = ~100k+ startups)
scales=(0.01 0.1 1.0)
printf '%-6s %9s %10s %7s %9s %9s %10s | %10s %10s %9s\n' scale startups events "M ev/s" "ns/event" "peak MiB" "B/startup" "rec. wall" "rec. MiB" "file MiB"
for s in "${scales[@]}"; do
    sets=()
    while IFS= read -r line; do
        path=${line%%=*}
        value=${line#*=}
        case "$path" in
        talent.*|market.*|funders*reviews_per_month|funders*capital_per_year_rial|factory.capacity)
            scaled=$(python3 -c "import sys; v=float('$value')*$s; print(int(v) if v>=1 else 1)")
            sets+=(--set "$path=$scaled")
            ;;
        esac
    done < <(grep -o 'overrides: "[^"]*"' scenarios/large.textproto | sed 's/overrides: "//; s/"$//')
    /usr/bin/time -f '%M' -o "$tmp/rss" "$innosim" run scenarios/large.textproto "${sets[@]}" --no-record \
        --summary-json "$tmp/summary.json" > "$tmp/out.txt"
    /usr/bin/time -f '%M %e' -o "$tmp/rss_rec" "$innosim" run scenarios/large.textproto "${sets[@]}" \
        --out "$tmp/run.innorun" > "$tmp/out_rec.txt"
    python3 - "$s" "$tmp/summary.json" "$tmp/rss" "$tmp/rss_rec" "$tmp/run.innorun" <<'PY'
import json, os, sys
scale, summary = sys.argv[1], json.load(open(sys.argv[2]))
rss = int(open(sys.argv[3]).read().split()[-1])
rec_rss, rec_wall = open(sys.argv[4]).read().split()[-2:]
k, e = summary["kpis"], summary["engine"]
founded = k["startups_founded"]
print(f'{scale:<6} {founded:>9} {e["events"]:>10} {e["events_per_second"]/1e6:>7.2f} '
      f'{1e9*e["wall_seconds"]/max(e["events"],1):>9.0f} {rss/1024:>9.1f} {rss*1024/max(founded,1):>10.0f} | '
      f'{float(rec_wall):>9.1f}s {int(rec_rss)/1024:>10.1f} {os.path.getsize(sys.argv[5])/2**20:>9.1f}')
PY
done
