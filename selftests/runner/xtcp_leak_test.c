// SPDX-License-Identifier: GPL-2.0
/*
 * Loading this module allocates objects and forgets them. The VM runner's
 * own test loads it to prove that scripts/vm.sh fails when kmemleak finds
 * a leak.
 */
#include <linux/module.h>
#include <linux/slab.h>

/* Not __init: kmemleak's backtrace must still name it after init is freed. */
static noinline void xtcp_leak_test_leak(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		void *p = kzalloc(64 << i, GFP_KERNEL);

		/* Keep the compiler from dropping the allocation. */
		OPTIMIZER_HIDE_VAR(p);
	}
}

static int __init xtcp_leak_test_init(void)
{
	xtcp_leak_test_leak();
	return 0;
}

static void __exit xtcp_leak_test_exit(void)
{
}

module_init(xtcp_leak_test_init);
module_exit(xtcp_leak_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: test module that leaks memory for kmemleak to find");
