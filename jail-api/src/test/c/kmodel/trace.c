/*
 * The call trace: while a trace file is set (jail4j_model_trace(path), or
 * else the environment variable JAIL4J_MODEL_TRACE, read at every call) the
 * model appends one JSON object per line for every call, in call order:
 *
 *   {"call":"jail_set"|"jail_get", "flags":N, "iov":[E,...], "ret":N,
 *    "errno":N, "out":[O,...]}
 *	E is an iovec as the caller passed it: {"len":N, "hex":"..."} (its
 *	bytes, names included), {"len":N, "null":true} for a NULL base, or
 *	{"len":N, "zero":true} for an all-zero buffer of len > 0.  A len over
 *	64 KiB is not read: {"len":N, "unread":true}.
 *	O is every entry whose iov_len or bytes the call changed (errmsg
 *	included): {"i":index, "len":N, "hex":"..."}, hex being the whole
 *	buffer afterwards ("" for a NULL base).
 *   {"call":"jail_remove"|"jail_attach", "jid":N, "ret":N, "errno":N}
 *   {"call":"jail", "version":N, "ret":N, "errno":N}	(obsolete jail(2))
 *   {"call":"sysctl", "mib":[N,...], "oldlen":N|null, "new_hex":"..."|null,
 *    "ret":N, "errno":N, "oldlen_out":N|null, "old_hex":"..."}
 *	oldlen is *oldlenp before the call (null: no oldlenp), new_hex the
 *	new value (null: no newp), oldlen_out *oldlenp after, old_hex the
 *	bytes the call wrote into old ("" when none).
 *   {"call":"sysctlbyname", "name":"...", then the fields of sysctl after
 *    "mib"}
 *   {"call":"rctl_get_racct"|..., "in":"...", "inbuflen":N, "outbuflen":N,
 *    "ret":N, "errno":N, "out":"..."|null}
 *   {"call":"reset"}	whenever jail4j_model_reset() cleared the state.
 *
 * errno is the FreeBSD number the call set, 0 on success.  Strings are JSON
 * escaped; hex is lower case.  A line that cannot be written is counted
 * (jail4j_model_trace_failures()) so a test can tell a lost trace from an
 * empty one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

#define TRACE_ENV	"JAIL4J_MODEL_TRACE"
#define TRACE_MAXREAD	VFS_MOUNTARG_SIZE_MAX

struct km_trace {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 failed;
	/* jail_set/jail_get: the caller's iovecs and their bytes before */
	const struct iovec *iov;
	unsigned int	 niov;
	size_t		*lens;
	unsigned char	**bytes;
	/* sysctl: the buffer the call may write */
	const void	*old;
	size_t		 oldlen;
};

static char *trace_path;
static int trace_failures;

void
trace_set_path(const char *path)
{
	free(trace_path);
	trace_path = path != NULL ? strdup(path) : NULL;
	if (path != NULL && trace_path == NULL)
		trace_failures++;
}

static const char *
trace_target(void)
{
	const char *env;

	if (trace_path != NULL)
		return (trace_path);
	env = getenv(TRACE_ENV);
	return (env != NULL && *env != '\0' ? env : NULL);
}

static void
put(struct km_trace *t, const char *s, size_t n)
{
	char *nbuf;
	size_t ncap;

	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		ncap = (t->len + n + 1) * 2;
		if ((nbuf = realloc(t->buf, ncap)) == NULL) {
			t->failed = 1;
			return;
		}
		t->buf = nbuf;
		t->cap = ncap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void
put_lit(struct km_trace *t, const char *s)
{
	put(t, s, strlen(s));
}

static void
putf(struct km_trace *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct km_trace *t, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(small)) {
		t->failed = 1;
		return;
	}
	put(t, small, (size_t)n);
}

static void
put_hex(struct km_trace *t, const void *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	char pair[2];
	size_t i;

	put_lit(t, "\"");
	for (i = 0; i < n; i++) {
		pair[0] = digits[b[i] >> 4];
		pair[1] = digits[b[i] & 0xf];
		put(t, pair, 2);
	}
	put_lit(t, "\"");
}

static void
put_str(struct km_trace *t, const char *s, size_t n)
{
	size_t i;

	put_lit(t, "\"");
	for (i = 0; i < n && s[i] != '\0'; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putf(t, "\\%c", s[i]);
		else if ((unsigned char)s[i] < 0x20)
			putf(t, "\\u%04x", (unsigned char)s[i]);
		else
			put(t, &s[i], 1);
	}
	put_lit(t, "\"");
}

