/*
 * jail_set(2) and the obsolete jail(2), following kern_jail_set() of 13.2
 * check by check: the order of the checks decides which error a call with
 * several faults gets, and whether errmsg is written.  A new prison gets its
 * JID before the last checks (limits, addresses, names, modules, unknown
 * parameters), so a create rejected there has still used up an automatic
 * JID, as on the real kernel.
 */
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

struct jset {
	struct vfsoptlist opts;
	int		 flags;
	int		 cuflags;
	int		 jid;
	int		 gotslevel, slevel;
	int		 gotchildmax, childmax;
	int		 gotenforce, enforce;
	int		 gotrsnum, rsnum;
	int		 gothid;
	unsigned long	 hid;
	uint64_t	 pr_flags, ch_flags, pr_allow, ch_allow;
	char		*name, *host, *domain, *uuid, *osrelstr, *path, *namelc;
	int		 osreldt;
	int		 ip4s, ip6s;
	struct in_addr	 ip4[KM_MAX_AF_IPS];
	struct in6_addr	 ip6[KM_MAX_AF_IPS];
	int		 sysv[KM_NSYSV];	/* -1: not given */
	char		 g_path[MAXPATHLEN];
	char		 namebuf[MAXHOSTNAMELEN];
	char		 numbuf[12];
	size_t		 namelen, onamelen;
	struct prison	*pr, *ppr;
	int		 created;
};

/* Visits the descendants of pr, pre-order; fn returns 0 to skip a subtree. */
static void
walk_descendants(struct prison *pr, int level,
    int (*fn)(struct prison *, int, void *), void *arg)
{
	struct prison *tpr;
	int i;

	for (i = 0; i < prison_count(); i++) {
		tpr = prison_at(i);
		if (tpr->pr_parent == pr && fn(tpr, level, arg))
			walk_descendants(tpr, level + 1, fn, arg);
	}
}

static int
get_int(struct jset *js, const char *name, int *got, int *val)
{
	int error;

	error = vfs_copyopt(&js->opts, name, val, sizeof(*val));
	*got = error == 0;
	return (error == KM_ENOENT ? 0 : error);
}

static int
parse_ints(struct jset *js)
{
	int error, gotjid;

	if ((error = get_int(js, "jid", &gotjid, &js->jid)) != 0)
		return (error);
	if (!gotjid)
		js->jid = 0;
	if ((error = get_int(js, "securelevel", &js->gotslevel,
	    &js->slevel)) != 0)
		return (error);
	if ((error = get_int(js, "children.max", &js->gotchildmax,
	    &js->childmax)) != 0)
		return (error);
	if ((error = get_int(js, "enforce_statfs", &js->gotenforce,
	    &js->enforce)) != 0)
		return (error);
	if (js->gotenforce && (js->enforce < 0 || js->enforce > 2))
		return (KM_EINVAL);
	return (get_int(js, "devfs_ruleset", &js->gotrsnum, &js->rsnum));
}

static int
parse_flags(struct jset *js)
{
	const struct bool_flags *bf;
	const struct jailsys_flags *jsf;
	size_t i;
	int error, jsys;

	for (i = 0; i < pr_flag_bool_count; i++) {
		bf = &pr_flag_bool[i];
		vfs_flagopt(&js->opts, bf->name, &js->pr_flags, bf->flag);
		vfs_flagopt(&js->opts, bf->noname, &js->ch_flags, bf->flag);
	}
	js->ch_flags |= js->pr_flags;
	for (i = 0; i < pr_flag_jailsys_count; i++) {
		jsf = &pr_flag_jailsys[i];
		error = vfs_copyopt(&js->opts, jsf->name, &jsys, sizeof(jsys));
		if (error == KM_ENOENT)
			continue;
		if (error != 0)
			return (error);
		switch (jsys) {
		case JAIL_SYS_DISABLE:
			if (!jsf->disable)
				return (KM_EINVAL);
			js->pr_flags |= jsf->disable;
			break;
		case JAIL_SYS_NEW:
			js->pr_flags |= jsf->new;
			break;
		case JAIL_SYS_INHERIT:
			break;
		default:
			return (KM_EINVAL);
		}
		js->ch_flags |= jsf->new | jsf->disable;
	}
	return (0);
}

static int
check_operation(struct jset *js)
{
	if ((js->flags & (JAIL_CREATE | JAIL_ATTACH)) == JAIL_CREATE &&
	    !(js->pr_flags & PR_PERSIST)) {
		vfs_opterror(&js->opts, "new jail must persist or attach");
		return (KM_EINVAL);
	}
	if ((js->flags & JAIL_UPDATE) && (js->ch_flags & PR_IP4_USER)) {
		vfs_opterror(&js->opts, "ip4 cannot be changed after creation");
		return (KM_EINVAL);
	}
	if ((js->flags & JAIL_UPDATE) && (js->ch_flags & PR_IP6_USER)) {
		vfs_opterror(&js->opts, "ip6 cannot be changed after creation");
		return (KM_EINVAL);
	}
	return (0);
}

