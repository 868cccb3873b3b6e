/*
 * jail4j-launcher: parse the arguments of one mode into a struct launch_opts and run it.
 *
 *   jail4j-launcher keeper --name NAME --jid JID --root PATH --ready-fd N [options]
 *   jail4j-launcher exec --pid KEEPER_HOST_PID [options] -- COMMAND [ARG...]
 *
 * PROTOCOL.md is the contract; an unknown option is a setup failure (exit 125).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

static const struct name_bits allow_names[] = {
	{ "set_hostname", ALLOW_SET_HOSTNAME }, { "raw_sockets", ALLOW_RAW_SOCKETS },
	{ "chflags", ALLOW_CHFLAGS }, { "mlock", ALLOW_MLOCK },
	{ "socket_af", ALLOW_SOCKET_AF }, { "mount", ALLOW_MOUNT },
	{ "mount.tmpfs", ALLOW_MOUNT_TMPFS }, { "sysvipc", ALLOW_SYSVIPC },
	{ "set_time", ALLOW_SET_TIME }, { "settime", ALLOW_SET_TIME },
	{ "read_msgbuf", ALLOW_READ_MSGBUF },
	{ "adjtime", 0 }, { "quotas", 0 }, { "extattr", 0 }, { "nfsd", 0 },
	{ "reserved_ports", 0 }, { "routing", 0 }, { "setaudit", 0 }, { "suser", 0 },
	{ "unprivileged_proc_debug", 0 }, { "unprivileged_parent_tampering", 0 },
	{ "vmm", 0 },
	/* the file system type is out of the filter's reach: any of these lets mount act */
	{ "mount.devfs", ALLOW_MOUNT_OTHER }, { "mount.fdescfs", ALLOW_MOUNT_OTHER },
	{ "mount.fusefs", ALLOW_MOUNT_OTHER }, { "mount.nullfs", ALLOW_MOUNT_OTHER },
	{ "mount.procfs", ALLOW_MOUNT_OTHER }, { "mount.linprocfs", ALLOW_MOUNT_OTHER },
	{ "mount.linsysfs", ALLOW_MOUNT_OTHER }, { "mount.zfs", ALLOW_MOUNT_OTHER },
};

/* Also the names of the files in /proc/PID/ns. */
const struct name_bits ns_names[NS_COUNT] = {
	{ "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP },
};

/* The union of the bits of a comma list of names; `prefix' may precede each name. */
static unsigned
parse_names(const char *opt, const char *list, const struct name_bits *names, size_t n,
    const char *prefix)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	unsigned bits = 0;
	size_t i;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (prefix != NULL && strncmp(tok, prefix, strlen(prefix)) == 0)
			tok += strlen(prefix);
		for (i = 0; i < n && strcmp(tok, names[i].name) != 0; i++)
			continue;
		if (i == n)
			die("arguments", "%s: unknown name: %s", opt, tok);
		bits |= names[i].bits;
	}
	free(copy);
	return bits;
}

static void
parse_bind(struct launch_opts *o, const char *arg)
{
	char *copy = xstrdup(arg), *dst, *mode;
	struct bind_mount *b;

	/* SRC:DST:ro|rw, split from the right so that SRC alone may hold a colon */
	if ((mode = strrchr(copy, ':')) == NULL)
		die("arguments", "--bind: expected SRC:DST:ro|rw: %s", arg);
	*mode++ = '\0';
	if ((dst = strrchr(copy, ':')) == NULL)
		die("arguments", "--bind: expected SRC:DST:ro|rw: %s", arg);
	*dst++ = '\0';
	if (strcmp(mode, "ro") != 0 && strcmp(mode, "rw") != 0)
		die("arguments", "--bind: mode must be ro or rw: %s", arg);
	if (*copy != '/' || *dst != '/')
		die("arguments", "--bind: SRC and DST must be absolute: %s", arg);
	o->binds = xreallocarray(o->binds, o->nbinds + 1, sizeof(*o->binds));
	b = &o->binds[o->nbinds++];
	b->src = copy;
	b->dst = dst;
	b->readonly = strcmp(mode, "ro") == 0;
}

static void
push(char ***list, size_t *n, const char *s)
{
	*list = xreallocarray(*list, *n + 2, sizeof(**list));
	(*list)[(*n)++] = (char *)s;
	(*list)[*n] = NULL;
}

