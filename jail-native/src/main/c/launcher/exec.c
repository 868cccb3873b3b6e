/*
 * exec mode: enter a keeper's namespaces through its pidfd, then run one command there.
 * The launcher stays outside as the command's parent, forwards the usual termination
 * signals to it and leaves with its status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

/* Whether process pid is in the same namespace `name' as this launcher. */
static bool
same_ns(pid_t pid, const char *name)
{
	char path[64];
	struct stat theirs, ours;

	(void)snprintf(path, sizeof(path), "/proc/%ld/ns/%s", (long)pid, name);	/* fits */
	if (stat(path, &theirs) == -1)
		die_errno("setns", "%s", path);
	(void)snprintf(path, sizeof(path), "/proc/self/ns/%s", name);	/* fits */
	if (stat(path, &ours) == -1)
		die_errno("setns", "%s", path);
	return theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino;
}

/*
 * Enter every namespace the keeper has of its own, whatever --ns says, so that a forgotten
 * name cannot leave a command in the host's network; those it shares with the host do not
 * count for the restrictions (a jail in the host's network keeps no CAP_NET_ADMIN). A
 * "keeper" in the host's mount or pid namespace is no keeper: entering it hands out the host.
 */
static void
enter_jail(struct launch_opts *o)
{
	size_t i;
	int pidfd;

	if ((pidfd = (int)syscall(SYS_pidfd_open, o->pid, 0)) == -1)
		die_errno("pidfd_open", "keeper %ld", (long)o->pid);
	o->limits.ns_flags = 0;
	for (i = 0; i < NS_COUNT; i++) {
		if (!same_ns(o->pid, ns_names[i].name))
			o->limits.ns_flags |= (int)ns_names[i].bits;
		else if (ns_names[i].bits == CLONE_NEWNS || ns_names[i].bits == CLONE_NEWPID)
			die_with(EPERM, "setns", "process %ld is no jail keeper: it shares the %s "
			    "namespace of the host", (long)o->pid, ns_names[i].name);
	}
	join_cgroups_of(o->pid);
	/* the pid was read through /proc: prove it still names the pidfd's process */
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == -1)
		die_errno("pidfd_open", "keeper %ld", (long)o->pid);
	if (setns(pidfd, o->limits.ns_flags) == -1)
		die_errno("setns", "keeper %ld", (long)o->pid);
	if (xclose(pidfd) == -1)
		die_errno("pidfd_open", "close the pidfd of keeper %ld", (long)o->pid);
}

static void
add_env(struct child_spec *c, const char *key, const char *value)
{
	size_t n, len = strlen(key);
	char *kv;

	for (n = 0; c->env[n] != NULL; n++)
		if (strncmp(c->env[n], key, len) == 0 && c->env[n][len] == '=')
			return;		/* --env wins over the login defaults */
	kv = xmalloc(len + strlen(value) + 2);
	strcpy(kv, key);
	kv[len] = '=';
	strcpy(kv + len + 1, value);
	c->env = xreallocarray(c->env, n + 2, sizeof(char *));
	c->env[n] = kv;
	c->env[n + 1] = NULL;
}

/* Who runs the command and where: resolved inside the jail, before anything runs there. */
static void
prepare_child(struct launch_opts *o)
{
	char *home = NULL, *shell = NULL;
	const char *dir = o->dir;

	if (o->user != NULL) {
		lookup_user(o->user, &o->child, &home, &shell);
	} else if (o->child.ngroups == 0) {
		o->child.groups = xmalloc(sizeof(gid_t));
		o->child.groups[0] = o->child.gid;
		o->child.ngroups = 1;
	}
	if (o->login) {
		add_env(&o->child, "HOME", home != NULL ? home : "/");
		add_env(&o->child, "SHELL", shell != NULL ? shell : "/bin/sh");
		add_env(&o->child, "USER", o->user != NULL ? o->user : "root");
		add_env(&o->child, "PATH", "/bin:/usr/bin:/sbin:/usr/sbin");
		if (dir == NULL)
			dir = home;
	}
	if (dir == NULL)
		dir = "/";
	if (chdir(dir) == -1)
		die_errno("chdir", "%s", dir);
	free(home);
	free(shell);
}

static int
block_signals(sigset_t *old)
{
	static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD };
	sigset_t set;
	size_t i;
	int fd;

	sigemptyset(&set);
	for (i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, &set, old) == -1)
		die_errno("signals", "sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_CLOEXEC)) == -1)
		die_errno("signals", "signalfd");
	return fd;
}

/* Forward termination signals to the command until it ends; its wait status. */
static int
supervise(pid_t child, int sigfd)
{
	struct signalfd_siginfo si;
	pid_t r;
	int status;

	for (;;) {
		if ((r = xwaitpid(child, &status, WNOHANG)) == -1)
			die_errno("wait", "command %ld", (long)child);
		if (r == child)
			return status;
		if (xread(sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			die_errno("signals", "read the signalfd");
		if (si.ssi_signo != SIGCHLD && kill(child, (int)si.ssi_signo) == -1 &&
		    errno != ESRCH)	/* ESRCH: it has just ended; the wait will say how */
			die_errno("kill", "forward signal %u to %ld", si.ssi_signo, (long)child);
	}
}

void
exec_main(struct launch_opts *o)
{
	sigset_t old;
	pid_t child;
	int sigfd;

	enter_jail(o);
	prepare_child(o);
	sigfd = block_signals(&old);
	if ((child = fork()) == -1)
		die_errno("fork", "the command");
	if (child == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L) == -1)
			die_errno("prctl", "PR_SET_PDEATHSIG");
		/* the launcher is outside the jail's pid namespace: its pid reads as 0 here */
		if (getppid() != 0)	/* it died before the line above: we belong to init */
			_exit(LAUNCH_EXIT_SETUP);
		if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
			die_errno("signals", "restore the signal mask");
		if (setsid() == -1)
			die_errno("setsid", "the command");
		child_exec(&o->limits, &o->child, -1);
	}
	exit_like(supervise(child, sigfd));
}
