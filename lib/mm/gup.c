// SPDX-License-Identifier: MIT
/*
 * Extra references as get_user_pages(FOLL_GET) takes them, held on behalf of
 * the user until released; and a GUP-fast that races with a split.
 *
 * KERNEL: mm/gup.c (follow_page_mask + try_grab_folio with FOLL_GET,
 * gup_fast's folio_try_get on whatever folio the page belongs to now).
 * FOLL_PIN (pincount) is not modelled.
 */
#include <linux/mm.h>
#include "internal.h"
#include "gup.h"

struct sim_pin *gup_pin_page(unsigned long pfn)
{
	struct folio *folio = page_folio(pfn_to_page(pfn));
	struct sim_pin *pin;

	if (!folio_try_get(folio))
		return NULL;
	pin = sim_zalloc(sizeof(*pin));
	if (!pin) {
		folio_put(folio);
		return NULL;
	}
	pin->id = ++sim_world->next_pin_id;
	pin->pfn = pfn;
	pin->folio = folio;
	pin->active = true;
	list_add_tail(&pin->node, &sim_world->pins);
	return pin;
}

void gup_unpin(struct sim_pin *pin)
{
	if (pin->active)
		folio_put(pin->folio);
	list_del(&pin->node);
	sim_free(pin, sizeof(*pin));
}

struct sim_pin *gup_find_pin(int id)
{
	struct sim_pin *pin;

	list_for_each_entry(pin, &sim_world->pins, node)
		if (pin->id == id)
			return pin;
	return NULL;
}

/*
 * The armed GUP-fast: at "split:after-remap" the page's folio is the new,
 * small piece (the split is done but the pieces are not yet handed back),
 * and folio_try_get() on it succeeds.  Until the page's folio is small the
 * walker keeps waiting (a split of some other folio).
 */
bool gup_fast_after_split(struct world *w, void *arg)
{
	struct sim_pin *pin = arg;
	struct folio *folio = page_folio(pfn_to_page(pin->pfn));

	if (folio_test_large(folio))
		return false;
	if (!folio_try_get(folio))
		return false;
	pin->folio = folio;
	pin->active = true;
	if (w->story)
		fprintf(w->story, "    [gup-fast] pinned pfn %#lx the moment the split made it a "
			"folio of its own\n", pin->pfn);
	return true;
}
