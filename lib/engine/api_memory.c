// SPDX-License-Identifier: MIT
/*
 * Public API: tasks, mappings, touching, munmap, fork, pins, and looking at
 * what an address maps.  Every argument is checked before any model code
 * runs, so a rejected call changes nothing.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/rmap.h>
#include "internal.h"
#include "debug.h"
#include "entry.h"
#include "gup.h"
#include "world_internal.h"
#include "sched.h"

#define MMAP_BASE	(1UL << 30)

static struct task_struct *lookup_task(struct world *w, int pid)
{
	struct task_struct *t = find_task(w, pid);

	if (!t)
		sim_error(w, -ESRCH, "no task with pid %d", pid);
	return t;
}

static int check_node(struct world *w, const char *what, int node)
{
	if (node < 0 || node >= w->nr_nodes)
		return sim_error(w, -ENODEV, "%s: node %d does not exist (nodes 0..%d)", what,
				 node, w->nr_nodes - 1);
	if (!node_state_memory(node))
		return sim_error(w, -ENODEV, "%s: node %d has no memory", what, node);
	return 0;
}

/* [addr, addr+len) must be page-aligned, non-empty and inside user space. */
static int check_range(struct world *w, uint64_t addr, uint64_t len)
{
	if (!len)
		return sim_error(w, -EINVAL, "length is zero");
	if (addr & (PAGE_SIZE - 1))
		return sim_error(w, -EINVAL, "address %#llx is not page-aligned",
				 (unsigned long long)addr);
	if (len & (PAGE_SIZE - 1))
		return sim_error(w, -EINVAL, "length %#llx is not a multiple of the page size",
				 (unsigned long long)len);
	if (addr >= TASK_SIZE || len > TASK_SIZE - addr)
		return sim_error(w, -EINVAL, "range %#llx+%#llx is outside user space",
				 (unsigned long long)addr, (unsigned long long)len);
	return 0;
}

/* Every page of the range is mapped by some VMA (world_internal.h). */
int api_check_mapped(struct world *w, struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	uint64_t a = addr, end = addr + len;

	while (a < end) {
		struct vm_area_struct *vma = vma_lookup(mm, a);

		if (!vma)
			return sim_error(w, -EFAULT, "address %#llx is not mapped",
					 (unsigned long long)a);
		a = vma->vm_end;
	}
	return 0;
}

int api_live_task(struct world *w, int pid, struct task_struct **tp)
{
	struct task_struct *t = find_task(w, pid);

	if (!t)
		return sim_error(w, -ESRCH, "no task with pid %d", pid);
	if (!t->mm)
		return sim_error(w, -ESRCH, "task %d has exited", pid);
	*tp = t;
	return 0;
}

/* One page-aligned, mapped address; its VMA in @vmap (world_internal.h). */
int api_check_page(struct world *w, struct mm_struct *mm, uint64_t addr,
		   struct vm_area_struct **vmap)
{
	struct vm_area_struct *vma;

	if (addr & (PAGE_SIZE - 1))
		return sim_error(w, -EINVAL, "address %#llx is not page-aligned",
				 (unsigned long long)addr);
	vma = vma_lookup(mm, addr);
	if (!vma)
		return sim_error(w, -EFAULT, "address %#llx is not mapped",
				 (unsigned long long)addr);
	if (vmap)
		*vmap = vma;
	return 0;
}

