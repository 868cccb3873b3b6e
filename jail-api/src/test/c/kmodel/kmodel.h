/*
 * A strict model of the FreeBSD 13.2 jail kernel contract, built as a
 * Linux shared library so the FreeBSD engine can be tested through jnr-ffi
 * on any host.  It exports the FreeBSD system call wrappers (jail_set,
 * jail_get, sysctl, rctl_*, ...) with FreeBSD flag values and FreeBSD errno
 * numbers, and follows sys/kern/kern_jail.c and vfs_mount.c of 13.2 step by
 * step so that every answer in FREEBSD-KERNEL-ANSWERS.md comes out the same,
 * errmsg text included.  Nothing here touches the real system except stat(2)
 * and realpath(3) for jail paths.
 */
#ifndef KMODEL_H
#define KMODEL_H

#include <sys/types.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define KM_EXPORT	__attribute__((visibility("default")))

/* FreeBSD errno numbers (sys/errno.h); errno is set to these, not Linux's. */
#define KM_EPERM	1
#define KM_ENOENT	2
#define KM_ESRCH	3
#define KM_E2BIG	7
#define KM_ENOMEM	12
#define KM_EACCES	13
#define KM_EFAULT	14
#define KM_EEXIST	17
#define KM_ENOTDIR	20
#define KM_EISDIR	21
#define KM_EINVAL	22
#define KM_ERANGE	34
#define KM_EAGAIN	35
#define KM_EOPNOTSUPP	45
#define KM_EADDRINUSE	48
#define KM_ELOOP	62
#define KM_ENAMETOOLONG	63
#define KM_ENOSYS	78

/* sys/jail.h */
#define JAIL_CREATE	0x01
#define JAIL_UPDATE	0x02
#define JAIL_ATTACH	0x04
#define JAIL_DYING	0x08
#define JAIL_SET_MASK	0x0f
#define JAIL_GET_MASK	0x08
#define JAIL_SYS_DISABLE	0
#define JAIL_SYS_NEW	1
#define JAIL_SYS_INHERIT	2
#define JAIL_MAX	999999
#define MAXHOSTNAMELEN	256
#define MAXPATHLEN	1024
#define HOSTUUIDLEN	64
#define OSRELEASELEN	32
#define DEFAULT_HOSTUUID	"00000000-0000-0000-0000-000000000000"
#define KM_OSRELEASE	"13.2-RELEASE"
#define KM_OSRELDATE	1302001
#define KM_UIO_MAXIOV	1024
#define VFS_MOUNTARG_SIZE_MAX	(1024 * 64)
#define KM_VFSOPT_SIZE	48	/* sizeof(struct vfsopt) on amd64 */
#define KM_MAX_AF_IPS	255
#define KM_MAX_PRISONS	4096

/* struct prison pr_flags (kernel-internal values; only the model sees them). */
#define PR_PERSIST	0x00000001
#define PR_HOST		0x00000002
#define PR_IP4_USER	0x00000004
#define PR_IP6_USER	0x00000008
#define PR_IP4_SADDRSEL	0x00000080
#define PR_IP6_SADDRSEL	0x00000100
#define PR_IP4		0x02000000
#define PR_IP6		0x04000000

/* pr_allow bits, in the order of pr_flag_allow[] (devfs added at boot). */
#define PR_ALLOW_SET_HOSTNAME	0x0001
#define PR_ALLOW_SYSVIPC	0x0002
#define PR_ALLOW_RAW_SOCKETS	0x0004
#define PR_ALLOW_CHFLAGS	0x0008
#define PR_ALLOW_MOUNT		0x0010
#define PR_ALLOW_QUOTAS		0x0020
#define PR_ALLOW_SOCKET_AF	0x0040
#define PR_ALLOW_MLOCK		0x0080
#define PR_ALLOW_RESERVED_PORTS	0x0100
#define PR_ALLOW_READ_MSGBUF	0x0200
#define PR_ALLOW_UNPRIV_DEBUG	0x0400
#define PR_ALLOW_SUSER		0x0800
#define PR_ALLOW_MOUNT_DEVFS	0x1000
#define PR_ALLOW_ALL		0x1fff
#define PR_ALLOW_DIFFERENCES	PR_ALLOW_UNPRIV_DEBUG
#define JAIL_DEFAULT_ALLOW	(PR_ALLOW_SET_HOSTNAME | \
	PR_ALLOW_RESERVED_PORTS | PR_ALLOW_UNPRIV_DEBUG | PR_ALLOW_SUSER)

enum prison_state {
	PRISON_STATE_INVALID = 0,
	PRISON_STATE_ALIVE,
	PRISON_STATE_DYING
};

/* SysV IPC modules, in the order their OSD methods run. */
enum km_sysv { KM_SYSVMSG, KM_SYSVSEM, KM_SYSVSHM, KM_NSYSV };

struct prison {
	int		 pr_id;
	int		 pr_state;
	struct prison	*pr_parent;
	int		 pr_childcount;
	int		 pr_childmax;
	int		 pr_securelevel;
	int		 pr_enforce_statfs;
	int		 pr_devfs_rsnum;
	int		 pr_osreldate;
	int		 pr_cpuset;
	int		 pr_nproc;	/* model processes attached */
	int		 pr_holds;	/* keep a dead jail dying */
	uint64_t	 pr_flags;
	uint64_t	 pr_allow;
	int		 pr_sysv[KM_NSYSV];	/* JAIL_SYS_* as set */
	unsigned long	 pr_hostid;
	int		 pr_ip4s;
	int		 pr_ip6s;
	struct in_addr	 pr_ip4[KM_MAX_AF_IPS];
	struct in6_addr	 pr_ip6[KM_MAX_AF_IPS];
	char		 pr_name[MAXHOSTNAMELEN];
	char		 pr_path[MAXPATHLEN];
	char		 pr_hostname[MAXHOSTNAMELEN];
	char		 pr_domainname[MAXHOSTNAMELEN];
	char		 pr_hostuuid[HOSTUUIDLEN];
	char		 pr_osrelease[OSRELEASELEN];
};

