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
#     migsim pfn PFN         the same, for the page at a simulated pfn
#     migsim folios EXPR [MEMBER] [--max N]
#                            walk a list_head of folios (MEMBER: lru, the
#                            default, _deferred_list or buddy_list)
#     migsim lists           every node's LRU, free and deferred-split lists
#                            and the hugetlb lists, with their lengths
#     migsim check           the list checks, read-only: every known list is
#                            walked and its links and length are checked
# and struct page, struct folio and struct list_head print through
# pretty-printers (`print/r` shows the raw fields).
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


LRU_NAMES = ("inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable")
WALK_LIMIT = 1 << 20


def page_struct_size():
    """sizeof(struct page) in the inferior (migsim's is not the kernel's 64)."""
    return gdb.lookup_type("struct page").sizeof


def vmemmap_range():
    w = world()
    start = int(w["vmemmap"])
    return start, start + int(w["max_pfn"]) * page_struct_size()


def known_lists():
    """(address of the list_head, name) for every list the world owns."""
    w = world()
    heads = []
    for nid in range(int(w["nr_nodes"])):
        pgdat = w["node_data"][nid]
        if int(pgdat) == 0:
            continue
        for i, name in enumerate(LRU_NAMES):
            heads.append((int(pgdat["__lruvec"]["lists"][i].address),
                          "node %d lru %s" % (nid, name)))
        fa = pgdat["free_area"]
        for o in range(fa.type.range()[1] + 1):
            heads.append((int(fa[o]["free_list"].address), "node %d free_area[%d]" % (nid, o)))
        heads.append((int(pgdat["deferred_split_queue"]["split_queue"].address),
                      "node %d deferred_split_queue" % nid))
    for k in range(int(w["nr_hstates"])):
        h = w["hstates"][k]
        hname = h["name"].string()
        heads.append((int(h["hugepage_activelist"].address), "%s activelist" % hname))
        for nid in range(int(w["nr_nodes"])):
            heads.append((int(h["hugepage_freelists"][nid].address),
                          "%s freelist node %d" % (hname, nid)))
    return heads


def list_anchor(head_addr):
    """Follow ->next from a list_head inside a struct page until the list's
    anchor (the first list_head outside the memmap); name it if known."""
    lo, hi = vmemmap_range()
    lh = gdb.lookup_type("struct list_head").pointer()
    cur = gdb.Value(head_addr).cast(lh)
    for _ in range(WALK_LIMIT):
        nxt = int(cur["next"])
        if nxt == 0 or nxt == head_addr:
            return None
        if not lo <= nxt < hi:
            for addr, name in known_lists():
                if addr == nxt:
                    return name
            return "a private list (anchor %#x)" % nxt
        cur = gdb.Value(nxt).cast(lh)
    return None


def list_state(page, pfn):
    """Which list a head or order-0 page is on, by walking to the anchor."""
    flags = int(page["flags"])
    if int(page["compound_head"]) & 1:
        return None
    page_type = int(page["page_type"]) >> 24
    if page_type == 0xf0:
        member = page["buddy_list"]
    else:
        member = page["lru"]
    nxt, prv = int(member["next"]), int(member["prev"])
    if nxt == 0 or (nxt == int(member.address) and prv == nxt):
        return None
    where = list_anchor(int(member.address))
    return where


def pg_bit(name):
    return int(gdb.parse_and_eval(name))


