/*
 * exec joins the keeper's cgroups before it enters the jail, so that limits the engine puts
 * on a jail's cgroup (the keeper's) hold for every command, not only for the keeper's own
 * children. Hierarchies where the launcher already shares the keeper's cgroup are left
 * alone; cgroup v1, v2 and hybrid hosts are handled alike, through /proc/self/mountinfo.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

#define PROC_FILE_MAX	(1024 * 1024)

/* The path of hierarchy `key' ("<id>:<controllers>:") in a /proc/PID/cgroup text, or NULL. */
static char *
hierarchy_path(char *text, const char *key, size_t keylen)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, key, keylen) == 0)
			return line + keylen;
	return NULL;
}

/* Whether every controller of the comma list `want' is among the mount's super options. */
static bool
has_controllers(const char *superopts, const char *want)
{
	char *w = xstrdup(want), *o, *save = NULL, *tok, *osave, *opt;
	bool all = true;

	for (tok = strtok_r(w, ",", &save); tok != NULL && all; tok = strtok_r(NULL, ",", &save)) {
		o = xstrdup(superopts);
		osave = NULL;
		all = false;
		for (opt = strtok_r(o, ",", &osave); opt != NULL && !all;
		    opt = strtok_r(NULL, ",", &osave))
			all = strcmp(opt, tok) == 0;
		free(o);
	}
	free(w);
	return all;
}

/* Where the hierarchy with these controllers ("" for cgroup2) is mounted whole, or NULL. */
static char *
hierarchy_mount(const char *mountinfo, const char *controllers)
{
	char *text = xstrdup(mountinfo), *line, *save = NULL, *found = NULL;
	char root[256], point[512], fstype[32], superopts[512];

	for (line = strtok_r(text, "\n", &save); line != NULL && found == NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		/* id parent dev root point options [optional...] - fstype source superopts */
		if (sscanf(line, "%*s %*s %*s %255s %511s", root, point) != 2 ||
		    (line = strstr(line, " - ")) == NULL ||
		    sscanf(line, " - %31s %*s %511s", fstype, superopts) != 2 ||
		    strcmp(root, "/") != 0)
			continue;
		if (controllers[0] == '\0' ? strcmp(fstype, "cgroup2") == 0 :
		    strcmp(fstype, "cgroup") == 0 && has_controllers(superopts, controllers))
			found = xstrdup(point);
	}
	free(text);
	return found;
}

static void
join(const char *mount, const char *path)
{
	char procs[1024];
	int fd;

	if ((size_t)snprintf(procs, sizeof(procs), "%s%s/cgroup.procs", mount,
	    strcmp(path, "/") == 0 ? "" : path) >= sizeof(procs))
		die("cgroup", "path too long: %s%s", mount, path);
	if ((fd = xopen(procs, O_WRONLY, 0)) == -1)
		die_errno("cgroup", "open %s", procs);
	if (write_all(fd, "0\n", 2) == -1)
		die_errno("cgroup", "join %s", procs);
	if (xclose(fd) == -1)
		die_errno("cgroup", "close %s", procs);
}

static char *
read_proc(const char *path)
{
	char *text;

	if ((text = read_small_file(path, PROC_FILE_MAX)) == NULL)
		die_errno("cgroup", "read %s", path);
	return text;
}

/* Move this process into each cgroup of process `pid' it does not share. */
void
join_cgroups_of(pid_t pid)
{
	char path[64], *keeper, *ours, *mountinfo, *line, *save = NULL, *sep, *copy, *mine;
	char *mount;

	(void)snprintf(path, sizeof(path), "/proc/%ld/cgroup", (long)pid);	/* fits */
	keeper = read_proc(path);
	ours = read_proc("/proc/self/cgroup");
	mountinfo = read_proc("/proc/self/mountinfo");
	for (line = strtok_r(keeper, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		/* "<id>:<controllers>:<path>", the controllers empty for cgroup2 */
		if ((sep = strchr(line, ':')) == NULL || (sep = strchr(sep + 1, ':')) == NULL)
			die("cgroup", "unexpected line in %s: %s", path, line);
		copy = xstrdup(ours);
		mine = hierarchy_path(copy, line, (size_t)(sep + 1 - line));
		if (mine == NULL || strcmp(mine, sep + 1) != 0) {
			*sep = '\0';
			if ((mount = hierarchy_mount(mountinfo, strchr(line, ':') + 1)) == NULL)
				die("cgroup", "hierarchy %s of process %ld is not mounted here", line,
				    (long)pid);
			join(mount, sep + 1);
			free(mount);
		}
		free(copy);
	}
	free(mountinfo);
	free(ours);
	free(keeper);
}