static void
parse_allow(struct jset *js)
{
	const struct bool_flags *bf;
	size_t i;

	for (i = 0; i < pr_flag_allow_count; i++) {
		bf = &pr_flag_allow[i];
		vfs_flagopt(&js->opts, bf->name, &js->pr_allow, bf->flag);
		vfs_flagopt(&js->opts, bf->noname, &js->ch_allow, bf->flag);
	}
	js->ch_allow |= js->pr_allow;
}

/* A string parameter: NUL-terminated, at most max bytes with the NUL. */
static int
get_string(struct jset *js, const char *name, size_t max, char **out)
{
	void *value;
	size_t len;

	*out = NULL;
	if (vfs_getopt(&js->opts, name, &value, &len) != 0)
		return (0);
	if (len == 0 || ((char *)value)[len - 1] != '\0')
		return (KM_EINVAL);
	if (len > max)
		return (KM_ENAMETOOLONG);
	*out = value;
	return (0);
}

/* host.*: any of them means the jail gets its own host information. */
static int
get_host_string(struct jset *js, const char *name, size_t max, char **out)
{
	int error;

	if ((error = get_string(js, name, max, out)) == 0 && *out != NULL) {
		js->ch_flags |= PR_HOST;
		js->pr_flags |= PR_HOST;
	}
	return (error);
}

static int
parse_host(struct jset *js)
{
	int error;

	if ((error = get_string(js, "name", MAXHOSTNAMELEN, &js->name)) != 0 ||
	    (error = get_host_string(js, "host.hostname", MAXHOSTNAMELEN,
	    &js->host)) != 0 ||
	    (error = get_host_string(js, "host.domainname", MAXHOSTNAMELEN,
	    &js->domain)) != 0 ||
	    (error = get_host_string(js, "host.hostuuid", HOSTUUIDLEN,
	    &js->uuid)) != 0)
		return (error);
	error = vfs_copyopt(&js->opts, "host.hostid", &js->hid,
	    sizeof(js->hid));
	if (error == KM_ENOENT)
		return (0);
	if (error != 0)
		return (error);
	js->gothid = 1;
	js->ch_flags |= PR_HOST;
	js->pr_flags |= PR_HOST;
	return (0);
}

static int
qcmp_v4(const void *a, const void *b)
{
	uint32_t x, y;

	x = ntohl(((const struct in_addr *)a)->s_addr);
	y = ntohl(((const struct in_addr *)b)->s_addr);
	return (x > y ? 1 : x < y ? -1 : 0);
}

static int
qcmp_v6(const void *a, const void *b)
{
	return (memcmp(a, b, sizeof(struct in6_addr)));
}

/* ip4.addr/ip6.addr: the first address stays first, the rest are sorted. */
static int
parse_addrs(struct jset *js, const char *name, void *addrs, int *naddr,
    size_t size, uint64_t flag, const char *toomany)
{
	void *op;
	size_t len;

	*naddr = 0;
	if (vfs_getopt(&js->opts, name, &op, &len) != 0)
		return (0);
	if (len % size != 0)
		return (KM_EINVAL);
	js->ch_flags |= flag;
	js->pr_flags |= flag;
	if (len == 0)
		return (0);
	if (len / size > jail_max_af_ips) {
		vfs_opterror(&js->opts, "%s", toomany);
		return (KM_EINVAL);
	}
	*naddr = (int)(len / size);
	memcpy(addrs, op, len);
	if (*naddr > 1)
		qsort((char *)addrs + size, (size_t)*naddr - 1, size,
		    size == sizeof(struct in_addr) ? qcmp_v4 : qcmp_v6);
	return (0);
}

static int
check_ip4(const struct jset *js)
{
	int ii;

	for (ii = 0; ii < js->ip4s; ii++) {
		if (js->ip4[ii].s_addr == INADDR_ANY ||
		    js->ip4[ii].s_addr == INADDR_BROADCAST)
			return (KM_EINVAL);
		if (ii + 1 < js->ip4s &&
		    (js->ip4[0].s_addr == js->ip4[ii + 1].s_addr ||
		    js->ip4[ii].s_addr == js->ip4[ii + 1].s_addr))
			return (KM_EINVAL);
	}
	return (0);
}

static int
check_ip6(const struct jset *js)
{
	int ii;

	for (ii = 0; ii < js->ip6s; ii++) {
		if (IN6_IS_ADDR_UNSPECIFIED(&js->ip6[ii]))
			return (KM_EINVAL);
		if (ii + 1 < js->ip6s &&
		    (IN6_ARE_ADDR_EQUAL(&js->ip6[0], &js->ip6[ii + 1]) ||
		    IN6_ARE_ADDR_EQUAL(&js->ip6[ii], &js->ip6[ii + 1])))
			return (KM_EINVAL);
	}
	return (0);
}

