/*
 * The model's kernel state: prison0, the list of prisons sorted by JID
 * (allprison), JID allocation, the life cycle of a jail (alive, dying,
 * gone) and the test-only controls that reset it or simulate processes.
 *
 * A jail stays alive while it has a user reference: persist, an attached
 * model process, or an alive child jail.  Without one it dies; a dead jail
 * is freed at once unless a test holds a resource on it
 * (jail4j_model_hold), in which case it stays visible as dying until
 * released, like a jail whose sockets linger in TIME_WAIT.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

struct prison prison0;
int lastprid;
int racct_enable;
uint64_t jail_default_allow;
int jail_default_enforce_statfs;
unsigned int jail_max_af_ips;

static struct prison *allprison[KM_MAX_PRISONS];
static int nprisons;
static pthread_mutex_t km_mtx = PTHREAD_MUTEX_INITIALIZER;

void
km_lock(void)
{
	/* A default mutex only fails on misuse, which would be a model bug. */
	if (pthread_mutex_lock(&km_mtx) != 0)
		abort();
}

void
km_unlock(void)
{
	if (pthread_mutex_unlock(&km_mtx) != 0)
		abort();
}

int
prison_count(void)
{
	return (nprisons);
}

struct prison *
prison_at(int i)
{
	return (allprison[i]);
}

struct prison *
prison_find(int jid)
{
	int i;

	for (i = 0; i < nprisons; i++)
		if (allprison[i]->pr_id == jid)
			return (allprison[i]);
	return (NULL);
}

int
prison_isalive(const struct prison *pr)
{
	return (pr->pr_state == PRISON_STATE_ALIVE);
}

int
prison_isdescendant(const struct prison *anc, const struct prison *pr)
{
	for (pr = pr->pr_parent; pr != NULL; pr = pr->pr_parent)
		if (pr == anc)
			return (1);
	return (0);
}

/* prison_find_name() for the host: an alive jail wins over a dying one. */
struct prison *
prison_find_name(const char *name)
{
	struct prison *deadpr;
	int i;

	deadpr = NULL;
	for (i = 0; i < nprisons; i++) {
		if (strcmp(allprison[i]->pr_name, name) != 0)
			continue;
		if (prison_isalive(allprison[i]))
			return (allprison[i]);
		deadpr = allprison[i];
	}
	return (deadpr);
}

int
prison_insert(struct prison *pr)
{
	struct prison *tpr;
	int i;

	if (nprisons == KM_MAX_PRISONS)
		return (KM_EAGAIN);
	for (i = nprisons; i > 0 && allprison[i - 1]->pr_id > pr->pr_id; i--)
		allprison[i] = allprison[i - 1];
	allprison[i] = pr;
	nprisons++;
	for (tpr = pr->pr_parent; tpr != NULL; tpr = tpr->pr_parent)
		tpr->pr_childcount++;
	return (0);
}

/* get_next_prid() of 13.2: lastprid % JAIL_MAX + 1, skipping used JIDs. */
int
get_next_prid(void)
{
	int i, jid, maxid;

	jid = lastprid % JAIL_MAX + 1;
	if (nprisons > 0 && allprison[nprisons - 1]->pr_id >= jid) {
		for (maxid = JAIL_MAX; maxid != 0;) {
			for (i = 0; i < nprisons; i++) {
				if (allprison[i]->pr_id < jid)
					continue;
				if (allprison[i]->pr_id > jid) {
					maxid = 0;	/* found an opening */
					break;
				}
				if (++jid > maxid) {
					if (lastprid == maxid || lastprid == 0)
						return (0);
					jid = 1;
					maxid = lastprid;
					break;
				}
			}
			if (i == nprisons)
				break;		/* room at the end */
		}
	}
	lastprid = jid;
	return (jid);
}

/* The lowest cpuset ID not in use; 0 to 2 belong to the system. */
int
prison_next_cpuset(void)
{
	int i, id;

	for (id = 3;; id++) {
		for (i = 0; i < nprisons; i++)
			if (allprison[i]->pr_cpuset == id)
				break;
		if (i == nprisons)
			return (id);
	}
}

static int
prison_urefs(const struct prison *pr)
{
	int i, n;

	n = pr->pr_nproc + ((pr->pr_flags & PR_PERSIST) != 0);
	for (i = 0; i < nprisons; i++)
		if (allprison[i]->pr_parent == pr &&
		    prison_isalive(allprison[i]))
			n++;
	return (n);
}

static int
prison_haschildren(const struct prison *pr)
{
	int i;

	for (i = 0; i < nprisons; i++)
		if (allprison[i]->pr_parent == pr)
			return (1);
	return (0);
}

static void
prison_free(int i)
{
	struct prison *pr, *tpr;

	pr = allprison[i];
	for (tpr = pr->pr_parent; tpr != NULL; tpr = tpr->pr_parent)
		tpr->pr_childcount--;
	memmove(&allprison[i], &allprison[i + 1],
	    (size_t)(nprisons - i - 1) * sizeof(allprison[0]));
	nprisons--;
	free(pr);
}

/* One step of settling: kill a jail without users or free a dead one. */
static int
prison_settle_one(void)
{
	struct prison *pr;
	int i;

	for (i = 0; i < nprisons; i++) {
		pr = allprison[i];
		if (prison_isalive(pr) && prison_urefs(pr) == 0) {
			pr->pr_state = PRISON_STATE_DYING;
			return (1);
		}
		if (!prison_isalive(pr) && pr->pr_holds == 0 &&
		    pr->pr_nproc == 0 && !prison_haschildren(pr)) {
			prison_free(i);
			return (1);
		}
	}
	return (0);
}

