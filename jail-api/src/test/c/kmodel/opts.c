/*
 * The vfsopt list jail_set(2) and jail_get(2) parse their iovec pairs into
 * (sys/kern/vfs_mount.c of 13.2).  Every lookup marks the option "seen";
 * whatever is left unseen at the end is an "unknown parameter".  Values are
 * kernel copies: jail_get writes into them and copies them out only when the
 * whole call succeeded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

static int
vfs_equalopts(const char *opt1, const char *opt2)
{
	const char *p;

	/* "opt" vs. "opt" or "noopt" vs. "noopt" */
	if (strcmp(opt1, opt2) == 0)
		return (1);
	/* "noopt" vs. "opt" */
	if (strncmp(opt1, "no", 2) == 0 && strcmp(opt1 + 2, opt2) == 0)
		return (1);
	/* "opt" vs. "noopt" */
	if (strncmp(opt2, "no", 2) == 0 && strcmp(opt1, opt2 + 2) == 0)
		return (1);
	while ((p = strchr(opt1, '.')) != NULL &&
	    strncmp(opt1, opt2, (size_t)(++p - opt1)) == 0) {
		opt2 += p - opt1;
		opt1 = p;
		/* "foo.noopt" vs. "foo.opt" */
		if (strncmp(opt1, "no", 2) == 0 && strcmp(opt1 + 2, opt2) == 0)
			return (1);
		/* "foo.opt" vs. "foo.noopt" */
		if (strncmp(opt2, "no", 2) == 0 && strcmp(opt1, opt2 + 2) == 0)
			return (1);
	}
	return (0);
}

static void
vfs_freeopt(struct vfsopt *opt)
{
	free(opt->name);
	free(opt->value);
	opt->name = NULL;
	opt->value = NULL;
}

/* A later option replaces every earlier equal one, "no" forms included. */
static void
vfs_sanitizeopts(struct vfsoptlist *opts)
{
	int i, j, n;

	for (i = opts->nopts - 1; i >= 0; i--) {
		if (opts->opts[i].name == NULL)
			continue;
		for (j = i - 1; j >= 0; j--) {
			if (opts->opts[j].name != NULL &&
			    vfs_equalopts(opts->opts[i].name,
			    opts->opts[j].name))
				vfs_freeopt(&opts->opts[j]);
		}
	}
	for (i = n = 0; i < opts->nopts; i++)
		if (opts->opts[i].name != NULL)
			opts->opts[n++] = opts->opts[i];
	opts->nopts = n;
}

static int
vfs_copyin(void **dst, const void *src, size_t len)
{
	*dst = NULL;
	if (len == 0)
		return (0);
	if (src == NULL)
		return (KM_EFAULT);
	*dst = malloc(len);
	if (*dst == NULL)
		return (KM_ENOMEM);
	memcpy(*dst, src, len);
	return (0);
}

int
vfs_buildopts(const struct iovec *iov, unsigned int niov,
    struct vfsoptlist *opts)
{
	struct vfsopt *opt;
	size_t memused, namelen, optlen;
	unsigned int i;
	int error;

	opts->nopts = 0;
	opts->opts = calloc(niov / 2 + 1, sizeof(*opts->opts));
	if (opts->opts == NULL)
		return (KM_ENOMEM);
	memused = 0;
	for (i = 0; i + 1 < niov; i += 2) {
		namelen = iov[i].iov_len;
		optlen = iov[i + 1].iov_len;
		memused += KM_VFSOPT_SIZE + optlen + namelen;
		if (memused > VFS_MOUNTARG_SIZE_MAX ||
		    optlen > VFS_MOUNTARG_SIZE_MAX ||
		    namelen > VFS_MOUNTARG_SIZE_MAX)
			return (KM_EINVAL);
		opt = &opts->opts[opts->nopts++];
		opt->pos = (int)(i / 2);
		error = vfs_copyin((void **)&opt->name, iov[i].iov_base,
		    namelen);
		if (error != 0)
			return (error);
		/* Ensure names are null-terminated strings. */
		if (namelen == 0 || opt->name[namelen - 1] != '\0')
			return (KM_EINVAL);
		error = vfs_copyin(&opt->value, iov[i + 1].iov_base, optlen);
		if (error != 0)
			return (error);
		opt->len = optlen;
	}
	vfs_sanitizeopts(opts);
	return (0);
}

void
vfs_freeopts(struct vfsoptlist *opts)
{
	int i;

	if (opts->opts == NULL)
		return;
	for (i = 0; i < opts->nopts; i++)
		vfs_freeopt(&opts->opts[i]);
	free(opts->opts);
	opts->opts = NULL;
	opts->nopts = 0;
}

