/*
 * jail_get(2), jail_remove(2) and jail_attach(2) as in kern_jail.c of 13.2.
 * jail_get looks the jail up by lastjid, then a nonzero jid, then name; it
 * fills every pair it knows into the kernel copies, and copies the values
 * and their iov_len back only when the whole call succeeded.
 */
#include <string.h>

#include "kmodel.h"

static struct prison *
find_after(int lastjid, int flags)
{
	struct prison *pr;
	int i;

	for (i = 0; i < prison_count(); i++) {
		pr = prison_at(i);
		if (pr->pr_id > lastjid &&
		    ((flags & JAIL_DYING) || prison_isalive(pr)))
			return (pr);
	}
	return (NULL);
}

/* A nonzero jid is the key; *keyed says whether it was. */
static int
find_by_jid(struct vfsoptlist *opts, int flags, struct prison **prp,
    int *keyed)
{
	int error, jid;

	*keyed = 0;
	error = vfs_copyopt(opts, "jid", &jid, sizeof(jid));
	if (error != 0 || jid == 0)
		return (error == KM_ENOENT ? 0 : error);
	*keyed = 1;
	if ((*prp = prison_find(jid)) == NULL) {
		vfs_opterror(opts, "jail %d not found", jid);
		return (KM_ENOENT);
	}
	if (!prison_isalive(*prp) && !(flags & JAIL_DYING)) {
		vfs_opterror(opts, "jail %d is dying", jid);
		return (KM_ENOENT);
	}
	return (0);
}

static int
find_by_name(struct vfsoptlist *opts, int flags, struct prison **prp,
    int *keyed)
{
	void *name;
	size_t len;

	*keyed = vfs_getopt(opts, "name", &name, &len) == 0;
	if (!*keyed)
		return (0);
	if (len == 0 || ((char *)name)[len - 1] != '\0')
		return (KM_EINVAL);
	if ((*prp = prison_find_name(name)) == NULL) {
		vfs_opterror(opts, "jail \"%s\" not found", (char *)name);
		return (KM_ENOENT);
	}
	if (!prison_isalive(*prp) && !(flags & JAIL_DYING)) {
		vfs_opterror(opts, "jail \"%s\" is dying", (char *)name);
		return (KM_ENOENT);
	}
	return (0);
}

static int
find_jail(struct vfsoptlist *opts, int flags, struct prison **prp)
{
	int error, jid, keyed;

	*prp = NULL;
	error = vfs_copyopt(opts, "lastjid", &jid, sizeof(jid));
	if (error == 0) {
		if ((*prp = find_after(jid, flags)) == NULL) {
			vfs_opterror(opts, "no jail after %d", jid);
			return (KM_ENOENT);
		}
		return (0);
	}
	if (error != KM_ENOENT)
		return (error);
	if ((error = find_by_jid(opts, flags, prp, &keyed)) != 0 || keyed)
		return (error);
	if ((error = find_by_name(opts, flags, prp, &keyed)) != 0 || keyed)
		return (error);
	vfs_opterror(opts, "no jail specified");
	return (KM_ENOENT);
}

static int
set_int(struct vfsoptlist *opts, const char *name, int value)
{
	int error;

	error = vfs_setopt(opts, name, &value, sizeof(value));
	return (error == KM_ENOENT ? 0 : error);
}

static int
set_str(struct vfsoptlist *opts, const char *name, const char *value)
{
	int error;

	error = vfs_setopts(opts, name, value);
	return (error == KM_ENOENT ? 0 : error);
}

static int
set_part(struct vfsoptlist *opts, const char *name, const void *value,
    size_t len)
{
	int error;

	error = vfs_setopt_part(opts, name, value, len);
	return (error == KM_ENOENT ? 0 : error);
}

static int
get_ids(struct vfsoptlist *opts, const struct prison *pr)
{
	int error;

	if ((error = set_int(opts, "jid", pr->pr_id)) != 0 ||
	    (error = set_int(opts, "parent", pr->pr_parent == &prison0 ? 0 :
	    pr->pr_parent->pr_id)) != 0 ||
	    (error = set_str(opts, "name", pr->pr_name)) != 0 ||
	    (error = set_int(opts, "cpuset.id", pr->pr_cpuset)) != 0 ||
	    (error = set_str(opts, "path", pr->pr_path)) != 0 ||
	    (error = set_part(opts, "ip4.addr", pr->pr_ip4,
	    (size_t)pr->pr_ip4s * sizeof(pr->pr_ip4[0]))) != 0)
		return (error);
	return (set_part(opts, "ip6.addr", pr->pr_ip6,
	    (size_t)pr->pr_ip6s * sizeof(pr->pr_ip6[0])));
}

static int
get_host(struct vfsoptlist *opts, const struct prison *pr)
{
	int error;

	if ((error = set_int(opts, "securelevel", pr->pr_securelevel)) != 0 ||
	    (error = set_int(opts, "children.cur", pr->pr_childcount)) != 0 ||
	    (error = set_int(opts, "children.max", pr->pr_childmax)) != 0 ||
	    (error = set_str(opts, "host.hostname", pr->pr_hostname)) != 0 ||
	    (error = set_str(opts, "host.domainname",
	    pr->pr_domainname)) != 0 ||
	    (error = set_str(opts, "host.hostuuid", pr->pr_hostuuid)) != 0)
		return (error);
	error = vfs_setopt(opts, "host.hostid", &pr->pr_hostid,
	    sizeof(pr->pr_hostid));
	if (error != 0 && error != KM_ENOENT)
		return (error);
	if ((error = set_int(opts, "enforce_statfs",
	    pr->pr_enforce_statfs)) != 0)
		return (error);
	return (set_int(opts, "devfs_ruleset", pr->pr_devfs_rsnum));
}

