/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp MIB counters, one EM(enum, "Name") line each. Included with EM()
 * defined, by xtcp.h for the enum and by proc.c for the printed names.
 * Names follow /proc/net/snmp; the Xtcp prefix is printed per line.
 */
EM(XTCP_MIB_SOCKCREATE,		"SockCreate")
EM(XTCP_MIB_SOCKCREATEFAIL,	"SockCreateFail")
EM(XTCP_MIB_SOCKRELEASE,	"SockRelease")
/* UDP, as Linux's Udp: line; InDatagrams counts datagrams read by recvmsg. */
EM(XTCP_MIB_UDPINDATAGRAMS,	"UdpInDatagrams")
EM(XTCP_MIB_UDPNOPORTS,		"UdpNoPorts")
EM(XTCP_MIB_UDPINERRORS,	"UdpInErrors")
EM(XTCP_MIB_UDPOUTDATAGRAMS,	"UdpOutDatagrams")
EM(XTCP_MIB_UDPRCVBUFERRORS,	"UdpRcvbufErrors")
EM(XTCP_MIB_UDPSNDBUFERRORS,	"UdpSndbufErrors")
EM(XTCP_MIB_UDPINCSUMERRORS,	"UdpInCsumErrors")
EM(XTCP_MIB_UDPIGNOREDMULTI,	"UdpIgnoredMulti")
