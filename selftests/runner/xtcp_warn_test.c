// SPDX-License-Identifier: GPL-2.0
/*
 * Loading this module reaches a WARN_ON. The VM runner's own test loads it
 * to prove that scripts/vm.sh fails when the guest kernel complains.
 */
#include <linux/module.h>
#include <linux/bug.h>

static bool trigger = true;
module_param(trigger, bool, 0444);
MODULE_PARM_DESC(trigger, "reach the WARN_ON at load (default: yes)");

static int __init xtcp_warn_test_init(void)
{
	WARN_ON(trigger);
	return 0;
}

static void __exit xtcp_warn_test_exit(void)
{
}

module_init(xtcp_warn_test_init);
module_exit(xtcp_warn_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: test module that reaches a WARN_ON on load");
