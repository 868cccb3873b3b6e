/*
 * The exported FreeBSD API: each call takes the model lock, runs the kernel
 * code, writes its trace line, and sets errno to the FreeBSD number last,
 * after anything (file I/O for the trace) that could change it.  jnr-ffi
 * reads errno right after the call returns.
 *
 * jail_attach_jd/jail_remove_jd are deliberately absent: this models 13.2,
 * which has no jail descriptors.
 */
#include <errno.h>
#include <stddef.h>

#include "kmodel.h"

static int
ret_errno(int ret, int error)
{
	if (error != 0) {
		errno = error;
		return (-1);
	}
	return (ret);
}

static int
jail_call(const char *name, int (*fn)(struct iovec *, unsigned int, int,
    int *), struct iovec *iov, unsigned int niov, int flags)
{
	struct km_trace *t;
	int error, jid;

	km_lock();
	t = trace_begin();
	trace_jail_call(t, name, flags, iov, niov);
	jid = 0;
	error = iov == NULL && niov > 0 ? KM_EFAULT :
	    fn(iov, niov, flags, &jid);
	trace_jail_end(t, error != 0 ? -1 : jid, error);
	trace_free(t);
	km_unlock();
	return (ret_errno(jid, error));
}

KM_EXPORT int
jail_set(struct iovec *iov, unsigned int niov, int flags)
{
	return (jail_call("jail_set", kern_jail_set, iov, niov, flags));
}

KM_EXPORT int
jail_get(struct iovec *iov, unsigned int niov, int flags)
{
	return (jail_call("jail_get", kern_jail_get, iov, niov, flags));
}

static int
jid_call(const char *name, int (*fn)(int), int jid)
{
	int error;

	km_lock();
	error = fn(jid);
	trace_jid_call(name, jid, error != 0 ? -1 : 0, error);
	km_unlock();
	return (ret_errno(0, error));
}

KM_EXPORT int
jail_remove(int jid)
{
	return (jid_call("jail_remove", kern_jail_remove, jid));
}

KM_EXPORT int
jail_attach(int jid)
{
	return (jid_call("jail_attach", kern_jail_attach, jid));
}

KM_EXPORT int
jail(void *j)
{
	int error, jid;

	km_lock();
	jid = 0;
	error = kern_jail(j, &jid);
	trace_legacy_jail(j != NULL ? *(unsigned int *)j : 0,
	    error != 0 ? -1 : jid, error);
	km_unlock();
	return (ret_errno(jid, error));
}

KM_EXPORT int
sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	struct km_trace *t;
	int error;

	km_lock();
	t = trace_begin();
	trace_sysctl_begin(t, name, namelen, NULL, oldlenp, newp, newlen);
	error = kern_sysctl(name, namelen, oldp, oldlenp, newp, newlen);
	trace_sysctl_end(t, error != 0 ? -1 : 0, error, oldp, oldlenp);
	trace_free(t);
	km_unlock();
	return (ret_errno(0, error));
}

KM_EXPORT int
sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp,
    size_t newlen)
{
	struct km_trace *t;
	int error;

	km_lock();
	t = trace_begin();
	trace_sysctl_begin(t, NULL, 0, name != NULL ? name : "", oldlenp, newp,
	    newlen);
	error = kern_sysctlbyname(name, oldp, oldlenp, newp, newlen);
	trace_sysctl_end(t, error != 0 ? -1 : 0, error, oldp, oldlenp);
	trace_free(t);
	km_unlock();
	return (ret_errno(0, error));
}

static int
rctl_call(enum km_rctl_call call, const char *inbuf, size_t inbuflen,
    char *outbuf, size_t outbuflen)
{
	int error;

	km_lock();
	error = kern_rctl(call, inbuf, inbuflen, outbuf, outbuflen);
	trace_rctl(km_rctl_call_names[call], inbuf, inbuflen,
	    error != 0 ? -1 : 0, error, outbuf, outbuflen);
	km_unlock();
	return (ret_errno(0, error));
}

KM_EXPORT int
rctl_get_racct(const char *inbufp, size_t inbuflen, char *outbufp,
    size_t outbuflen)
{
	return (rctl_call(KM_RCTL_GET_RACCT, inbufp, inbuflen, outbufp,
	    outbuflen));
}

KM_EXPORT int
rctl_get_rules(const char *inbufp, size_t inbuflen, char *outbufp,
    size_t outbuflen)
{
	return (rctl_call(KM_RCTL_GET_RULES, inbufp, inbuflen, outbufp,
	    outbuflen));
}

KM_EXPORT int
rctl_get_limits(const char *inbufp, size_t inbuflen, char *outbufp,
    size_t outbuflen)
{
	return (rctl_call(KM_RCTL_GET_LIMITS, inbufp, inbuflen, outbufp,
	    outbuflen));
}

KM_EXPORT int
rctl_add_rule(const char *inbufp, size_t inbuflen, char *outbufp,
    size_t outbuflen)
{
	return (rctl_call(KM_RCTL_ADD_RULE, inbufp, inbuflen, outbufp,
	    outbuflen));
}

KM_EXPORT int
rctl_remove_rule(const char *inbufp, size_t inbuflen, char *outbufp,
    size_t outbuflen)
{
	return (rctl_call(KM_RCTL_REMOVE_RULE, inbufp, inbuflen, outbufp,
	    outbuflen));
}
