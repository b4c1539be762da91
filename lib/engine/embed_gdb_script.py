#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Build step: wrap migsim_gdb.py as a C file that puts it in the
# .debug_gdb_scripts section (an inline-script entry: the byte 4, the
# script's name on the first line, the text, a NUL), so gdb can auto-load
# it from libmigsim itself and from programs linked statically with it.
import sys

src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
if "\0" in text:
    raise SystemExit("embed_gdb_script: %s contains a NUL byte" % src)
body = "migsim-gdb.py\n" + text
lines = ["/* Generated from lib/engine/migsim_gdb.py by embed_gdb_script.py. */",
         "__attribute__((section(\".debug_gdb_scripts\"), used, aligned(1)))",
         "static const char migsim_gdb_script[] =",
         "\t\"\\4\""]
for line in body.splitlines(keepends=True):
    esc = line.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
    lines.append("\t\"%s\"" % esc)
lines[-1] += ";"
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