static void
parse_ids(struct launch_opts *o, const char *opt, const char *val)
{
	char *copy, *save = NULL, *tok;

	o->have_ids = true;
	if (strcmp(opt, "--uid") == 0) {
		o->child.uid = (uid_t)number_arg(opt, val, 0, 0xfffffffeL);
		return;
	}
	if (strcmp(opt, "--gid") == 0) {
		o->child.gid = (gid_t)number_arg(opt, val, 0, 0xfffffffeL);
		return;
	}
	copy = xstrdup(val);
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		o->child.groups = xreallocarray(o->child.groups, o->child.ngroups + 1,
		    sizeof(gid_t));
		o->child.groups[o->child.ngroups++] = (gid_t)number_arg(opt, tok, 0, 0xfffffffeL);
	}
	free(copy);
}

static enum sys_mode
parse_sys(const char *opt, const char *s)
{
	if (strcmp(s, "new") == 0)
		return SYS_NEW;
	if (strcmp(s, "inherit") == 0)
		return SYS_INHERIT;
	if (strcmp(s, "disable") == 0)
		return SYS_DISABLE;
	die("arguments", "%s: expected new, inherit or disable: %s", opt, s);
}

/* --sysvmsg, --sysvsem, --sysvshm set one kind; --sysvipc all three. */
static bool
ipc_option(struct launch_opts *o, const char *opt, const char *val)
{
	static const char *const kinds[IPC_KINDS] = { "--sysvmsg", "--sysvsem", "--sysvshm" };
	int k;

	for (k = 0; k < IPC_KINDS; k++) {
		if (strcmp(opt, kinds[k]) == 0) {
			o->limits.ipc[k] = parse_sys(opt, val);
			return true;
		}
	}
	if (strcmp(opt, "--sysvipc") != 0)
		return false;
	for (k = 0; k < IPC_KINDS; k++)
		o->limits.ipc[k] = parse_sys(opt, val);
	return true;
}

/* Options both modes take: the restrictions. Returns false for an option it does not know. */
static bool
common_option(struct launch_opts *o, const char *opt, const char *val)
{
	if (strcmp(opt, "--ns") == 0)
		o->limits.ns_flags = (int)parse_names(opt, val, ns_names, NS_COUNT, NULL);
	else if (strcmp(opt, "--allow") == 0)
		o->limits.allow = parse_names(opt, val, allow_names,
		    sizeof(allow_names) / sizeof(allow_names[0]), "allow.");
	else if (strcmp(opt, "--ip4") == 0)
		o->limits.ip4 = parse_sys(opt, val);
	else if (strcmp(opt, "--ip6") == 0)
		o->limits.ip6 = parse_sys(opt, val);
	else if (strcmp(opt, "--enforce-statfs") == 0)
		o->limits.enforce_statfs = (int)number_arg(opt, val, 0, 2);
	else if (strcmp(opt, "--children-max") == 0)
		o->limits.children_max = number_arg(opt, val, 0, 0x7fffffffL);
	else
		return ipc_option(o, opt, val);
	return true;
}

static bool
keeper_option(struct launch_opts *o, const char *opt, const char *val)
{
	if (strcmp(opt, "--name") == 0)
		o->name = val;
	else if (strcmp(opt, "--jid") == 0)
		o->jid = number_arg(opt, val, 0, 0x7fffffffL);
	else if (strcmp(opt, "--root") == 0)
		o->root = val;
	else if (strcmp(opt, "--ready-fd") == 0)
		o->ready_fd = (int)number_arg(opt, val, 0, 0x7fffffffL);
	else if (strcmp(opt, "--hostname") == 0)
		o->hostname = val;
	else if (strcmp(opt, "--domainname") == 0)
		o->domainname = val;
	else if (strcmp(opt, "--bind") == 0)
		parse_bind(o, val);
	else if (strcmp(opt, "--tmpfs") == 0)
		push(&o->tmpfs, &o->ntmpfs, val);
	else if (strcmp(opt, "--lo-addr") == 0)
		push(&o->lo_addrs, &o->nlo_addrs, val);
	else if (strcmp(opt, "--control") == 0)
		o->control = val;
	else if (strcmp(opt, "--devfs-ruleset") == 0)
		o->devfs_ruleset = number_arg(opt, val, 0, 0xffffL);
	else
		return common_option(o, opt, val);
	return true;
}

