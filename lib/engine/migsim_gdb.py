# SPDX-License-Identifier: MIT
# gdb support for libmigsim (docs/gdb.md).  Embedded in the library's
# .debug_gdb_scripts section, so gdb loads it with the library once the
# library's directory is on gdb's auto-load safe path; or load it by hand:
#     (gdb) source lib/engine/migsim_gdb.py
#
# Actors are coroutines on stacks of their own, not threads: `info threads`
# shows one thread.  These commands show the rest:
#     migsim actors          every actor: letter, name, task, CPU, state
#     migsim bt [LETTER]     the backtrace of an actor (all when omitted),
#                            switched out or running, and of the main context
#     migsim schedule        the decisions taken so far, and the step
#     migsim world           kernel profile, step, points armed, report
#     migsim page EXPR       a struct page or folio, as dump_page() words it
# and struct page / struct folio print through a pretty-printer
# (`print/r` shows the raw fields).
#
# A switched-out actor's stack holds what the x86-64 context switch in
# lib/engine/coro.c pushed: r15, r14, r13, r12, rbx, rbp, then the return
# address.  `migsim bt` loads those into the registers of frame 0, runs
# `bt`, and puts the registers back: it needs a live process (not a core).

import gdb
import gdb.printing

ACTOR_STATES = {0: "runnable", 1: "blocked", 2: "done"}
SAVED = ("r15", "r14", "r13", "r12", "rbx", "rbp")


def world():
    w = gdb.parse_and_eval("sim_world")
    if int(w) == 0:
        raise gdb.GdbError("no simulated world on this thread (sim_world is NULL)")
    return w


def sched():
    s = world()["sched"]
    if int(s) == 0:
        raise gdb.GdbError("this world has no actors")
    return s


def letter(i):
    return chr(ord("A") + i) if i >= 0 else "main"


def cstr(v):
    try:
        return v.string() if int(v) else ""
    except gdb.error:
        return "?"


def actor_line(s, i):
    a = s["actors"][i]
    state = ACTOR_STATES.get(int(a["state"]), str(int(a["state"])))
    if int(s["cur"]) == i:
        state = "running"
    elif not bool(a["started"]):
        state = "not started"
    task = a["task"]
    line = "%s %-14s pid %-5d cpu %d  %s" % (
        letter(i), a["name"].string(), int(task["pid"]), int(a["cpu"]), state)
    if int(a["state"]) == 1:
        line += " on %s" % cstr(a["wait_what"])
    if int(a["spin_depth"]):
        line += "  (%d spinlock(s) held)" % int(a["spin_depth"])
    return line


class MigsimPrefix(gdb.Command):
    """libmigsim: actors, schedules and simulated memory.
Subcommands: actors, bt, schedule, world, page."""

    def __init__(self):
        super().__init__("migsim", gdb.COMMAND_USER, gdb.COMPLETE_COMMAND, True)