static int
get_bools(struct vfsoptlist *opts, const struct bool_flags *bf, size_t n,
    uint64_t bits)
{
	size_t i;
	int error, on;

	for (i = 0; i < n; i++) {
		on = (bits & bf[i].flag) != 0;
		if ((error = set_int(opts, bf[i].name, on)) != 0 ||
		    (error = set_int(opts, bf[i].noname, !on)) != 0)
			return (error);
	}
	return (0);
}

static int
get_flags(struct vfsoptlist *opts, const struct prison *pr)
{
	const struct jailsys_flags *jsf;
	uint64_t f;
	size_t i;
	int error, v;

	if ((error = get_bools(opts, pr_flag_bool, pr_flag_bool_count,
	    pr->pr_flags)) != 0)
		return (error);
	for (i = 0; i < pr_flag_jailsys_count; i++) {
		jsf = &pr_flag_jailsys[i];
		f = pr->pr_flags & (jsf->disable | jsf->new);
		v = (f != 0 && f == jsf->disable) ? JAIL_SYS_DISABLE :
		    (f == jsf->new) ? JAIL_SYS_NEW : JAIL_SYS_INHERIT;
		if ((error = set_int(opts, jsf->name, v)) != 0)
			return (error);
	}
	if ((error = get_bools(opts, pr_flag_allow, pr_flag_allow_count,
	    pr->pr_allow)) != 0 ||
	    (error = set_int(opts, "dying", !prison_isalive(pr))) != 0 ||
	    (error = set_int(opts, "nodying", prison_isalive(pr))) != 0 ||
	    (error = set_int(opts, "osreldate", pr->pr_osreldate)) != 0)
		return (error);
	return (set_str(opts, "osrelease", pr->pr_osrelease));
}

/* PR_METHOD_GET of the sysv modules. */
static int
get_modules(struct vfsoptlist *opts, const struct prison *pr)
{
	int error, i;

	for (i = 0; i < KM_NSYSV; i++)
		if ((error = set_int(opts, km_sysv_names[i],
		    prison_sysv_get(pr, i))) != 0)
			return (error);
	return (0);
}

static void
copyout_opts(struct vfsoptlist *opts, struct iovec *iov, int errmsg_pos)
{
	struct vfsopt *opt;
	int i, pos;

	for (i = 0; i < opts->nopts; i++) {
		opt = &opts->opts[i];
		if (opt->pos == errmsg_pos)
			continue;
		pos = 2 * opt->pos + 1;
		iov[pos].iov_len = opt->len;
		if (opt->value != NULL)
			memcpy(iov[pos].iov_base, opt->value, opt->len);
	}
}

static int
jail_get_opts(struct vfsoptlist *opts, struct iovec *iov, int flags, int *jid)
{
	struct prison *pr;
	struct vfsopt *unseen;
	int errmsg_pos, error;

	errmsg_pos = vfs_getopt_pos(opts, "errmsg");
	if ((error = find_jail(opts, flags, &pr)) != 0 ||
	    (error = get_ids(opts, pr)) != 0 ||
	    (error = get_host(opts, pr)) != 0 ||
	    (error = get_flags(opts, pr)) != 0 ||
	    (error = get_modules(opts, pr)) != 0)
		return (error);
	if (vfs_unseen(opts, &unseen)) {
		vfs_opterror(opts, "unknown parameter: %s", unseen->name);
		return (KM_EINVAL);
	}
	*jid = pr->pr_id;
	copyout_opts(opts, iov, errmsg_pos);
	return (0);
}

int
kern_jail_get(struct iovec *iov, unsigned int niov, int flags, int *jid)
{
	struct vfsoptlist opts;
	int error;

	if (niov & 1 || niov > KM_UIO_MAXIOV || (flags & ~JAIL_GET_MASK))
		return (KM_EINVAL);
	error = vfs_buildopts(iov, niov, &opts);
	if (error == 0) {
		error = jail_get_opts(&opts, iov, flags, jid);
		if (error != 0)
			vfs_copyout_errmsg(&opts, iov);
	}
	vfs_freeopts(&opts);
	return (error);
}

/* Unknown JIDs are EINVAL here, not ENOENT; a dying jail is ignored. */
int
kern_jail_remove(int jid)
{
	struct prison *pr;

	if ((pr = prison_find(jid)) == NULL)
		return (KM_EINVAL);
	if (prison_isalive(pr))
		prison_kill(pr);
	return (0);
}

/* The model records an attached process instead of moving the caller. */
int
kern_jail_attach(int jid)
{
	struct prison *pr;

	if ((pr = prison_find(jid)) == NULL || !prison_isalive(pr))
		return (KM_EINVAL);
	pr->pr_nproc++;
	return (0);
}