struct bool_flags {
	const char	*name;
	const char	*noname;
	uint64_t	 flag;
};

struct jailsys_flags {
	const char	*name;
	uint64_t	 disable;
	uint64_t	 new;
};

/* One name/value pair of a jail_set/jail_get call: the kernel's vfsopt. */
struct vfsopt {
	char	*name;
	void	*value;		/* kernel copy of the caller's bytes, or NULL */
	size_t	 len;
	int	 pos;		/* pair index in the caller's iovec array */
	int	 seen;
};

struct vfsoptlist {
	struct vfsopt	*opts;
	int		 nopts;
};

/* state.c */
extern struct prison prison0;
extern int lastprid;
extern int racct_enable;
extern uint64_t jail_default_allow;
extern int jail_default_enforce_statfs;
extern unsigned int jail_max_af_ips;
void	km_lock(void);
void	km_unlock(void);
int	prison_count(void);
struct prison *prison_at(int i);
struct prison *prison_find(int jid);
struct prison *prison_find_name(const char *name);
int	prison_isalive(const struct prison *pr);
int	prison_isdescendant(const struct prison *anc, const struct prison *pr);
int	prison_insert(struct prison *pr);
int	get_next_prid(void);
int	prison_next_cpuset(void);
void	prison_unhold(struct prison *pr);
void	prison_kill(struct prison *pr);
int	prison_sysv_get(const struct prison *pr, int which);

/* opts.c */
int	vfs_buildopts(const struct iovec *iov, unsigned int niov,
	    struct vfsoptlist *opts);
void	vfs_freeopts(struct vfsoptlist *opts);
int	vfs_getopt(struct vfsoptlist *opts, const char *name, void **buf,
	    size_t *len);
int	vfs_getopt_pos(struct vfsoptlist *opts, const char *name);
int	vfs_copyopt(struct vfsoptlist *opts, const char *name, void *dest,
	    size_t len);
int	vfs_flagopt(struct vfsoptlist *opts, const char *name, uint64_t *w,
	    uint64_t val);
int	vfs_setopt(struct vfsoptlist *opts, const char *name, const void *value,
	    size_t len);
int	vfs_setopt_part(struct vfsoptlist *opts, const char *name,
	    const void *value, size_t len);
int	vfs_setopts(struct vfsoptlist *opts, const char *name,
	    const char *value);
void	vfs_opterror(struct vfsoptlist *opts, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	vfs_unseen(struct vfsoptlist *opts, struct vfsopt **unseen);
void	vfs_copyout_errmsg(struct vfsoptlist *opts, const struct iovec *iov);

/* params.c */
extern const struct bool_flags pr_flag_bool[];
extern const size_t pr_flag_bool_count;
extern const struct jailsys_flags pr_flag_jailsys[];
extern const size_t pr_flag_jailsys_count;
extern const struct bool_flags pr_flag_allow[];
extern const size_t pr_flag_allow_count;
extern const char *const km_sysv_names[KM_NSYSV];

/* jail_set.c / jail_get.c: the system calls without errno or tracing. */
int	kern_jail_set(struct iovec *iov, unsigned int niov, int flags,
	    int *jid);
int	kern_jail_get(struct iovec *iov, unsigned int niov, int flags,
	    int *jid);
int	kern_jail(const void *j, int *jid);
int	kern_jail_remove(int jid);
int	kern_jail_attach(int jid);

/* sysctl.c */
int	kern_sysctl(const int *name, unsigned int namelen, void *old,
	    size_t *oldlenp, const void *new, size_t newlen);
int	kern_sysctlbyname(const char *name, void *old, size_t *oldlenp,
	    const void *new, size_t newlen);

/* rctl.c */
enum km_rctl_call {
	KM_RCTL_GET_RACCT, KM_RCTL_GET_RULES, KM_RCTL_GET_LIMITS,
	KM_RCTL_ADD_RULE, KM_RCTL_REMOVE_RULE
};
int	kern_rctl(enum km_rctl_call call, const char *inbuf, size_t inbuflen,
	    char *outbuf, size_t outbuflen);
void	rctl_reset(void);
extern const char *const km_rctl_call_names[];

/* trace.c */
struct km_trace;
struct km_trace *trace_begin(void);
void	trace_reset(void);
void	trace_jail_call(struct km_trace *t, const char *call, int flags,
	    const struct iovec *iov, unsigned int niov);
void	trace_jail_end(struct km_trace *t, int ret, int error);
void	trace_jid_call(const char *call, int jid, int ret, int error);
void	trace_sysctl_begin(struct km_trace *t, const int *mib,
	    unsigned int namelen, const char *name, const size_t *oldlenp,
	    const void *new, size_t newlen);
void	trace_sysctl_end(struct km_trace *t, int ret, int error,
	    const void *old, const size_t *oldlenp);
void	trace_rctl(const char *call, const char *inbuf, size_t inbuflen,
	    int ret, int error, const char *outbuf, size_t outbuflen);
void	trace_legacy_jail(unsigned int version, int ret, int error);
void	trace_set_path(const char *path);
void	trace_free(struct km_trace *t);

#endif /* KMODEL_H */
