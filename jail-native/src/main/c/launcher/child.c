/*
 * The steps between fork and execvp of exec's command: capabilities, groups, gid, uid,
 * descriptors, seccomp, then the command. (The spawn fast path has its own, in spawn.c: its
 * child shares the keeper's memory and inherits the keeper's restrictions.)
 */
#define _GNU_SOURCE
#include "launcher.h"
#include "util.h"

/* report_fd (close-on-exec, -1 for none) stays open to carry a failure to the parent. */
void
child_exec(const struct restrictions *r, const struct child_spec *c, int report_fd)
{
	restrict_caps(r);
	become(c);
	close_fds_above(2, report_fd);
	restrict_syscalls(r);
	exec_command(c);
}
