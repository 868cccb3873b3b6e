/*
 * The keeper's control socket: the fast path that starts a command in the jail without a
 * launcher process per command. One SOCK_SEQPACKET connection carries one request; the
 * keeper forks a handler per connection, so the keeper itself never blocks on a client.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

#define REQUEST_MAX	(256 * 1024)

struct request {
	struct child_spec	 spec;
	const char		*dir;
	int			 fds[3];
};

int
control_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, r;

	if (strlen(path) >= sizeof(sa.sun_path))
		die("control", "socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1)
		die_errno("control", "socket");
	old = umask(0177);	/* created 0600: no moment when others may connect */
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	(void)umask(old);	/* umask cannot fail */
	if (r == -1)
		die_errno("control", "bind %s", path);
	if (listen(fd, 64) == -1)
		die_errno("control", "listen %s", path);
	return fd;
}

static void
answer(int cfd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
answer(int cfd, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)strlen(line);
	/* EPIPE: the client has gone, and the command is killed below when we notice */
	if (send(cfd, line, (size_t)n, MSG_NOSIGNAL) == -1 && errno != EPIPE &&
	    errno != ECONNRESET)
		_exit(LAUNCH_EXIT_SETUP);
}

static _Noreturn void
refuse(int cfd, int err, const char *step, const char *detail)
{
	answer(cfd, "error %s %d %s\n", step, err, detail);
	_exit(LAUNCH_EXIT_SETUP);
}

/* The next NUL-terminated field of the request, or a refusal. */
static char *
field(int cfd, char **p, const char *end)
{
	char *f = *p, *nul;

	if (f >= end || (nul = memchr(f, '\0', (size_t)(end - f))) == NULL)
		refuse(cfd, EINVAL, "request", "truncated request");
	*p = nul + 1;
	return f;
}

static long
number_field(int cfd, char **p, const char *end, long max)
{
	long v;

	if (parse_long(field(cfd, p, end), 0, max, &v) == -1)
		refuse(cfd, EINVAL, "request", "bad number");
	return v;
}

static char **
string_list(int cfd, char **p, const char *end, long n)
{
	char **list = xcalloc((size_t)n + 1, sizeof(char *));
	long i;

	for (i = 0; i < n; i++)
		list[i] = field(cfd, p, end);
	return list;
}

static void
parse_request(int cfd, char *buf, size_t len, struct request *req)
{
	char *p = buf, *end = buf + len;
	long n, i;

	if (strcmp(field(cfd, &p, end), "v1") != 0)
		refuse(cfd, EPROTO, "request", "unknown version");
	req->spec.uid = (uid_t)number_field(cfd, &p, end, 0xfffffffeL);
	req->spec.gid = (gid_t)number_field(cfd, &p, end, 0xfffffffeL);
	n = number_field(cfd, &p, end, 65536);
	req->spec.groups = xcalloc((size_t)n + 1, sizeof(gid_t));
	for (i = 0; i < n; i++)
		req->spec.groups[i] = (gid_t)number_field(cfd, &p, end, 0xfffffffeL);
	req->spec.ngroups = (size_t)n;
	if (n == 0) {
		req->spec.groups[0] = req->spec.gid;
		req->spec.ngroups = 1;
	}
	req->dir = field(cfd, &p, end);
	req->spec.env = string_list(cfd, &p, end, number_field(cfd, &p, end, 65536));
	n = number_field(cfd, &p, end, 65536);
	if (n == 0)
		refuse(cfd, EINVAL, "request", "empty command");
	req->spec.argv = string_list(cfd, &p, end, n);
	if (p != end)
		refuse(cfd, EINVAL, "request", "trailing bytes");
}

static void
take_fds(int cfd, struct msghdr *msg, struct request *req)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(3 * sizeof(int)) || CMSG_NXTHDR(msg, c) != NULL)
		refuse(cfd, EINVAL, "request", "expected exactly three descriptors");
	memcpy(req->fds, CMSG_DATA(c), sizeof(req->fds));
}

