/*
 * keeper mode: make the jail's namespaces and hold them as pid 1 of its pid namespace.
 *
 * The process started by Java unshares the namespaces and forks; the child builds the
 * jail, restricts itself and says "R" on a pipe; the parent then writes
 * "READY <keeper-host-pid>" on the ready descriptor and exits. The keeper lives on in its
 * own session, reaping, serving spawn requests, until SIGTERM or (without --persist) until
 * the jail is empty again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

/* Without --persist, how often the keeper looks whether the jail is empty. */
#define EMPTY_CHECK_MS	200

static _Noreturn void
keeper_parent(const struct launch_opts *o, pid_t keeper, int syncfd)
{
	char c, line[32];
	ssize_t n;
	int status, err;

	n = xread(syncfd, &c, 1);
	if (n == 1 && c == 'R') {
		(void)snprintf(line, sizeof(line), "READY %ld\n", (long)keeper);	/* fits */
		/* EPIPE, not SIGPIPE, if the starter has gone: a keeper nobody knows must not stay */
		if (signal(SIGPIPE, SIG_IGN) == SIG_ERR ||
		    write_all(o->ready_fd, line, strlen(line)) == -1) {
			err = errno;
			(void)kill(keeper, SIGKILL);	/* our child: only ESRCH if already dead */
			die_with(err, "ready", "write to fd %d", o->ready_fd);
		}
		_exit(0);
	}
	if (n == -1)
		die_errno("ready", "read the keeper's readiness");
	if (xwaitpid(keeper, &status, 0) == -1)
		die_errno("ready", "wait for keeper %ld", (long)keeper);
	if (WIFEXITED(status) && WEXITSTATUS(status) == LAUNCH_EXIT_SETUP)
		_exit(LAUNCH_EXIT_SETUP);	/* it has reported its failure itself */
	die("keeper", "ended before readiness (wait status 0x%x)", (unsigned)status);
}

static int
keeper_signals(void)
{
	sigset_t set;
	int fd;

	if (signal(SIGHUP, SIG_IGN) == SIG_ERR)
		die_errno("signals", "ignore SIGHUP");
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	/* pid 1 gets only signals it handles: blocked and read from a signalfd counts */
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		die_errno("signals", "sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		die_errno("signals", "signalfd");
	return fd;
}

static void
set_names(const struct launch_opts *o)
{
	if (o->hostname != NULL && sethostname(o->hostname, strlen(o->hostname)) == -1)
		die_errno("sethostname", "%s", o->hostname);
	if (o->domainname != NULL && setdomainname(o->domainname, strlen(o->domainname)) == -1)
		die_errno("setdomainname", "%s", o->domainname);
}

/* After readiness the keeper holds none of its starter's descriptors. */
static void
detach_stdio(const struct launch_opts *o)
{
	int fd, i;

	if ((fd = xopen("/dev/null", O_RDWR, 0)) == -1)
		die_errno("keeper", "open /dev/null");
	for (i = 0; i <= 2; i++)
		if (dup2(fd, i) == -1)
			die_errno("keeper", "dup2 /dev/null to %d", i);
	if (fd > 2 && xclose(fd) == -1)
		die_errno("keeper", "close /dev/null");
	die_report_to(-1);
	if (o->ready_fd > 2 && xclose(o->ready_fd) == -1)
		die_errno("keeper", "close the ready fd %d", o->ready_fd);
}

/*
 * The jail's root reads /proc/1/environ: wipe the environment the starter passed, which may
 * hold secrets. The arguments stay: the engine finds a keeper by them after a crash.
 */
static void
hide_environment(void)
{
	extern char **environ;
	char **p;

	for (p = environ; p != NULL && *p != NULL; p++)
		memset(*p, 0, strlen(*p));
	if (clearenv() != 0)
		die("keeper", "clearenv");
}

struct linux_dirent64 {
	ino64_t		d_ino;
	off64_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[];
};

/* Processes in the jail other than the keeper, from the jail's own /proc. */
static long
jail_processes(void)
{
	char buf[1024];
	struct linux_dirent64 *d;
	long n, off, count = 0;
	int fd;

	if ((fd = xopen("/proc", O_RDONLY | O_DIRECTORY, 0)) == -1)
		die_errno("keeper", "open /proc");
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if (d->d_name[0] >= '1' && d->d_name[0] <= '9' &&
			    strcmp(d->d_name, "1") != 0)
				count++;
		}
	if (n == -1)
		die_errno("keeper", "read /proc");
	if (xclose(fd) == -1)
		die_errno("keeper", "close /proc");
	return count;
}

