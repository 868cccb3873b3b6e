/*
 * The obsolete jail(2): version 0 (one IPv4 address in host byte order) and
 * version 2 (struct jail) are turned into a jail_set option list with the
 * allow.* and enforce_statfs defaults of the security.jail.* knobs, then
 * created with JAIL_CREATE | JAIL_ATTACH, as kern_jail() does.  Version 1
 * never existed in the official kernel and is EINVAL.
 */
#include <string.h>

#include "kmodel.h"

struct jail_v0 {
	uint32_t	 version;
	char		*path;
	char		*hostname;
	uint32_t	 ip_number;
};

struct jail_v2 {
	uint32_t	 version;
	char		*path;
	char		*hostname;
	char		*jailname;
	uint32_t	 ip4s;
	uint32_t	 ip6s;
	struct in_addr	*ip4;
	struct in6_addr	*ip6;
};

struct legacy {
	struct iovec	 iov[2 * (16 + 6)];
	unsigned int	 n;
	int		 enforce;
	struct in_addr	 ip4v0;
};

static void
add(struct legacy *l, const char *name, const void *value, size_t len)
{
	l->iov[l->n].iov_base = (void *)(uintptr_t)name;
	l->iov[l->n++].iov_len = strlen(name) + 1;
	l->iov[l->n].iov_base = (void *)(uintptr_t)value;
	l->iov[l->n++].iov_len = len;
}

/* copyinstr(): the string with its NUL must fit in max bytes. */
static int
add_string(struct legacy *l, const char *name, const char *s, size_t max)
{
	size_t len;

	if (s == NULL)
		return (KM_EFAULT);
	len = strnlen(s, max);
	if (len == max)
		return (KM_ENAMETOOLONG);
	add(l, name, s, len + 1);
	return (0);
}

static void
add_defaults(struct legacy *l)
{
	const struct bool_flags *bf;
	size_t i;

	for (i = 0; i < pr_flag_allow_count; i++) {
		bf = &pr_flag_allow[i];
		add(l, (jail_default_allow & bf->flag) ? bf->name : bf->noname,
		    NULL, 0);
	}
	l->enforce = jail_default_enforce_statfs;
	add(l, "enforce_statfs", &l->enforce, sizeof(l->enforce));
}

static int
build(struct legacy *l, const struct jail_v2 *j)
{
	uint32_t ip4s;
	int error;

	add_defaults(l);
	ip4s = j->version == 0 ? 1 : j->ip4s;
	if (ip4s > jail_max_af_ips || j->ip6s > jail_max_af_ips)
		return (KM_EINVAL);
	if ((error = add_string(l, "path", j->path, MAXPATHLEN)) != 0 ||
	    (error = add_string(l, "host.hostname", j->hostname,
	    MAXHOSTNAMELEN)) != 0)
		return (error);
	if (j->jailname != NULL &&
	    (error = add_string(l, "name", j->jailname, MAXHOSTNAMELEN)) != 0)
		return (error);
	if (j->version == 0)
		add(l, "ip4.addr", &l->ip4v0, sizeof(l->ip4v0));
	else if (ip4s > 0 && j->ip4 == NULL)
		return (KM_EFAULT);
	else
		add(l, "ip4.addr", j->ip4, ip4s * sizeof(struct in_addr));
	if (j->ip6s > 0 && j->ip6 == NULL)
		return (KM_EFAULT);
	add(l, "ip6.addr", j->ip6, j->ip6s * sizeof(struct in6_addr));
	return (0);
}

int
kern_jail(const void *uj, int *jid)
{
	const struct jail_v0 *j0;
	struct jail_v2 j;
	struct legacy l;
	int error;

	if (uj == NULL)
		return (KM_EFAULT);
	memset(&l, 0, sizeof(l));
	memset(&j, 0, sizeof(j));
	switch (*(const uint32_t *)uj) {
	case 0:
		j0 = uj;
		j.version = 0;
		j.path = j0->path;
		j.hostname = j0->hostname;
		l.ip4v0.s_addr = htonl(j0->ip_number);
		break;
	case 2:
		memcpy(&j, uj, sizeof(j));
		break;
	default:	/* 1 never made it into the official kernel */
		return (KM_EINVAL);
	}
	if ((error = build(&l, &j)) != 0)
		return (error);
	return (kern_jail_set(l.iov, l.n, JAIL_CREATE | JAIL_ATTACH, jid));
}
