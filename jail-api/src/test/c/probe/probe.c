#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

#define NAME(e)	{ e, #e }

static const struct errname {
	int		 en_errno;
	const char	*en_name;
} errnames[] = {
	NAME(EPERM), NAME(ENOENT), NAME(ESRCH), NAME(EINTR), NAME(EIO), NAME(ENXIO),
	NAME(E2BIG), NAME(ENOEXEC), NAME(EBADF), NAME(ECHILD), NAME(EAGAIN), NAME(ENOMEM),
	NAME(EACCES), NAME(EFAULT), NAME(ENOTBLK), NAME(EBUSY), NAME(EEXIST), NAME(EXDEV),
	NAME(ENODEV), NAME(ENOTDIR), NAME(EISDIR), NAME(EINVAL), NAME(ENFILE), NAME(EMFILE),
	NAME(ENOTTY), NAME(ETXTBSY), NAME(EFBIG), NAME(ENOSPC), NAME(ESPIPE), NAME(EROFS),
	NAME(EMLINK), NAME(EPIPE), NAME(EDOM), NAME(ERANGE), NAME(EDEADLK), NAME(ENAMETOOLONG),
	NAME(ENOLCK), NAME(ENOSYS), NAME(ENOTEMPTY), NAME(ELOOP), NAME(ENOMSG), NAME(EIDRM),
	NAME(ENOTSOCK), NAME(EPROTOTYPE), NAME(ENOPROTOOPT), NAME(EPROTONOSUPPORT),
	NAME(ESOCKTNOSUPPORT), NAME(EOPNOTSUPP), NAME(EPFNOSUPPORT), NAME(EAFNOSUPPORT),
	NAME(EADDRINUSE), NAME(EADDRNOTAVAIL), NAME(ENETDOWN), NAME(ENETUNREACH),
	NAME(ENOBUFS), NAME(ETIMEDOUT), NAME(ECONNREFUSED), NAME(EHOSTUNREACH),
	NAME(EUSERS), NAME(EDQUOT), NAME(ENOKEY), NAME(EKEYREJECTED), NAME(ENOTRECOVERABLE),
	NAME(ENODATA), NAME(ENOMEDIUM), NAME(ECANCELED),
};

