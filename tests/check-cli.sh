#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-cli.sh MIGSIM SRCDIR
#
# The command as a user meets it, where an exit status or an output format
# is the promise: a malformed scenario file exits 2 with FILE:LINE:COLUMN,
# `explore -j 2` finds the same failure as `-j 1` (built-in and file),
# `trace` prints ftrace text and valid Chrome JSON, `--dot --at` takes its
# picture, `topology` prints a preset and refuses bad input with exit 2,
# `bench --json` gives every figure and refuses a bad argument with exit 2.
#
# Exit status: 0 pass, 1 fail, 99 bad usage.
set -u

if [ "$#" -ne 2 ]; then
	echo "usage: $0 MIGSIM SRCDIR" >&2
	exit 99
fi
migsim=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

check() {	# DESCRIPTION, then the test as the remaining words
	what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what" >&2
		fail=1
	fi
}

# A malformed file: exit 2, the message names file, line, column and key.
"$migsim" test "$src/tests/scenarios/bad/misspelt-key.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "malformed file exits 2" [ "$rc" -eq 2 ]
check "malformed file names FILE:LINE:COLUMN and the key" \
	grep -q "misspelt-key.yaml:8:1: error: scenario: unknown key 'mapings'; did you mean 'mappings'?" "$tmp/err"
check "malformed file runs nothing" [ ! -s "$tmp/out" ]

# test: a FAIL in one file does not stop the next file from being tested.
sed 's/pgmigrate_success: 16/pgmigrate_success: 15/' "$src/tests/scenarios/migrate-range.yaml" \
	>"$tmp/wrong.yaml"
"$migsim" test "$tmp/wrong.yaml" "$src/tests/scenarios/migrate-range.yaml" >"$tmp/out" 2>&1
rc=$?
check "test exits 1 when an expectation fails" [ "$rc" -eq 1 ]
check "test goes on to the next file after a FAIL" grep -q '^PASS migrate-range' "$tmp/out"
check "test reports the FAIL" grep -q '^FAIL migrate-range' "$tmp/out"

# An output that cannot be written is refused before anything runs, and a
# run that fails leaves an existing picture as it was.
echo old >"$tmp/keep.dot"
"$migsim" run deferred-split-early-exit --kernel 9.9 --dot "$tmp/keep.dot" >/dev/null 2>&1
check "a failed run leaves the --dot file alone" grep -qx old "$tmp/keep.dot"
"$migsim" run deferred-split-early-exit --trace /nonexistent/dir/t >"$tmp/out" 2>&1
rc=$?
check "an unwritable --trace path exits 2" [ "$rc" -eq 2 ]
check "an unwritable --trace path runs nothing" sh -c "! grep -q vmstat '$tmp/out'"

# A schedule string that does not parse: exit 2 before any story.
"$migsim" replay hugetlb-migratable-race --schedule 'v1;zzz' >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a bad --schedule exits 2" [ "$rc" -eq 2 ]
check "a bad --schedule runs nothing" [ ! -s "$tmp/out" ]
check "a bad --schedule says why" grep -q "is not ACTOR@POINT#N>ACTOR" "$tmp/err"

# explore -j 2 reports the failure -j 1 does.
first_failure() {	# SCENARIO JOBS: "runs run shrunk" of the JSON line
	"$migsim" explore "$1" --kernel 5.12 --strategy pct --runs 3000 -j "$2" --json --quiet |
		sed -n 's/.*"runs": \([0-9]*\),.*"run": \([0-9]*\),.*"shrunk": "\([^"]*\)".*/\1 \2 \3/p'
}
for s in migration-wait-tail-livelock "$src/examples/scenarios/migration-wait-tail-livelock.yaml"; do
	one=$(first_failure "$s" 1)
	two=$(first_failure "$s" 2)
	check "explore -j 1 finds the failure in $(basename "$s")" [ -n "$one" ]
	check "explore -j 2 = -j 1 for $(basename "$s") ($one)" [ "$one" = "$two" ]
done

# trace: ftrace text, and Chrome JSON that parses with the threads named.
"$migsim" trace deferred-split-early-exit --kernel 6.12 >"$tmp/trace" 2>/dev/null
check "trace prints the ftrace header" grep -q '^# tracer: nop' "$tmp/trace"
check "trace prints migrate tracepoints" grep -q 'mm_migrate_pages:' "$tmp/trace"
"$migsim" trace hugetlb-migratable-race --kernel 5.11 --schedule 'v1;A@page_huge_active:page1#1>B' \
	--chrome -o "$tmp/chrome.json" 2>/dev/null
if command -v python3 >/dev/null 2>&1; then
	check "trace --chrome is JSON with the actors as threads" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = [e["args"]["name"] for e in d["traceEvents"] if e.get("name") == "thread_name"]
sys.exit(0 if any("actor A" in n for n in names) and any("actor B" in n for n in names) else 1)
' "$tmp/chrome.json"
fi

# --dot --at: the picture at the moment the split fed the list being walked.
"$migsim" run deferred-split-early-exit --kernel 6.9+deferred-split-v5 \
	--dot "$tmp/at.dot" --at point:migrate:a1-split >/dev/null 2>&1
check "--dot --at writes a graph" grep -q '^digraph migsim' "$tmp/at.dot"
check "--dot --at draws the list being walked" grep -q 'from' "$tmp/at.dot"

# topology: a preset, and a bad import refused with exit 2.
check "topology --preset dram-cxl" sh -c "'$migsim' topology --preset dram-cxl | grep -q 'tier 1'"
printf 'available: 1 nodes (0)\nnode 0 cpus: 0\nnode 0 size: lots MB\n' >"$tmp/bad.numactl"
"$migsim" topology --from "numactl:$tmp/bad.numactl" >/dev/null 2>"$tmp/err"
rc=$?
check "topology refuses a bad numactl file with exit 2" [ "$rc" -eq 2 ]
check "topology names the file and line" grep -q "bad.numactl:3" "$tmp/err"

# bench: the JSON a user records figures from (the format and the counts,
# not the timings, which depend on the machine), and a bad argument.
"$migsim" bench --quick --json >"$tmp/bench.json" 2>"$tmp/err"
rc=$?
check "bench --quick --json runs" [ "$rc" -eq 0 ]
if command -v python3 >/dev/null 2>&1; then
	check "bench --json has every figure, each median within its rounds' range" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("memcpy_4k_ns", "bytes_per_page", "sched_step_ns", "schedules_per_sec"):
    assert d[k] > 0, k
for x in ("migrate_order0", "migrate_thp"):
    lo, hi = d[x + "_range_ns"]
    assert 0 < lo <= d[x + "_ns"] <= hi, x
    assert d[x + "_first_ns"] > 0, x
assert d["order0_folios"] == 262144 and d["thp_folios"] == 512
assert isinstance(d["within_budget"], bool) and d["budgets"]["migrate_thp_ns"] == 500
' "$tmp/bench.json"
fi
"$migsim" bench --fast >/dev/null 2>"$tmp/err"
rc=$?
check "bench refuses an unknown argument with exit 2" [ "$rc" -eq 2 ]
check "bench names the argument" grep -q "unknown argument '--fast'" "$tmp/err"

exit "$fail"
