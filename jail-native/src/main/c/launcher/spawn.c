/*
 * The keeper's control socket: the fast path that starts a command in the jail without a
 * launcher process per command. One SOCK_SEQPACKET connection carries one request. The
 * keeper serves every connection from its own poll loop (no process per connection): the
 * sockets are non-blocking, each connection is a slot in a small table, a command's end is
 * seen on its pidfd. A command is started with clone(CLONE_VM | CLONE_VFORK): the child
 * borrows the keeper's memory until execve, so it only makes system calls, and leaves the
 * reason of a failure before execve in that shared memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

#define REQUEST_MAX	(256 * 1024)
#define REQUEST_KEPT	(16 * 1024)	/* pages of a larger request are given back */
#define CONN_MAX	256		/* connections served at once; more wait in the backlog */
#define KILLS_PER_ROUND	16		/* client messages read per poll round and connection */
#define CHILD_STACK	(64 * 1024)	/* plus room for execvp's script fallback argv */

/* One connection: its client, and the command it started. */
struct conn {
	int	cfd;	/* -1 once the client has gone */
	int	pidfd;	/* -1 before the command started and once it is reaped */
	pid_t	pid;	/* in the jail's pid namespace; 0 before the command started */
	bool	ended;	/* the end answered; reaped when the client closes */
};

struct request {
	struct child_spec	 spec;
	const char		*dir;
	int			 fds[3];
	size_t			 len;		/* of the message in reqbuf */
};

/* Why a request is refused: the fields of an "error" answer. */
struct refusal {
	const char	*step;
	const char	*detail;
	int		 err;
};

/* What the child did before execve, in the keeper's memory (CLONE_VM). */
enum child_step {
	STEP_NONE,
	STEP_DUP2,
	STEP_CHDIR,
	STEP_SETSID,
	STEP_SIGNALS,
	STEP_SETGROUPS,
	STEP_SETGID,
	STEP_SETUID,
	STEP_SETUID0,
	STEP_CLOSE,
	STEP_EXEC,
};

struct launch {
	const struct request	*req;
	enum child_step		 failed;	/* STEP_NONE: execve succeeded */
	int			 err;
	int			 fd;		/* the descriptor dup2 failed on */
};

static struct conn	*conns;
static size_t		 nconns;
static struct pollfd	*pfds;		/* sigfd, lfd, then two per connection */
static bool		 accept_paused;	/* until a slot or a descriptor is free again */
static char		 reqbuf[REQUEST_MAX];
static char		 small_stack[CHILD_STACK + 2 * 4096] __attribute__((aligned(16)));

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
	conns = xcalloc(CONN_MAX, sizeof(*conns));
	pfds = xcalloc(2 + 2 * CONN_MAX, sizeof(*pfds));
	return fd;
}

/*
 * One answer message; -1 when it cannot be delivered now. A client whose receive queue is
 * full does not read its answers: it is dropped rather than waited for.
 */
