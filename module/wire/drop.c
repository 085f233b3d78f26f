// SPDX-License-Identifier: GPL-2.0
/*
 * Printable names of the wire parsers' drop reasons, from the same list
 * (drop_reasons.h) as the enum.
 */
#include <linux/kernel.h>
#include <kunit/visibility.h>

#include "wire.h"

#define EM(a, b)	b,
#define E_(a, b)	b,
static const char *const xtcp_drop_reason_names[] = {
#include "drop_reasons.h"
};

#undef EM
#undef E_
static_assert(ARRAY_SIZE(xtcp_drop_reason_names) == __XTCP_DROP_MAX);

/**
 * xtcp_drop_reason_name() - the printable name of a drop reason
 * @reason: the reason
 *
 * Return: its name from drop_reasons.h ("BadCsum"), or "Unknown" for a
 * value outside the enum.
 */
const char *xtcp_drop_reason_name(enum xtcp_drop_reason reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(xtcp_drop_reason_names))
		return "Unknown";
	return xtcp_drop_reason_names[reason];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_drop_reason_name);
