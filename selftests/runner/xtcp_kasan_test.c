// SPDX-License-Identifier: GPL-2.0
/*
 * Loading this module reads one byte past a 16-byte kmalloc object. The VM
 * runner's own test loads it to prove that scripts/vm.sh fails on a KASAN
 * report.
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init xtcp_kasan_test_init(void)
{
	size_t size = 16;
	char *p;
	char c;

	p = kmalloc(size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	/* Hide the size from the compiler, which would reject the read. */
	OPTIMIZER_HIDE_VAR(size);
	c = READ_ONCE(p[size]);
	pr_info("xtcp_kasan_test: read %d past the end\n", c);
	kfree(p);
	return 0;
}

static void __exit xtcp_kasan_test_exit(void)
{
}

module_init(xtcp_kasan_test_init);
module_exit(xtcp_kasan_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: test module that makes KASAN report an out-of-bounds read");
