/*
 * sysctl(3) and sysctlbyname(3) over a small OID tree: the
 * security.jail.param.* descriptions of every jail parameter of this kernel
 * (C4 of FREEBSD-KERNEL-ANSWERS.md, with the measured kinds, formats and the
 * OID numbers seen on 13.2), the security.jail.* knobs, a few kern.* values
 * and the undocumented meta-OIDs {0,1} name, {0,2} next leaf, {0,3}
 * name2oid, {0,4} oidfmt and {0,7} next OID (nodes included).
 *
 * Auto-numbered OIDs count down from 2^31 - 1 in registration order and
 * siblings are kept sorted by number, so walking in mib order visits the
 * parameters in the kernel's order.  Entries are listed by full name; an
 * entry ending in '.' is the empty-named leaf under a node (ip4., host.).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

#define CTL_MAXNAME	24
#define CTLTYPE		0xf
#define CTLTYPE_NODE	1
#define CTLTYPE_INT	2
#define CTLTYPE_STRING	3
#define CTLTYPE_OPAQUE	5
#define CTLTYPE_UINT	6
#define CTLTYPE_ULONG	8
#define CTLTYPE_U8	0xa
#define CTLFLAG_RD	0x80000000U
#define CTLFLAG_WR	0x40000000U
#define CTLFLAG_RW	(CTLFLAG_RD | CTLFLAG_WR)
#define CTLFLAG_DYN	0x02000000U
#define CTLFLAG_TUN	0x00080000U
#define CTLFLAG_MPSAFE	0x00040000U
#define CTLFLAG_NOFETCH	0x00001000U
#define A(n)		(2147483000 + (n))	/* auto-numbered OIDs */

#define K_NODE		(CTLFLAG_MPSAFE | CTLTYPE_NODE)
#define K_RWNODE	(CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_NODE)
#define K_RDINT		(CTLFLAG_RD | CTLFLAG_MPSAFE | CTLTYPE_INT)
#define K_RWINT		(CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_INT)
#define K_RWSTR		(CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_STRING)
#define K_TUNINT	(CTLFLAG_RD | CTLFLAG_TUN | CTLFLAG_MPSAFE | \
	CTLFLAG_NOFETCH | CTLTYPE_INT)
#define K_TUNSTR	(CTLFLAG_RD | CTLFLAG_TUN | CTLFLAG_MPSAFE | \
	CTLFLAG_NOFETCH | CTLTYPE_STRING)
#define K_RWSTRUCT	(CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_OPAQUE)

enum oid_handler {
	OH_NODE,	/* no handler: reading gives EISDIR */
	OH_PARAM,	/* a jail parameter description */
	OH_INT,		/* int variable arg1 */
	OH_STRING,	/* string arg1 of arg2 bytes */
	OH_ALLOW,	/* bit arg2 of jail_default_allow */
	OH_NOALLOW,	/* the same, inverted */
	OH_ZERO,	/* a constant 0: jailed, vnet on the host */
	OH_ONE,		/* a constant 1: kern.features.* */
	OH_CHILDCUR,	/* the host's children.cur */
	OH_LIST,	/* security.jail.list: struct xprison records */
	OH_U8		/* bool variable arg1 shown as a u_char */
};

struct oid {
	const char	*path;
	int		 number;
	unsigned int	 kind;
	const char	*fmt;
	enum oid_handler handler;
	void		*arg1;
	long		 arg2;
};

static int km_securelevel = -1;
static int km_osreldate = KM_OSRELDATE;
static char km_osrelease[] = KM_OSRELEASE;
static char km_ostype[] = "FreeBSD";

