/*
 * Helpers shared by every mode of jail4j-launcher: failure reporting, allocation that
 * cannot be forgotten, and system calls retried on EINTR.
 */
#ifndef JAIL4J_LAUNCHER_UTIL_H
#define JAIL4J_LAUNCHER_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#define LAUNCH_EXIT_SETUP	125	/* the launcher itself failed */
#define LAUNCH_EXIT_NOEXEC	126	/* the command exists but cannot be executed */
#define LAUNCH_EXIT_NOTFOUND	127	/* the command does not exist */

/* Also report failures as "ERROR <step> <errno> <detail>" on fd; -1 stops that. */
void	 die_report_to(int fd);
void	 report(int err, const char *step, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
_Noreturn void die(const char *step, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
_Noreturn void die_errno(const char *step, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
_Noreturn void die_with(int err, const char *step, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);

int	 xopen(const char *path, int flags, mode_t mode);
ssize_t	 xread(int fd, void *buf, size_t n);
int	 write_all(int fd, const void *buf, size_t n);
int	 xclose(int fd);
pid_t	 xwaitpid(pid_t pid, int *status, int options);

int	 parse_long(const char *s, long min, long max, long *out);
void	 close_fds_above(int lowest_kept, int keep);
char	*read_small_file(const char *path, size_t max);
_Noreturn void exit_like(int status);

#endif
