/*
 * The steps between fork and execvp of a command in the jail, shared by exec and spawn:
 * capabilities, groups, gid, uid, descriptors, seccomp, then the command.
 */
#define _GNU_SOURCE
#include "launcher.h"
#include "util.h"

/*
 * `r' NULL means the restrictions are already in force (a keeper's child). report_fd
 * (close-on-exec, -1 for none) stays open to carry a failure to the parent.
 */
void
child_exec(const struct restrictions *r, const struct child_spec *c, int report_fd)
{
	if (r != NULL)
		restrict_caps(r);
	become(c);
	close_fds_above(2, report_fd);
	if (r != NULL)
		restrict_syscalls(r);
	exec_command(c);
}
