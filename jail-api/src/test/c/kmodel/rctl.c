/*
 * rctl(2) as in sys/kern/kern_rctl.c: rules "subject:id:resource:action=
 * amount[/per]", filters with empty fields, the input and output buffer
 * rules (inbuflen counts the NUL, 0 is EINVAL, over 4 KiB is E2BIG; an
 * output buffer shorter than the answer plus its NUL is ERANGE) and ENOSYS
 * while RACCT is disabled.  Usage is not measured: every amount reads 0
 * except a jail's maxproc, the number of model processes attached.
 */
#include <sys/stat.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

#define RCTL_MAX_INBUFSIZE	4096
#define RCTL_MAX_RULES		256
#define UNDEF			(-1)
#define AMOUNT_UNDEF		INT64_C(-1)

enum { SUBJ_PROCESS, SUBJ_USER, SUBJ_LOGINCLASS, SUBJ_JAIL };
enum { RES_DENIABLE = 1, RES_DECAYING = 2, RES_MILLIONS = 4, RES_SLOPPY = 8 };

struct rule {
	int	subject;	/* SUBJ_* or UNDEF */
	char	id[MAXHOSTNAMELEN];	/* "" when undefined */
	int	resource;
	int	action;
	int64_t	amount;
	int	per;
};

static const char *const subjects[] = {
	"process", "user", "loginclass", "jail", NULL
};

static const struct {
	const char	*name;
	int		 flags;
} resources[] = {
	{ "cputime", RES_MILLIONS | RES_SLOPPY },
	{ "datasize", RES_DENIABLE },
	{ "stacksize", RES_DENIABLE },
	{ "coredumpsize", RES_DENIABLE },
	{ "memoryuse", 0 },
	{ "memorylocked", RES_DENIABLE },
	{ "maxproc", RES_DENIABLE },
	{ "openfiles", RES_DENIABLE },
	{ "vmemoryuse", RES_DENIABLE },
	{ "pseudoterminals", RES_DENIABLE },
	{ "swapuse", RES_DENIABLE },
	{ "nthr", RES_DENIABLE },
	{ "msgqqueued", RES_DENIABLE },
	{ "msgqsize", RES_DENIABLE },
	{ "nmsgq", RES_DENIABLE },
	{ "nsem", RES_DENIABLE },
	{ "nsemop", RES_DENIABLE },
	{ "nshm", RES_DENIABLE },
	{ "shmsize", RES_DENIABLE },
	{ "wallclock", RES_SLOPPY },
	{ "pcpu", RES_DECAYING | RES_MILLIONS | RES_SLOPPY },
	{ "readbps", RES_DECAYING },
	{ "writebps", RES_DECAYING },
	{ "readiops", RES_DECAYING },
	{ "writeiops", RES_DECAYING },
};
#define NRESOURCES	((int)(sizeof(resources) / sizeof(resources[0])))
#define RES_MAXPROC	6
#define RES_MEMORYUSE	4
#define RES_PCPU	20

static const char *const actions[] = {
	"sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt",
	"sigemt", "sigfpe", "sigkill", "sigbus", "sigsegv", "sigsys",
	"sigpipe", "sigalrm", "sigterm", "sigurg", "sigstop", "sigtstp",
	"sigcont", "sigchld", "sigttin", "sigttou", "sigio", "sigxcpu",
	"sigxfsz", "sigvtalrm", "sigprof", "sigwinch", "siginfo", "sigusr1",
	"sigusr2", "sigthr", "deny", "log", "devctl", "throttle", NULL
};
#define ACT_DENY	32
#define ACT_THROTTLE	35

const char *const km_rctl_call_names[] = {
	"rctl_get_racct", "rctl_get_rules", "rctl_get_limits",
	"rctl_add_rule", "rctl_remove_rule"
};

static struct rule rules[RCTL_MAX_RULES];
static int nrules;

void
rctl_reset(void)
{
	nrules = 0;
}

static int
str2value(const char *s, int *value, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0) {
			*value = i;
			return (0);
		}
	}
	return (KM_EINVAL);
}

static int
str2resource(const char *s, int *value)
{
	int i;

	for (i = 0; i < NRESOURCES; i++) {
		if (strcmp(s, resources[i].name) == 0) {
			*value = i;
			return (0);
		}
	}
	return (KM_EINVAL);
}

static int
str2int64(const char *s, int64_t *value)
{
	char *end;

	*value = strtoimax(s, &end, 10);
	return (*end != '\0' || *s == '\0' ? KM_EINVAL : 0);
}