static int
parse_ips(struct jset *js)
{
	int error;

	error = parse_addrs(js, "ip4.addr", js->ip4, &js->ip4s,
	    sizeof(struct in_addr), PR_IP4_USER, "too many IPv4 addresses");
	if (error == 0)
		error = check_ip4(js);
	if (error == 0)
		error = parse_addrs(js, "ip6.addr", js->ip6, &js->ip6s,
		    sizeof(struct in6_addr), PR_IP6_USER,
		    "too many IPv6 addresses");
	if (error == 0)
		error = check_ip6(js);
	return (error);
}

static int
parse_osrel(struct jset *js)
{
	void *value;
	size_t len;
	int error;

	if (vfs_getopt(&js->opts, "osrelease", &value, &len) == 0) {
		if (js->flags & JAIL_UPDATE) {
			vfs_opterror(&js->opts,
			    "osrelease cannot be changed after creation");
			return (KM_EINVAL);
		}
		if (len == 0 || ((char *)value)[len - 1] != '\0')
			return (KM_EINVAL);
		if (len >= OSRELEASELEN) {
			vfs_opterror(&js->opts,
			    "osrelease string must be 1-%d bytes long",
			    OSRELEASELEN - 1);
			return (KM_ENAMETOOLONG);
		}
		js->osrelstr = value;
	}
	error = vfs_copyopt(&js->opts, "osreldate", &js->osreldt,
	    sizeof(js->osreldt));
	if (error == KM_ENOENT) {
		js->osreldt = 0;
		return (0);
	}
	if (error != 0)
		return (error);
	if (js->flags & JAIL_UPDATE) {
		vfs_opterror(&js->opts,
		    "osreldate cannot be changed after creation");
		return (KM_EINVAL);
	}
	if (js->osreldt == 0) {
		vfs_opterror(&js->opts, "osreldate cannot be 0");
		return (KM_EINVAL);
	}
	return (0);
}

/* namei() on the host file system, answering with FreeBSD errno numbers. */
static int
lookup_dir(const char *path, char *global)
{
	char resolved[PATH_MAX];
	struct stat sb;

	if (strlen(path) >= MAXPATHLEN)
		return (KM_ENAMETOOLONG);
	if (path[0] == '\0' || stat(path, &sb) == -1) {
		switch (path[0] == '\0' ? ENOENT : errno) {
		case ENOENT:
			return (KM_ENOENT);
		case ENOTDIR:
			return (KM_ENOTDIR);
		case EACCES:
			return (KM_EACCES);
		case ELOOP:
			return (KM_ELOOP);
		case ENAMETOOLONG:
			return (KM_ENAMETOOLONG);
		default:
			return (KM_EINVAL);
		}
	}
	if (!S_ISDIR(sb.st_mode))
		return (KM_ENOTDIR);
	/* The kernel stores the global path of the vnode. */
	if (realpath(path, resolved) == NULL || strlen(resolved) >= MAXPATHLEN)
		return (KM_ENAMETOOLONG);
	strcpy(global, resolved);
	return (0);
}

static int
parse_path(struct jset *js)
{
	void *value;
	size_t len;
	int error;

	if (vfs_getopt(&js->opts, "path", &value, &len) != 0)
		return (0);
	if (js->flags & JAIL_UPDATE) {
		vfs_opterror(&js->opts,
		    "path cannot be changed after creation");
		return (KM_EINVAL);
	}
	if (len == 0 || ((char *)value)[len - 1] != '\0')
		return (KM_EINVAL);
	if ((error = lookup_dir(value, js->g_path)) != 0)
		return (error);
	js->path = js->g_path;
	return (0);
}

static int
parse_all(struct jset *js)
{
	int error;

	js->cuflags = js->flags & (JAIL_CREATE | JAIL_UPDATE);
	if (!js->cuflags) {
		vfs_opterror(&js->opts,
		    "no valid operation (create or update)");
		return (KM_EINVAL);
	}
	if ((error = parse_ints(js)) != 0 || (error = parse_flags(js)) != 0 ||
	    (error = check_operation(js)) != 0)
		return (error);
	parse_allow(js);
	if ((error = parse_host(js)) != 0 || (error = parse_ips(js)) != 0 ||
	    (error = parse_osrel(js)) != 0)
		return (error);
	return (parse_path(js));
}

