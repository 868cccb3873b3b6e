/*
 * The jail parameters kern_jail.c of 13.2 handles through tables: booleans
 * (with their "no" names), the jailsys nodes, and the allow.* flags, in the
 * kernel's order (jail_get fills them in this order, which decides which
 * error a call with several bad buffers reports).  This kernel has INET and
 * INET6, SysV IPC, devfs and no VIMAGE, so there is no "vnet" and the only
 * dynamic allow flag is allow.mount.devfs.  The sysctl descriptions of the
 * parameters (types, formats, OIDs) are in sysctl.c.
 */
#include "kmodel.h"

const struct bool_flags pr_flag_bool[] = {
	{ "persist", "nopersist", PR_PERSIST },
	{ "ip4.saddrsel", "ip4.nosaddrsel", PR_IP4_SADDRSEL },
	{ "ip6.saddrsel", "ip6.nosaddrsel", PR_IP6_SADDRSEL },
};
const size_t pr_flag_bool_count =
    sizeof(pr_flag_bool) / sizeof(pr_flag_bool[0]);

/* In 13.2 "new" and "disable" of ip4/ip6 are the same bit: both read as 0. */
const struct jailsys_flags pr_flag_jailsys[] = {
	{ "host", 0, PR_HOST },
	{ "ip4", PR_IP4_USER, PR_IP4_USER },
	{ "ip6", PR_IP6_USER, PR_IP6_USER },
};
const size_t pr_flag_jailsys_count =
    sizeof(pr_flag_jailsys) / sizeof(pr_flag_jailsys[0]);

const struct bool_flags pr_flag_allow[] = {
	{ "allow.set_hostname", "allow.noset_hostname", PR_ALLOW_SET_HOSTNAME },
	{ "allow.sysvipc", "allow.nosysvipc", PR_ALLOW_SYSVIPC },
	{ "allow.raw_sockets", "allow.noraw_sockets", PR_ALLOW_RAW_SOCKETS },
	{ "allow.chflags", "allow.nochflags", PR_ALLOW_CHFLAGS },
	{ "allow.mount", "allow.nomount", PR_ALLOW_MOUNT },
	{ "allow.quotas", "allow.noquotas", PR_ALLOW_QUOTAS },
	{ "allow.socket_af", "allow.nosocket_af", PR_ALLOW_SOCKET_AF },
	{ "allow.mlock", "allow.nomlock", PR_ALLOW_MLOCK },
	{ "allow.reserved_ports", "allow.noreserved_ports",
	    PR_ALLOW_RESERVED_PORTS },
	{ "allow.read_msgbuf", "allow.noread_msgbuf", PR_ALLOW_READ_MSGBUF },
	{ "allow.unprivileged_proc_debug", "allow.nounprivileged_proc_debug",
	    PR_ALLOW_UNPRIV_DEBUG },
	{ "allow.suser", "allow.nosuser", PR_ALLOW_SUSER },
	{ "allow.mount.devfs", "allow.mount.nodevfs", PR_ALLOW_MOUNT_DEVFS },
};
const size_t pr_flag_allow_count =
    sizeof(pr_flag_allow) / sizeof(pr_flag_allow[0]);

const char *const km_sysv_names[KM_NSYSV] = {
	[KM_SYSVMSG] = "sysvmsg",
	[KM_SYSVSEM] = "sysvsem",
	[KM_SYSVSHM] = "sysvshm",
};
