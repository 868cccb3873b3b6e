#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/reboot.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include "probe.h"

/* Not an ELF image: a kernel that lets us this far refuses it with ENOEXEC. */
int
probe_init_module(char **argv)
{
	static const char image[64];

	(void)argv;
	return ((int)syscall(SYS_init_module, image, sizeof(image), ""));
}

int
probe_finit_module(char **argv)
{
	int fd, rc, saved;

	(void)argv;
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		die_errno("open(/proc/self/exe)");
	rc = (int)syscall(SYS_finit_module, fd, "", 0);
	saved = errno;
	if (close(fd) == -1)
		die_errno("close(/proc/self/exe)");
	errno = saved;
	return (rc);
}

/* Turning off ctrl-alt-del rebooting is the one reboot(2) command that does nothing visible. */
int
probe_reboot(char **argv)
{
	(void)argv;
	return (reboot(RB_DISABLE_CAD));
}

/* Sets the clock to the time it already shows: a few microseconds back at most. */
int
probe_settime(char **argv)
{
	struct timeval now;

	(void)argv;
	if (gettimeofday(&now, NULL) == -1)
		die_errno("gettimeofday");
	return (settimeofday(&now, NULL));
}

#if defined(__x86_64__) || defined(__i386__)
int
probe_iopl(char **argv)
{
	(void)argv;
	if (iopl(3) == -1)
		return (-1);
	if (iopl(0) == -1)
		die_errno("iopl(0)");
	return (0);
}

int
probe_ioperm(char **argv)
{
	(void)argv;
	if (ioperm(0x80, 1, 1) == -1)
		return (-1);
	if (ioperm(0x80, 1, 0) == -1)
		die_errno("ioperm(0x80, 1, 0)");
	return (0);
}
#else
int
probe_iopl(char **argv)
{
	(void)argv;
	die("iopl: no I/O ports on this architecture");
}

int
probe_ioperm(char **argv)
{
	(void)argv;
	die("ioperm: no I/O ports on this architecture");
}
#endif

int
probe_kexec(char **argv)
{
	(void)argv;
	return ((int)syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL));
}

static int
is_private(const char *arg)
{
	return (strcmp(arg, "private") == 0);
}

/* A host segment by its key (attached read-only, then detached), or a new private one. */
int
probe_shm(char **argv)
{
	void *addr;
	int id;

	if (is_private(argv[0])) {
		id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		if (id == -1)
			return (-1);
		if (shmctl(id, IPC_RMID, NULL) == -1)
			die_errno("shmctl(%d, IPC_RMID)", id);
		return (0);
	}
	id = shmget((key_t)parse_long(argv[0]), 0, 0);
	if (id == -1)
		return (-1);
	addr = shmat(id, NULL, SHM_RDONLY);
	if (addr == (void *)-1)
		return (-1);
	if (shmdt(addr) == -1)
		die_errno("shmdt");
	return (0);
}

int
probe_msg(char **argv)
{
	int id;

	if (!is_private(argv[0]))
		return (msgget((key_t)parse_long(argv[0]), 0) == -1 ? -1 : 0);
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id == -1)
		return (-1);
	if (msgctl(id, IPC_RMID, NULL) == -1)
		die_errno("msgctl(%d, IPC_RMID)", id);
	return (0);
}

int
probe_sem(char **argv)
{
	int id;

	if (!is_private(argv[0]))
		return (semget((key_t)parse_long(argv[0]), 0, 0) == -1 ? -1 : 0);
	id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (id == -1)
		return (-1);
	if (semctl(id, 0, IPC_RMID) == -1)
		die_errno("semctl(%d, IPC_RMID)", id);
	return (0);
}
