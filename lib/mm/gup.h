/* SPDX-License-Identifier: MIT */
/* KERNEL: mm/gup.c — the simulator's pins (lib/mm/gup.c). */
#ifndef MIGSIM_MM_GUP_H
#define MIGSIM_MM_GUP_H

#include "world.h"

struct sim_pin *gup_pin_page(unsigned long pfn);
void gup_unpin(struct sim_pin *pin);
struct sim_pin *gup_find_pin(int id);
bool gup_fast_after_split(struct world *w, void *arg);

#endif
