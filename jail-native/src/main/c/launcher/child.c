/*
 * The steps between fork and execvp of a command in the jail, shared by exec and spawn:
 * the user (looked up in the jail's own /etc/passwd and /etc/group, parsed here because a
 * static libc cannot load NSS), groups, gid, uid, environment, descriptors, restrictions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

#define ACCOUNT_FILE_MAX	(4 * 1024 * 1024)

/* Split a line of colon-separated fields in place; returns the number of fields found. */
static size_t
split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;

	fields[n++] = line;
	for (; *line != '\0' && n < max; line++)
		if (*line == ':') {
			*line = '\0';
			fields[n++] = line + 1;
		}
	return n;
}

static bool
is_member(char *members, const char *name)
{
	char *save = NULL, *tok;

	for (tok = strtok_r(members, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, name) == 0)
			return true;
	return false;
}

static void
add_group(struct child_spec *c, gid_t gid)
{
	size_t i;

	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return;
	c->groups = xreallocarray(c->groups, c->ngroups + 1, sizeof(gid_t));
	c->groups[c->ngroups++] = gid;
}

static void
lookup_groups(const char *name, struct child_spec *c)
{
	char *text, *line, *save = NULL, *f[4];
	long gid;

	add_group(c, c->gid);
	if ((text = read_small_file("/etc/group", ACCOUNT_FILE_MAX)) == NULL) {
		if (errno == ENOENT)	/* a jail without /etc/group: the primary group only */
			return;
		die_errno("user", "read the jail's /etc/group");
	}
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (split_fields(line, f, 4) != 4 || parse_long(f[2], 0, 0xfffffffeL, &gid) == -1)
			continue;
		if (is_member(f[3], name))
			add_group(c, (gid_t)gid);
	}
	free(text);
}

void
lookup_user(const char *name, struct child_spec *c, char **home, char **shell)
{
	char *text, *line, *save = NULL, *f[7];
	long uid, gid;

	if ((text = read_small_file("/etc/passwd", ACCOUNT_FILE_MAX)) == NULL)
		die_errno("user", "read the jail's /etc/passwd");
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (split_fields(line, f, 7) != 7 || strcmp(f[0], name) != 0)
			continue;
		if (parse_long(f[2], 0, 0xfffffffeL, &uid) == -1 ||
		    parse_long(f[3], 0, 0xfffffffeL, &gid) == -1)
			die("user", "bad entry for %s in the jail's /etc/passwd", name);
		c->uid = (uid_t)uid;
		c->gid = (gid_t)gid;
		*home = xstrdup(f[5][0] != '\0' ? f[5] : "/");
		*shell = xstrdup(f[6][0] != '\0' ? f[6] : "/bin/sh");
		free(text);
		lookup_groups(name, c);
		return;
	}
	die("user", "no user %s in the jail's /etc/passwd", name);
}

/* groups, then gid, then uid; then prove it stuck */
static void
become(const struct child_spec *c)
{
	if (setgroups(c->ngroups, c->groups) == -1)
		die_errno("setgroups", "%zu groups", c->ngroups);
	if (setgid(c->gid) == -1)
		die_errno("setgid", "%ld", (long)c->gid);
	if (setuid(c->uid) == -1)
		die_errno("setuid", "%ld", (long)c->uid);
	if (c->uid != 0 && setuid(0) != -1)
		die("setuid", "setuid(0) succeeded after dropping to %ld", (long)c->uid);
}

/*
 * From here the process is the command: exec failures exit 127 (126 for EACCES), as a
 * shell does. `r' NULL means the restrictions are already in force (a keeper's child).
 * report_fd (close-on-exec, -1 for none) stays open to carry a failure to the parent.
 */
void
child_exec(const struct restrictions *r, const struct child_spec *c, int report_fd)
{
	extern char **environ;
	int err;

	if (r != NULL)
		restrict_caps(r);
	become(c);
	close_fds_above(2, report_fd);
	if (r != NULL)
		restrict_syscalls(r);
	environ = c->env;	/* execvp searches the command's PATH, not ours */
	execvp(c->argv[0], c->argv);
	err = errno;
	report(err, "exec", "%s", c->argv[0]);
	_exit(err == EACCES || err == ENOEXEC || err == EPERM ? LAUNCH_EXIT_NOEXEC :
	    LAUNCH_EXIT_NOTFOUND);
}