static void
trace_write(struct km_trace *t)
{
	const char *path;
	FILE *f;

	if ((path = trace_target()) == NULL)
		return;
	put_lit(t, "}\n");
	if (t->failed || (f = fopen(path, "a")) == NULL) {
		trace_failures++;
		return;
	}
	if (fwrite(t->buf, 1, t->len, f) != t->len)
		trace_failures++;
	if (fclose(f) != 0)
		trace_failures++;
}

struct km_trace *
trace_begin(void)
{
	struct km_trace *t;

	if (trace_target() == NULL)
		return (NULL);
	if ((t = calloc(1, sizeof(*t))) == NULL)
		trace_failures++;
	return (t);
}

void
trace_free(struct km_trace *t)
{
	unsigned int i;

	if (t == NULL)
		return;
	for (i = 0; t->bytes != NULL && i < t->niov; i++)
		free(t->bytes[i]);
	free(t->bytes);
	free(t->lens);
	free(t->buf);
	free(t);
}

void
trace_reset(void)
{
	struct km_trace *t;

	if ((t = trace_begin()) == NULL)
		return;
	put_lit(t, "{\"call\":\"reset\"");
	trace_write(t);
	trace_free(t);
}

static int
readable(const struct iovec *v)
{
	return (v->iov_base != NULL && v->iov_len <= TRACE_MAXREAD);
}

static void
put_iov_entry(struct km_trace *t, const struct iovec *v)
{
	const unsigned char *b = v->iov_base;
	size_t i;

	putf(t, "{\"len\":%zu,", v->iov_len);
	if (v->iov_base == NULL) {
		put_lit(t, "\"null\":true}");
		return;
	}
	if (!readable(v)) {
		put_lit(t, "\"unread\":true}");
		return;
	}
	for (i = 0; i < v->iov_len && b[i] == 0; i++)
		continue;
	if (v->iov_len > 0 && i == v->iov_len) {
		put_lit(t, "\"zero\":true}");
		return;
	}
	put_lit(t, "\"hex\":");
	put_hex(t, b, v->iov_len);
	put_lit(t, "}");
}

/* Remembers each buffer so the end can tell what the call changed. */
static void
snapshot(struct km_trace *t, const struct iovec *iov, unsigned int niov)
{
	unsigned int i;

	t->lens = calloc(niov + 1, sizeof(*t->lens));
	t->bytes = calloc(niov + 1, sizeof(*t->bytes));
	if (t->lens == NULL || t->bytes == NULL) {
		t->failed = 1;
		return;
	}
	t->iov = iov;
	t->niov = niov;
	for (i = 0; i < niov; i++) {
		t->lens[i] = iov[i].iov_len;
		if (!readable(&iov[i]) || iov[i].iov_len == 0)
			continue;
		if ((t->bytes[i] = malloc(iov[i].iov_len)) == NULL) {
			t->failed = 1;
			return;
		}
		memcpy(t->bytes[i], iov[i].iov_base, iov[i].iov_len);
	}
}

void
trace_jail_call(struct km_trace *t, const char *call, int flags,
    const struct iovec *iov, unsigned int niov)
{
	unsigned int i;

	if (t == NULL)
		return;
	putf(t, "{\"call\":\"%s\",\"flags\":%d,\"iov\":", call, flags);
	if (iov == NULL || niov > KM_UIO_MAXIOV) {
		put_lit(t, "null");
		return;
	}
	put_lit(t, "[");
	for (i = 0; i < niov; i++) {
		if (i > 0)
			put_lit(t, ",");
		put_iov_entry(t, &iov[i]);
	}
	put_lit(t, "]");
	snapshot(t, iov, niov);
}

static int
changed(const struct km_trace *t, unsigned int i)
{
	const struct iovec *v = &t->iov[i];
	size_t n;

	if (v->iov_len != t->lens[i])
		return (1);
	n = t->lens[i];
	return (t->bytes[i] != NULL && v->iov_base != NULL &&
	    memcmp(t->bytes[i], v->iov_base, n) != 0);
}