int migsim_task_create(struct migsim_world *pw, const struct migsim_task_config *tc, int *pid)
{
	SIM_API_ENTER(w, pw);
	struct migsim_task_config def = { 0 };
	struct task_struct *t;
	int want;

	if (!tc)
		tc = &def;
	if (tc->pid < 0)
		return sim_error(w, -EINVAL, "pid %d is negative", tc->pid);
	if (tc->pid && find_task(w, tc->pid))
		return sim_error(w, -EEXIST, "pid %d is already in use", tc->pid);
	if (tc->cpu < 0 || tc->cpu >= w->nr_cpus)
		return sim_error(w, -EINVAL, "cpu %d does not exist (cpus 0..%d)", tc->cpu,
				 w->nr_cpus - 1);
	if (tc->allowed_nodes & ~w->node_memory_mask)
		return sim_error(w, -EINVAL, "allowed_nodes %#llx names nodes that do not exist",
				 (unsigned long long)tc->allowed_nodes);
	want = tc->pid;
	if (!want) {
		do
			want = w->next_pid++;
		while (find_task(w, want));
	}
	t = task_alloc(w, want, tc->cpu, tc->comm);
	if (!t)
		return sim_error(w, -ENOMEM, "out of host memory");
	if (tc->allowed_nodes)
		t->mems_allowed = tc->allowed_nodes;
	t->cap_sys_nice = tc->cap_sys_nice;
	t->mm = mm_alloc();
	if (!t->mm) {
		sim_free(t, sizeof(*t));
		return sim_error(w, -ENOMEM, "out of host memory");
	}
	t->mm->owner = t;
	list_add_tail(&t->tasks, &w->tasks);
	if (pid)
		*pid = want;
	return 0;
}

static uint64_t pick_address(struct mm_struct *mm, uint64_t len)
{
	uint64_t a = MMAP_BASE;
	unsigned int i;

	for (i = 0; i < mm->nr_vmas; i++)
		if (mm->vmas[i]->vm_end > a)
			a = mm->vmas[i]->vm_end;
	a = ALIGN(a, 1UL << 30);
	return a + len <= TASK_SIZE ? a : 0;
}

static int do_mmap(struct world *w, struct mm_struct *mm, uint64_t addr, uint64_t len,
		   unsigned int flags, int node)
{
	unsigned long vmflags = VM_READ | VM_WRITE;
	struct vm_area_struct *vma;
	unsigned int order = 0;

	if (flags & MIGSIM_MAP_SHARED)
		vmflags |= VM_SHARED;
	if (flags & MIGSIM_MAP_THP)
		vmflags |= VM_HUGEPAGE;
	if (flags & MIGSIM_MAP_LOCKED)
		vmflags |= VM_LOCKED;
	if (flags & (MIGSIM_MAP_HUGETLB_2M | MIGSIM_MAP_HUGETLB_1G)) {
		vmflags |= VM_HUGETLB;
		order = flags & MIGSIM_MAP_HUGETLB_2M ? HPAGE_PMD_ORDER : HPAGE_PUD_ORDER;
	}
	vma = vma_create(mm, addr, addr + len, vmflags);
	if (!vma)
		return -ENOMEM;
	vma->preferred_nid = node;
	vma->hstate_order = order;
	if (flags & MIGSIM_MAP_SHARED) {
		vma->vm_file = shmem_object_create(len >> PAGE_SHIFT, order != 0, order);
		if (!vma->vm_file)
			goto nomem;
		vma->vm_pgoff = 0;
		i_mmap_link_vma(vma);
	} else {
		vma->anon_vma = anon_vma_alloc();
		if (!vma->anon_vma)
			goto nomem;
		anon_vma_link_vma(vma);
	}
	if (vma_insert(mm, vma)) {
		vma_unlink_free(mm, vma);
		return -ENOMEM;
	}
	return 0;
nomem:
	sim_free(vma, sizeof(*vma));
	return -ENOMEM;
}

static int do_mmap_locked(struct world *w, struct mm_struct *mm, uint64_t addr,
			  uint64_t len, unsigned int flags, int node)
{
	int ret;

	down_write(&mm->mmap_lock);
	ret = do_mmap(w, mm, addr, len, flags, node);
	up_write(&mm->mmap_lock);
	return ret;
}