/* The jid key: create must not find it, update must. */
static int
find_by_jid(struct jset *js)
{
	struct prison *pr;

	if (js->jid < 0) {
		vfs_opterror(&js->opts, "negative jid");
		return (KM_EINVAL);
	}
	if ((pr = prison_find(js->jid)) == NULL) {
		if (js->cuflags == JAIL_UPDATE) {
			vfs_opterror(&js->opts, "jail %d not found", js->jid);
			return (KM_ENOENT);
		}
		return (0);
	}
	if (js->cuflags == JAIL_CREATE) {
		vfs_opterror(&js->opts, "jail %d already exists", js->jid);
		return (KM_EEXIST);
	}
	js->pr = pr;
	js->ppr = pr->pr_parent;
	if (!prison_isalive(js->ppr)) {
		vfs_opterror(&js->opts, "jail %d is dying", js->ppr->pr_id);
		return (KM_ENOENT);
	}
	if (!prison_isalive(pr)) {
		if (!(js->flags & JAIL_DYING)) {
			vfs_opterror(&js->opts, "jail %d is dying", js->jid);
			return (KM_ENOENT);
		}
		/* Resurrecting: the name must still be free, so re-set it. */
		if (((js->flags & JAIL_ATTACH) ||
		    (js->pr_flags & PR_PERSIST)) && js->name == NULL) {
			strcpy(js->namebuf, pr->pr_name);
			js->name = js->namebuf;
		}
	}
	return (0);
}

/* "a.b": the parent "a" must exist (or match the jail found by jid). */
static int
find_parent(struct jset *js, char *dot)
{
	char *name;

	name = js->name;
	if (js->pr != NULL) {
		if (strncmp(name, js->ppr->pr_name,
		    (size_t)(dot - name)) != 0 ||
		    js->ppr->pr_name[dot - name] != '\0') {
			vfs_opterror(&js->opts, "cannot change jail's parent");
			return (KM_EINVAL);
		}
		return (0);
	}
	*dot = '\0';
	js->ppr = prison_find_name(name);
	if (js->ppr == NULL) {
		vfs_opterror(&js->opts, "jail \"%s\" not found", name);
		return (KM_ENOENT);
	}
	if (!prison_isalive(js->ppr)) {
		vfs_opterror(&js->opts, "jail \"%s\" is dying", name);
		return (KM_ENOENT);
	}
	*dot = '.';
	return (0);
}

/* A sibling with the same name: the jail to update, or a clash. */
static int
find_sibling(struct jset *js)
{
	struct prison *tpr, *deadpr;
	size_t pnamelen;
	int i;

	pnamelen = js->ppr == &prison0 ? 0 : strlen(js->ppr->pr_name) + 1;
	deadpr = NULL;
	for (i = 0; i < prison_count(); i++) {
		tpr = prison_at(i);
		if (tpr->pr_parent != js->ppr || tpr == js->pr ||
		    strcmp(tpr->pr_name + pnamelen, js->namelc) != 0)
			continue;
		if (prison_isalive(tpr)) {
			if (js->pr == NULL && js->cuflags != JAIL_CREATE) {
				js->pr = tpr;
				return (0);
			}
			vfs_opterror(&js->opts, "jail \"%s\" already exists",
			    js->name);
			return (KM_EEXIST);
		}
		if (js->pr == NULL && js->cuflags != JAIL_CREATE)
			deadpr = tpr;
	}
	if (deadpr != NULL && js->pr == NULL) {
		if (js->flags & JAIL_DYING)
			js->pr = deadpr;
		else if (js->cuflags == JAIL_UPDATE) {
			vfs_opterror(&js->opts, "jail \"%s\" is dying",
			    js->name);
			return (KM_ENOENT);
		}
	} else if (js->cuflags == JAIL_UPDATE && js->pr == NULL) {
		vfs_opterror(&js->opts, "jail \"%s\" not found", js->name);
		return (KM_ENOENT);
	}
	return (0);
}

static int
find_prison(struct jset *js)
{
	char *dot, *p;
	int error;

	js->ppr = &prison0;
	if (js->cuflags == JAIL_CREATE && js->jid == 0 && js->name != NULL) {
		dot = strrchr(js->name, '.');
		js->jid = (int)strtoul(dot != NULL ? dot + 1 : js->name, &p,
		    10);
		if (*p != '\0')
			js->jid = 0;
	}
	if (js->jid != 0 && (error = find_by_jid(js)) != 0)
		return (error);
	if (js->name == NULL) {
		if (js->cuflags == JAIL_UPDATE && js->pr == NULL) {
			vfs_opterror(&js->opts, "update specified no jail");
			return (KM_ENOENT);
		}
		return (0);
	}
	dot = strrchr(js->name, '.');
	js->namelc = js->name;
	if (dot != NULL) {
		if ((error = find_parent(js, dot)) != 0)
			return (error);
		js->namelc = dot + 1;
	}
	return (js->namelc[0] != '\0' ? find_sibling(js) : 0);
}

static void
inherit_ips(struct prison *pr, const struct jset *js)
{
	const struct prison *ppr = js->ppr;

	if (!(js->ch_flags & PR_IP4_USER))
		pr->pr_flags |= PR_IP4 | PR_IP4_USER;
	else if (!(js->pr_flags & PR_IP4_USER)) {
		pr->pr_flags |= ppr->pr_flags & PR_IP4;
		pr->pr_ip4s = ppr->pr_ip4s;
		memcpy(pr->pr_ip4, ppr->pr_ip4, sizeof(pr->pr_ip4));
	}
	if (!(js->ch_flags & PR_IP6_USER))
		pr->pr_flags |= PR_IP6 | PR_IP6_USER;
	else if (!(js->pr_flags & PR_IP6_USER)) {
		pr->pr_flags |= ppr->pr_flags & PR_IP6;
		pr->pr_ip6s = ppr->pr_ip6s;
		memcpy(pr->pr_ip6, ppr->pr_ip6, sizeof(pr->pr_ip6));
	}
}

