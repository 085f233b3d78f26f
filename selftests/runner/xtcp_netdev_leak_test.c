// SPDX-License-Identifier: GPL-2.0
/*
 * Loading this module takes a tracked reference on a net_device and never
 * releases it. The VM runner's own test deletes the device afterwards: the
 * kernel then waits for the reference ("unregister_netdevice: waiting for
 * ... Usage count") and the refcount tracker prints the stack that took
 * it. scripts/vm.sh must fail on that.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

static char *dev = "xleak0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "device in the initial namespace to hold (default xleak0)");

static netdevice_tracker xtcp_leak_tracker;

/* Not __init: the tracker's stack must still name it after init is freed. */
static noinline int xtcp_netdev_leak_test_hold(void)
{
	struct net_device *ndev;

	ndev = dev_get_by_name(&init_net, dev);
	if (!ndev)
		return -ENODEV;
	/* Trade the untracked reference for a tracked one, then forget it. */
	netdev_hold(ndev, &xtcp_leak_tracker, GFP_KERNEL);
	dev_put(ndev);
	return 0;
}

static int __init xtcp_netdev_leak_test_init(void)
{
	return xtcp_netdev_leak_test_hold();
}

module_init(xtcp_netdev_leak_test_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: test module that never releases a net_device reference");