/* A process subject must exist: the model asks the host's /proc. */
static int
parse_id(struct rule *r, const char *s)
{
	char path[64];
	struct stat sb;
	int64_t id;

	if (r->subject == UNDEF)
		return (KM_EINVAL);
	if (strlen(s) >= sizeof(r->id))
		return (KM_ENAMETOOLONG);
	if (r->subject == SUBJ_PROCESS || r->subject == SUBJ_USER) {
		if (str2int64(s, &id) != 0 || id < 0 || id > INT32_MAX)
			return (KM_EINVAL);
		(void)snprintf(path, sizeof(path), "/proc/%" PRId64, id);
		if (r->subject == SUBJ_PROCESS && stat(path, &sb) == -1)
			return (KM_ESRCH);
	}
	strcpy(r->id, s);
	return (0);
}

static int
parse_field(const char *s, int *value, const char *const *names)
{
	*value = UNDEF;
	if (s == NULL || *s == '\0')
		return (0);
	return (names == NULL ? str2resource(s, value) :
	    str2value(s, value, names));
}

/* rctl_string_to_rule(): empty fields are undefined (a filter). */
static int
parse_rule(char *s, struct rule *r)
{
	char *subject, *id, *resource, *action, *amount;
	int error;

	memset(r, 0, sizeof(*r));
	subject = strsep(&s, ":");
	id = strsep(&s, ":");
	resource = strsep(&s, ":");
	action = strsep(&s, "=/");
	amount = strsep(&s, "/");
	if ((error = parse_field(subject, &r->subject, subjects)) != 0)
		return (error);
	if (id != NULL && *id != '\0' && (error = parse_id(r, id)) != 0)
		return (error);
	if ((error = parse_field(resource, &r->resource, NULL)) != 0 ||
	    (error = parse_field(action, &r->action, actions)) != 0)
		return (error);
	r->amount = AMOUNT_UNDEF;
	if (amount != NULL && *amount != '\0') {
		if ((error = str2int64(amount, &r->amount)) != 0)
			return (error);
		if (r->resource != UNDEF &&
		    (resources[r->resource].flags & RES_MILLIONS) &&
		    r->amount > INT64_MAX / 1000000)
			return (KM_ERANGE);
	}
	return (parse_field(s, &r->per, subjects));
}

static int
read_inbuf(const char *inbuf, size_t inbuflen, char **out)
{
	if (inbuflen == 0)
		return (KM_EINVAL);
	if (inbuflen > RCTL_MAX_INBUFSIZE)
		return (KM_E2BIG);
	if (inbuf == NULL)
		return (KM_EFAULT);
	/* copyinstr(): the NUL must be within inbuflen. */
	if (memchr(inbuf, '\0', inbuflen) == NULL)
		return (KM_ENAMETOOLONG);
	if ((*out = strdup(inbuf)) == NULL)
		return (KM_ENOMEM);
	return (0);
}

static int
rule_matches(const struct rule *r, const struct rule *f)
{
	if (f->subject != UNDEF && f->subject != r->subject)
		return (0);
	if (f->id[0] != '\0' && strcmp(f->id, r->id) != 0)
		return (0);
	if (f->resource != UNDEF && f->resource != r->resource)
		return (0);
	if (f->action != UNDEF && f->action != r->action)
		return (0);
	if (f->amount != AMOUNT_UNDEF && f->amount != r->amount)
		return (0);
	return (f->per == UNDEF || f->per == r->per);
}

static int
rule_remove(const struct rule *f)
{
	int found, i, n;

	found = 0;
	for (i = n = 0; i < nrules; i++) {
		if (rule_matches(&rules[i], f))
			found = 1;
		else
			rules[n++] = rules[i];
	}
	nrules = n;
	return (found ? 0 : KM_ESRCH);
}

static int
rule_add(struct rule *r)
{
	struct rule f;

	if (r->per == UNDEF)
		r->per = r->subject;
	if (r->subject == UNDEF || r->id[0] == '\0' || r->resource == UNDEF ||
	    r->action == UNDEF || r->amount < 0)
		return (KM_EINVAL);
	if (r->action == ACT_DENY &&
	    !(resources[r->resource].flags & RES_DENIABLE) &&
	    r->resource != RES_MEMORYUSE && r->resource != RES_PCPU)
		return (KM_EOPNOTSUPP);
	if (r->action == ACT_THROTTLE &&
	    (!(resources[r->resource].flags & RES_DECAYING) ||
	    r->resource == RES_PCPU))
		return (KM_EOPNOTSUPP);
	/* A deny rule replaces one that differs only by amount. */
	f = *r;
	if (r->action == ACT_DENY)
		f.amount = AMOUNT_UNDEF;
	(void)rule_remove(&f);	/* ESRCH: there was none, which is fine */
	if (nrules == RCTL_MAX_RULES)
		return (KM_ENOMEM);
	rules[nrules++] = *r;
	return (0);
}

