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
expect '= page pfn 0x40000 node 0 refcount [0-9]+ type hugetlb order 9 flags 0x[0-9a-f]+\(.*head.*\) on hugepages-2048kB' \
	'the struct page printer'
if [ "$fail" -ne 0 ]; then
	printf '%s\n' "$out" >&2
	exit 1
fi

out=$(gdb -nx -q -batch \
	-iex "add-auto-load-safe-path $libdir" \
	-ex start -ex 'break sim_raise' -ex 'break try_split_folio' -ex continue \
	-ex finish -ex 'migsim folios from --max 2' -ex 'print folio2' -ex 'print *from' \
	-ex 'migsim lists' -ex 'migsim pfn 0x40000' -ex continue \
	-ex 'frame function migrate_misplaced_folio' -ex 'migsim folios &migratepages --max 1' \
	-ex 'migsim check' \
	--args "$migsim" run deferred-split-early-exit --kernel 6.9+deferred-split-v5 2>&1) || true
expect '^  \[0\] pfn 0x401ff node 0 refcount 1 mapcount 1 flags .* on a private list' \
	'migsim folios: the first piece the split appended to @from'
expect '^  \.\.\. 510 more' 'migsim folios: the count of the rest'
expect '^512 entries$' 'migsim folios: the list holds the 512 pieces'
expect '^\$[0-9]+ = list_head next 0x[0-9a-f]+ prev 0x[0-9a-f]+ \(512 entries from here\)' \
	'the list_head printer counts the entries'
expect '^node 0 free_area\[9\] +1$' 'migsim lists: a free list with its length'
expect '^pfn 0x40000 node 0 refcount [0-9]+ mapcount [0-9]+ flags .*' 'migsim pfn: the old head'
expect 'BUG_ON\(!list_empty\(&migratepages\)\)' 'stopped at the BUG_ON in migrate_misplaced_folio'
expect '^[0-9]+ list\(s\) checked, 0 problem\(s\)$' 'migsim check: the lists are consistent'
if [ "$fail" -ne 0 ]; then
	printf '%s\n' "$out" >&2
	exit 1
fi
echo "gdb: break-at, actors, bt, schedule, the printers, folios, lists, pfn and check work"
