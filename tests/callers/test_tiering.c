// SPDX-License-Identifier: MIT
/* Placeholder: being written.  Exit status 77 is meson's skip, and a skip
 * is not a pass. */
#include <migsim/migsim.h>

int main(void)
{
	return 77;
}