void
trace_jail_end(struct km_trace *t, int ret, int error)
{
	unsigned int i;
	int first;

	if (t == NULL)
		return;
	putf(t, ",\"ret\":%d,\"errno\":%d,\"out\":[", ret, error);
	first = 1;
	for (i = 0; t->lens != NULL && i < t->niov; i++) {
		if (!changed(t, i))
			continue;
		putf(t, "%s{\"i\":%u,\"len\":%zu,\"hex\":", first ? "" : ",", i,
		    t->iov[i].iov_len);
		/* The whole buffer: its size is the length before the call. */
		put_hex(t, t->iov[i].iov_base, t->iov[i].iov_base == NULL ? 0 :
		    t->lens[i]);
		put_lit(t, "}");
		first = 0;
	}
	put_lit(t, "]");
	trace_write(t);
}

void
trace_jid_call(const char *call, int jid, int ret, int error)
{
	struct km_trace *t;

	if ((t = trace_begin()) == NULL)
		return;
	putf(t, "{\"call\":\"%s\",\"jid\":%d,\"ret\":%d,\"errno\":%d",
	    call, jid, ret, error);
	trace_write(t);
	trace_free(t);
}

void
trace_legacy_jail(unsigned int version, int ret, int error)
{
	struct km_trace *t;

	if ((t = trace_begin()) == NULL)
		return;
	putf(t, "{\"call\":\"jail\",\"version\":%u,\"ret\":%d,\"errno\":%d",
	    version, ret, error);
	trace_write(t);
	trace_free(t);
}

void
trace_sysctl_begin(struct km_trace *t, const int *mib, unsigned int namelen,
    const char *name, const size_t *oldlenp, const void *new, size_t newlen)
{
	unsigned int i;

	if (t == NULL)
		return;
	if (name != NULL) {
		put_lit(t, "{\"call\":\"sysctlbyname\",\"name\":");
		put_str(t, name, strlen(name));
	} else {
		put_lit(t, "{\"call\":\"sysctl\",\"mib\":[");
		for (i = 0; mib != NULL && i < namelen && i < 24; i++)
			putf(t, "%s%d", i > 0 ? "," : "", mib[i]);
		put_lit(t, "]");
	}
	if (oldlenp != NULL)
		putf(t, ",\"oldlen\":%zu", *oldlenp);
	else
		put_lit(t, ",\"oldlen\":null");
	put_lit(t, ",\"new_hex\":");
	if (new != NULL && newlen <= TRACE_MAXREAD)
		put_hex(t, new, newlen);
	else
		put_lit(t, "null");
	t->oldlen = oldlenp != NULL ? *oldlenp : 0;
}

void
trace_sysctl_end(struct km_trace *t, int ret, int error, const void *old,
    const size_t *oldlenp)
{
	size_t n;

	if (t == NULL)
		return;
	putf(t, ",\"ret\":%d,\"errno\":%d,\"oldlen_out\":", ret, error);
	if (oldlenp != NULL)
		putf(t, "%zu", *oldlenp);
	else
		put_lit(t, "null");
	put_lit(t, ",\"old_hex\":");
	n = 0;
	if (old != NULL && oldlenp != NULL &&
	    (error == 0 || error == KM_ENOMEM))
		n = *oldlenp < t->oldlen ? *oldlenp : t->oldlen;
	put_hex(t, old, n);
	trace_write(t);
}

void
trace_rctl(const char *call, const char *inbuf, size_t inbuflen, int ret,
    int error, const char *outbuf, size_t outbuflen)
{
	struct km_trace *t;

	if ((t = trace_begin()) == NULL)
		return;
	putf(t, "{\"call\":\"%s\",\"in\":", call);
	if (inbuf != NULL && inbuflen <= TRACE_MAXREAD)
		put_str(t, inbuf, inbuflen);
	else
		put_lit(t, "null");
	putf(t, ",\"inbuflen\":%zu,\"outbuflen\":%zu,\"ret\":%d,\"errno\":%d,"
	    "\"out\":", inbuflen, outbuflen, ret, error);
	if (error == 0 && outbuf != NULL && outbuflen > 0)
		put_str(t, outbuf, outbuflen);
	else
		put_lit(t, "null");
	trace_write(t);
	trace_free(t);
}

/* Test control: lines that could not be written since the library loaded. */
KM_EXPORT int
jail4j_model_trace_failures(void)
{
	int n;

	km_lock();
	n = trace_failures;
	km_unlock();
	return (n);
}