/* Called whenever a user reference may have gone. */
void
prison_unhold(struct prison *pr)
{
	(void)pr;	/* settling is global: a death can free ancestors */
	while (prison_settle_one())
		continue;
}

/* jail_remove(2): the jail and its descendants lose persist and processes. */
void
prison_kill(struct prison *pr)
{
	struct prison *tpr;
	int i;

	for (i = 0; i < nprisons; i++) {
		tpr = allprison[i];
		if (tpr != pr && !prison_isdescendant(pr, tpr))
			continue;
		tpr->pr_flags &= ~PR_PERSIST;
		tpr->pr_nproc = 0;
		if (prison_isalive(tpr))
			tpr->pr_state = PRISON_STATE_DYING;
	}
	prison_unhold(pr);
}

static int
prison_has_sysv(const struct prison *pr, int which)
{
	for (; pr != &prison0; pr = pr->pr_parent) {
		if (pr->pr_sysv[which] == JAIL_SYS_NEW)
			return (1);
		if (pr->pr_sysv[which] == JAIL_SYS_DISABLE)
			return (0);
	}
	return (1);
}

/* What the sysv modules report: their own, the parent's, or none. */
int
prison_sysv_get(const struct prison *pr, int which)
{
	if (pr->pr_sysv[which] == JAIL_SYS_NEW)
		return (JAIL_SYS_NEW);
	if (pr->pr_sysv[which] == JAIL_SYS_INHERIT &&
	    prison_has_sysv(pr->pr_parent, which))
		return (JAIL_SYS_INHERIT);
	return (JAIL_SYS_DISABLE);
}

static void
prison0_init(void)
{
	memset(&prison0, 0, sizeof(prison0));
	strcpy(prison0.pr_name, "0");
	strcpy(prison0.pr_path, "/");
	strcpy(prison0.pr_hostuuid, DEFAULT_HOSTUUID);
	strcpy(prison0.pr_osrelease, KM_OSRELEASE);
	prison0.pr_state = PRISON_STATE_ALIVE;
	prison0.pr_securelevel = -1;
	prison0.pr_childmax = JAIL_MAX;
	prison0.pr_osreldate = KM_OSRELDATE;
	prison0.pr_cpuset = 1;
	prison0.pr_flags = PR_HOST | PR_IP4_SADDRSEL | PR_IP6_SADDRSEL;
	prison0.pr_allow = PR_ALLOW_ALL;
	prison0.pr_sysv[KM_SYSVMSG] = JAIL_SYS_NEW;
	prison0.pr_sysv[KM_SYSVSEM] = JAIL_SYS_NEW;
	prison0.pr_sysv[KM_SYSVSHM] = JAIL_SYS_NEW;
}

static void
km_reset_locked(void)
{
	while (nprisons > 0)
		prison_free(nprisons - 1);
	prison0_init();
	lastprid = 0;
	racct_enable = 1;
	jail_default_allow = JAIL_DEFAULT_ALLOW;
	jail_default_enforce_statfs = 2;
	jail_max_af_ips = KM_MAX_AF_IPS;
	rctl_reset();
}

__attribute__((constructor)) static void
km_init(void)
{
	km_reset_locked();
}

/* Test control: forget every jail and rule; JIDs start again at 1. */
KM_EXPORT void
jail4j_model_reset(void)
{
	km_lock();
	km_reset_locked();
	trace_reset();
	km_unlock();
}

/* Test control: trace to this file (NULL: back to $JAIL4J_MODEL_TRACE). */
KM_EXPORT int
jail4j_model_trace(const char *path)
{
	km_lock();
	trace_set_path(path);
	km_unlock();
	return (0);
}

/* Test control: RACCT on (the default) or off (rctl calls give ENOSYS). */
KM_EXPORT void
jail4j_model_set_racct(int enabled)
{
	km_lock();
	racct_enable = enabled != 0;
	km_unlock();
}

static int
km_with_prison(int jid, void (*fn)(struct prison *))
{
	struct prison *pr;

	km_lock();
	pr = prison_find(jid);
	if (pr != NULL) {
		fn(pr);
		prison_unhold(pr);
	}
	km_unlock();
	return (pr == NULL ? -1 : 0);
}

static void
detach_all(struct prison *pr)
{
	pr->pr_nproc = 0;
}

static void
hold(struct prison *pr)
{
	pr->pr_holds++;
}

static void
release(struct prison *pr)
{
	if (pr->pr_holds > 0)
		pr->pr_holds--;
}

/*
 * Test control: every process attached to the jail exits.  A jail without
 * persist then dies.  Returns -1 if no such jail (alive or dying).
 */
KM_EXPORT int
jail4j_model_detach_all(int jid)
{
	return (km_with_prison(jid, detach_all));
}

/* Test control: a resource that keeps the jail dying after it died. */
KM_EXPORT int
jail4j_model_hold(int jid)
{
	return (km_with_prison(jid, hold));
}

/* Test control: drop one such resource; a dead jail without any is freed. */
KM_EXPORT int
jail4j_model_release(int jid)
{
	return (km_with_prison(jid, release));
}

/* Test control: processes attached to the jail, or -1 if there is none. */
KM_EXPORT int
jail4j_model_nproc(int jid)
{
	struct prison *pr;
	int n;

	km_lock();
	pr = prison_find(jid);
	n = pr == NULL ? -1 : pr->pr_nproc;
	km_unlock();
	return (n);
}