/* A new prison with its defaults; it joins allprison only on success. */
static int
create_prison(struct jset *js)
{
	struct prison *pr, *ppr;

	if (prison0.pr_childcount >= prison0.pr_childmax) {
		vfs_opterror(&js->opts, "prison limit exceeded");
		return (KM_EPERM);
	}
	if (js->jid == 0 && (js->jid = get_next_prid()) == 0) {
		vfs_opterror(&js->opts, "no available jail IDs");
		return (KM_EAGAIN);
	}
	if ((pr = calloc(1, sizeof(*pr))) == NULL)
		return (KM_ENOMEM);
	ppr = js->ppr;
	js->pr = pr;
	js->created = 1;
	pr->pr_id = js->jid;
	pr->pr_parent = ppr;
	if (js->namelc == NULL)
		js->namelc = "";
	if (js->path == NULL)
		js->path = "/";
	strcpy(pr->pr_hostuuid, DEFAULT_HOSTUUID);
	pr->pr_flags |= PR_HOST;
	inherit_ips(pr, js);
	pr->pr_flags |= PR_IP4_SADDRSEL | PR_IP6_SADDRSEL;
	pr->pr_securelevel = ppr->pr_securelevel;
	pr->pr_allow = JAIL_DEFAULT_ALLOW & ppr->pr_allow;
	pr->pr_enforce_statfs = jail_default_enforce_statfs;
	pr->pr_devfs_rsnum = ppr->pr_devfs_rsnum;
	pr->pr_osreldate = js->osreldt ? js->osreldt : ppr->pr_osreldate;
	strcpy(pr->pr_osrelease,
	    js->osrelstr != NULL ? js->osrelstr : ppr->pr_osrelease);
	pr->pr_cpuset = prison_next_cpuset();
	return (0);
}

static int
check_existing(struct jset *js)
{
	uint64_t changed;

	changed = js->ch_flags & (js->pr_flags ^ js->pr->pr_flags);
	if (changed & PR_IP4_USER) {
		vfs_opterror(&js->opts, "ip4 cannot be changed after creation");
		return (KM_EINVAL);
	}
	if (changed & PR_IP6_USER) {
		vfs_opterror(&js->opts, "ip6 cannot be changed after creation");
		return (KM_EINVAL);
	}
	return (0);
}

static int
check_limits(const struct jset *js)
{
	const struct prison *ppr = js->ppr;

	if (js->gotslevel && js->slevel < ppr->pr_securelevel)
		return (KM_EPERM);
	if (js->gotchildmax && js->childmax >= ppr->pr_childmax)
		return (KM_EPERM);
	if (js->gotenforce && js->enforce < ppr->pr_enforce_statfs)
		return (KM_EPERM);
	if (js->gotrsnum && (js->rsnum < 0 || js->rsnum > 65535))
		return (KM_EINVAL);
	return (0);
}

static int
has_addr(const void *list, int n, const void *addr, size_t size)
{
	int i;

	for (i = 0; i < n; i++)
		if (memcmp((const char *)list + (size_t)i * size, addr,
		    size) == 0)
			return (1);
	return (0);
}

/* The new addresses must be a subset of a restricted parent's. */
static int
check_subset(const void *addrs, int n, const void *paddrs, int pn, size_t size)
{
	int i;

	for (i = 0; i < n; i++)
		if (!has_addr(paddrs, pn,
		    (const char *)addrs + (size_t)i * size, size))
			return (KM_EPERM);
	return (0);
}

struct clash {
	const struct jset	*js;
	int			 v6;
	int			 found;
};

/* Another jail restricted to some of these addresses, unless both have one. */
static int
clash_visit(struct prison *tpr, int level, void *arg)
{
	struct clash *c = arg;
	const struct jset *js = c->js;
	int i, n, tn;

	(void)level;
	if (tpr == js->pr || !prison_isalive(tpr))
		return (0);
	if (!(tpr->pr_flags & (c->v6 ? PR_IP6_USER : PR_IP4_USER)))
		return (1);
	n = c->v6 ? js->ip6s : js->ip4s;
	tn = c->v6 ? tpr->pr_ip6s : tpr->pr_ip4s;
	if (tn == 0 || (n == 1 && tn == 1))
		return (0);
	for (i = 0; i < n; i++) {
		if (c->v6 ? has_addr(tpr->pr_ip6, tn, &js->ip6[i],
		    sizeof(js->ip6[i])) : has_addr(tpr->pr_ip4, tn, &js->ip4[i],
		    sizeof(js->ip4[i])))
			c->found = 1;
	}
	return (0);
}

