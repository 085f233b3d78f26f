// SPDX-License-Identifier: GPL-2.0
/* The one place xtcp's tracepoints are instantiated. */
#define CREATE_TRACE_POINTS
#include "core/trace.h"
