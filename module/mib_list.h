/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp MIB counters, one EM(enum, "Name") line each. Included with EM()
 * defined, by xtcp.h for the enum and by proc.c for the printed names.
 * Names follow /proc/net/snmp; the Xtcp prefix is printed per line.
 */
EM(XTCP_MIB_SOCKCREATE,		"SockCreate")
EM(XTCP_MIB_SOCKCREATEFAIL,	"SockCreateFail")
EM(XTCP_MIB_SOCKRELEASE,	"SockRelease")
EM(XTCP_MIB_IPREASMREQDS,	"ReasmReqds")
EM(XTCP_MIB_IPREASMOKS,		"ReasmOKs")
EM(XTCP_MIB_IPREASMFAILS,	"ReasmFails")
EM(XTCP_MIB_IPREASMTIMEOUT,	"ReasmTimeout")
EM(XTCP_MIB_IPREASMOVERLAPS,	"ReasmOverlaps")
EM(XTCP_MIB_IPREASMDUPLICATES,	"ReasmDuplicates")
EM(XTCP_MIB_IPREASMOVERCAP,	"ReasmOverCap")
