#!/usr/bin/env bash
# Sweep benchmark: runs per minute of the Mashhad baseline with 1 and 2 threads (and their ratio),
# the wall time of a 1,000-run study on all cores, and peak memory for 100 and 1,000 runs (it must
# not grow with the number of runs). Runs once, about a minute on two cores: don't loop it on a
# shared machine.
#
# Usage: tools/bench_sweep.sh [BUILD_DIR]      (default: build; needs BUILD_DIR/tools/innosim)
set -euo pipefail

build=${1:-build}
innosim=$(realpath "$build/tools/innosim")
[[ -x $innosim ]] || { echo "bench_sweep: no $innosim (build the innosim target first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A study of the baseline: NAME, REPLICATIONS, then optional lever lines.
study() {
    local name=$1 replications=$2
    shift 2
    {
        echo "name: \"bench $name\""
        echo 'base: "mashhad_baseline"'
        echo "replications: $replications"
        printf '%s\n' "$@"
    } >"$work/$name.textproto"
}

# Runs a sweep and prints "wall_seconds peak_rss_kib cpu_seconds" (the sweep process and its threads).
measure() {
    local name=$1 threads=$2
    python3 - "$innosim" "$work/$name.textproto" "$work/out-$name-$threads" "$threads" <<'PY'
import resource, subprocess, sys, time
innosim, study, out, threads = sys.argv[1:]
start = time.perf_counter()
subprocess.run([innosim, "sweep", study, "--out", out, "--threads", threads, "-q"], check=True,
               stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.3f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.3f}")
PY
}

cores=$(nproc)
study throughput 120
study small 100
study thousand 250 'levers { path: "factory.capacity" values: [30, 60, 90, 120] }'

echo "innosim sweep benchmark: $($innosim --version), $cores cores, $(hostname)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall times)"
read -r t1 rss1 cpu1 < <(measure throughput 1)
read -r t2 rss2 cpu2 < <(measure throughput 2)
read -r ts rss_small cpus < <(measure small "$cores")
read -r tk rss_thousand cpuk < <(measure thousand "$cores")

python3 - "$t1" "$t2" "$ts" "$tk" "$rss_small" "$rss_thousand" "$cores" "$cpu1" "$cpu2" <<'PY'
import sys
t1, t2, ts, tk = map(float, sys.argv[1:5])
rss_small, rss_thousand, cores = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
cpu1, cpu2 = float(sys.argv[8]), float(sys.argv[9])
r1, r2 = 120 / t1 * 60, 120 / t2 * 60
print(f"baseline, 120 runs, 1 thread : {t1:6.2f} s  {r1:7.1f} runs/min")
print(f"baseline, 120 runs, 2 threads: {t2:6.2f} s  {r2:7.1f} runs/min  speed-up {r2 / r1:.2f}x (goal >= 1.8x)")
# CPU per run barely changing with threads means the speed-up is bounded by free cores, not by the sweep.
print(f"CPU per run: {cpu1 / 120 * 1000:.1f} ms with 1 thread, {cpu2 / 120 * 1000:.1f} ms with 2 threads "
      f"(ideal speed-up on 2 idle cores: {2 * cpu1 / cpu2:.2f}x)")
print(f"100-run study,   {cores} threads : {ts:6.2f} s  peak RSS {rss_small / 1024:6.1f} MiB")
print(f"1,000-run study, {cores} threads : {tk:6.2f} s  peak RSS {rss_thousand / 1024:6.1f} MiB  "
      f"(goal < 300 s; memory x{rss_thousand / max(1, rss_small):.2f} for 10x the runs)")
PY