static const struct oid oids[] = {
	{ "kern", 1, K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "kern.ostype", 1, CTLFLAG_RD | CTLFLAG_MPSAFE | CTLTYPE_STRING,
	    "A", OH_STRING, km_ostype, sizeof(km_ostype) },
	{ "kern.osrelease", 2, CTLFLAG_RD | CTLFLAG_MPSAFE | CTLTYPE_STRING,
	    "A", OH_STRING, km_osrelease, sizeof(km_osrelease) },
	{ "kern.hostname", 10, K_RWSTR, "A", OH_STRING, prison0.pr_hostname,
	    MAXHOSTNAMELEN },
	{ "kern.osreldate", 24, K_RDINT, "I", OH_INT, &km_osreldate, 0 },
	{ "kern.securelevel", 32, K_RDINT, "I", OH_INT, &km_securelevel, 0 },
	{ "kern.racct", 2147482800, K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "kern.racct.enable", 2147482799,
	    CTLFLAG_RD | CTLFLAG_TUN | CTLFLAG_MPSAFE | CTLTYPE_U8, "CU", OH_U8,
	    &racct_enable, 0 },
	{ "kern.features", 2147482900, K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "kern.features.inet", 2147482899, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.inet6", 2147482898, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.racct", 2147482897, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.rctl", 2147482896, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.sysv_msg", 2147482895, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.sysv_sem", 2147482894, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "kern.features.sysv_shm", 2147482893, K_RDINT, "I", OH_ONE, NULL, 0 },
	{ "security", A(334), K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail", A(424), K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.list", A(423), CTLFLAG_RD | CTLFLAG_MPSAFE |
	    CTLTYPE_OPAQUE, "S", OH_LIST, NULL, 0 },
	{ "security.jail.jailed", A(422), K_RDINT, "I", OH_ZERO, NULL, 0 },
	{ "security.jail.vnet", A(421), K_RDINT, "I", OH_ZERO, NULL, 0 },
	{ "security.jail.jail_max_af_ips", A(420),
	    CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_UINT, "IU", OH_INT,
	    &jail_max_af_ips, 0 },
	{ "security.jail.set_hostname_allowed", A(419), K_RWINT, "I",
	    OH_ALLOW, NULL, PR_ALLOW_SET_HOSTNAME },
	{ "security.jail.socket_unixiproute_only", A(418), K_RWINT, "I",
	    OH_NOALLOW, NULL, PR_ALLOW_SOCKET_AF },
	{ "security.jail.sysvipc_allowed", A(417), K_RWINT, "I", OH_ALLOW,
	    NULL, PR_ALLOW_SYSVIPC },
	{ "security.jail.allow_raw_sockets", A(416), K_RWINT, "I", OH_ALLOW,
	    NULL, PR_ALLOW_RAW_SOCKETS },
	{ "security.jail.chflags_allowed", A(415), K_RWINT, "I", OH_ALLOW,
	    NULL, PR_ALLOW_CHFLAGS },
	{ "security.jail.mount_allowed", A(414), K_RWINT, "I", OH_ALLOW, NULL,
	    PR_ALLOW_MOUNT },
	{ "security.jail.mlock_allowed", A(413), K_RWINT, "I", OH_ALLOW, NULL,
	    PR_ALLOW_MLOCK },
	{ "security.jail.enforce_statfs", A(412), K_RWINT, "I", OH_INT,
	    &jail_default_enforce_statfs, 0 },
	{ "security.jail.param", A(411), K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.jid", A(410), K_TUNINT, "I", OH_PARAM, NULL, 0 },
	{ "security.jail.param.parent", A(409), K_RDINT, "I", OH_PARAM, NULL,
	    0 },
	{ "security.jail.param.name", A(408), K_RWSTR, "A", OH_PARAM, NULL,
	    MAXHOSTNAMELEN },
	{ "security.jail.param.path", A(407), K_TUNSTR, "A", OH_PARAM, NULL,
	    MAXPATHLEN },
	{ "security.jail.param.securelevel", A(406), K_RWINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.osreldate", A(405), K_TUNINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.osrelease", A(404), K_TUNSTR, "A", OH_PARAM,
	    NULL, OSRELEASELEN },
	{ "security.jail.param.enforce_statfs", A(403), K_RWINT, "I",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.devfs_ruleset", A(402), K_RWINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.persist", A(401), K_RWINT, "B", OH_PARAM, NULL,
	    0 },
	{ "security.jail.param.dying", A(400), K_RDINT, "B", OH_PARAM, NULL,
	    0 },
	{ "security.jail.param.children", A(399), K_NODE, "N", OH_NODE, NULL,
	    0 },
	{ "security.jail.param.children.cur", A(398), K_RDINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.children.max", A(397), K_RWINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.host", A(396), K_NODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.host.", A(395), K_RWINT, "E,jailsys", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.host.hostname", A(394), K_RWSTR, "A", OH_PARAM,
	    NULL, MAXHOSTNAMELEN },
	{ "security.jail.param.host.domainname", A(393), K_RWSTR, "A",
	    OH_PARAM, NULL, MAXHOSTNAMELEN },
	{ "security.jail.param.host.hostuuid", A(392), K_RWSTR, "A", OH_PARAM,
	    NULL, HOSTUUIDLEN },
	{ "security.jail.param.host.hostid", A(391),
	    CTLFLAG_RW | CTLFLAG_MPSAFE | CTLTYPE_ULONG, "LU", OH_PARAM, NULL,
	    0 },
	{ "security.jail.param.cpuset", A(390), K_NODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.cpuset.id", A(389), K_RDINT, "I", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.ip4", A(388), K_NODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.ip4.", A(387), K_TUNINT, "E,jailsys", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.ip4.addr", A(386), K_RWSTRUCT, "S,in_addr,a",
	    OH_PARAM, NULL, sizeof(struct in_addr) },
	{ "security.jail.param.ip4.saddrsel", A(385), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.ip6", A(384), K_NODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.ip6.", A(383), K_TUNINT, "E,jailsys", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.ip6.addr", A(382), K_RWSTRUCT, "S,in6_addr,a",
	    OH_PARAM, NULL, sizeof(struct in6_addr) },
	{ "security.jail.param.ip6.saddrsel", A(381), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow", A(380), K_NODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.param.allow.set_hostname", A(379), K_RWINT, "B",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.sysvipc", A(378), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow.raw_sockets", A(377), K_RWINT, "B",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.chflags", A(376), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow.quotas", A(375), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow.socket_af", A(374), K_RWINT, "B",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.mlock", A(373), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow.reserved_ports", A(372), K_RWINT, "B",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.read_msgbuf", A(371), K_RWINT, "B",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.unprivileged_proc_debug", A(370),
	    K_RWINT, "B", OH_PARAM, NULL, 0 },
	{ "security.jail.param.allow.suser", A(369), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.param.allow.mount", A(368), K_NODE, "N", OH_NODE,
	    NULL, 0 },
	{ "security.jail.param.allow.mount.", A(367), K_RWINT, "B", OH_PARAM,
	    NULL, 0 },
	{ "security.jail.devfs_ruleset", A(366), K_RDINT, "I", OH_INT,
	    &prison0.pr_devfs_rsnum, 0 },
	{ "security.jail.children", A(365), K_RWNODE, "N", OH_NODE, NULL, 0 },
	{ "security.jail.children.max", A(364), K_RDINT, "I", OH_INT,
	    &prison0.pr_childmax, 0 },
	{ "security.jail.children.cur", A(363), K_RDINT, "I", OH_CHILDCUR,
	    NULL, 0 },
	/* Registered later by devfs: a dynamic allow flag and its twin. */
	{ "security.jail.param.allow.mount.devfs", A(201),
	    K_RWINT | CTLFLAG_DYN, "B", OH_PARAM, NULL, 0 },
	{ "security.jail.mount_devfs_allowed", A(200), K_RWINT | CTLFLAG_DYN,
	    "I", OH_ALLOW, NULL, PR_ALLOW_MOUNT_DEVFS },
	/* Registered by the sysv modules, msg first. */
	{ "security.jail.param.sysvmsg", A(150), K_NODE, "N", OH_NODE, NULL,
	    0 },
	{ "security.jail.param.sysvmsg.", A(149), K_RWINT, "E,jailsys",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.sysvsem", A(140), K_NODE, "N", OH_NODE, NULL,
	    0 },
	{ "security.jail.param.sysvsem.", A(139), K_RWINT, "E,jailsys",
	    OH_PARAM, NULL, 0 },
	{ "security.jail.param.sysvshm", A(130), K_NODE, "N", OH_NODE, NULL,
	    0 },
	{ "security.jail.param.sysvshm.", A(129), K_RWINT, "E,jailsys",
	    OH_PARAM, NULL, 0 },
};
#define NOIDS	((int)(sizeof(oids) / sizeof(oids[0])))

static int oid_parent[NOIDS];
static int oid_len[NOIDS];
static int oid_mib[NOIDS][CTL_MAXNAME];
static pthread_once_t oid_once = PTHREAD_ONCE_INIT;

static int
oid_by_path(const char *path, size_t len)
{
	int i;

	for (i = 0; i < NOIDS; i++)
		if (strlen(oids[i].path) == len &&
		    strncmp(oids[i].path, path, len) == 0)
			return (i);
	return (-1);
}

static void
oid_init(void)
{
	const char *dot;
	int i, j, k;

	for (i = 0; i < NOIDS; i++) {
		dot = strrchr(oids[i].path, '.');
		oid_parent[i] = dot == NULL ? -1 :
		    oid_by_path(oids[i].path, (size_t)(dot - oids[i].path));
	}
	for (i = 0; i < NOIDS; i++) {
		for (j = i, k = 0; j != -1; j = oid_parent[j])
			k++;
		oid_len[i] = k;
		for (j = i; j != -1; j = oid_parent[j])
			oid_mib[i][--k] = oids[j].number;
	}
}

static void
oids_ready(void)
{
	if (pthread_once(&oid_once, oid_init) != 0)
		abort();
}

static const char *
oid_name(int i)
{
	const char *dot;

	dot = strrchr(oids[i].path, '.');
	return (dot == NULL ? oids[i].path : dot + 1);
}

static int
oid_child(int parent, int number)
{
	int i;

	for (i = 0; i < NOIDS; i++)
		if (oid_parent[i] == parent && oids[i].number == number)
			return (i);
	return (-1);
}

static int
oid_isnode(int i)
{
	return ((oids[i].kind & CTLTYPE) == CTLTYPE_NODE);
}

/* One sysctl request: where old data goes and how much was produced. */
struct req {
	void		*oldptr;
	size_t		 oldlen;	/* the caller's buffer size */
	size_t		 oldidx;	/* bytes produced so far */
	const void	*newptr;
	size_t		 newlen;
};

/* SYSCTL_OUT(): copy what fits, count everything, ENOMEM if cut short. */
static int
req_out(struct req *req, const void *p, size_t l)
{
	size_t i;

	i = l;
	if (req->oldptr != NULL) {
		if (req->oldlen <= req->oldidx)
			i = 0;
		else if (i > req->oldlen - req->oldidx)
			i = req->oldlen - req->oldidx;
		if (i > 0 && p != NULL)
			memcpy((char *)req->oldptr + req->oldidx, p, i);
	}
	req->oldidx += l;
	if (req->oldptr != NULL && i != l)
		return (KM_ENOMEM);
	return (0);
}

static int
handle_int(struct req *req, int *var)
{
	int error;

	if ((error = req_out(req, var, sizeof(*var))) != 0 ||
	    req->newptr == NULL)
		return (error);
	if (var == NULL)
		return (KM_EPERM);
	if (req->newlen < sizeof(*var))
		return (KM_EINVAL);
	memcpy(var, req->newptr, sizeof(*var));
	return (0);
}

static int
handle_string(struct req *req, char *s, size_t size)
{
	int error;

	if ((error = req_out(req, s, strlen(s) + 1)) != 0 ||
	    req->newptr == NULL)
		return (error);
	if (req->newlen >= size)
		return (KM_EINVAL);
	memcpy(s, req->newptr, req->newlen);
	s[req->newlen] = '\0';
	return (0);
}

/* Reading a parameter gives its type information, never jail data. */
static int
handle_param(const struct oid *oidp, struct req *req)
{
	char numbuf[12];
	size_t s;
	long l;
	int i;

	switch (oidp->kind & CTLTYPE) {
	case CTLTYPE_ULONG:
		l = 0;
		return (req_out(req, &l, sizeof(l)));
	case CTLTYPE_STRING:
		(void)snprintf(numbuf, sizeof(numbuf), "%ld", oidp->arg2);
		return (handle_string(req, numbuf, sizeof(numbuf)));
	case CTLTYPE_OPAQUE:
		s = (size_t)oidp->arg2;
		return (req_out(req, &s, sizeof(s)));
	default:
		i = 0;
		return (req_out(req, &i, sizeof(i)));
	}
}

static int
handle_allow(const struct oid *oidp, struct req *req, int inverted)
{
	int error, v;

	v = (jail_default_allow & (uint64_t)oidp->arg2) != 0;
	if (inverted)
		v = !v;
	if ((error = handle_int(req, &v)) != 0 || req->newptr == NULL)
		return (error);
	if ((v != 0) != (inverted != 0))
		jail_default_allow |= (uint64_t)oidp->arg2;
	else
		jail_default_allow &= ~(uint64_t)oidp->arg2;
	return (0);
}

/* struct xprison (version 3), then its addresses, for every jail. */
static int
handle_list(struct req *req)
{
	struct prison *pr;
	char xp[1560];
	uint32_t n4, n6;
	int error, i, v;

	for (i = 0; i < prison_count(); i++) {
		pr = prison_at(i);
		memset(xp, 0, sizeof(xp));
		v = 3;
		memcpy(xp, &v, 4);
		memcpy(xp + 4, &pr->pr_id, 4);
		memcpy(xp + 8, &pr->pr_state, 4);
		memcpy(xp + 16, pr->pr_path, sizeof(pr->pr_path));
		memcpy(xp + 1040, pr->pr_hostname, sizeof(pr->pr_hostname));
		memcpy(xp + 1296, pr->pr_name, sizeof(pr->pr_name));
		n4 = (uint32_t)pr->pr_ip4s;
		n6 = (uint32_t)pr->pr_ip6s;
		memcpy(xp + 1552, &n4, 4);
		memcpy(xp + 1556, &n6, 4);
		if ((error = req_out(req, xp, sizeof(xp))) != 0 ||
		    (error = req_out(req, pr->pr_ip4, n4 * 4)) != 0 ||
		    (error = req_out(req, pr->pr_ip6, n6 * 16)) != 0)
			return (error);
	}
	return (0);
}

static int
handle(const struct oid *oidp, struct req *req)
{
	int v;

	switch (oidp->handler) {
	case OH_PARAM:
		return (handle_param(oidp, req));
	case OH_INT:
		return (handle_int(req, oidp->arg1));
	case OH_STRING:
		return (handle_string(req, oidp->arg1, (size_t)oidp->arg2));
	case OH_ALLOW:
	case OH_NOALLOW:
		return (handle_allow(oidp, req, oidp->handler == OH_NOALLOW));
	case OH_CHILDCUR:
		v = prison0.pr_childcount;
		return (req_out(req, &v, sizeof(v)));
	case OH_LIST:
		return (handle_list(req));
	case OH_U8:
		v = *(int *)oidp->arg1;
		return (req_out(req, &(unsigned char){ (unsigned char)v }, 1));
	default:
		v = oidp->handler == OH_ONE;
		return (req_out(req, &v, sizeof(v)));
	}
}

/* name2oid(): a trailing dot is ignored, so "ip4." is the node "ip4". */
static int
name2oid(char *name, int *oid, int *len, int *found)
{
	char *p;
	int i, parent;

	parent = -1;
	for (*len = 0; *len < CTL_MAXNAME;) {
		p = strsep(&name, ".");
		for (i = 0; i < NOIDS; i++)
			if (oid_parent[i] == parent &&
			    strcmp(p, oid_name(i)) == 0)
				break;
		if (i == NOIDS)
			return (KM_ENOENT);
		oid[(*len)++] = oids[i].number;
		if (name == NULL || *name == '\0') {
			*found = i;
			return (0);
		}
		if (!oid_isnode(i))
			break;
		parent = i;
	}
	return (KM_ENOENT);
}

static int
meta_name2oid(struct req *req)
{
	char buf[MAXPATHLEN];
	int error, found, len, oid[CTL_MAXNAME];

	if (req->newlen == 0)
		return (KM_ENOENT);
	if (req->newlen >= MAXPATHLEN)
		return (KM_ENAMETOOLONG);
	memcpy(buf, req->newptr, req->newlen);
	buf[req->newlen] = '\0';
	if ((error = name2oid(buf, oid, &len, &found)) != 0)
		return (error);
	return (req_out(req, oid, (size_t)len * sizeof(int)));
}

/* {0,1}: components it does not know are printed as numbers. */
static int
meta_name(const int *name, unsigned int namelen, struct req *req)
{
	char buf[16];
	const char *s;
	int error, i, parent, known;

	parent = -1;
	known = 1;
	for (; namelen > 0; namelen--, name++) {
		i = known ? oid_child(parent, *name) : -1;
		if (i == -1) {
			known = 0;
			(void)snprintf(buf, sizeof(buf), "%d", *name);
		}
		s = i == -1 ? buf : oid_name(i);
		if ((req->oldidx > 0 && (error = req_out(req, ".", 1)) != 0) ||
		    (error = req_out(req, s, strlen(s))) != 0)
			return (error);
		if (i != -1 && !oid_isnode(i))
			known = 0;
		parent = i;
	}
	return (req_out(req, "", 1));
}

static int
mib_cmp(const int *a, int alen, const int *b, int blen)
{
	int i;

	for (i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return (a[i] < b[i] ? -1 : 1);
	return (alen - blen);
}

/* {0,2} and {0,7}: the first OID after name in mib (tree) order. */
static int
meta_next(const int *name, unsigned int namelen, struct req *req, int nodes)
{
	int best, i;

	best = -1;
	for (i = 0; i < NOIDS; i++) {
		if (!nodes && oid_isnode(i))
			continue;
		if (mib_cmp(oid_mib[i], oid_len[i], name, (int)namelen) <= 0)
			continue;
		if (best == -1 || mib_cmp(oid_mib[i], oid_len[i], oid_mib[best],
		    oid_len[best]) < 0)
			best = i;
	}
	if (best == -1)
		return (KM_ENOENT);
	return (req_out(req, oid_mib[best],
	    (size_t)oid_len[best] * sizeof(int)));
}

/* sysctl_find_oid(): ENOENT for an unknown OID, ENOTDIR below a leaf. */
static int
find_oid(const int *name, unsigned int namelen, int *found)
{
	unsigned int indx;
	int i, parent;

	parent = -1;
	for (indx = 0; indx < namelen; indx++) {
		if ((i = oid_child(parent, name[indx])) == -1)
			return (KM_ENOENT);
		if (indx + 1 == namelen) {
			*found = i;
			return (0);
		}
		if (!oid_isnode(i))
			return (KM_ENOTDIR);
		parent = i;
	}
	return (KM_ENOENT);
}

static int
meta_oidfmt(const int *name, unsigned int namelen, struct req *req)
{
	unsigned int kind;
	int error, i;

	if ((error = find_oid(name, namelen, &i)) != 0)
		return (error);
	kind = oids[i].kind;
	if ((error = req_out(req, &kind, sizeof(kind))) != 0)
		return (error);
	return (req_out(req, oids[i].fmt, strlen(oids[i].fmt) + 1));
}

static int
sysctl_meta(const int *name, unsigned int namelen, struct req *req)
{
	switch (name[1]) {
	case 1:
		return (meta_name(name + 2, namelen - 2, req));
	case 2:
		return (meta_next(name + 2, namelen - 2, req, 0));
	case 3:
		return (meta_name2oid(req));
	case 4:
		return (meta_oidfmt(name + 2, namelen - 2, req));
	case 7:
		return (meta_next(name + 2, namelen - 2, req, 1));
	default:
		return (KM_ENOENT);
	}
}

static int
sysctl_root(const int *name, unsigned int namelen, struct req *req)
{
	int error, i;

	if (name[0] == 0)
		return (sysctl_meta(name, namelen, req));
	if ((error = find_oid(name, namelen, &i)) != 0)
		return (error);
	if (oids[i].handler == OH_NODE)
		return (KM_EISDIR);
	if (req->newptr != NULL && !(oids[i].kind & CTLFLAG_WR))
		return (KM_EPERM);
	return (handle(&oids[i], req));
}

int
kern_sysctl(const int *name, unsigned int namelen, void *old, size_t *oldlenp,
    const void *new, size_t newlen)
{
	struct req req;
	int error;

	if (namelen > CTL_MAXNAME || namelen < 2)
		return (KM_EINVAL);
	if (name == NULL)
		return (KM_EFAULT);
	oids_ready();
	memset(&req, 0, sizeof(req));
	req.oldlen = oldlenp != NULL ? *oldlenp : 0;
	req.oldptr = old;
	req.newptr = new;
	req.newlen = new != NULL ? newlen : 0;
	error = sysctl_root(name, namelen, &req);
	if (error != 0 && error != KM_ENOMEM)
		return (error);
	if (oldlenp != NULL)
		*oldlenp = (req.oldptr != NULL && req.oldidx > req.oldlen) ?
		    req.oldlen : req.oldidx;
	return (error);
}

/* __sysctlbyname(2), present in 13.2: name2oid, then an ordinary call. */
int
kern_sysctlbyname(const char *name, void *old, size_t *oldlenp,
    const void *new, size_t newlen)
{
	char buf[MAXPATHLEN];
	int error, found, len, oid[CTL_MAXNAME];

	if (name == NULL)
		return (KM_EFAULT);
	if (strlen(name) >= MAXPATHLEN)
		return (KM_ENAMETOOLONG);
	oids_ready();
	strcpy(buf, name);
	if ((error = name2oid(buf, oid, &len, &found)) != 0)
		return (error);
	return (kern_sysctl(oid, (unsigned int)len, old, oldlenp, new, newlen));
}
