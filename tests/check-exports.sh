#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-exports.sh LIBRARY
#
# Fails when the shared library LIBRARY defines a dynamic symbol whose name
# does not start with migsim_, and prints the offenders.  libmigsim is built
# with hidden visibility and exports only what MIGSIM_API marks; the model
# inside speaks the kernel's vocabulary (migrate_pages, move_pages, ...), and
# none of those names may leak, least of all the ones libnuma also exports.
#
# Exit status: 0 clean, 1 offenders found, 77 (meson's skip) when nm is
# missing, 99 (meson's hard error) for bad usage or an unreadable library.
# NM may name another nm (e.g. llvm-nm).
set -eu

if [ "$#" -ne 1 ]; then
	echo "usage: $0 LIBRARY" >&2
	exit 99
fi
lib=$1
nm=${NM:-nm}

if ! command -v "$nm" >/dev/null 2>&1; then
	echo "$0: $nm not found, skipping" >&2
	exit 77
fi
if [ ! -r "$lib" ]; then
	echo "$0: cannot read $lib" >&2
	exit 99
fi

# Run nm on its own first, so that its failure is not hidden by a pipeline.
if ! syms=$("$nm" -D --defined-only "$lib"); then
	echo "$0: $nm -D --defined-only $lib failed" >&2
	exit 99
fi

# nm prints "VALUE TYPE NAME" (VALUE may be blank).  Defined, exported
# symbols have these types: T text, D data, B bss, R read-only data,
# W/V weak, i indirect function; u (GNU unique) and G/S (small data) are
# listed too so that nothing global slips past on other targets.
#
# Under -fsanitize=address, gcc adds an ODR indicator "__odr_asan.NAME" for
# each exported variable NAME; it is ours when NAME is.
bad=$(printf '%s\n' "$syms" | awk '
	NF >= 2 {
		type = $(NF - 1); name = $NF
		if (type !~ /^[TDBRWViuGS]$/)
			next
		sub(/@.*/, "", name)		# symbol version, if any
		if (name ~ /^migsim_/ || name ~ /^__odr_asan\.migsim_/)
			next
		print type, name
	}')

total=$(printf '%s\n' "$syms" | awk 'NF >= 2 && $(NF - 1) ~ /^[TDBRWViuGS]$/' | wc -l)

if [ -n "$bad" ]; then
	echo "$lib exports symbols without the migsim_ prefix:"
	printf '%s\n' "$bad" | sed 's/^/  /'
	exit 1
fi

if [ "$total" -eq 0 ]; then
	echo "$lib exports no symbols at all: is MIGSIM_API applied?" >&2
	exit 1
fi

echo "$lib: all $total exported symbols start with migsim_"