static int
check_addrs(struct jset *js)
{
	struct clash c;
	int error;

	if (js->ip4s > 0 && (js->ppr->pr_flags & PR_IP4) &&
	    (error = check_subset(js->ip4, js->ip4s, js->ppr->pr_ip4,
	    js->ppr->pr_ip4s, sizeof(js->ip4[0]))) != 0)
		return (error);
	c.js = js;
	c.v6 = 0;
	c.found = 0;
	if (js->ip4s > 0)
		walk_descendants(&prison0, 1, clash_visit, &c);
	if (c.found) {
		vfs_opterror(&js->opts, "IPv4 addresses clash");
		return (KM_EADDRINUSE);
	}
	if (js->ip6s > 0 && (js->ppr->pr_flags & PR_IP6) &&
	    (error = check_subset(js->ip6, js->ip6s, js->ppr->pr_ip6,
	    js->ppr->pr_ip6s, sizeof(js->ip6[0]))) != 0)
		return (error);
	c.v6 = 1;
	if (js->ip6s > 0)
		walk_descendants(&prison0, 1, clash_visit, &c);
	if (c.found) {
		vfs_opterror(&js->opts, "IPv6 addresses clash");
		return (KM_EADDRINUSE);
	}
	return (0);
}

struct namelen_check {
	size_t	namelen, onamelen;
	int	toolong;
};

static int
namelen_visit(struct prison *tpr, int level, void *arg)
{
	struct namelen_check *nc = arg;

	(void)level;
	if (strlen(tpr->pr_name) + (nc->namelen - nc->onamelen) >=
	    sizeof(tpr->pr_name))
		nc->toolong = 1;
	return (1);
}

/* Default name = the JID; a numeric name must be the JID itself. */
static int
check_name(struct jset *js)
{
	struct namelen_check nc;
	size_t pnamelen;
	char *p;

	if (js->namelc == NULL)
		return (0);
	if (js->namelc[0] == '\0') {
		(void)snprintf(js->numbuf, sizeof(js->numbuf), "%d", js->jid);
		js->namelc = js->numbuf;
	} else if ((strtoul(js->namelc, &p, 10) != (unsigned long)js->jid ||
	    js->namelc[0] < '1' || js->namelc[0] > '9') && *p == '\0') {
		vfs_opterror(&js->opts,
		    "name cannot be numeric (unless it is the jid)");
		return (KM_EINVAL);
	}
	pnamelen = js->ppr == &prison0 ? 0 : strlen(js->ppr->pr_name) + 1;
	js->onamelen = js->created ? 0 : strlen(js->pr->pr_name + pnamelen);
	js->namelen = strlen(js->namelc);
	if (pnamelen + js->namelen + 1 > sizeof(js->pr->pr_name))
		return (KM_ENAMETOOLONG);
	nc.namelen = js->namelen;
	nc.onamelen = js->onamelen;
	nc.toolong = 0;
	walk_descendants(js->pr, 1, namelen_visit, &nc);
	return (nc.toolong ? KM_ENAMETOOLONG : 0);
}

/* PR_METHOD_CHECK of the sysvmsg/sysvsem/sysvshm modules. */
static int
check_sysv(struct jset *js)
{
	int error, i, jsys;

	for (i = 0; i < KM_NSYSV; i++) {
		js->sysv[i] = -1;
		error = vfs_copyopt(&js->opts, km_sysv_names[i], &jsys,
		    sizeof(jsys));
		if (error == KM_ENOENT)
			continue;
		if (error != 0)
			return (error);
		if (jsys != JAIL_SYS_DISABLE && jsys != JAIL_SYS_NEW &&
		    jsys != JAIL_SYS_INHERIT)
			return (KM_EINVAL);
		js->sysv[i] = jsys;
	}
	return (0);
}

static int
check_final(struct jset *js)
{
	struct vfsopt *unseen;
	int error;

	if ((error = check_limits(js)) != 0 || (error = check_addrs(js)) != 0 ||
	    (error = check_name(js)) != 0)
		return (error);
	if (js->pr_allow & ~js->ppr->pr_allow & ~(uint64_t)PR_ALLOW_DIFFERENCES)
		return (KM_EPERM);
	if ((error = check_sysv(js)) != 0)
		return (error);
	if (vfs_unseen(&js->opts, &unseen)) {
		vfs_opterror(&js->opts, "unknown parameter: %s", unseen->name);
		return (KM_EINVAL);
	}
	return (0);
}

static int
raise_slevel(struct prison *tpr, int level, void *arg)
{
	(void)level;
	if (tpr->pr_securelevel < *(int *)arg)
		tpr->pr_securelevel = *(int *)arg;
	return (1);
}

static int
limit_childmax(struct prison *tpr, int level, void *arg)
{
	int childmax = *(int *)arg;

	if (tpr->pr_childmax > childmax - level)
		tpr->pr_childmax = childmax > level ? childmax - level : 0;
	return (1);
}