int migsim_mmap(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len,
		unsigned int flags, int node, uint64_t *addr_out)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);
	unsigned int known = MIGSIM_MAP_PRIVATE | MIGSIM_MAP_SHARED | MIGSIM_MAP_THP |
			     MIGSIM_MAP_HUGETLB_2M | MIGSIM_MAP_HUGETLB_1G | MIGSIM_MAP_LOCKED;
	uint64_t align = PAGE_SIZE;
	unsigned int i;
	int ret;

	if (!t)
		return -ESRCH;
	if (flags & ~known)
		return sim_error(w, -EINVAL, "unknown mmap flags %#x", flags & ~known);
	if (!(flags & MIGSIM_MAP_PRIVATE) == !(flags & MIGSIM_MAP_SHARED))
		return sim_error(w, -EINVAL, "exactly one of MIGSIM_MAP_PRIVATE and "
				 "MIGSIM_MAP_SHARED is needed");
	if ((flags & MIGSIM_MAP_HUGETLB_2M) && (flags & MIGSIM_MAP_HUGETLB_1G))
		return sim_error(w, -EINVAL, "MIGSIM_MAP_HUGETLB_2M and _1G are exclusive");
	if ((flags & MIGSIM_MAP_THP) && (flags & MIGSIM_MAP_SHARED))
		return sim_error(w, -EOPNOTSUPP, "THP in shared mappings (shmem THP) is not "
				 "modelled");
	if ((flags & MIGSIM_MAP_THP) && (flags & (MIGSIM_MAP_HUGETLB_2M | MIGSIM_MAP_HUGETLB_1G)))
		return sim_error(w, -EINVAL, "MIGSIM_MAP_THP does not apply to hugetlb");
	if (flags & MIGSIM_MAP_HUGETLB_2M)
		align = HPAGE_PMD_SIZE;
	if (flags & MIGSIM_MAP_HUGETLB_1G)
		align = HPAGE_PUD_SIZE;
	if (node != MIGSIM_NODE_LOCAL && (ret = check_node(w, "mmap", node)))
		return ret;
	if (!addr) {
		if (!len || len % align)
			return sim_error(w, -EINVAL, "length %#llx is not a non-zero multiple of "
					 "%#llx", (unsigned long long)len,
					 (unsigned long long)align);
		addr = pick_address(t->mm, len);
		if (!addr)
			return sim_error(w, -ENOMEM, "no room for %#llx bytes",
					 (unsigned long long)len);
	}
	ret = check_range(w, addr, len);
	if (ret)
		return ret;
	if (addr % align || len % align)
		return sim_error(w, -EINVAL, "hugetlb mapping %#llx+%#llx is not aligned to %#llx",
				 (unsigned long long)addr, (unsigned long long)len,
				 (unsigned long long)align);
	for (i = 0; i < t->mm->nr_vmas; i++) {
		struct vm_area_struct *v = t->mm->vmas[i];

		if (addr < v->vm_end && v->vm_start < addr + len)
			return sim_error(w, -EEXIST, "%#llx+%#llx overlaps the mapping at "
					 "%#lx-%#lx", (unsigned long long)addr,
					 (unsigned long long)len, v->vm_start, v->vm_end);
	}
	ret = AS_TASK(w, t, do_mmap_locked(w, t->mm, addr, len, flags, node));
	if (ret)
		return ret == -ENOTRECOVERABLE ? ret : sim_error(w, ret, "mmap failed: %s",
								strerror(-ret));
	if (addr_out)
		*addr_out = addr;
	return 0;
}

/*
 * Fault in each page.  A fault that meets a migration entry waits (as the
 * profile's migration_entry_wait does) and is retried: from user mode the
 * retry goes through the return to user space, a rescheduling point; from
 * kernel mode (copy_to_user's fixup) it is retried at once.  With one task
 * running nothing can finish that migration, so it is an error instead.
 */