static void
receive_request(int cfd, struct request *req)
{
	union {
		char		buf[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr	align;
	} control;
	char *buf = xmalloc(REQUEST_MAX);
	struct iovec iov = { buf, REQUEST_MAX };
	struct msghdr msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	do
		n = recvmsg(cfd, &msg, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		_exit(LAUNCH_EXIT_SETUP);	/* nobody to answer */
	if (n == 0)
		_exit(0);			/* the client left without asking */
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		refuse(cfd, EMSGSIZE, "request", "request or descriptors truncated");
	take_fds(cfd, &msg, req);
	parse_request(cfd, buf, (size_t)n, req);
}

static _Noreturn void
command_child(const struct request *req, int errfd)
{
	sigset_t none;
	int i;

	die_report_to(errfd);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L) == -1)
		die_errno("prctl", "PR_SET_PDEATHSIG");
	for (i = 0; i < 3; i++)
		if (dup2(req->fds[i], i) == -1)
			die_errno("dup2", "descriptor %d", i);
	if (chdir(req->dir) == -1)
		die_errno("chdir", "%s", req->dir);
	if (setsid() == -1)
		die_errno("setsid", "the command");
	sigemptyset(&none);
	if (signal(SIGHUP, SIG_DFL) == SIG_ERR || sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		die_errno("signals", "restore the defaults");
	child_exec(NULL, &req->spec, errfd);	/* the keeper's restrictions are in force */
}

/*
 * Fork the command; the close-on-exec pipe stays silent when execvp succeeds, and carries
 * the child's "ERROR <step> <errno> <detail>" line when anything before it failed.
 */
static pid_t
start_command(int cfd, const struct request *req)
{
	char line[1024];
	ssize_t n, len = 0;
	int errpipe[2], i, status;
	pid_t pid;

	if (pipe2(errpipe, O_CLOEXEC) == -1)
		refuse(cfd, errno, "pipe2", "the exec report");
	if ((pid = fork()) == -1)
		refuse(cfd, errno, "fork", "the command");
	if (pid == 0)
		command_child(req, errpipe[1]);
	for (i = 0; i < 3; i++)
		(void)xclose(req->fds[i]);	/* the command has its own copies */
	(void)xclose(errpipe[1]);	/* only the child writes it */
	while ((n = xread(errpipe[0], line + len, sizeof(line) - 1 - (size_t)len)) > 0)
		len += n;
	if (n == -1)
		refuse(cfd, errno, "read", "the exec report");
	(void)xclose(errpipe[0]);	/* read to its end */
	if (len == 0)
		return pid;
	line[len] = '\0';
	(void)xwaitpid(pid, &status, 0);	/* it has exited after its report */
	answer(cfd, "error %s", strncmp(line, "ERROR ", 6) == 0 ? line + 6 : line);
	_exit(0);
}

static void
send_pid(int cfd, pid_t pid)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} control;
	char line[32];
	struct iovec iov = { line, 0 };
	struct msghdr msg;
	struct cmsghdr *c;
	int pidfd;

	if ((pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) == -1)
		refuse(cfd, errno, "pidfd_open", "the command");
	iov.iov_len = (size_t)snprintf(line, sizeof(line), "pid %ld\n", (long)pid);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pidfd, sizeof(int));
	if (sendmsg(cfd, &msg, MSG_NOSIGNAL) == -1 && errno != EPIPE && errno != ECONNRESET)
		refuse(cfd, errno, "sendmsg", "the pid answer");
	(void)xclose(pidfd);	/* the client has its copy */
}

/* A client message: "kill <sig>"; false when the client has gone. */
static bool
client_message(int cfd, pid_t pid)
{
	char buf[64];
	ssize_t n;
	long sig;

	do
		n = recv(cfd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return true;
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	if (strncmp(buf, "kill ", 5) != 0 || parse_long(buf + 5, 1, 64, &sig) == -1) {
		answer(cfd, "error request %d unknown message\n", EINVAL);
		return true;
	}
	if (kill(pid, (int)sig) == -1 && errno != ESRCH)
		answer(cfd, "error kill %d signal %ld\n", errno, sig);
	return true;
}

/* Whether the command has ended, leaving it unreaped; its end in `si'. */
static bool
ended(int cfd, pid_t pid, siginfo_t *si)
{
	int r;

	memset(si, 0, sizeof(*si));
	do
		r = waitid(P_PID, (id_t)pid, si, WEXITED | WNOHANG | WNOWAIT);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		refuse(cfd, errno, "waitid", "the command");
	return si->si_pid == pid;
}

/*
 * The end is answered while the command is still a zombie: its pidfd keeps naming it (the
 * client reads the host pid there) until the client closes the connection.
 */
static _Noreturn void
answer_end(int cfd, pid_t pid, const siginfo_t *si)
{
	char buf[64];
	ssize_t n;
	int status;

	if (si->si_code == CLD_EXITED)
		answer(cfd, "exit %d\n", si->si_status);
	else
		answer(cfd, "signal %d\n", si->si_status);
	do
		n = recv(cfd, buf, sizeof(buf), 0);	/* a late "kill" changes nothing now */
	while (n > 0 || (n == -1 && errno == EINTR));
	(void)xwaitpid(pid, &status, 0);	/* our only child, ended */
	_exit(0);
}

static _Noreturn void
supervise(int cfd, pid_t pid)
{
	struct pollfd pfd[2] = { { cfd, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct signalfd_siginfo ssi;
	sigset_t chld;
	siginfo_t si;
	int status;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);	/* blocked already, inherited from the keeper */
	if ((pfd[1].fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		refuse(cfd, errno, "signalfd", "the command");
	while (!ended(cfd, pid, &si)) {
		if (poll(pfd, 2, -1) == -1 && errno != EINTR)
			refuse(cfd, errno, "poll", "the command");
		if (pfd[1].revents != 0 && xread(pfd[1].fd, &ssi, sizeof(ssi)) == -1 &&
		    errno != EAGAIN)
			refuse(cfd, errno, "signalfd", "read");
		if (pfd[0].revents != 0 && !client_message(cfd, pid)) {
			/* closing the connection before the end kills the command */
			(void)kill(pid, SIGKILL);	/* ESRCH only: it is ending anyway */
			(void)xwaitpid(pid, &status, 0);	/* our only child */
			_exit(0);
		}
	}
	answer_end(cfd, pid, &si);
}

static _Noreturn void
control_service(int cfd)
{
	struct request req;
	pid_t pid;

	memset(&req, 0, sizeof(req));
	receive_request(cfd, &req);
	pid = start_command(cfd, &req);
	send_pid(cfd, pid);
	supervise(cfd, pid);
}

/* One connection: a handler process of its own, so that the keeper never waits on it. */
void
control_accept(int lfd)
{
	pid_t pid;
	int cfd;

	if ((cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
		/* a client that left, or a passing shortage: the jail must not end for it */
		if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK)
			die_errno("control", "accept");
		return;
	}
	if ((pid = fork()) == -1) {
		(void)xclose(cfd);	/* the client sees the connection end unanswered */
		return;
	}
	if (pid == 0) {
		(void)xclose(lfd);	/* only the keeper accepts */
		control_service(cfd);
	}
	(void)xclose(cfd);	/* the handler has its copy */
}
