/*
 * The jail's file system, built inside the keeper's own mount namespace: nothing here is
 * visible on the host and nothing outlives the keeper.
 *
 * Every mount point under the jail root is resolved with openat2(RESOLVE_IN_ROOT), so a
 * symbolic link in the jail's tree cannot send a mount outside it, and mounted through
 * /proc/self/fd/N of that resolution.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

enum node_kind { NODE_DIR, NODE_FILE };

struct fd_path {
	char	buf[32];
};

static const char *
fd_path(struct fd_path *p, int fd)
{
	(void)snprintf(p->buf, sizeof(p->buf), "/proc/self/fd/%d", fd);	/* always fits */
	return p->buf;
}

static int
open_in_root(int rootfd, const char *path)
{
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	do
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd == -1 && (errno == EINTR || errno == EAGAIN));
	return (int)fd;
}

static void
create_node(int parentfd, const char *name, enum node_kind kind, const char *path)
{
	int fd;

	if (kind == NODE_DIR) {
		if (mkdirat(parentfd, name, 0755) == -1 && errno != EEXIST)
			die_errno("mountpoint", "mkdir %s", path);
		return;
	}
	do
		fd = openat(parentfd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
		    O_NOCTTY, 0644);
	while (fd == -1 && errno == EINTR);
	if (fd == -1)
		die_errno("mountpoint", "create %s", path);
	if (xclose(fd) == -1)
		die_errno("mountpoint", "close %s", path);
}

/* PATH under the jail root as an O_PATH descriptor, made (with its parents) if missing. */
static int
mountpoint(int rootfd, const char *path, enum node_kind kind)
{
	char *parent, *slash;
	int fd, pfd;

	if ((fd = open_in_root(rootfd, path)) != -1 || errno != ENOENT) {
		if (fd == -1)
			die_errno("mountpoint", "resolve %s in the jail root", path);
		return fd;
	}
	parent = xstrdup(path);
	while ((slash = strrchr(parent, '/')) != NULL && slash[1] == '\0')
		*slash = '\0';
	if (slash == NULL)
		die("mountpoint", "not absolute: %s", path);
	*slash = '\0';
	pfd = mountpoint(rootfd, parent[0] == '\0' ? "/" : parent, NODE_DIR);
	create_node(pfd, slash + 1, kind, path);
	if (xclose(pfd) == -1)
		die_errno("mountpoint", "close %s", parent);
	free(parent);
	if ((fd = open_in_root(rootfd, path)) == -1)
		die_errno("mountpoint", "resolve %s in the jail root", path);
	return fd;
}

static void
mount_at(int rootfd, const char *dst, enum node_kind kind, const char *src,
    const char *fstype, unsigned long flags, const char *data)
{
	struct fd_path p;
	int fd = mountpoint(rootfd, dst, kind);

	if (mount(src, fd_path(&p, fd), fstype, flags, data) == -1)
		die_errno("mount", "%s on %s (%s)", src, dst, fstype != NULL ? fstype : "bind");
	if (xclose(fd) == -1)
		die_errno("mount", "close %s", dst);
}