static int do_touch(struct world *w, struct mm_struct *mm, uint64_t addr, uint64_t len,
		    bool write, bool kernel)
{
	uint64_t a;

	for (a = addr; a < addr + len; a += PAGE_SIZE) {
		struct vm_area_struct *vma;
		int ret;

		for (;;) {
			/* lock_mm_and_find_vma() ... mmap_read_unlock() */
			down_read(&mm->mmap_lock);
			vma = vma_lookup(mm, a);
			if (!vma) {
				up_read(&mm->mmap_lock);
				return sim_error(w, -EFAULT, "%#llx was unmapped",
						 (unsigned long long)a);
			}
			ret = handle_mm_fault(vma, a, write);
			up_read(&mm->mmap_lock);
			if (ret != -EAGAIN || !sched_in_actor())
				break;
			/* The wait returned without sleeping and the fault goes
			 * round again: __migration_entry_wait()'s loop. */
			sched_retry("__migration_entry_wait", kernel ?
				    "the fault on a migration entry from kernel mode" :
				    "the fault on a migration entry");
			if (!kernel)
				sched_point("user:return");
		}
		sched_progress();
		if (ret == -ENOMEM)
			return sim_error(w, -ENOMEM, "out of simulated memory at %#llx%s",
					 (unsigned long long)a, (vma->vm_flags & VM_HUGETLB) ?
					 " (hugetlb pool empty)" : "");
		if (ret == -EAGAIN)
			return sim_error(w, -EBUSY, "%#llx holds a migration entry",
					 (unsigned long long)a);
		if (ret)
			return sim_error(w, ret, "fault at %#llx failed", (unsigned long long)a);
	}
	return 0;
}

/* migsim_touch() and migsim_access_kernel(): the same checks, then the
 * fault from user or from kernel mode. */
static int touch_range(struct world *w, int pid, uint64_t addr, uint64_t len, bool write,
		       bool kernel)
{
	struct task_struct *t = lookup_task(w, pid);
	int ret;

	if (!t)
		return -ESRCH;
	ret = check_range(w, addr, len);
	if (ret)
		return ret;
	ret = api_check_mapped(w, t->mm, addr, len);
	if (ret)
		return ret;
	return AS_TASK(w, t, do_touch(w, t->mm, addr, len, write, kernel));
}

int migsim_touch(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len, int write)
{
	SIM_API_ENTER(w, pw);

	return touch_range(w, pid, addr, len, write != 0, false);
}

int migsim_access_kernel(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len,
			 int write)
{
	SIM_API_ENTER(w, pw);

	return touch_range(w, pid, addr, len, write != 0, true);
}

/*
 * KERNEL: mm/huge_memory.c split_huge_pages_pid() (debugfs split_huge_pages),
 * with the new_order it takes since 6.10 (here under every profile): lock,
 * split with no list, unlock.  *@split: 1 when it was split, 0 when it could
 * not be (busy, pinned).
 */
static int split_huge_pages_pid(struct world *w, struct task_struct *t, uint64_t addr,
				unsigned int new_order, int *split)
{
	struct vm_area_struct *vma;
	struct folio *folio;
	int ret;

	SIM_FRAME();
	down_read(&t->mm->mmap_lock);
	vma = vma_lookup(t->mm, addr);
	folio = vma ? follow_folio(vma, addr, NULL) : NULL;
	if (!folio || !folio_test_large(folio) || folio_test_hugetlb(folio) ||
	    folio_order(folio) <= new_order) {
		up_read(&t->mm->mmap_lock);
		if (new_order)
			return sim_error(w, -EINVAL, "no THP of order above %u is mapped at %#llx",
					 new_order, (unsigned long long)addr);
		return sim_error(w, -EINVAL, "no THP is mapped at %#llx",
				 (unsigned long long)addr);
	}
	if (!folio_try_get(folio)) {
		up_read(&t->mm->mmap_lock);
		return sim_error(w, -EBUSY, "the folio at %#llx is being freed",
				 (unsigned long long)addr);
	}
	up_read(&t->mm->mmap_lock);
	*split = 0;
	if (!folio_trylock(folio)) {
		folio_put(folio);
		return 0;
	}
	ret = split_huge_page_to_list_to_order((struct page *)folio, NULL, new_order);
	folio_unlock(folio);
	folio_put(folio);
	*split = !ret;
	return 0;
}