static int
raise_enforce(struct prison *tpr, int level, void *arg)
{
	(void)level;
	if (tpr->pr_enforce_statfs < *(int *)arg)
		tpr->pr_enforce_statfs = *(int *)arg;
	return (1);
}

static int
set_rsnum(struct prison *tpr, int level, void *arg)
{
	(void)level;
	tpr->pr_devfs_rsnum = *(int *)arg;
	return (1);
}

static void
commit_levels(struct jset *js)
{
	struct prison *pr = js->pr;

	if (js->gotslevel) {
		pr->pr_securelevel = js->slevel;
		walk_descendants(pr, 1, raise_slevel, &js->slevel);
	}
	if (js->gotchildmax) {
		pr->pr_childmax = js->childmax;
		walk_descendants(pr, 1, limit_childmax, &js->childmax);
	}
	if (js->gotenforce) {
		pr->pr_enforce_statfs = js->enforce;
		walk_descendants(pr, 1, raise_enforce, &js->enforce);
	}
	if (js->gotrsnum) {
		pr->pr_devfs_rsnum = js->rsnum;
		walk_descendants(pr, 1, set_rsnum, &js->rsnum);
	}
}

static int
rename_child(struct prison *tpr, int level, void *arg)
{
	struct jset *js = arg;

	(void)level;
	memmove(tpr->pr_name + js->namelen, tpr->pr_name + js->onamelen,
	    strlen(tpr->pr_name + js->onamelen) + 1);
	memcpy(tpr->pr_name, js->pr->pr_name, js->namelen);
	return (1);
}

static void
commit_name(struct jset *js)
{
	struct prison *pr = js->pr;
	size_t plen;

	if (js->namelc == NULL)
		return;
	/* check_name() made sure "parent.name" fits. */
	plen = js->ppr == &prison0 ? 0 : strlen(js->ppr->pr_name) + 1;
	if (plen > 0) {
		memcpy(pr->pr_name, js->ppr->pr_name, plen - 1);
		pr->pr_name[plen - 1] = '.';
	}
	memcpy(pr->pr_name + plen, js->namelc, js->namelen + 1);
	walk_descendants(pr, 1, rename_child, js);
}

static void
copy_host(struct prison *dst, const struct prison *src, const struct jset *js)
{
	if (js == NULL || js->host != NULL)
		strcpy(dst->pr_hostname, src->pr_hostname);
	if (js == NULL || js->domain != NULL)
		strcpy(dst->pr_domainname, src->pr_domainname);
	if (js == NULL || js->uuid != NULL)
		strcpy(dst->pr_hostuuid, src->pr_hostuuid);
	if (js == NULL || js->gothid)
		dst->pr_hostid = src->pr_hostid;
}

static int
host_visit(struct prison *tpr, int level, void *arg)
{
	struct jset *js = arg;

	(void)level;
	if (tpr->pr_flags & PR_HOST)
		return (0);
	copy_host(tpr, js->pr, js);
	return (1);
}

static void
commit_host(struct jset *js)
{
	struct prison *pr = js->pr;

	if (PR_HOST & js->ch_flags & ~js->pr_flags) {
		if (pr->pr_flags & PR_HOST)
			copy_host(pr, pr->pr_parent, NULL);
		return;
	}
	if (js->host == NULL && js->domain == NULL && js->uuid == NULL &&
	    !js->gothid)
		return;
	if (js->host != NULL)
		(void)snprintf(pr->pr_hostname, sizeof(pr->pr_hostname), "%s",
		    js->host);
	if (js->domain != NULL)
		(void)snprintf(pr->pr_domainname, sizeof(pr->pr_domainname),
		    "%s", js->domain);
	if (js->uuid != NULL)
		(void)snprintf(pr->pr_hostuuid, sizeof(pr->pr_hostuuid), "%s",
		    js->uuid);
	if (js->gothid)
		pr->pr_hostid = js->hid;
	walk_descendants(pr, 1, host_visit, js);
}

static int
clear_allow(struct prison *tpr, int level, void *arg)
{
	(void)level;
	tpr->pr_allow &= ~*(uint64_t *)arg;
	return (1);
}

/* PR_METHOD_SET of the sysv modules: allow.sysvipc means inherit. */
static void
commit_sysv(struct jset *js)
{
	int i, jsys;

	for (i = 0; i < KM_NSYSV; i++) {
		jsys = js->sysv[i];
		if (jsys == -1)
			jsys = vfs_flagopt(&js->opts, "allow.sysvipc", NULL,
			    0) ? JAIL_SYS_INHERIT :
			    vfs_flagopt(&js->opts, "allow.nosysvipc", NULL,
			    0) ? JAIL_SYS_DISABLE : -1;
		if (jsys != -1)
			js->pr->pr_sysv[i] = jsys;
	}
}