/* The per-mount flags a remount must repeat, or it would clear them. */
static unsigned long
mount_flags(const char *path)
{
	struct statvfs sv;
	unsigned long flags = 0;

	if (statvfs(path, &sv) == -1)
		die_errno("mount", "statvfs %s", path);
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

/* Make DST read-only: it is resolved again so that the remount reaches the new mount. */
static void
remount_ro(int rootfd, const char *dst)
{
	struct fd_path p;
	int fd;

	if ((fd = open_in_root(rootfd, dst)) == -1)
		die_errno("mount", "resolve %s in the jail root", dst);
	fd_path(&p, fd);
	if (mount(NULL, p.buf, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | mount_flags(p.buf),
	    NULL) == -1)
		die_errno("mount", "remount %s read-only", dst);
	if (xclose(fd) == -1)
		die_errno("mount", "close %s", dst);
}

static void
bind_one(int rootfd, const struct bind_mount *b)
{
	struct stat st;

	if (stat(b->src, &st) == -1)
		die_errno("bind", "%s", b->src);
	mount_at(rootfd, b->dst, S_ISDIR(st.st_mode) ? NODE_DIR : NODE_FILE, b->src, NULL,
	    MS_BIND | MS_REC, NULL);
	if (b->readonly)
		remount_ro(rootfd, b->dst);
}

/*
 * Cover an existing /proc entry: a read-only bind of itself (`src' NULL), or of `src' (host
 * /dev/null over a file that tells about the host, an empty read-only tmpfs over a directory).
 */
static void
cover_proc_entry(int rootfd, const char *entry, const char *src, const char *fstype)
{
	struct fd_path p;
	int fd;

	if ((fd = open_in_root(rootfd, entry)) == -1) {
		if (errno == ENOENT)	/* not every kernel has every entry */
			return;
		die_errno("mount", "resolve %s", entry);
	}
	fd_path(&p, fd);
	if (mount(src != NULL ? src : p.buf, p.buf, fstype, fstype != NULL ? MS_RDONLY :
	    MS_BIND | MS_REC, NULL) == -1)
		die_errno("mount", "cover %s", entry);
	if (xclose(fd) == -1)
		die_errno("mount", "close %s", entry);
	if (fstype == NULL)
		remount_ro(rootfd, entry);
}

/* /proc of the jail's pid namespace; the kernel's knobs in it stay read-only. */
static void
mount_proc(int rootfd)
{
	static const char *const readonly[] = {
		"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus",
	};
	static const char *const host_files[] = {
		"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug",
		"/proc/latency_stats",
	};
	static const char *const host_dirs[] = { "/proc/acpi", "/proc/scsi" };
	size_t i;

	mount_at(rootfd, "/proc", NODE_DIR, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL);
	for (i = 0; i < sizeof(readonly) / sizeof(readonly[0]); i++)
		cover_proc_entry(rootfd, readonly[i], NULL, NULL);
	for (i = 0; i < sizeof(host_files) / sizeof(host_files[0]); i++)
		cover_proc_entry(rootfd, host_files[i], "/dev/null", NULL);
	for (i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++)
		cover_proc_entry(rootfd, host_dirs[i], "tmpfs", "tmpfs");
}

static void
symlink_in(int dirfd, const char *target, const char *name)
{
	if (symlinkat(target, dirfd, name) == -1)
		die_errno("dev", "symlink /dev/%s -> %s", name, target);
}

static void
dev_links(int rootfd)
{
	int fd;

	/* /dev was just mounted, so it is no link: O_NOFOLLOW only guards that */
	if ((fd = openat(rootfd, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		die_errno("dev", "open /dev");
	symlink_in(fd, "pts/ptmx", "ptmx");
	symlink_in(fd, "/proc/self/fd", "fd");
	symlink_in(fd, "/proc/self/fd/0", "stdin");
	symlink_in(fd, "/proc/self/fd/1", "stdout");
	symlink_in(fd, "/proc/self/fd/2", "stderr");
	if (xclose(fd) == -1)
		die_errno("dev", "close /dev");
}

/*
 * A minimal /dev: a few host devices, a private devpts, and shm. The host's devices are
 * opened before the new /dev covers them (it does when the jail's root is "/").
 */
static void
mount_dev(int rootfd)
{
	static const char *const devices[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	enum { NDEV = sizeof(devices) / sizeof(devices[0]) };
	char path[32];
	struct fd_path p;
	int host[NDEV];
	size_t i;

	for (i = 0; i < NDEV; i++) {
		(void)snprintf(path, sizeof(path), "/dev/%s", devices[i]);	/* fits */
		if ((host[i] = xopen(path, O_PATH, 0)) == -1)
			die_errno("dev", "open the host's %s", path);
	}
	mount_at(rootfd, "/dev", NODE_DIR, "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC,
	    "mode=0755,size=64k");
	for (i = 0; i < NDEV; i++) {
		(void)snprintf(path, sizeof(path), "/dev/%s", devices[i]);	/* fits */
		mount_at(rootfd, path, NODE_FILE, fd_path(&p, host[i]), NULL, MS_BIND, NULL);
		if (xclose(host[i]) == -1)
			die_errno("dev", "close the host's %s", path);
	}
	mount_at(rootfd, "/dev/pts", NODE_DIR, "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
	    "newinstance,ptmxmode=0666,mode=0620");
	mount_at(rootfd, "/dev/shm", NODE_DIR, "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=1777");
	dev_links(rootfd);
}

/* The jail root becomes "/": the old root is stacked under it, then detached. */
static void
enter_root(int rootfd, const char *root)
{
	if (fchdir(rootfd) == -1)
		die_errno("pivot_root", "chdir %s", root);
	if (syscall(SYS_pivot_root, ".", ".") == -1)
		die_errno("pivot_root", "%s", root);
	if (umount2(".", MNT_DETACH) == -1)
		die_errno("pivot_root", "detach the old root");
	if (chdir("/") == -1)
		die_errno("pivot_root", "chdir /");
}

/*
 * A jail whose root is the host's "/" shares the host's files by design: its mounts go
 * straight onto "/" in the keeper's own namespace, and there is nothing to pivot to (a bind
 * of "/" on itself cannot be reached by path: "/" always names the mount underneath).
 */
void
build_root(const struct launch_opts *o)
{
	char *real;
	bool whole;
	size_t i;
	int rootfd;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		die_errno("mount", "make / private");
	if ((real = realpath(o->root, NULL)) == NULL)
		die_errno("root", "%s", o->root);
	whole = strcmp(real, "/") == 0;
	free(real);
	if (!whole && mount(o->root, o->root, NULL, MS_BIND | MS_REC, NULL) == -1)
		die_errno("mount", "bind %s on itself", o->root);
	if ((rootfd = xopen(o->root, O_RDONLY | O_DIRECTORY, 0)) == -1)
		die_errno("mount", "open %s", o->root);
	for (i = 0; i < o->nbinds; i++)
		bind_one(rootfd, &o->binds[i]);
	for (i = 0; i < o->ntmpfs; i++)
		mount_at(rootfd, o->tmpfs[i], NODE_DIR, "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV,
		    NULL);
	mount_proc(rootfd);
	mount_dev(rootfd);
	if (!whole)
		enter_root(rootfd, o->root);
	else if (chdir("/") == -1)
		die_errno("root", "chdir /");
	if (xclose(rootfd) == -1)
		die_errno("mount", "close %s", o->root);
}