int migsim_split_folio_to_order(struct migsim_world *pw, int pid, uint64_t addr,
				unsigned int new_order, int *split)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);
	int scratch, ret;

	if (!t)
		return -ESRCH;
	if (new_order == 1 || new_order >= HPAGE_PMD_ORDER)
		return sim_error(w, -EINVAL, "new_order %u: anonymous folios split to order 0 "
				 "or 2..%d", new_order, HPAGE_PMD_ORDER - 1);
	ret = api_check_page(w, t->mm, addr, NULL);
	if (ret)
		return ret;
	return AS_TASK(w, t, split_huge_pages_pid(w, t, addr, new_order, split ? split : &scratch));
}

int migsim_split_folio(struct migsim_world *pw, int pid, uint64_t addr, int *split)
{
	return migsim_split_folio_to_order(pw, pid, addr, 0, split);
}

static int do_munmap_locked(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	int ret;

	down_write(&mm->mmap_lock);
	ret = do_munmap(mm, addr, len);
	up_write(&mm->mmap_lock);
	return ret;
}

int migsim_munmap(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);
	uint64_t a;
	int ret;

	if (!t)
		return -ESRCH;
	ret = check_range(w, addr, len);
	if (ret)
		return ret;
	for (a = addr; a < addr + len;) {
		struct vm_area_struct *vma = vma_lookup(t->mm, a);
		uint64_t hsize;

		if (!vma) {
			a += PAGE_SIZE;
			continue;
		}
		if (vma->vm_flags & VM_HUGETLB) {
			hsize = PAGE_SIZE << vma->hstate_order;
			if (addr % hsize || len % hsize)
				return sim_error(w, -EINVAL, "munmap of hugetlb memory must be "
						 "aligned to %#llx", (unsigned long long)hsize);
		}
		a = vma->vm_end;
	}
	ret = AS_TASK(w, t, do_munmap_locked(t->mm, addr, len));
	return ret == -ENOMEM ? sim_error(w, ret, "out of host memory") : ret;
}

static int do_fork(struct world *w, struct task_struct *parent, struct task_struct *child)
{
	down_write(&parent->mm->mmap_lock);
	child->mm = dup_mm(parent->mm);
	up_write(&parent->mm->mmap_lock);
	if (!child->mm)
		return sim_error(w, -ENOMEM, "out of host memory");
	child->mm->owner = child;
	return 0;
}

int migsim_fork(struct migsim_world *pw, int pid, int *child_pid)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid), *c;
	int cpid, ret;

	if (!t)
		return -ESRCH;
	do
		cpid = w->next_pid++;
	while (find_task(w, cpid));
	c = task_alloc(w, cpid, t->cpu, t->comm);
	if (!c)
		return sim_error(w, -ENOMEM, "out of host memory");
	c->mems_allowed = t->mems_allowed;
	c->cap_sys_nice = t->cap_sys_nice;
	ret = AS_TASK(w, t, do_fork(w, t, c));
	if (ret) {
		sim_free(c, sizeof(*c));
		return ret;
	}
	list_add_tail(&c->tasks, &w->tasks);
	if (child_pid)
		*child_pid = cpid;
	return 0;
}

static int do_exit(struct task_struct *t)
{
	mmput(t->mm);
	t->mm = NULL;
	return 0;
}

int migsim_exit(struct migsim_world *pw, int pid)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);
	int ret;

	if (!t)
		return -ESRCH;
	ret = AS_TASK(w, t, do_exit(t));
	if (ret)
		return ret;
	list_del(&t->tasks);
	sim_free(t, sizeof(*t));
	return 0;
}

static int do_pool(struct hstate *h, int nid, unsigned long count)
{
	return hugetlb_pool_resize(h, nid, count);
}

