/*
 * Who runs a command in the jail, where, and with what environment: the parts of exec that
 * Linux and FreeBSD share, and the argument loop of every mode. The user is looked up in the
 * jail's own /etc/passwd and /etc/group, parsed here because a static libc cannot load NSS.
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

/*
 * groups, then gid, then uid; then prove it stuck. The primary group comes first in the list:
 * before FreeBSD 14, setgroups() takes the first entry for the effective gid.
 */
void
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
 * The arguments after the mode: `--name value' options and `--flag's up to `--', after which
 * the command's argv starts. An option neither function knows is a setup failure.
 */
void
parse_args(struct launch_opts *o, int argc, char **argv, option_flag_fn flag,
    option_value_fn option)
{
	int i;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			o->child.argv = &argv[i + 1];
			return;
		}
		if (flag(o, argv[i]))
			continue;
		if (i + 1 >= argc)
			die("arguments", "%s: missing value (or unknown option)", argv[i]);
		if (!option(o, argv[i], argv[i + 1]))
			die("arguments", "unknown option for %s: %s", argv[1], argv[i]);
		i++;
	}
}

/* What every form of exec needs: a command, and an absolute directory if any. */
void
check_command(const struct launch_opts *o)
{
	if (o->child.argv == NULL || o->child.argv[0] == NULL)
		die("arguments", "exec needs a command after --");
	if (o->dir != NULL && o->dir[0] != '/')
		die("arguments", "--dir must be absolute: %s", o->dir);
}

/* Appends one --env K=V. */
void
env_option(struct child_spec *c, const char *kv)
{
	size_t n;

	if (strchr(kv, '=') == NULL || *kv == '=')
		die("arguments", "--env: expected K=V: %s", kv);
	for (n = 0; c->env[n] != NULL; n++)
		continue;
	c->env = xreallocarray(c->env, n + 2, sizeof(char *));
	c->env[n] = (char *)kv;
	c->env[n + 1] = NULL;
}

static void
add_env(struct child_spec *c, const char *key, const char *value)
{
	size_t n, len = strlen(key);
	char *kv;

	for (n = 0; c->env[n] != NULL; n++)
		if (strncmp(c->env[n], key, len) == 0 && c->env[n][len] == '=')
			return;		/* --env wins over the login defaults */
	kv = xmalloc(len + strlen(value) + 2);
	strcpy(kv, key);
	kv[len] = '=';
	strcpy(kv + len + 1, value);
	c->env = xreallocarray(c->env, n + 2, sizeof(char *));
	c->env[n] = kv;
	c->env[n + 1] = NULL;
}

/*
 * Who runs the command and where: resolved inside the jail, before anything runs there.
 * login_path is the PATH of a --login environment.
 */
void
prepare_child(struct launch_opts *o, const char *login_path)
{
	char *home = NULL, *shell = NULL;
	const char *dir = o->dir;

	if (o->user != NULL) {
		lookup_user(o->user, &o->child, &home, &shell);
	} else if (o->child.ngroups == 0) {
		o->child.groups = xmalloc(sizeof(gid_t));
		o->child.groups[0] = o->child.gid;
		o->child.ngroups = 1;
	}
	if (o->login) {
		add_env(&o->child, "HOME", home != NULL ? home : "/");
		add_env(&o->child, "SHELL", shell != NULL ? shell : "/bin/sh");
		add_env(&o->child, "USER", o->user != NULL ? o->user : "root");
		add_env(&o->child, "PATH", login_path);
		if (dir == NULL)
			dir = home;
	}
	if (dir == NULL)
		dir = "/";
	if (chdir(dir) == -1)
		die_errno("chdir", "%s", dir);
	free(home);
	free(shell);
}

/*
 * From here the process is the command: exec failures exit 127 (126 for EACCES), as a
 * shell does.
 */
void
exec_command(const struct child_spec *c)
{
	extern char **environ;
	int err;

	environ = c->env;	/* execvp searches the command's PATH, not ours */
	execvp(c->argv[0], c->argv);
	err = errno;
	report(err, "exec", "%s", c->argv[0]);
	_exit(err == EACCES || err == ENOEXEC || err == EPERM ? LAUNCH_EXIT_NOEXEC :
	    LAUNCH_EXIT_NOTFOUND);
}