static int
answer(int cfd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
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
	return send(cfd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == -1 ? -1 : 0;
}

static int
refuse(struct refusal *why, int err, const char *step, const char *detail)
{
	why->err = err;
	why->step = step;
	why->detail = detail;
	return -1;
}

/* The next NUL-terminated field of the request; NULL when there is none. */
static char *
field(char **p, const char *end)
{
	char *f = *p, *nul;

	if (f >= end || (nul = memchr(f, '\0', (size_t)(end - f))) == NULL)
		return NULL;
	*p = nul + 1;
	return f;
}

static int
number_field(char **p, const char *end, long max, long *v, struct refusal *why)
{
	char *f;

	if ((f = field(p, end)) == NULL)
		return refuse(why, EINVAL, "request", "truncated request");
	if (parse_long(f, 0, max, v) == -1)
		return refuse(why, EINVAL, "request", "bad number");
	return 0;
}

/* A count, then as many fields: a NULL-terminated list pointing into the request. */
static char **
string_list(char **p, const char *end, struct refusal *why)
{
	char **list;
	long n, i;

	if (number_field(p, end, 65536, &n, why) == -1)
		return NULL;
	if ((list = calloc((size_t)n + 1, sizeof(char *))) == NULL) {
		(void)refuse(why, ENOMEM, "request", "the lists");
		return NULL;
	}
	for (i = 0; i < n; i++)
		if ((list[i] = field(p, end)) == NULL) {
			free(list);
			(void)refuse(why, EINVAL, "request", "truncated request");
			return NULL;
		}
	return list;
}

static int
parse_groups(char **p, const char *end, struct child_spec *c, struct refusal *why)
{
	long n, i, v;

	if (number_field(p, end, 65536, &n, why) == -1)
		return -1;
	if ((c->groups = calloc((size_t)n + 1, sizeof(gid_t))) == NULL)
		return refuse(why, ENOMEM, "request", "the groups");
	for (i = 0; i < n; i++) {
		if (number_field(p, end, 0xfffffffeL, &v, why) == -1)
			return -1;
		c->groups[i] = (gid_t)v;
	}
	c->ngroups = (size_t)n;
	if (n == 0) {
		c->groups[0] = c->gid;
		c->ngroups = 1;
	}
	return 0;
}

static int
parse_request(char *buf, size_t len, struct request *req, struct refusal *why)
{
	char *p = buf, *end = buf + len, *version;
	long uid, gid;

	if ((version = field(&p, end)) == NULL || strcmp(version, "v1") != 0)
		return refuse(why, EPROTO, "request", "unknown version");
	if (number_field(&p, end, 0xfffffffeL, &uid, why) == -1 ||
	    number_field(&p, end, 0xfffffffeL, &gid, why) == -1)
		return -1;
	req->spec.uid = (uid_t)uid;
	req->spec.gid = (gid_t)gid;
	if (parse_groups(&p, end, &req->spec, why) == -1)
		return -1;
	if ((req->dir = field(&p, end)) == NULL)
		return refuse(why, EINVAL, "request", "truncated request");
	if ((req->spec.env = string_list(&p, end, why)) == NULL ||
	    (req->spec.argv = string_list(&p, end, why)) == NULL)
		return -1;
	if (req->spec.argv[0] == NULL)
		return refuse(why, EINVAL, "request", "empty command");
	if (p != end)
		return refuse(why, EINVAL, "request", "trailing bytes");
	return 0;
}

static void
free_request(struct request *req)
{
	free(req->spec.groups);
	free(req->spec.env);
	free(req->spec.argv);
}

static void
close_fds(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		(void)xclose(fds[i]);	/* received, never used: nothing to lose */
}

/* Closes every descriptor a refused message carried. */
static void
close_received(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			close_fds((const int *)CMSG_DATA(c),
			    (c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
}

/* The three descriptors; any other shape is refused, and whatever came is closed. */
static int
take_fds(struct msghdr *msg, struct request *req, struct refusal *why)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	if (msg->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		close_received(msg);
		return refuse(why, EMSGSIZE, "request", "request or descriptors truncated");
	}
	if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(3 * sizeof(int)) || CMSG_NXTHDR(msg, c) != NULL) {
		close_received(msg);
		return refuse(why, EINVAL, "request", "expected exactly three descriptors");
	}
	memcpy(req->fds, CMSG_DATA(c), sizeof(req->fds));
	return 0;
}

/* 1 with a request, 0 when there is nothing to read yet, -1 with a refusal, -2 if gone. */
static int
receive_request(int cfd, struct request *req, struct refusal *why)
{
	union {
		char		buf[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr	align;
	} control;
	struct iovec iov = { reqbuf, sizeof(reqbuf) };
	struct msghdr msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	do
		n = recvmsg(cfd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -2;	/* the client left without asking, or cannot be read */
	req->len = (size_t)n;
	if (take_fds(&msg, req, why) == -1)
		return -1;
	if (parse_request(reqbuf, (size_t)n, req, why) == -1) {
		close_fds(req->fds, 3);
		return -1;
	}
	return 1;
}

static _Noreturn void
child_failed(struct launch *l, enum child_step step)
{
	l->failed = step;
	l->err = errno;
	_exit(LAUNCH_EXIT_NOTFOUND);
}

/*
 * The command's side of the clone, in the keeper's memory until execve: system calls only,
 * no allocation, nothing that takes a lock. The keeper's restrictions (capabilities,
 * seccomp, no new privileges) are inherited; its descriptors are close-on-exec but closed
 * here too, so that none reaches the command whatever flags it was made with.
 */
static int
command_child(void *arg)
{
	extern char **environ;
	struct launch *l = arg;
	const struct request *req = l->req;
	const struct child_spec *c = &req->spec;
	struct sigaction dfl;
	sigset_t none;

	for (l->fd = 0; l->fd < 3; l->fd++)
		if (dup2(req->fds[l->fd], l->fd) == -1)
			child_failed(l, STEP_DUP2);
	if (chdir(req->dir) == -1)
		child_failed(l, STEP_CHDIR);
	if (setsid() == -1)
		child_failed(l, STEP_SETSID);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	if (sigemptyset(&none) == -1 || sigaction(SIGHUP, &dfl, NULL) == -1 ||
	    sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		child_failed(l, STEP_SIGNALS);
	/* the raw calls: libc's would act on every thread of the keeper, which has only one */
	if (syscall(SYS_setgroups, c->ngroups, c->groups) == -1)
		child_failed(l, STEP_SETGROUPS);
	if (syscall(SYS_setgid, c->gid) == -1)
		child_failed(l, STEP_SETGID);
	if (syscall(SYS_setuid, c->uid) == -1)
		child_failed(l, STEP_SETUID);
	if (c->uid != 0 && syscall(SYS_setuid, 0) != -1)
		child_failed(l, STEP_SETUID0);
	if (syscall(SYS_close_range, 3U, ~0U, 0) == -1)
		child_failed(l, STEP_CLOSE);
	environ = c->env;	/* execvp searches the command's PATH; the keeper restores its own */
	execvp(c->argv[0], c->argv);
	child_failed(l, STEP_EXEC);
}

/* The "error" answer's step and detail for a child that failed before execve. */
static void
child_refusal(const struct launch *l, char *detail, size_t size, struct refusal *why)
{
	static const char *const steps[] = {
		[STEP_NONE] = "clone", [STEP_DUP2] = "dup2", [STEP_CHDIR] = "chdir",
		[STEP_SETSID] = "setsid", [STEP_SIGNALS] = "signals",
		[STEP_SETGROUPS] = "setgroups", [STEP_SETGID] = "setgid",
		[STEP_SETUID] = "setuid", [STEP_SETUID0] = "setuid",
		[STEP_CLOSE] = "close_range", [STEP_EXEC] = "exec",
	};
	const struct child_spec *c = &l->req->spec;

	why->step = steps[l->failed];
	why->err = l->err;
	why->detail = detail;
	switch (l->failed) {
	case STEP_DUP2:
		(void)snprintf(detail, size, "descriptor %d", l->fd);
		break;
	case STEP_CHDIR:
		(void)snprintf(detail, size, "%s", l->req->dir);
		break;
	case STEP_SETGROUPS:
		(void)snprintf(detail, size, "%zu groups", c->ngroups);
		break;
	case STEP_SETGID:
		(void)snprintf(detail, size, "%ld", (long)c->gid);
		break;
	case STEP_SETUID:
		(void)snprintf(detail, size, "%ld", (long)c->uid);
		break;
	case STEP_SETUID0:
		why->err = 0;
		(void)snprintf(detail, size, "setuid(0) succeeded after dropping to %ld",
		    (long)c->uid);
		break;
	case STEP_EXEC:
		(void)snprintf(detail, size, "%s", c->argv[0]);
		break;
	default:
		(void)snprintf(detail, size, "the command");
		break;
	}
}

/* Whether `pid' is a command of a connection, which only its connection's end reaps. */
static bool
held(pid_t pid)
{
	size_t i;

	for (i = 0; i < nconns; i++)
		if (conns[i].pid == pid && conns[i].pidfd != -1)
			return true;
	return false;
}

/*
 * Reaps the ended children that are no command of a connection: orphans the jail's processes
 * left to the keeper (pid 1). waitid lists the ended children oldest first, and one held
 * zombie hides those behind it: they are reaped when it is (reap_command calls this again).
 * `hint' (0 for none) is a pid a SIGCHLD named, reaped whatever is in front of it.
 */
void
reap_orphans(pid_t hint)
{
	siginfo_t si;
	int status;

	if (hint > 0 && !held(hint) && xwaitpid(hint, &status, WNOHANG) == -1 && errno != ECHILD)
		die_errno("keeper", "waitpid %ld", (long)hint);
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return;
			die_errno("keeper", "waitid");
		}
		if (si.si_pid == 0 || held(si.si_pid))
			return;
		if (xwaitpid(si.si_pid, &status, 0) == -1)
			die_errno("keeper", "waitpid %ld", (long)si.si_pid);
	}
}

/* Reaps a command of a connection, and the orphans its zombie may have hidden. */
static void
reap_command(struct conn *c)
{
	int status;

	(void)xclose(c->pidfd);	/* ended: nothing more to watch */
	c->pidfd = -1;
	if (xwaitpid(c->pid, &status, 0) == -1)
		die_errno("keeper", "waitpid %ld", (long)c->pid);	/* our own child */
	reap_orphans(0);
}

/*
 * The stack the command's child runs on until execve: execvp's fallback for a script without
 * #! puts argc + 2 pointers there. A usual command fits the static one, whose few touched
 * pages stay; a long argv gets a mapping of its own, unmapped after the clone. NULL if none.
 */
static char *
child_stack(const struct request *req, size_t *size)
{
	char *stack;
	size_t argc;

	for (argc = 0; req->spec.argv[argc] != NULL; argc++)
		continue;
	*size = (CHILD_STACK + (argc + 2) * sizeof(char *) + 4095) & ~(size_t)4095;
	if (*size <= sizeof(small_stack)) {
		*size = sizeof(small_stack);
		return small_stack;
	}
	stack = mmap(NULL, *size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	return stack == MAP_FAILED ? NULL : stack;
}

/*
 * Starts the command; its pid and a pidfd in `c', or -1 with the refusal. The command stays
 * a zombie, its pidfd naming it, until its client has closed the connection.
 */
static int
start_command(struct conn *c, struct request *req, char *detail, size_t size,
    struct refusal *why)
{
	extern char **environ;
	char **env = environ;
	struct launch l = { req, STEP_NONE, 0, 0 };
	size_t stack_size;
	char *stack;
	int pidfd = -1;
	pid_t pid;

	if ((stack = child_stack(req, &stack_size)) == NULL)
		return refuse(why, errno, "mmap", "the command's stack");
	pid = clone(command_child, stack + stack_size,
	    CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &l, &pidfd);
	environ = env;
	if (pid == -1)
		why->err = errno;
	if (stack != small_stack && munmap(stack, stack_size) == -1)
		die_errno("keeper", "munmap the command's stack");
	if (pid == -1)
		return refuse(why, why->err, "clone", "the command");
	c->pid = pid;
	c->pidfd = pidfd;
	if (l.failed != STEP_NONE) {
		reap_command(c);	/* it has ended, or is about to */
		c->pid = 0;
		child_refusal(&l, detail, size, why);
		return -1;
	}
	return 0;
}

static int
send_pid(const struct conn *c)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} control;
	char line[32];
	struct iovec iov = { line, 0 };
	struct msghdr msg;
	struct cmsghdr *cm;

	iov.iov_len = (size_t)snprintf(line, sizeof(line), "pid %ld\n", (long)c->pid);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &c->pidfd, sizeof(int));
	return sendmsg(c->cfd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) == -1 ? -1 : 0;
}