int migsim_hugetlb_pool(struct migsim_world *pw, int nid, uint64_t page_size,
			unsigned long count)
{
	SIM_API_ENTER(w, pw);
	struct hstate *h;
	int ret = check_node(w, "hugetlb_pool", nid);

	if (ret)
		return ret;
	h = size_to_hstate(page_size);
	if (!h)
		return sim_error(w, -EINVAL, "no hugetlb page size %#llx (2 MiB or 1 GiB)",
				 (unsigned long long)page_size);
	ret = SIM_RUN(w, do_pool(h, nid, count));
	if (ret && ret != -ENOTRECOVERABLE)
		return sim_error(w, ret, "node %d's pool cannot be set to %lu pages: %s", nid,
				 count, ret == -EBUSY ? "pages in use" : "out of memory");
	return ret;
}

/* ---- pins ---- */

static int resolve_page(struct world *w, struct task_struct *t, uint64_t addr,
			unsigned long *pfn)
{
	struct vm_area_struct *vma = NULL;
	struct page *page;
	int ret = api_check_page(w, t->mm, addr, &vma);

	if (ret)
		return ret;
	if (!follow_folio(vma, addr, &page))
		return sim_error(w, -EFAULT, "nothing is mapped at %#llx (not faulted in, "
				 "the zero page, or a migration entry)", (unsigned long long)addr);
	*pfn = page_to_pfn(page);
	return 0;
}

static int do_pin(struct world *w, struct task_struct *t, uint64_t addr, int *pin_id)
{
	unsigned long pfn;
	struct sim_pin *pin;
	int ret;

	down_read(&t->mm->mmap_lock);
	ret = resolve_page(w, t, addr, &pfn);
	up_read(&t->mm->mmap_lock);

	if (ret)
		return ret;
	pin = gup_pin_page(pfn);
	if (!pin)
		return sim_error(w, -EBUSY, "the folio at %#llx is being freed",
				 (unsigned long long)addr);
	if (pin_id)
		*pin_id = pin->id;
	return 0;
}

int migsim_pin(struct migsim_world *pw, int pid, uint64_t addr, int *pin_id)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);

	if (!t)
		return -ESRCH;
	return AS_TASK(w, t, do_pin(w, t, addr, pin_id));
}

static int do_pin_after_split(struct world *w, struct task_struct *t, uint64_t addr,
			      int *pin_id)
{
	unsigned long pfn;
	struct sim_pin *pin;
	int ret = resolve_page(w, t, addr, &pfn);

	if (ret)
		return ret;
	if (!folio_test_large(page_folio(pfn_to_page(pfn))))
		return sim_error(w, -EINVAL, "the page at %#llx is not part of a large folio, "
				 "so no split can happen under it", (unsigned long long)addr);
	if (w->nr_hooks == ARRAY_SIZE(w->hooks))
		return sim_error(w, -ENOSPC, "too many armed pins");
	pin = sim_zalloc(sizeof(*pin));
	if (!pin)
		return sim_error(w, -ENOMEM, "out of host memory");
	pin->id = ++w->next_pin_id;
	pin->pfn = pfn;
	list_add_tail(&pin->node, &w->pins);
	sim_arm_hook(w, "split:after-remap", gup_fast_after_split, pin);
	if (pin_id)
		*pin_id = pin->id;
	return 0;
}

int migsim_pin_after_split(struct migsim_world *pw, int pid, uint64_t addr, int *pin_id)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);

	if (!t)
		return -ESRCH;
	return AS_TASK(w, t, do_pin_after_split(w, t, addr, pin_id));
}

static int do_unpin(struct world *w, int pin_id)
{
	struct sim_pin *pin = gup_find_pin(pin_id);
	unsigned int i;

	if (!pin)
		return sim_error(w, -ENOENT, "no pin with id %d", pin_id);
	for (i = 0; i < w->nr_hooks; i++)
		if (w->hooks[i].arg == pin)
			w->hooks[i].fired = true;	/* disarm */
	gup_unpin(pin);
	return 0;
}

int migsim_unpin(struct migsim_world *pw, int pin_id)
{
	SIM_API_ENTER(w, pw);

	return SIM_RUN(w, do_unpin(w, pin_id));
}

/* ---- looking ---- */

