/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by xtcp's C selftests: load and unload the module, find
 * the family it registered. Tests run as root inside the test VM.
 */
#ifndef XTCP_SELFTEST_LIB_H
#define XTCP_SELFTEST_LIB_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/xtcp.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Path of the xtcp.ko built for the running kernel; scripts/vm.sh sets it. */
static inline const char *xtcp_ko_path(void)
{
	const char *p = getenv("XTCP_KO");

	return p && *p ? p : "module/xtcp.ko";
}

static inline int xtcp_module_loaded(void)
{
	return access("/sys/module/xtcp", F_OK) == 0;
}

/* Load xtcp.ko with @params. Returns 0 or -errno. */
static inline int xtcp_load(const char *params)
{
	int fd, ret;

	fd = open(xtcp_ko_path(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* Unload xtcp without waiting. Returns 0 or -errno. */
static inline int xtcp_unload(void)
{
	return syscall(SYS_delete_module, "xtcp", O_NONBLOCK) ? -errno : 0;
}

/* Read an integer from a sysfs/proc file; -1 if unreadable. */
static inline long xtcp_read_long(const char *path)
{
	char buf[64] = "";
	long v = -1;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	fclose(f);
	return v;
}

/* The family the loaded module registered. */
static inline int xtcp_family(void)
{
	return (int)xtcp_read_long(XTCP_FAMILY_PARAM_PATH);
}

/*
 * Read counter @name from /proc/net/xtcp_snmp ("Xtcp: names" then
 * "Xtcp: values"); -1 if absent.
 */
static inline long long xtcp_snmp_get(const char *name)
{
	char keys[8192], vals[8192], *k, *v, *ks, *vs;
	long long ret = -1;
	FILE *f;

	f = fopen("/proc/net/xtcp_snmp", "r");
	if (!f)
		return -1;
	if (!fgets(keys, sizeof(keys), f) || !fgets(vals, sizeof(vals), f))
		goto out;
	k = strtok_r(keys, "\n\t ", &ks);
	v = strtok_r(vals, "\n\t ", &vs);
	while (k && v) {
		if (!strcmp(k, name)) {
			ret = strtoll(v, NULL, 10);
			break;
		}
		k = strtok_r(NULL, "\n\t ", &ks);
		v = strtok_r(NULL, "\n\t ", &vs);
	}
out:
	fclose(f);
	return ret;
}

#endif