/* The client has gone or misbehaved: a command still running is killed. */
static void
drop_client(struct conn *c)
{
	(void)xclose(c->cfd);	/* nothing more to say to it */
	c->cfd = -1;
	if (c->pid == 0)
		return;
	if (c->ended) {
		reap_command(c);
		return;
	}
	/* its end is seen on the pidfd, then reaped */
	if (syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0) == -1 && errno != ESRCH)
		die_errno("keeper", "kill %ld", (long)c->pid);
}

static void
serve_request(struct conn *c)
{
	struct request req;
	struct refusal why;
	char detail[512];
	int r;

	memset(&req, 0, sizeof(req));
	if ((r = receive_request(c->cfd, &req, &why)) == 0)
		return;
	if (r == 1) {
		r = start_command(c, &req, detail, sizeof(detail), &why);
		close_fds(req.fds, 3);	/* the command has its own copies */
	}
	free_request(&req);
	if (req.len > REQUEST_KEPT)
		(void)madvise(reqbuf, sizeof(reqbuf), MADV_DONTNEED);	/* keep the RSS small */
	if (r == -2 || (r == -1 && answer(c->cfd, "error %s %d %s\n", why.step, why.err,
	    why.detail) == -1)) {
		drop_client(c);
		return;
	}
	if (r == -1 || send_pid(c) == -1)
		drop_client(c);	/* after an error answer the connection ends */
}

