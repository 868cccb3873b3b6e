#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "probe.h"

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return (0);
	return (1);
}

int
probe_procs(char **argv)
{
	struct dirent *de;
	struct stat st;
	char path[64];
	DIR *d;
	int n = 0, visible;

	if (!all_digits(argv[0]))
		die("not a pid: %s", argv[0]);
	d = opendir("/proc");
	if (d == NULL)
		return (-1);
	errno = 0;
	while ((de = readdir(d)) != NULL)
		if (all_digits(de->d_name))
			n++;
	if (errno != 0)
		die_errno("readdir(/proc)");
	if (closedir(d) == -1)
		die_errno("closedir(/proc)");
	if (snprintf(path, sizeof(path), "/proc/%s", argv[0]) >= (int)sizeof(path))
		die("pid too long: %s", argv[0]);
	visible = stat(path, &st) == 0;
	if (!visible && errno != ENOENT)
		die_errno("stat(%s)", path);
	say("PIDS %d %s", n, visible ? "VISIBLE" : "HIDDEN");
	return (1);
}

int
probe_kill(char **argv)
{
	return (kill((pid_t)parse_long(argv[0]), 0));
}

/* Attaches, then lets go at once: the traced process is stopped only for that long. */
int
probe_ptrace(char **argv)
{
	pid_t pid = (pid_t)parse_long(argv[0]);
	int status;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == -1)
		return (-1);
	while (waitpid(pid, &status, __WALL) == -1)
		if (errno != EINTR)
			die_errno("waitpid(%ld) after PTRACE_ATTACH", (long)pid);
	if (ptrace(PTRACE_DETACH, pid, NULL, NULL) == -1)
		die_errno("PTRACE_DETACH(%ld)", (long)pid);
	return (0);
}

static const struct ns_flag {
	const char	*nf_name;
	int		 nf_flag;
} ns_flags[] = {
	{ "user", CLONE_NEWUSER }, { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
	{ "net", CLONE_NEWNET }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP },
};

static int
ns_flag(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++)
		if (strcmp(name, ns_flags[i].nf_name) == 0)
			return (ns_flags[i].nf_flag);
	die("unknown namespace: %s", name);
}

/* One unshare per name, in order: "user,mnt,pid" is how a nested jail starts. */
int
probe_unshare(char **argv)
{
	char *list, *name, *save;
	int rc = 0;

	list = strdup(argv[0]);
	if (list == NULL)
		die_errno("strdup");
	for (name = strtok_r(list, ",", &save); name != NULL && rc == 0;
	    name = strtok_r(NULL, ",", &save))
		rc = unshare(ns_flag(name));
	free(list);
	return (rc);
}

/* A harmless character: if it lands, the shell reading the terminal sees a comment. */
static int
inject(void)
{
	char c = '#';

	return (ioctl(STDIN_FILENO, TIOCSTI, &c));
}

int
probe_tiocsti(char **argv)
{
	(void)argv;
	return (inject());
}

/* Taking the terminal from the session that holds it: that session loses it, we could type. */
int
probe_tiocsctty(char **argv)
{
	(void)argv;
	return (ioctl(STDIN_FILENO, TIOCSCTTY, 1));
}

int
probe_sethostname(char **argv)
{
	return (sethostname(argv[0], strlen(argv[0])));
}

int
probe_mlock(char **argv)
{
	long pagesize;
	void *page;

	(void)argv;
	pagesize = sysconf(_SC_PAGESIZE);
	if (pagesize == -1)
		die_errno("sysconf(_SC_PAGESIZE)");
	page = mmap(NULL, (size_t)pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		die_errno("mmap");
	if (mlock(page, (size_t)pagesize) == -1)
		return (-1);
	if (munlock(page, (size_t)pagesize) == -1)
		die_errno("munlock");
	if (munmap(page, (size_t)pagesize) == -1)
		die_errno("munmap");
	return (0);
}
