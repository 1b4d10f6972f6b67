#!/usr/bin/env python3
"""Regenerate the README's measured blocks from the binary that is built now.

Each block sits between two markers in README.md:

    <!-- innosim:begin NAME -->
    ...
    <!-- innosim:end NAME -->

and is replaced whole by what the commands print today:

    run-table       `innosim run` of the built-in baseline (the first screen a new user sees)
    run-speed       wall time of `innosim run` (20 futures) against `innosim run -r 1` (one
                    future), measured in the same invocation, best of N each
    compare-example `innosim compare scenarios/policies/pay_on_time.textproto --kpi ... `
    policy-table    every policy in scenarios/policies/ against the baseline, from
                    `innosim compare scenarios/policies/*.textproto --json`

Usage (from the repository root, after a Release build):

    tools/readme_tables.py                      # rewrite README.md in place
    tools/readme_tables.py --only run-speed     # one block
    tools/readme_tables.py --check              # exit 1 if a block's marker is missing

Standard library only. The numbers depend on the model: rerun this after the model changes.
"""

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Columns of the policy table: (KPI name, header, scale, decimals).
POLICY_COLUMNS = [
    ("jobs", "jobs", 1, 0),
    ("startups_failed", "failures", 1, 0),
    ("municipal_savings_rial", "savings (bn Rial)", 1e9, 0),
    ("new_revenue_rial", "new revenue (bn Rial)", 1e9, 0),
    ("priority_problems_solved", "priority solved", 1, 1),
    ("quality_of_life_index", "quality of life", 1, 1),
    ("import_dependency_index", "import dep.", 1, 3),
]
EXAMPLE_POLICY = "scenarios/policies/pay_on_time.textproto"
EXAMPLE_KPIS = ["jobs", "priority_problems_solved"]


def run(innosim, args, cwd):
    """The command's stdout; raises with its stderr if it fails."""
    done = subprocess.run([innosim, *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"innosim {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def number(value, decimals, sign=False):
    text = f"{abs(value):,.{decimals}f}"
    if text.strip("0.,") == "":
        return "0" if decimals == 0 else text
    prefix = "\u2212" if value < 0 else ("+" if sign else "")
    return prefix + text


def block_run_table(innosim, work):
    out = run(innosim, ["run"], work)
    return "```\n$ innosim run\n" + out.rstrip() + "\n```"


def block_run_speed(innosim, work, repeats):
    # Interleaved, so a change of the machine's load hits both alike.
    one, twenty = [], []
    load = os.getloadavg()[0]
    for _ in range(repeats):
        for args, times in ((["run", "-r", "1", "--out", "one.innorun"], one), (["run", "--out", "twenty.innorun"], twenty)):
            start = time.perf_counter()
            run(innosim, args, work)
            times.append(time.perf_counter() - start)
    cores = os.cpu_count()
    rows = [
        "| command (built-in baseline, 1401/01/01 to 1406/12/29, run file written) | best | median |",
        "| --- | --- | --- |",
        f"| `innosim run -r 1` (one future: the baseline of this measurement) | {min(one):.2f} s | {statistics.median(one):.2f} s |",
        f"| `innosim run` (20 futures, the default) | {min(twenty):.2f} s | {statistics.median(twenty):.2f} s |",
    ]
    ratio = min(twenty) / min(one)
    return "\n".join(rows) + (
        f"\n\nMeasured by `tools/readme_tables.py` ({repeats} runs of each, interleaved) on {cores} cores with a "
        f"load average of {load:.1f} at the start: 20 futures cost {ratio:.1f}\u00d7 one future; the goal is "
        f"under 2 s."
    )


def block_compare_example(innosim, work):
    args = ["compare", EXAMPLE_POLICY]
    for kpi in EXAMPLE_KPIS:
        args += ["--kpi", kpi]
    out = run(innosim, args, ROOT)
    lines = out.rstrip().split("\n")
    return "```\n$ innosim " + " ".join(args) + "\n" + "\n".join(lines) + "\n```"


def block_policy_table(innosim, work):
    policies = sorted(glob.glob(os.path.join("scenarios", "policies", "*.textproto"), root_dir=ROOT))
    data = json.loads(run(innosim, ["compare", *policies, "--json"], ROOT))
    arms = data["policies"]
    by_kpi = {k["kpi"]: k for k in data["kpis"]}
    columns = [c for c in POLICY_COLUMNS if c[0] in by_kpi]

    def cell(kpi, code):
        entry = next(p for p in by_kpi[kpi]["policies"] if p["code"] == code)
        return entry

    rows = []
    for arm in arms[1:]:
        cells = []
        for kpi, _, scale, decimals in columns:
            d = cell(kpi, arm["code"])["difference"]
            cells.append(number(d["mean"] / scale, decimals, sign=True) + ("*" if d["holds"] else ""))
        stem = os.path.splitext(os.path.basename(arm["source"]))[0]
        jobs = cell("jobs", arm["code"])["difference"]["mean"] if "jobs" in by_kpi else 0
        rows.append((-jobs, f"| `{stem}` \u2014 {arm['label']} | " + " | ".join(cells) + " |"))
    rows.sort(key=lambda r: r[0])
    reference = arms[0]
    means = ", ".join(
        f"{header} {number(cell(kpi, reference['code'])['mean'] / scale, decimals)}"
        for kpi, header, scale, decimals in columns
    )
    runs = reference["runs"]
    head = "| policy (scenarios/policies/) | " + " | ".join(c[1] for c in columns) + " |"
    rule = "| --- |" + " --- |" * len(columns)
    return (
        f"`innosim compare scenarios/policies/*.textproto --json`, regenerated by `tools/readme_tables.py`: "
        f"differences from the {reference['label']} at the horizon, the mean over {runs} futures paired by "
        f"replication (common random numbers); `*` marks a difference that holds after the "
        f"{data['adjustment']['method']} adjustment over all {data['adjustment']['tests']} (policy, KPI) "
        f"differences of the comparison (family-wise 5%). Reference means: {means}.\n\n"
        + head + "\n" + rule + "\n" + "\n".join(r[1] for r in rows)
    )


BLOCKS = {
    "run-table": block_run_table,
    "run-speed": block_run_speed,
    "compare-example": block_compare_example,
    "policy-table": block_policy_table,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--innosim", default=os.path.join(ROOT, "build", "tools", "innosim"))
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    parser.add_argument("--only", action="append", choices=sorted(BLOCKS), help="regenerate only these blocks")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each command for run-speed")
    parser.add_argument("--check", action="store_true", help="only check that every block's markers exist")
    args = parser.parse_args()

    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    names = args.only or list(BLOCKS)
    for name in names:
        if f"<!-- innosim:begin {name} -->" not in text or f"<!-- innosim:end {name} -->" not in text:
            raise SystemExit(f"{args.readme}: no <!-- innosim:begin {name} --> ... <!-- innosim:end {name} --> block")
    if args.check:
        return
    innosim = os.path.abspath(args.innosim)
    if not os.access(innosim, os.X_OK):
        raise SystemExit(f"{innosim}: not built (cmake --build build --target innosim)")
    work = tempfile.mkdtemp(prefix="readme_tables.")
    try:
        for name in names:
            body = BLOCKS[name](innosim, work, args.repeats) if name == "run-speed" else BLOCKS[name](innosim, work)
            pattern = re.compile(
                rf"(<!-- innosim:begin {re.escape(name)} -->\n).*?(<!-- innosim:end {re.escape(name)} -->)", re.S
            )
            text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
            print(f"{name}: regenerated", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(args.readme + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(args.readme + ".tmp", args.readme)


if __name__ == "__main__":
    main()