/* One client message: "kill <sig>"; -1 when the client has gone or misbehaves. */
static int
client_message(struct conn *c)
{
	char buf[64];
	ssize_t n;
	long sig;

	do
		n = recv(c->cfd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -1;
	if (c->ended)
		return 1;	/* a late "kill" changes nothing now */
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	if (strncmp(buf, "kill ", 5) != 0 || parse_long(buf + 5, 1, 64, &sig) == -1)
		return answer(c->cfd, "error request %d unknown message\n", EINVAL) == -1 ? -1 : 1;
	if (syscall(SYS_pidfd_send_signal, c->pidfd, (int)sig, NULL, 0) == -1 &&
	    errno != ESRCH)
		return answer(c->cfd, "error kill %d signal %ld\n", errno, sig) == -1 ? -1 : 1;
	return 1;
}

static void
client_messages(struct conn *c)
{
	int i, r = 1;

	for (i = 0; i < KILLS_PER_ROUND && r == 1; i++)
		r = client_message(c);
	if (r == -1)
		drop_client(c);
}

/*
 * The command has ended. Answered while it is still a zombie: its pidfd keeps naming it
 * (the client reads the host pid there) until the client closes the connection.
 */
static void
command_ended(struct conn *c)
{
	siginfo_t si;
	int r;

	if (c->cfd == -1) {
		reap_command(c);	/* its client has gone */
		return;
	}
	memset(&si, 0, sizeof(si));
	do
		r = waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		die_errno("keeper", "waitid %ld", (long)c->pid);	/* our own child */
	if (si.si_pid != c->pid)
		return;		/* not yet a zombie after all */
	c->ended = true;
	r = si.si_code == CLD_EXITED ? answer(c->cfd, "exit %d\n", si.si_status) :
	    answer(c->cfd, "signal %d\n", si.si_status);
	if (r == -1)
		drop_client(c);
}

/* A freed slot is filled with the last one: the table stays dense. */
static void
compact(void)
{
	size_t i = 0;

	while (i < nconns) {
		if (conns[i].cfd == -1 && conns[i].pidfd == -1) {
			conns[i] = conns[--nconns];
			accept_paused = false;
			continue;
		}
		i++;
	}
}

static void
accept_client(int lfd)
{
	int cfd;

	if ((cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) == -1) {
		if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK)
			die_errno("control", "accept");
		/* out of descriptors or memory: the client waits in the backlog for a slot */
		if (nconns > 0 && (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM))
			accept_paused = true;
		return;		/* a client that left, or an interruption */
	}
	conns[nconns++] = (struct conn){ cfd, -1, 0, false };
	if (nconns == CONN_MAX)
		accept_paused = true;
	serve_request(&conns[nconns - 1]);	/* the request usually follows the connect at once */
}