class MigsimActors(gdb.Command):
    """List the actors: letter (as in schedules), name, task, CPU and state."""

    def __init__(self):
        super().__init__("migsim actors", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        s = sched()
        for i in range(int(s["nr_actors"])):
            gdb.write(actor_line(s, i) + "\n")


class MigsimBt(gdb.Command):
    """Backtrace of an actor: migsim bt [LETTER|main] [bt options].
Without a letter, every actor in turn, then the main context."""

    def __init__(self):
        super().__init__("migsim bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        s = sched()
        n = int(s["nr_actors"])
        if argv and argv[0] == "main":
            who, rest = [-1], argv[1:]
        elif argv and len(argv[0]) == 1 and argv[0].isalpha():
            i = ord(argv[0].upper()) - ord("A")
            if i >= n:
                raise gdb.GdbError("no actor %s: there are %d" % (argv[0], n))
            who, rest = [i], argv[1:]
        else:
            who, rest = list(range(n)) + [-1], argv
        for i in who:
            if i >= 0:
                gdb.write(actor_line(s, i) + "\n")
            else:
                gdb.write("main context (the scheduler)\n")
            self.backtrace(s, i, " ".join(rest))
            gdb.write("\n")

    def backtrace(self, s, i, opts):
        if int(s["cur"]) == i:
            gdb.execute("bt " + opts)
            return
        if i >= 0:
            a = s["actors"][i]
            if not bool(a["started"]):
                gdb.write("  (not started: no stack yet)\n")
                return
            if int(a["state"]) == 2:
                gdb.write("  (done: its stack is gone)\n")
                return
            coro = a["coro"]
        else:
            coro = s["main"]
        arch = gdb.selected_inferior().architecture().name()
        if "x86-64" not in arch:
            gdb.write("  (saved contexts are read on x86-64 only; this is %s)\n" % arch)
            return
        sp = int(coro["sp"])
        if not sp:
            gdb.write("  (no saved context)\n")
            return
        ulong = gdb.lookup_type("unsigned long").pointer()
        words = [int(gdb.Value(sp + 8 * k).cast(ulong).dereference()) for k in range(7)]
        frame = gdb.selected_frame()
        gdb.newest_frame().select()
        regs = ("rsp", "rip") + SAVED
        old = {r: int(gdb.parse_and_eval("$" + r)) for r in regs}
        new = dict(zip(SAVED, words[:6]))
        new["rip"] = words[6]
        new["rsp"] = sp + 56
        try:
            for r in regs:
                gdb.execute("set $%s = %d" % (r, new[r]), to_string=True)
            gdb.execute("bt " + opts)
        except gdb.error as e:
            gdb.write("  (cannot load the saved registers: %s)\n" % e)
        finally:
            for r in regs:
                gdb.execute("set $%s = %d" % (r, old[r]), to_string=True)
            try:
                frame.select()
            except gdb.error:
                pass


class MigsimSchedule(gdb.Command):
    """The schedule so far: the decisions a schedule string records (those
that differ from the default, and injected faults), by step as --break-at
and the trace's sched_decision events number them."""

    def __init__(self):
        super().__init__("migsim schedule", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        s = sched()
        gdb.write("step %d, %d decision(s), %d preemption(s), %d fault(s)\n" % (
            int(s["steps"]), int(s["nr_decisions"]), int(s["preemptions"]),
            int(s["nr_faults"])))
        for k in range(int(s["nr_log"])):
            d = s["log"][k]
            point = s["point_name"][int(d["point"])].string()
            chosen = int(d["chosen"])
            what = "fault injected" if chosen < 0 else "-> %s" % letter(chosen)
            gdb.write("  step %3d  %s@%s#%d %s\n" % (
                int(d["step"]), letter(int(d["actor"])), point, int(d["count"]), what))


PAGE_TYPES = {0xf0: "buddy", 0xf1: "offline", 0xf4: "hugetlb"}


def flag_names(flags):
    """Set PG_* bits by name; the enum's aliases share a value, keep the first."""
    try:
        fields = gdb.lookup_type("enum pageflags").fields()
    except gdb.error:
        return []
    seen, names = set(), []
    for f in fields:
        if not f.name.startswith("PG_") or f.enumval >= 64 or f.enumval in seen:
            continue
        seen.add(f.enumval)
        if flags >> f.enumval & 1:
            names.append(f.name[3:])
    return names


def page_words(page):
    w = world()
    vmemmap = int(w["vmemmap"])
    addr = int(page.address) if page.address is not None else int(page)
    pfn = (addr - vmemmap) // 64
    flags = int(page["flags"])
    page_type = int(page["page_type"])
    text = "pfn %#x refcount %d " % (pfn, int(page["_refcount"]))
    if page_type >> 24 >= 0xf0:
        text += "type %s " % PAGE_TYPES.get(page_type >> 24, "%#x" % (page_type >> 24))
    else:
        text += "mapcount %d " % (int(page["_mapcount"]) + 1)
    text += "flags %#x(%s)" % (flags, ",".join(flag_names(flags)))
    head = int(page["compound_head"])
    if head & 1:
        text += " tail of pfn %#x" % (((head & ~1) - vmemmap) // 64)
    return text


class PagePrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return "page " + page_words(self.val)
        except (gdb.error, gdb.GdbError):
            return None


class FolioPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            page = self.val.address.cast(gdb.lookup_type("struct page").pointer())
            return "folio " + page_words(page.dereference())
        except (gdb.error, gdb.GdbError, AttributeError):
            return None


class MigsimPage(gdb.Command):
    """Describe a struct page or struct folio: migsim page EXPR."""

    def __init__(self):
        super().__init__("migsim page", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if not arg:
            raise gdb.GdbError("usage: migsim page EXPR (a struct page * or struct folio *)")
        v = gdb.parse_and_eval(arg)
        if v.type.code == gdb.TYPE_CODE_PTR:
            v = v.cast(gdb.lookup_type("struct page").pointer()).dereference()
        gdb.write(page_words(v) + "\n")


class MigsimWorld(gdb.Command):
    """The simulated world: kernel profile, actors, step and report."""

    def __init__(self):
        super().__init__("migsim world", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        w = world()
        gdb.write("kernel %s\n" % w["profile"]["name"].string())
        gdb.write("crashed: %s\n" % ("yes" if bool(w["crashed"]) else "no"))
        s = w["sched"]
        if int(s):
            gdb.write("step %d, running %s\n" % (int(s["steps"]), letter(int(s["cur"]))))
            for i in range(int(s["nr_actors"])):
                gdb.write("  " + actor_line(s, i) + "\n")


def build_printers():
    pp = gdb.printing.RegexpCollectionPrettyPrinter("migsim")
    pp.add_printer("page", "^page$", PagePrinter)
    pp.add_printer("folio", "^folio$", FolioPrinter)
    return pp


MigsimPrefix()
MigsimActors()
MigsimBt()
MigsimSchedule()
MigsimPage()
MigsimWorld()
gdb.printing.register_pretty_printer(gdb.current_objfile(), build_printers(), replace=True)
