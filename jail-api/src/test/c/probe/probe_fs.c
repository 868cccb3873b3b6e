#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

/* Far more ".." than any real path is deep: climbing stops only at the root. */
#define CLIMB_STEPS	64
#define ESCAPE_DIR	"jail4j-escape"

/* Opens and closes PATH: readable means reachable. */
static int
readable(const char *path)
{
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return (-1);
	if (close(fd) == -1)
		die_errno("close(%s)", path);
	return (0);
}

int
probe_open(char **argv)
{
	return (readable(argv[0]));
}

static void
climb(void)
{
	int i;

	for (i = 0; i < CLIMB_STEPS; i++)
		if (chdir("..") == -1)
			die_errno("chdir(..) step %d", i);
}

/* PATH made relative to the current directory: "/a/b" is "a/b". */
static const char *
relative(const char *path)
{
	while (*path == '/')
		path++;
	return (*path == '\0' ? "." : path);
}

/* Writes TEXT to PATH in one write(2): how /proc/sys and /proc/sysrq-trigger are changed. */
int
probe_write(char **argv)
{
	size_t len = strlen(argv[1]);
	ssize_t n;
	int fd, saved;

	fd = open(argv[0], O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return (-1);
	n = write(fd, argv[1], len);
	saved = errno;
	if (close(fd) == -1)
		die_errno("close(%s)", argv[0]);
	if (n == -1) {
		errno = saved;
		return (-1);
	}
	if ((size_t)n != len)
		die("write(%s): %zd of %zu bytes", argv[0], n, len);
	return (0);
}

int
probe_climb(char **argv)
{
	if (chdir("/") == -1)
		die_errno("chdir(/)");
	climb();
	return (readable(relative(argv[0])));
}

static size_t
append(char *buf, size_t size, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (len + n >= size)
		die("path too long: %s...", buf);
	memcpy(buf + len, s, n + 1);
	return (len + n);
}

/* Through the magic link, then ".." as far as it goes: where a process's root or cwd leads. */
static int
proc_link(const char *pid, const char *link, const char *path)
{
	char buf[4096];
	size_t len;
	int i, n;

	n = snprintf(buf, sizeof(buf), "/proc/%s/%s/", pid, link);
	if (n < 0 || (size_t)n >= sizeof(buf))
		die("pid too long: %s", pid);
	len = (size_t)n;
	for (i = 0; i < CLIMB_STEPS; i++)
		len = append(buf, sizeof(buf), len, "../");
	(void)append(buf, sizeof(buf), len, relative(path));	/* the end: no length needed */
	return (readable(buf));
}

int
probe_proc_root(char **argv)
{
	return (proc_link(argv[0], "root", argv[1]));
}

int
probe_proc_cwd(char **argv)
{
	return (proc_link(argv[0], "cwd", argv[1]));
}

static void
make_escape_dir(void)
{
	if (mkdir(ESCAPE_DIR, 0700) == -1 && errno != EEXIST)
		die_errno("mkdir(%s)", ESCAPE_DIR);
}

/* The classic escape: a chroot below the cwd leaves the cwd outside it. */
int
probe_chroot_escape(char **argv)
{
	make_escape_dir();
	if (chroot(ESCAPE_DIR) == -1)
		return (-1);
	climb();
	if (chroot(".") == -1)
		return (-1);
	return (readable(argv[0]));
}

/* A descriptor on the old root kept across chroot is a way back above the new one. */
int
probe_fd_escape(char **argv)
{
	int fd;

	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		die_errno("open(/)");
	make_escape_dir();
	if (chroot(ESCAPE_DIR) == -1)
		return (-1);
	if (fchdir(fd) == -1)
		die_errno("fchdir(old root)");
	if (close(fd) == -1)
		die_errno("close(old root)");
	climb();
	if (chroot(".") == -1)
		return (-1);
	return (readable(argv[0]));
}

static int
make_node(const char *path, mode_t type, dev_t dev)
{
	if (mknod(path, type | 0600, dev) == -1)
		return (-1);
	if (unlink(path) == -1)
		die_errno("unlink(%s)", path);
	return (0);
}

int
probe_mknod_char(char **argv)
{
	return (make_node(argv[0], S_IFCHR, makedev(1, 3)));
}

int
probe_mknod_block(char **argv)
{
	return (make_node(argv[0], S_IFBLK, makedev(7, 0)));
}

int
probe_mount_tmpfs(char **argv)
{
	if (mkdir(argv[0], 0700) == -1 && errno != EEXIST)
		die_errno("mkdir(%s)", argv[0]);
	if (mount("jail4j-probe", argv[0], "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k") == -1)
		return (-1);
	if (umount2(argv[0], 0) == -1)
		die_errno("umount2(%s) after mounting it", argv[0]);
	return (0);
}

int
probe_umount(char **argv)
{
	return (umount2(argv[0], 0));
}

int
probe_swapon(char **argv)
{
	return (swapon(argv[0], 0));
}

static void
set_flags(int fd, const char *path, int flags)
{
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) == -1)
		die_errno("FS_IOC_SETFLAGS(%s) restoring %#x", path, flags);
}

int
probe_chflags(char **argv)
{
	int fd, flags, saved;

	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		die_errno("open(%s)", argv[0]);
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == -1)
		die_errno("FS_IOC_GETFLAGS(%s)", argv[0]);
	flags |= FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) == -1) {
		saved = errno;
		if (close(fd) == -1)
			die_errno("close(%s)", argv[0]);
		errno = saved;
		return (-1);
	}
	set_flags(fd, argv[0], flags & ~FS_IMMUTABLE_FL);
	if (close(fd) == -1)
		die_errno("close(%s)", argv[0]);
	return (0);
}

/* Whether TEXT is on any line of FILE; -1 with errno when FILE cannot be read. */
static int
file_mentions(const char *file, const char *text, int *found)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	f = fopen(file, "re");
	if (f == NULL)
		return (-1);
	while (!*found && getline(&line, &cap, f) != -1)
		if (strstr(line, text) != NULL)
			*found = 1;
	if (ferror(f))
		die_errno("reading %s", file);
	free(line);
	if (fclose(f) == EOF)
		die_errno("fclose(%s)", file);
	return (0);
}

int
probe_mount_seen(char **argv)
{
	int found = 0;

	if (file_mentions("/proc/self/mountinfo", argv[0], &found) == -1)
		return (-1);
	if (file_mentions("/proc/mounts", argv[0], &found) == -1)
		return (-1);
	if (!found) {
		errno = ENOENT;
		return (-1);
	}
	return (0);
}