static void
reap(void)
{
	int status;
	pid_t r;

	while ((r = xwaitpid(-1, &status, WNOHANG)) > 0)
		continue;
	if (r == -1 && errno != ECHILD)
		die_errno("keeper", "waitpid");
}

/* SIGTERM ends the jail: every process in it, then the keeper. */
static void
on_signal(int sigfd)
{
	struct signalfd_siginfo si;
	ssize_t n;

	while ((n = xread(sigfd, &si, sizeof(si))) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGTERM) {
			/* from pid 1, -1 means every other process in this pid namespace */
			if (kill(-1, SIGKILL) == -1 && errno != ESRCH)
				die_errno("keeper", "kill the jail's processes");
			_exit(0);
		}
	}
	if (n == -1 && errno != EAGAIN)
		die_errno("keeper", "read the signalfd");
	reap();
}

/*
 * Whether any process other than the keeper was ever made in the jail: the pid namespace's
 * last pid has moved past 1. A command shorter than the check interval still counts.
 */
static bool
jail_was_entered(void)
{
	char *text;
	long last;

	if ((text = read_small_file("/proc/sys/kernel/ns_last_pid", 32)) == NULL)
		die_errno("keeper", "read /proc/sys/kernel/ns_last_pid");
	text[strcspn(text, "\n")] = '\0';
	if (parse_long(text, 0, 0x7fffffffL, &last) == -1)
		die("keeper", "ns_last_pid: not a number: %s", text);
	free(text);
	return last > 1;
}

static _Noreturn void
keeper_loop(const struct launch_opts *o, int sigfd, int lfd)
{
	struct pollfd pfd[2] = { { sigfd, POLLIN, 0 }, { lfd, POLLIN, 0 } };
	bool entered = false;
	int r;

	for (;;) {
		r = poll(pfd, lfd >= 0 ? 2 : 1, o->persist ? -1 : EMPTY_CHECK_MS);
		if (r == -1 && errno != EINTR)
			die_errno("keeper", "poll");
		if (r > 0 && pfd[0].revents != 0)
			on_signal(sigfd);
		if (r > 0 && lfd >= 0 && pfd[1].revents != 0)
			control_accept(lfd);
		if (o->persist)
			continue;
		if (!entered)
			entered = jail_was_entered();
		if (entered && jail_processes() == 0)
			_exit(0);
	}
}

static _Noreturn void
keeper_child(const struct launch_opts *o, int syncfd)
{
	int sigfd, lfd = -1;

	if (setsid() == -1)
		die_errno("setsid", "keeper");
	if (prctl(PR_SET_NAME, "jail4j-keeper", 0L, 0L, 0L) == -1)
		die_errno("prctl", "PR_SET_NAME");
	sigfd = keeper_signals();
	/* PATH is a host path: bound before pivot_root hides the host */
	if (o->control != NULL)
		lfd = control_listen(o->control);
	build_root(o);
	set_names(o);
	net_setup(o);
	restrict_caps(&o->limits);
	restrict_syscalls(&o->limits);
	if (write_all(syncfd, "R", 1) == -1)
		die_errno("ready", "tell the starter");
	if (xclose(syncfd) == -1)
		die_errno("ready", "close the readiness pipe");
	detach_stdio(o);
	hide_environment();
	keeper_loop(o, sigfd, lfd);
}

void
keeper_main(struct launch_opts *o)
{
	int sync[2];
	pid_t pid;

	if (fcntl(o->ready_fd, F_GETFD) == -1)
		die_errno("arguments", "--ready-fd %d", o->ready_fd);
	die_report_to(o->ready_fd);
	if (pipe2(sync, O_CLOEXEC) == -1)
		die_errno("keeper", "pipe2");
	if (unshare(o->limits.ns_flags) == -1)
		die_errno("unshare", "namespaces 0x%x", (unsigned)o->limits.ns_flags);
	if ((pid = fork()) == -1)
		die_errno("fork", "keeper");
	if (pid == 0) {
		if (xclose(sync[0]) == -1)
			die_errno("keeper", "close the readiness pipe");
		keeper_child(o, sync[1]);
	}
	if (xclose(sync[1]) == -1)
		die_errno("keeper", "close the readiness pipe");
	keeper_parent(o, pid, sync[0]);
}
