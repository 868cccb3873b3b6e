/*
 * Failure reporting and small wrappers. A setup failure is one line on stderr:
 *   jail4j-launcher: <step>: <detail>: <strerror> (errno <n>)
 * and, when a report descriptor is set, "ERROR <step> <errno> <detail>" there, then exit 125.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/*
 * The one piece of file-scope state: written once, before any step can fail, so that die()
 * can reach the ready descriptor without every caller passing it down.
 */
static int report_fd = -1;

void
die_report_to(int fd)
{
	report_fd = fd;
}

static void
report_line(int fd, const char *step, int err, const char *detail)
{
	char line[1024];
	int n;

	n = snprintf(line, sizeof(line), "ERROR %s %d %s\n", step, err, detail);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* Best effort: we are already failing and have no better channel. */
	(void)write_all(fd, line, (size_t)n);	/* nothing left to tell a failure to */
}

static void
vreport(int err, const char *step, const char *fmt, va_list ap)
{
	char detail[768];
	char *p;

	(void)vsnprintf(detail, sizeof(detail), fmt, ap);	/* truncated is still one line */
	/* One line, whatever the detail contains (paths may hold newlines). */
	for (p = detail; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (err != 0)
		fprintf(stderr, "jail4j-launcher: %s: %s: %s (errno %d)\n", step, detail,
		    strerror(err), err);
	else
		fprintf(stderr, "jail4j-launcher: %s: %s\n", step, detail);
	fflush(stderr);
	if (report_fd >= 0)
		report_line(report_fd, step, err, detail);
}

void
report(int err, const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(err, step, fmt, ap);
	va_end(ap);
}

static _Noreturn void
vdie(int err, const char *step, const char *fmt, va_list ap)
{
	vreport(err, step, fmt, ap);
	_exit(LAUNCH_EXIT_SETUP);
}

void
die(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(0, step, fmt, ap);
}

void
die_errno(const char *step, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vdie(saved, step, fmt, ap);
}

void
die_with(int err, const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(err, step, fmt, ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		die_errno("malloc", "%zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		die_errno("calloc", "%zu x %zu bytes", n, size);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	void *q = reallocarray(p, n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (q == NULL)
		die_errno("realloc", "%zu x %zu bytes", n, size);
	return q;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		die_errno("strdup", "%zu bytes", strlen(s));
	return p;
}

int
xopen(const char *path, int flags, mode_t mode)
{
	int fd;

	do
		fd = open(path, flags | O_CLOEXEC, mode);
	while (fd == -1 && errno == EINTR);
	return fd;
}

ssize_t
xread(int fd, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r == -1 && errno == EINTR);
	return r;
}

int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
xclose(int fd)
{
	/* Linux releases the descriptor even when close() reports EINTR: never retry. */
	if (close(fd) == -1 && errno != EINTR)
		return -1;
	return 0;
}

pid_t
xwaitpid(pid_t pid, int *status, int options)
{
	pid_t r;

	do
		r = waitpid(pid, status, options);
	while (r == -1 && errno == EINTR);
	return r;
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Before Linux 5.9: one close() per possible descriptor up to `last' or the limit. */
static void
close_fds_slowly(int lowest_kept, unsigned last)
{
	struct rlimit rl;
	long fd, max;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		die_errno("close_fds", "getrlimit(RLIMIT_NOFILE)");
	max = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > INT_MAX ? INT_MAX : (long)rl.rlim_cur;
	if ((unsigned long)max > (unsigned long)last + 1)
		max = (long)last + 1;
	for (fd = lowest_kept + 1; fd < max; fd++)
		(void)close((int)fd);	/* EBADF for the many that are not open */
}

static void
close_range_or_die(unsigned first, unsigned last)
{
	if (first > last)
		return;
	if (syscall(SYS_close_range, first, last, 0) == 0)
		return;
	if (errno != ENOSYS)
		die_errno("close_fds", "close_range(%u, %u)", first, last);
	close_fds_slowly((int)first - 1, last);
}

/* Close every descriptor above lowest_kept except `keep' (-1: none). */
void
close_fds_above(int lowest_kept, int keep)
{
	if (keep <= lowest_kept) {
		close_range_or_die((unsigned)lowest_kept + 1, ~0U);
		return;
	}
	close_range_or_die((unsigned)lowest_kept + 1, (unsigned)keep - 1);
	close_range_or_die((unsigned)keep + 1, ~0U);
}

/* The whole of a small file, NUL-terminated; NULL with errno set on failure. */
char *
read_small_file(const char *path, size_t max)
{
	struct stat st;
	size_t len = 0;
	ssize_t r = 0;
	char *buf;
	int fd, saved;

	if ((fd = xopen(path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0)) == -1)
		return NULL;
	/* a FIFO or a device in its place would block or never end */
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		saved = S_ISREG(st.st_mode) ? errno : EINVAL;
		(void)xclose(fd);	/* the refusal is the one to report */
		errno = saved;
		return NULL;
	}
	buf = xmalloc(max + 1);
	while (len < max && (r = xread(fd, buf + len, max - len)) > 0)
		len += (size_t)r;
	saved = errno;
	if (r == -1 || len == max) {
		free(buf);
		(void)xclose(fd);	/* the read failure is the one to report */
		errno = r == -1 ? saved : EFBIG;
		return NULL;
	}
	buf[len] = '\0';
	if (xclose(fd) == -1) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Leave with the same status as a child that ended with `status': its exit code, or death
 * by the same signal (default action restored first, no core dump of the launcher).
 */
void
exit_like(int status)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;
	int sig;

	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	(void)setrlimit(RLIMIT_CORE, &none);	/* a core of the launcher helps nobody */
	if (signal(sig, SIG_DFL) == SIG_ERR)
		_exit(128 + sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);	/* valid set: cannot fail */
	(void)kill(getpid(), sig);	/* to self: cannot fail */
	_exit(128 + sig);	/* only when the signal does not kill (e.g. SIGCHLD) */
}