/* Keeps the addresses that are also in plist, in their order. */
static void
restrict_addrs(void *list, int *n, const void *plist, int pn, size_t size)
{
	char *l = list;
	int i, k;

	for (i = k = 0; i < *n; i++) {
		if (!has_addr(plist, pn, l + (size_t)i * size, size))
			continue;
		if (k != i)
			memmove(l + (size_t)k * size, l + (size_t)i * size,
			    size);
		k++;
	}
	*n = k;
}

/*
 * prison_restrict_ip4/6(): after a jail's addresses changed, a descendant
 * without its own list takes its parent's; one with a list keeps only the
 * addresses its parent still has.
 */
static int
restrict_visit(struct prison *tpr, int level, void *arg)
{
	const struct prison *ppr = tpr->pr_parent;
	int v6 = *(int *)arg;

	(void)level;
	if (!(tpr->pr_flags & (v6 ? PR_IP6_USER : PR_IP4_USER))) {
		tpr->pr_flags = (tpr->pr_flags & ~(v6 ? PR_IP6 : PR_IP4)) |
		    (ppr->pr_flags & (v6 ? PR_IP6 : PR_IP4));
		if (v6) {
			tpr->pr_ip6s = ppr->pr_ip6s;
			memcpy(tpr->pr_ip6, ppr->pr_ip6, sizeof(tpr->pr_ip6));
		} else {
			tpr->pr_ip4s = ppr->pr_ip4s;
			memcpy(tpr->pr_ip4, ppr->pr_ip4, sizeof(tpr->pr_ip4));
		}
	} else if (v6)
		restrict_addrs(tpr->pr_ip6, &tpr->pr_ip6s, ppr->pr_ip6,
		    ppr->pr_ip6s, sizeof(tpr->pr_ip6[0]));
	else
		restrict_addrs(tpr->pr_ip4, &tpr->pr_ip4s, ppr->pr_ip4,
		    ppr->pr_ip4s, sizeof(tpr->pr_ip4[0]));
	return (1);
}

static void
commit_addrs(struct jset *js)
{
	struct prison *pr = js->pr;
	int v6;

	if (js->pr_flags & PR_IP4_USER) {
		pr->pr_flags |= PR_IP4;
		pr->pr_ip4s = js->ip4s;
		memcpy(pr->pr_ip4, js->ip4, sizeof(pr->pr_ip4));
		v6 = 0;
		walk_descendants(pr, 1, restrict_visit, &v6);
	}
	if (js->pr_flags & PR_IP6_USER) {
		pr->pr_flags |= PR_IP6;
		pr->pr_ip6s = js->ip6s;
		memcpy(pr->pr_ip6, js->ip6, sizeof(pr->pr_ip6));
		v6 = 1;
		walk_descendants(pr, 1, restrict_visit, &v6);
	}
}

static int
commit(struct jset *js)
{
	struct prison *pr = js->pr;
	uint64_t tallow;
	int error;

	commit_addrs(js);
	commit_levels(js);
	commit_name(js);
	if (js->path != NULL)
		(void)snprintf(pr->pr_path, sizeof(pr->pr_path), "%s",
		    js->path);
	commit_host(js);
	pr->pr_allow = (pr->pr_allow & ~js->ch_allow) | js->pr_allow;
	if ((tallow = js->ch_allow & ~js->pr_allow) != 0)
		walk_descendants(pr, 1, clear_allow, &tallow);
	pr->pr_flags = (pr->pr_flags & ~js->ch_flags) | js->pr_flags;
	commit_sysv(js);
	if (js->created && (error = prison_insert(pr)) != 0)
		return (error);
	js->created = 0;	/* owned by allprison now */
	if (!prison_isalive(pr))
		pr->pr_state = PRISON_STATE_ALIVE;
	if (js->flags & JAIL_ATTACH)
		pr->pr_nproc++;
	prison_unhold(pr);
	return (0);
}

static int
jail_set_opts(struct jset *js, int *jid)
{
	int error;

	if ((error = parse_all(js)) != 0 || (error = find_prison(js)) != 0)
		return (error);
	if (js->pr == NULL)
		error = create_prison(js);
	else
		error = check_existing(js);
	if (error == 0)
		error = check_final(js);
	if (error == 0) {
		*jid = js->pr->pr_id;
		error = commit(js);
	}
	return (error);
}

int
kern_jail_set(struct iovec *iov, unsigned int niov, int flags, int *jid)
{
	struct jset *js;
	int error;

	if (niov & 1 || niov > KM_UIO_MAXIOV || (flags & ~JAIL_SET_MASK))
		return (KM_EINVAL);
	if ((js = calloc(1, sizeof(*js))) == NULL)
		return (KM_ENOMEM);
	js->flags = flags;
	error = vfs_buildopts(iov, niov, &js->opts);
	if (error == 0) {
		error = jail_set_opts(js, jid);
		if (error != 0)
			vfs_copyout_errmsg(&js->opts, iov);
	}
	if (js->created)
		free(js->pr);
	vfs_freeopts(&js->opts);
	free(js);
	return (error);
}
