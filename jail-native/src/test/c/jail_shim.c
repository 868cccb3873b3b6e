/*
 * A FreeBSD jail_attach(2) for Linux, so that the launcher's FreeBSD exec path runs for real in
 * a test: jail JID is the directory named by the environment variable JAIL4J_SHIM_ROOT_<JID>;
 * attaching chroots there and starts in its "/", as the kernel does; a JID without one is
 * EINVAL, as the FreeBSD kernel answers for a jail that does not exist.
 *
 * Linked with -Wl,--wrap for chdir, setgroups, setgid, setuid and execvp, it writes each of
 * those calls, and jail_attach, as one line to the file JAIL4J_SHIM_LOG names (a host path
 * inside the jail's root, so that it can still be reached after the attach; it must exist and
 * be writable by the command's user). Each line is opened anew because the launcher closes
 * every descriptor above 2 before execvp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/jail.h>

int	 __real_chdir(const char *path);
int	 __real_setgroups(size_t n, const gid_t *groups);
int	 __real_setgid(gid_t gid);
int	 __real_setuid(uid_t uid);
int	 __real_execvp(const char *file, char *const argv[]);

static char *log_path;		/* read before the launcher replaces the environment */
static char *attached_root;	/* the host path the process is chrooted to, once attached */

__attribute__((constructor)) static void
shim_init(void)
{
	const char *p = getenv("JAIL4J_SHIM_LOG");

	if (p == NULL || (log_path = strdup(p)) == NULL) {
		fputs("jail_shim: JAIL4J_SHIM_LOG must name the call log\n", stderr);
		abort();
	}
}

/* The call log as this process sees it: the host path, or inside the jail once attached. */
static const char *
log_here(void)
{
	size_t len;

	if (attached_root == NULL)
		return log_path;
	len = strlen(attached_root);
	if (strncmp(log_path, attached_root, len) != 0 || log_path[len] != '/') {
		fputs("jail_shim: JAIL4J_SHIM_LOG is not inside the jail's root\n", stderr);
		abort();
	}
	return log_path + len;
}

static void
log_call(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int fd, n, saved = errno;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		abort();	/* a test's call log: every line is short */
	line[n++] = '\n';
	if ((fd = open(log_here(), O_WRONLY | O_APPEND | O_CLOEXEC)) == -1 ||
	    write(fd, line, (size_t)n) != n || close(fd) == -1) {
		perror("jail_shim: the call log");
		abort();
	}
	errno = saved;
}

/* The call's result, as the log shows it: "0", or "-1 <errno>". */
static int
logged(int r, const char *call, const char *arg)
{
	int saved = errno;

	if (r == -1)
		log_call("%s %s -1 %d", call, arg, saved);
	else
		log_call("%s %s %d", call, arg, r);
	errno = saved;
	return r;
}

int
jail_attach(int jid)
{
	char name[64], arg[16];
	const char *root;

	(void)snprintf(arg, sizeof(arg), "%d", jid);	/* fits */
	(void)snprintf(name, sizeof(name), "JAIL4J_SHIM_ROOT_%d", jid);	/* fits */
	if ((root = getenv(name)) == NULL) {
		errno = EINVAL;
		return logged(-1, "jail_attach", arg);
	}
	if (chroot(root) == -1 || __real_chdir("/") == -1)
		return logged(-1, "jail_attach", arg);
	if ((attached_root = strdup(root)) == NULL)
		abort();
	return logged(0, "jail_attach", arg);
}

int
__wrap_chdir(const char *path)
{
	return logged(__real_chdir(path), "chdir", path);
}

int
__wrap_setgroups(size_t n, const gid_t *groups)
{
	char arg[256];
	size_t i, len = 0;

	arg[0] = '\0';
	for (i = 0; i < n && len < sizeof(arg) - 16; i++)
		len += (size_t)snprintf(arg + len, sizeof(arg) - len, i == 0 ? "%u" : ",%u",
		    (unsigned)groups[i]);
	return logged(__real_setgroups(n, groups), "setgroups", arg);
}

int
__wrap_setgid(gid_t gid)
{
	char arg[16];

	(void)snprintf(arg, sizeof(arg), "%u", (unsigned)gid);
	return logged(__real_setgid(gid), "setgid", arg);
}

int
__wrap_setuid(uid_t uid)
{
	char arg[16];

	(void)snprintf(arg, sizeof(arg), "%u", (unsigned)uid);
	return logged(__real_setuid(uid), "setuid", arg);
}

/* Logged before the call: a successful one never returns. */
int
__wrap_execvp(const char *file, char *const argv[])
{
	log_call("execvp %s", file);
	return __real_execvp(file, argv);
}