static struct vfsopt *
vfs_findopt(struct vfsoptlist *opts, const char *name)
{
	int i;

	for (i = 0; i < opts->nopts; i++) {
		if (strcmp(name, opts->opts[i].name) == 0) {
			opts->opts[i].seen = 1;
			return (&opts->opts[i]);
		}
	}
	return (NULL);
}

int
vfs_getopt(struct vfsoptlist *opts, const char *name, void **buf, size_t *len)
{
	struct vfsopt *opt;

	if ((opt = vfs_findopt(opts, name)) == NULL)
		return (KM_ENOENT);
	if (len != NULL)
		*len = opt->len;
	if (buf != NULL)
		*buf = opt->value;
	return (0);
}

int
vfs_getopt_pos(struct vfsoptlist *opts, const char *name)
{
	struct vfsopt *opt;

	if ((opt = vfs_findopt(opts, name)) == NULL)
		return (-1);
	return (opt->pos);
}

int
vfs_copyopt(struct vfsoptlist *opts, const char *name, void *dest, size_t len)
{
	struct vfsopt *opt;

	if ((opt = vfs_findopt(opts, name)) == NULL)
		return (KM_ENOENT);
	if (len != opt->len)
		return (KM_EINVAL);
	memcpy(dest, opt->value, len);
	return (0);
}

int
vfs_flagopt(struct vfsoptlist *opts, const char *name, uint64_t *w,
    uint64_t val)
{
	if (vfs_findopt(opts, name) != NULL) {
		if (w != NULL)
			*w |= val;
		return (1);
	}
	if (w != NULL)
		*w &= ~val;
	return (0);
}

/* A value for jail_get: an exact size, or (part) at most the buffer size. */
static int
vfs_setopt_common(struct vfsoptlist *opts, const char *name, const void *value,
    size_t len, int part)
{
	struct vfsopt *opt;

	if ((opt = vfs_findopt(opts, name)) == NULL)
		return (KM_ENOENT);
	if (opt->value == NULL) {
		opt->len = len;		/* a NULL buffer asks for the size */
		return (0);
	}
	if (part ? opt->len < len : opt->len != len)
		return (KM_EINVAL);
	opt->len = len;
	if (len > 0)
		memcpy(opt->value, value, len);
	return (0);
}

int
vfs_setopt(struct vfsoptlist *opts, const char *name, const void *value,
    size_t len)
{
	return (vfs_setopt_common(opts, name, value, len, 0));
}

int
vfs_setopt_part(struct vfsoptlist *opts, const char *name, const void *value,
    size_t len)
{
	return (vfs_setopt_common(opts, name, value, len, 1));
}

int
vfs_setopts(struct vfsoptlist *opts, const char *name, const char *value)
{
	struct vfsopt *opt;
	size_t n;

	if ((opt = vfs_findopt(opts, name)) == NULL)
		return (KM_ENOENT);
	n = strlen(value);
	if (opt->value == NULL) {
		opt->len = n + 1;
		return (0);
	}
	/* strlcpy(): the truncated copy stays in the kernel copy only. */
	if (opt->len == 0)
		return (KM_EINVAL);
	memcpy(opt->value, value, n < opt->len ? n : opt->len - 1);
	((char *)opt->value)[n < opt->len ? n : opt->len - 1] = '\0';
	return (n >= opt->len ? KM_EINVAL : 0);
}

void
vfs_opterror(struct vfsoptlist *opts, const char *fmt, ...)
{
	va_list ap;
	void *errmsg;
	size_t len;

	if (vfs_getopt(opts, "errmsg", &errmsg, &len) != 0 || errmsg == NULL ||
	    len == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(errmsg, len, fmt, ap);	/* truncation is the contract */
	va_end(ap);
}

/* The first option no lookup consumed, errmsg excepted. */
int
vfs_unseen(struct vfsoptlist *opts, struct vfsopt **unseen)
{
	int i;

	for (i = 0; i < opts->nopts; i++) {
		if (!opts->opts[i].seen &&
		    strcmp(opts->opts[i].name, "errmsg") != 0) {
			*unseen = &opts->opts[i];
			return (1);
		}
	}
	return (0);
}

/* Writes the kernel copy of errmsg back to the caller, as on any error. */
void
vfs_copyout_errmsg(struct vfsoptlist *opts, const struct iovec *iov)
{
	void *errmsg;
	size_t len;
	int pos;

	if (vfs_getopt(opts, "errmsg", &errmsg, &len) != 0 || errmsg == NULL ||
	    len == 0)
		return;
	pos = 2 * vfs_getopt_pos(opts, "errmsg") + 1;
	memcpy(iov[pos].iov_base, errmsg, len);
}