struct out {
	char	buf[RCTL_MAX_RULES * 128];
	size_t	len;
};

static void
out_printf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n < sizeof(o->buf) - o->len ? (size_t)n :
		    sizeof(o->buf) - o->len - 1;
}

static void
rule_to_out(struct out *o, const struct rule *r)
{
	out_printf(o, "%s:%s:%s:%s=%" PRId64, subjects[r->subject], r->id,
	    resources[r->resource].name, actions[r->action], r->amount);
	if (r->per != r->subject)
		out_printf(o, "/%s", subjects[r->per]);
	out_printf(o, ",");
}

static int
write_outbuf(struct out *o, char *outbuf, size_t outbuflen)
{
	if (o->len > 0 && o->buf[o->len - 1] == ',')
		o->buf[--o->len] = '\0';
	if (outbuflen < o->len + 1)
		return (KM_ERANGE);
	if (outbuf == NULL)
		return (KM_EFAULT);
	memcpy(outbuf, o->buf, o->len + 1);
	return (0);
}

static void
racct_to_out(struct out *o, const struct rule *f, int sloppy)
{
	const struct prison *pr;
	int64_t amount;
	int i;

	pr = f->subject == SUBJ_JAIL ? prison_find_name(f->id) : NULL;
	for (i = 0; i < NRESOURCES; i++) {
		if (!sloppy && (resources[i].flags & RES_SLOPPY))
			continue;
		amount = i == RES_MAXPROC && pr != NULL ? pr->pr_nproc : 0;
		out_printf(o, "%s=%" PRId64 ",", resources[i].name, amount);
	}
}

static int
get_limits(struct out *o, const struct rule *f)
{
	char path[sizeof(f->id) + 8];
	struct stat sb;
	int i;

	if (f->subject != SUBJ_PROCESS || f->id[0] == '\0')
		return (KM_EINVAL);
	(void)snprintf(path, sizeof(path), "/proc/%s", f->id);
	if (stat(path, &sb) == -1)
		return (KM_ESRCH);
	for (i = 0; i < nrules; i++) {
		if ((rules[i].subject == SUBJ_PROCESS &&
		    strcmp(rules[i].id, f->id) == 0) ||
		    (rules[i].subject == SUBJ_USER &&
		    strtoul(rules[i].id, NULL, 10) == sb.st_uid))
			rule_to_out(o, &rules[i]);
	}
	return (0);
}

static int
rctl_do(enum km_rctl_call call, struct rule *r, struct out *o)
{
	int i;

	switch (call) {
	case KM_RCTL_GET_RACCT:
		if (r->subject == UNDEF || r->id[0] == '\0')
			return (KM_EINVAL);
		racct_to_out(o, r, r->subject != SUBJ_PROCESS);
		return (0);
	case KM_RCTL_GET_RULES:
		for (i = 0; i < nrules; i++)
			if (rule_matches(&rules[i], r))
				rule_to_out(o, &rules[i]);
		return (0);
	case KM_RCTL_GET_LIMITS:
		return (get_limits(o, r));
	case KM_RCTL_ADD_RULE:
		return (rule_add(r));
	default:
		return (rule_remove(r));
	}
}

int
kern_rctl(enum km_rctl_call call, const char *inbuf, size_t inbuflen,
    char *outbuf, size_t outbuflen)
{
	struct rule r;
	struct out *o;
	char *s;
	int error;

	if (!racct_enable)
		return (KM_ENOSYS);
	if ((error = read_inbuf(inbuf, inbuflen, &s)) != 0)
		return (error);
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		free(s);
		return (KM_ENOMEM);
	}
	error = parse_rule(s, &r);
	if (error == 0)
		error = rctl_do(call, &r, o);
	if (error == 0 && call <= KM_RCTL_GET_LIMITS)
		error = write_outbuf(o, outbuf, outbuflen);
	free(o);
	free(s);
	return (error);
}