static void fill_folio_info(struct migsim_page_info *info, struct folio *folio)
{
	info->folio_pfn = folio_pfn(folio);
	info->order = folio_order(folio);
	info->refcount = folio_ref_count(folio);
	info->mapcount = folio_mapcount(folio);
	info->lru = folio_test_lru(folio);
	info->deferred = folio_order(folio) > 1 && !folio_test_hugetlb(folio) &&
			 folio->_deferred_list.next &&
			 !list_empty(&folio->_deferred_list);
	folio_flags_string(folio, info->flags, sizeof(info->flags));
}

static int do_page_info(struct world *w, struct task_struct *t, uint64_t addr,
			struct migsim_page_info *info)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	u64 entry = 0, *leaf = NULL;
	unsigned long pfn;
	pmd_t *pmd;

	memset(info, 0, sizeof(*info));
	info->state = "none";
	info->node = -1;
	if (!vma)
		return 0;
	if (vma->vm_flags & VM_HUGETLB) {
		leaf = vma->hstate_order >= HPAGE_PUD_ORDER ? mm_find_pud(mm, addr) :
			mm_find_pmd(mm, addr);
		if (!leaf || !*leaf)
			return 0;
		entry = *leaf;
		info->pmd_mapped = true;
		pfn = pte_pfn(entry) + ((addr & ((PAGE_SIZE << vma->hstate_order) - 1)) >>
					 PAGE_SHIFT);
	} else {
		pmd = mm_find_pmd(mm, addr);
		if (!pmd || pmd_none(*pmd))
			return 0;
		if (pmd_leaf(*pmd) || is_pmd_migration_entry(*pmd)) {
			entry = *pmd;
			info->pmd_mapped = true;
			pfn = pte_pfn(entry) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		} else {
			pte_t *pte = pte_offset_map(pmd, addr);

			if (!pte || pte_none(*pte))
				return 0;
			entry = *pte;
			pfn = pte_pfn(entry);
		}
	}
	info->pfn = pfn;
	info->node = page_to_nid(pfn_to_page(pfn));
	info->token = *pfn_token(pfn);
	info->writable = pte_present(entry) && pte_write(entry);
	if (is_swap_pte(entry)) {
		info->state = "migration";
		info->writable = is_writable_migration_entry(pte_to_swp_entry(entry));
	} else if (pte_special(entry)) {
		info->state = "zero";
		return 0;
	} else {
		info->state = pte_protnone(entry) ? "numa" : "present";
	}
	fill_folio_info(info, page_folio(pfn_to_page(pfn)));
	(void)w;
	return 0;
}

int migsim_page_info(struct migsim_world *pw, int pid, uint64_t addr,
		     struct migsim_page_info *info)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t = lookup_task(w, pid);

	if (!t)
		return -ESRCH;
	if (!info)
		return sim_error(w, -EINVAL, "info is NULL");
	if (!t->mm)
		return sim_error(w, -ESRCH, "task %d has exited", pid);
	return do_page_info(w, t, addr, info);
}

int migsim_node_info(struct migsim_world *pw, int nid, struct migsim_node_info *info)
{
	SIM_API_ENTER(w, pw);
	pg_data_t *pgdat;
	int i;

	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error(w, -ENODEV, "node %d does not exist (nodes 0..%d)", nid,
				 w->nr_nodes - 1);
	if (!info)
		return sim_error(w, -EINVAL, "info is NULL");
	pgdat = NODE_DATA(nid);
	memset(info, 0, sizeof(*info));
	info->start_pfn = pgdat->node_start_pfn;
	info->present_pages = pgdat->node_present_pages;
	info->free_pages = pgdat->vm_stat[NR_FREE_PAGES];
	for (i = 0; i < NR_LRU_LISTS; i++)
		info->lru_pages[i] = pgdat->__lruvec.nr_pages[i];
	info->deferred_split_len = pgdat->deferred_split_queue.split_queue_len;
	info->hugetlb_pages = hugetlb_pool_pages_node(nid);
	info->tier = pgdat->tier;
	return 0;
}
