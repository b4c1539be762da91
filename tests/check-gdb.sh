#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-gdb.sh MIGSIM LIBDIR
#
# The debugging path of docs/gdb.md, as a user takes it: replay seed 003's
# shrunk schedule under gdb with --break-at, let the library's embedded gdb
# script auto-load (LIBDIR on the safe path), and check that gdb stopped in
# the right actor at the right point, that `migsim actors`, `migsim bt` of
# the switched-out actor, `migsim schedule` and the page printer work.
#
# Exit status: 0 pass, 1 fail, 77 (meson's skip) when gdb is missing or
# cannot trace here, 99 for bad usage.
set -eu

if [ "$#" -ne 2 ]; then
	echo "usage: $0 MIGSIM LIBDIR" >&2
	exit 99
fi
migsim=$1
libdir=$2
if ! command -v gdb >/dev/null 2>&1; then
	echo "$0: gdb not found, skipping" >&2
	exit 77
fi

out=$(gdb -nx -q -batch \
	-iex "add-auto-load-safe-path $libdir" \
	-ex run -ex bt -ex 'migsim actors' -ex 'migsim bt A' -ex 'bt 1' \
	-ex 'migsim schedule' -ex 'print sim_world->vmemmap[0x40000]' \
	--args "$migsim" replay hugetlb-migratable-race --kernel 5.11 \
	--schedule 'v1;A@page_huge_active:page1#1>B' --break-at 8 2>&1) || true

if printf '%s\n' "$out" | grep -q 'ptrace: Operation not permitted'; then
	echo "$0: cannot ptrace here, skipping" >&2
	exit 77
fi

fail=0
expect() {
	if ! printf '%s\n' "$out" | grep -qE -- "$1"; then
		echo "missing: $2" >&2
		fail=1
	fi
}
expect 'received signal SIGTRAP' 'gdb stopped at the --break-at step'
expect 'in sched_break .*point=.*"unlock:spin"' 'the stop is in the actor at its step'
expect '^A offline +pid 101 +cpu 1 +runnable' 'migsim actors: A switched out'
expect '^B free\+dissolve +pid 100 +cpu 0 +running +\(1 spinlock' \
	'migsim actors: B running under a spinlock'
# Frame numbers and inlining differ between builds (debugoptimized, ASan).
expect '^#[0-9]+ +(0x[0-9a-f]+ in )?page_huge_active \(' \
	'migsim bt A: the switched-out actor in page_huge_active'
expect '^#[0-9]+ +(0x[0-9a-f]+ in )?scan_movable_pages \(' \
	'migsim bt A: called from scan_movable_pages'
expect '^#0 +__pthread_kill_implementation.*\n?' 'frame 0 is back after migsim bt'
expect '^step 8, 8 decision\(s\), 1 preemption\(s\), 0 fault' 'migsim schedule: the counts'
expect '^  step +3  A@page_huge_active:page1#1 -> B$' \
	'migsim schedule: the decision from the schedule string, at its step'
expect '= page pfn 0x40000 refcount [0-9]+ type hugetlb flags 0x[0-9a-f]+\(.*head' \
	'the struct page printer'
if [ "$fail" -ne 0 ]; then
	printf '%s\n' "$out" >&2
	exit 1
fi
echo "gdb: break-at, actors, bt, schedule and the page printer work"