static void
watch(struct pollfd *p, int fd)
{
	p->fd = fd;
	p->events = POLLIN;
	p->revents = 0;
}

/*
 * One round of the keeper's loop: wait up to timeout_ms (-1: no limit) for a signal, a new
 * client or anything on a connection, and serve what came. True when sigfd is readable.
 */
bool
control_round(int lfd, int sigfd, int timeout_ms)
{
	struct pollfd local[2];
	struct pollfd *p = pfds != NULL ? pfds : local;
	size_t i;
	int r;

	compact();
	watch(&p[0], sigfd);
	watch(&p[1], lfd >= 0 && !accept_paused ? lfd : -1);
	for (i = 0; i < nconns; i++) {
		watch(&p[2 + 2 * i], conns[i].cfd);
		watch(&p[3 + 2 * i], conns[i].ended ? -1 : conns[i].pidfd);
	}
	r = poll(p, 2 + 2 * nconns, timeout_ms);
	if (r == -1 && errno != EINTR)
		die_errno("keeper", "poll");
	if (r <= 0)
		return false;
	for (i = 0; i < nconns; i++) {
		if (p[2 + 2 * i].revents != 0 && conns[i].pid == 0)
			serve_request(&conns[i]);
		else if (p[2 + 2 * i].revents != 0)
			client_messages(&conns[i]);
		if (p[3 + 2 * i].revents != 0 && conns[i].pidfd != -1 && !conns[i].ended)
			command_ended(&conns[i]);
	}
	if (p[1].revents != 0)
		accept_client(lfd);
	return p[0].revents != 0;
}