static bool
exec_option(struct launch_opts *o, const char *opt, const char *val)
{
	if (strcmp(opt, "--pid") == 0)
		o->pid = (pid_t)number_arg(opt, val, 1, 0x7fffffffL);
	else if (strcmp(opt, "--dir") == 0)
		o->dir = val;
	else if (strcmp(opt, "--uid") == 0 || strcmp(opt, "--gid") == 0 ||
	    strcmp(opt, "--groups") == 0)
		parse_ids(o, opt, val);
	else if (strcmp(opt, "--user") == 0)
		o->user = val;
	else if (strcmp(opt, "--env") == 0)
		env_option(&o->child, val);
	else
		return common_option(o, opt, val);
	return true;
}

static bool
flag_option(struct launch_opts *o, const char *opt)
{
	if (o->mode == MODE_KEEPER && strcmp(opt, "--persist") == 0)
		o->persist = true;
	else if (o->mode == MODE_EXEC && strcmp(opt, "--login") == 0)
		o->login = true;
	else if (strcmp(opt, "--vnet") == 0)
		o->limits.vnet = true;
	else
		return false;
	return true;
}

/*
 * Linux has one IPC namespace for all three kinds: a kind inherited shares the host's, so
 * another kind cannot have a namespace of its own. (A disabled kind is denied either way.)
 */
static bool
ipc_inherited(const struct restrictions *r)
{
	static const char *const names[IPC_KINDS] = { "sysvmsg", "sysvsem", "sysvshm" };
	int inherit = -1, fresh = -1, k;

	for (k = 0; k < IPC_KINDS; k++) {
		if (r->ipc[k] == SYS_INHERIT && inherit < 0)
			inherit = k;
		else if (r->ipc[k] == SYS_NEW && fresh < 0)
			fresh = k;
	}
	if (inherit >= 0 && fresh >= 0)
		die("arguments", "--%s new with --%s inherit: Linux has one IPC namespace for "
		    "all kinds", names[fresh], names[inherit]);
	return inherit >= 0;
}

static void
check_keeper(const struct launch_opts *o)
{
	if (o->name == NULL || o->jid < 0 || o->root == NULL || o->ready_fd < 0)
		die("arguments", "keeper needs --name, --jid, --root and --ready-fd");
	if (o->root[0] != '/')
		die("arguments", "--root must be absolute: %s", o->root);
	if (o->child.argv != NULL)
		die("arguments", "keeper takes no command");
	if ((o->hostname != NULL || o->domainname != NULL) &&
	    (o->limits.ns_flags & CLONE_NEWUTS) == 0)
		die("arguments", "--hostname and --domainname need --ns uts");
	if (o->nlo_addrs > 0 && (o->limits.ns_flags & CLONE_NEWNET) == 0)
		die("arguments", "--lo-addr needs --ns net");
}

static void
check_exec(const struct launch_opts *o)
{
	if (o->pid == 0)
		die("arguments", "exec needs --pid");
	if (o->user != NULL && o->have_ids)
		die("arguments", "--user excludes --uid, --gid and --groups");
	check_command(o);
}

int
main(int argc, char **argv)
{
	struct launch_opts o;

	memset(&o, 0, sizeof(o));
	o.jid = -1;
	o.ready_fd = -1;
	o.limits.ipc[IPC_KIND_MSG] = o.limits.ipc[IPC_KIND_SEM] = o.limits.ipc[IPC_KIND_SHM] =
	    SYS_NEW;
	o.limits.ip4 = o.limits.ip6 = SYS_INHERIT;
	o.child.env = xcalloc(1, sizeof(char *));
	if (argc < 2)
		die("arguments", "usage: jail4j-launcher keeper|exec [--option value]... [-- command]");
	if (strcmp(argv[1], "keeper") == 0)
		o.mode = MODE_KEEPER;
	else if (strcmp(argv[1], "exec") == 0)
		o.mode = MODE_EXEC;
	else
		die("arguments", "unknown mode: %s", argv[1]);
	parse_args(&o, argc, argv, flag_option,
	    o.mode == MODE_KEEPER ? keeper_option : exec_option);
	/* mnt and pid always, and the IPC namespace follows the SysV IPC kinds */
	o.limits.ns_flags |= CLONE_NEWNS | CLONE_NEWPID;
	if (!ipc_inherited(&o.limits))
		o.limits.ns_flags |= CLONE_NEWIPC;
	if (o.mode == MODE_KEEPER) {
		check_keeper(&o);
		keeper_main(&o);
	}
	check_exec(&o);
	exec_main(&o);
}