def page_words(page):
    w = world()
    vmemmap = int(w["vmemmap"])
    addr = int(page.address) if page.address is not None else int(page)
    pfn = (addr - vmemmap) // page_struct_size()
    flags = int(page["flags"])
    page_type = int(page["page_type"])
    text = "pfn %#x " % pfn
    try:
        text += "node %d " % int(w["gib_to_node"][pfn >> 18])
    except gdb.error:
        pass
    text += "refcount %d " % int(page["_refcount"])
    if page_type >> 24 >= 0xf0:
        text += "type %s " % PAGE_TYPES.get(page_type >> 24, "%#x" % (page_type >> 24))
        if page_type >> 24 == 0xf0:
            text += "order %d " % int(page["private"])
    else:
        text += "mapcount %d " % (int(page["_mapcount"]) + 1)
    if flags >> pg_bit("PG_head") & 1:
        folio = page.address.cast(gdb.lookup_type("struct folio").pointer())
        text += "order %d " % (int(folio["_flags_1"]) & 0xff)
    text += "flags %#x(%s)" % (flags, ",".join(flag_names(flags)))
    head = int(page["compound_head"])
    if head & 1:
        text += " tail of pfn %#x" % (((head & ~1) - vmemmap) // page_struct_size())
    else:
        try:
            on = list_state(page, pfn)
        except (gdb.error, gdb.MemoryError):
            on = None
        if on:
            text += " on %s" % on
        if flags >> pg_bit("PG_head") & 1:
            try:
                folio = page.address.cast(gdb.lookup_type("struct folio").pointer())
                dl = folio["_deferred_list"]
                if int(folio["_flags_1"]) & 0xff > 1 and int(dl["next"]) not in (0, int(dl.address)):
                    text += " on %s" % (list_anchor(int(dl.address)) or "a deferred list")
            except (gdb.error, gdb.MemoryError):
                pass
    return text


def pfn_page(pfn):
    w = world()
    if not 0 <= pfn < int(w["max_pfn"]):
        raise gdb.GdbError("pfn %#x is outside the simulated memory (max_pfn %#x)"
                           % (pfn, int(w["max_pfn"])))
    return w["vmemmap"][pfn]


def walk(head, member_off, limit):
    """Yield the entries' addresses of the list at list_head *@head."""
    lh = gdb.lookup_type("struct list_head").pointer()
    head_addr = int(head.address)
    prev = head_addr
    cur = int(head["next"])
    n = 0
    while cur != head_addr:
        if cur == 0:
            raise gdb.GdbError("NULL ->next after %d entries" % n)
        node = gdb.Value(cur).cast(lh)
        if int(node["prev"]) != prev:
            raise gdb.GdbError("list corrupted after %d entries: %#x->prev is %#x, "
                               "expected %#x" % (n, cur, int(node["prev"]), prev))
        if n >= limit:
            return
        yield cur - member_off
        n += 1
        prev, cur = cur, int(node["next"])


def list_length(head, limit=WALK_LIMIT):
    n = 0
    for _ in walk(head, 0, limit):
        n += 1
    return n


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


class MigsimPfn(gdb.Command):
    """Describe the page at a simulated pfn: migsim pfn PFN."""

    def __init__(self):
        super().__init__("migsim pfn", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if not arg:
            raise gdb.GdbError("usage: migsim pfn PFN")
        page = pfn_page(int(gdb.parse_and_eval(arg)))
        gdb.write(page_words(page) + "\n")


FOLIO_MEMBERS = ("lru", "_deferred_list", "buddy_list")


class MigsimFolios(gdb.Command):
    """Walk a list of folios: migsim folios EXPR [MEMBER] [--max N].

EXPR is a struct list_head (or a pointer to one): an LRU list, a migration
list such as `from` or `ret_folios`, a deferred-split queue.  MEMBER is the
list_head in the folio the list links: lru (default), _deferred_list or
buddy_list.  Each entry is printed as `migsim page` words it; a broken link
stops the walk with a message that says where."""

    def __init__(self):
        super().__init__("migsim folios", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        limit = 64
        if "--max" in argv:
            i = argv.index("--max")
            if i + 1 >= len(argv):
                raise gdb.GdbError("--max needs a number")
            limit = int(argv[i + 1], 0)
            del argv[i:i + 2]
        if not argv or len(argv) > 2:
            raise gdb.GdbError("usage: migsim folios EXPR [lru|_deferred_list|buddy_list] [--max N]")
        member = argv[1] if len(argv) > 1 else "lru"
        if member not in FOLIO_MEMBERS:
            raise gdb.GdbError("unknown member '%s': one of %s" % (member, ", ".join(FOLIO_MEMBERS)))
        head = gdb.parse_and_eval(argv[0])
        if head.type.code == gdb.TYPE_CODE_PTR:
            head = head.dereference()
        # lru and buddy_list sit in anonymous unions: let gdb find them.
        off = int(gdb.parse_and_eval("(unsigned long)&((struct %s *)0)->%s" % (
            "page" if member == "buddy_list" else "folio", member)))
        page_t = gdb.lookup_type("struct page").pointer()
        n = 0
        for addr in walk(head, off, limit):
            gdb.write("  [%d] %s\n" % (n, page_words(gdb.Value(addr).cast(page_t).dereference())))
            n += 1
        total = list_length(head)
        if total > n:
            gdb.write("  ... %d more (--max N to see them)\n" % (total - n))
        gdb.write("%d entr%s\n" % (total, "y" if total == 1 else "ies"))


class MigsimLists(gdb.Command):
    """Every list the world owns, with its length: migsim lists."""

    def __init__(self):
        super().__init__("migsim lists", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        lh = gdb.lookup_type("struct list_head").pointer()
        for addr, name in known_lists():
            head = gdb.Value(addr).cast(lh).dereference()
            try:
                n = list_length(head)
            except gdb.GdbError as e:
                gdb.write("%-40s BROKEN: %s\n" % (name, e))
                continue
            if n:
                gdb.write("%-40s %d\n" % (name, n))


class MigsimCheck(gdb.Command):
    """The list checks, read-only: migsim check.

Walks every list the world owns (migsim lists), checking each link's
->prev, and compares the lengths with the counters kept beside the lists
(lruvec nr_pages, free_area nr_free, split_queue_len).  It changes nothing,
so it is safe at any stop, in the middle of a migration.  The full checker
(page tables, references, tokens) is migsim_check(); it expects a quiet
world, so call it at the end of a run: `call migsim_check(sim_world)`."""

    def __init__(self):
        super().__init__("migsim check", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        w = world()
        lh = gdb.lookup_type("struct list_head").pointer()
        problems = 0
        checked = 0
        for nid in range(int(w["nr_nodes"])):
            pgdat = w["node_data"][nid]
            if int(pgdat) == 0:
                continue
            counted = []
            for i, name in enumerate(LRU_NAMES):
                counted.append((pgdat["__lruvec"]["lists"][i], "lru %s" % name, None, "lru"))
            fa = pgdat["free_area"]
            for o in range(fa.type.range()[1] + 1):
                counted.append((fa[o]["free_list"], "free_area[%d]" % o, int(fa[o]["nr_free"]), None))
            dsq = pgdat["deferred_split_queue"]
            counted.append((dsq["split_queue"], "deferred_split_queue",
                            int(dsq["split_queue_len"]), None))
            for head, name, expect, kind in counted:
                checked += 1
                try:
                    if kind == "lru":
                        n = 0
                        off = int(gdb.parse_and_eval("(unsigned long)&((struct folio *)0)->lru"))
                        for addr in walk(head, off, WALK_LIMIT):
                            folio = gdb.Value(addr).cast(gdb.lookup_type("struct folio").pointer())
                            if int(folio["flags"]) >> pg_bit("PG_head") & 1:
                                n += 1 << (int(folio["_flags_1"]) & 0xff)
                            else:
                                n += 1
                        expect = int(pgdat["__lruvec"]["nr_pages"][LRU_NAMES.index(name[4:])])
                    else:
                        n = list_length(head)
                except gdb.GdbError as e:
                    gdb.write("node %d %s: %s\n" % (nid, name, e))
                    problems += 1
                    continue
                if n != expect:
                    gdb.write("node %d %s: %d on the list, the counter says %d\n"
                              % (nid, name, n, expect))
                    problems += 1
        gdb.write("%d list(s) checked, %d problem(s)\n" % (checked, problems))


class ListHeadPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            nxt, prv = int(self.val["next"]), int(self.val["prev"])
            addr = int(self.val.address) if self.val.address is not None else 0
            if nxt == 0 and prv == 0:
                return "list_head (not on a list)"
            if nxt == addr and prv == addr:
                return "list_head empty"
            if addr:
                n = 0
                for _ in walk(self.val, 0, 1 << 16):
                    n += 1
                return "list_head next %#x prev %#x (%d entries from here)" % (nxt, prv, n)
            return "list_head next %#x prev %#x" % (nxt, prv)
        except (gdb.error, gdb.GdbError, gdb.MemoryError) as e:
            return "list_head (%s)" % e


def build_printers():
    pp = gdb.printing.RegexpCollectionPrettyPrinter("migsim")
    pp.add_printer("page", "^page$", PagePrinter)
    pp.add_printer("folio", "^folio$", FolioPrinter)
    pp.add_printer("list_head", "^list_head$", ListHeadPrinter)
    return pp


MigsimPrefix()
MigsimActors()
MigsimBt()
MigsimSchedule()
MigsimPage()
MigsimWorld()
MigsimPfn()
MigsimFolios()
MigsimLists()
MigsimCheck()
gdb.printing.register_pretty_printer(gdb.current_objfile(), build_printers(), replace=True)