static const struct probe probes[] = {
	{ "procs", 1, probe_procs, "HOSTPID: count /proc pids, is HOSTPID there" },
	{ "kill", 1, probe_kill, "PID: kill(PID, 0)" },
	{ "ptrace", 1, probe_ptrace, "PID: ptrace(PTRACE_ATTACH, PID)" },
	{ "open", 1, probe_open, "PATH: open(PATH, O_RDONLY)" },
	{ "write", 2, probe_write, "PATH TEXT: write TEXT to PATH" },
	{ "climb", 1, probe_climb, "PATH: chdir(\"..\") from / many times, then open PATH" },
	{ "proc-root", 2, probe_proc_root, "PID PATH: open /proc/PID/root/../(many)/PATH" },
	{ "proc-cwd", 2, probe_proc_cwd, "PID PATH: open /proc/PID/cwd/../(many)/PATH" },
	{ "chroot-escape", 1, probe_chroot_escape, "PATH: chroot(dir), climb, chroot(.), open" },
	{ "fd-escape", 1, probe_fd_escape, "PATH: keep a fd on /, chroot(dir), fchdir, climb" },
	{ "init-module", 0, probe_init_module, ": init_module of a bogus image" },
	{ "finit-module", 0, probe_finit_module, ": finit_module of /proc/self/exe" },
	{ "mknod-char", 1, probe_mknod_char, "PATH: mknod a character device (1,3)" },
	{ "mknod-block", 1, probe_mknod_block, "PATH: mknod a block device (7,0)" },
	{ "mount-tmpfs", 1, probe_mount_tmpfs, "DIR: mount a tmpfs on DIR, then unmount it" },
	{ "umount", 1, probe_umount, "DIR: umount2(DIR, 0)" },
	{ "reboot", 0, probe_reboot, ": reboot(LINUX_REBOOT_CMD_CAD_OFF)" },
	{ "settime", 0, probe_settime, ": settimeofday to the current time" },
	{ "swapon", 1, probe_swapon, "PATH: swapon(PATH)" },
	{ "iopl", 0, probe_iopl, ": iopl(3)" },
	{ "ioperm", 0, probe_ioperm, ": ioperm(0x80, 1, 1)" },
	{ "kexec", 0, probe_kexec, ": kexec_load with no segments" },
	{ "addr-add", 1, probe_addr_add, "IF: add 192.0.2.77/32 to IF (rtnetlink)" },
	{ "route-add", 1, probe_route_add, "IF: add 198.51.100.0/24 dev IF (rtnetlink)" },
	{ "if-down", 1, probe_if_down, "IF: clear IFF_UP with SIOCSIFFLAGS (restored)" },
	{ "raw-socket", 0, probe_raw_socket, ": socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)" },
	{ "socket", 1, probe_socket, "FAMILY: socket of FAMILY (unix inet inet6 netlink "
	    "packet alg key appletalk x25 vsock)" },
	{ "shm", 1, probe_shm, "KEY|private: shmget+shmat of KEY, or create a private one" },
	{ "msg", 1, probe_msg, "KEY|private: msgget of KEY, or create a private one" },
	{ "sem", 1, probe_sem, "KEY|private: semget of KEY, or create a private one" },
	{ "sethostname", 1, probe_sethostname, "NAME: sethostname(NAME)" },
	{ "chflags", 1, probe_chflags, "PATH: set FS_IMMUTABLE_FL on PATH (cleared again)" },
	{ "mlock", 0, probe_mlock, ": mlock one page" },
	{ "mount-seen", 1, probe_mount_seen, "TEXT: TEXT in /proc/self/mountinfo or /proc/mounts" },
	{ "unshare", 1, probe_unshare, "NS[,NS...]: unshare each of user pid mnt net uts ipc "
	    "cgroup, in order" },
	{ "tiocsti", 0, probe_tiocsti, ": TIOCSTI on stdin" },
	{ "tiocsctty", 0, probe_tiocsctty, ": TIOCSCTTY on stdin, taking it from its session" },
};

static _Noreturn void
vdie(const char *fmt, va_list ap, int saved)
{
	fputs("jail4j-probe: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (saved != 0)
		fprintf(stderr, ": %s (errno %d)", strerror(saved), saved);
	fputc('\n', stderr);
	exit(PROBE_EXIT_BROKEN);
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(fmt, ap, 0);
}

_Noreturn void
die_errno(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(fmt, ap, errno);
}

/* The probe's one line; a probe that cannot even say its result is broken. */
void
say(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	if (n < 0 || putchar('\n') == EOF || fflush(stdout) == EOF)
		die_errno("writing the result");
}

long
parse_long(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0')
		die("not a number: %s", s);
	return (v);
}

static const char *
errno_symbol(int e)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].en_errno == e)
			return (errnames[i].en_name);
	if (snprintf(unknown, sizeof(unknown), "ERRNO%d", e) < 0)
		die("formatting errno %d", e);
	return (unknown);
}

static _Noreturn void
usage(void)
{
	size_t i;

	fputs("usage: jail4j-probe PROBE [ARG...]\n", stderr);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		fprintf(stderr, "  %s%s%s\n", probes[i].p_name,
		    probes[i].p_usage[0] == ':' ? "" : " ", probes[i].p_usage);
	exit(PROBE_EXIT_BROKEN);
}

int
main(int argc, char **argv)
{
	const struct probe *p = NULL;
	size_t i;
	int rc;

	if (argc < 2)
		usage();
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(argv[1], probes[i].p_name) == 0)
			p = &probes[i];
	if (p == NULL || argc - 2 != p->p_nargs)
		usage();
	errno = 0;
	rc = p->p_fn(argv + 2);
	if (rc == 0)
		say("OK");
	else if (rc < 0)
		say("DENIED %s", errno_symbol(errno));
	/* rc > 0: the probe printed its own line. */
	return (0);
}
