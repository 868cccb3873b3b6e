/*
 * What root in a jail may not do, as on FreeBSD: the capability bounding set (and the
 * current sets) limited to what the allow list implies, then a seccomp filter for what
 * capabilities cannot express. Denied calls fail with EPERM unless the rule says otherwise
 * (FreeBSD's answer for the same call in a jail).
 *
 * Capabilities are kept from a list, not dropped from one, so a capability a newer kernel
 * adds is dropped too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "launcher.h"
#include "util.h"

#define CAP_BIT(c)	(UINT64_C(1) << (c))

static uint64_t
kept_caps(const struct restrictions *r)
{
	uint64_t keep = CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FOWNER) |
	    CAP_BIT(CAP_FSETID) | CAP_BIT(CAP_KILL) | CAP_BIT(CAP_SETGID) |
	    CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETPCAP) | CAP_BIT(CAP_NET_BIND_SERVICE) |
	    CAP_BIT(CAP_NET_BROADCAST) | CAP_BIT(CAP_IPC_OWNER) | CAP_BIT(CAP_SYS_CHROOT) |
	    CAP_BIT(CAP_SYS_PTRACE) | CAP_BIT(CAP_SYS_RESOURCE) | CAP_BIT(CAP_LEASE) |
	    CAP_BIT(CAP_AUDIT_WRITE) | CAP_BIT(CAP_SETFCAP);

	/*
	 * Only a vnet jail administers its interfaces and routes; a loopback jail has its own
	 * network namespace too, but, as on FreeBSD, may not change its addresses.
	 */
	if (r->vnet)
		keep |= CAP_BIT(CAP_NET_ADMIN);
	if (r->allow & ALLOW_RAW_SOCKETS)
		keep |= CAP_BIT(CAP_NET_RAW);
	if (r->allow & ALLOW_CHFLAGS)
		keep |= CAP_BIT(CAP_LINUX_IMMUTABLE);
	if (r->allow & ALLOW_MLOCK)
		keep |= CAP_BIT(CAP_IPC_LOCK);
	if (r->allow & ALLOW_SET_TIME)
		keep |= CAP_BIT(CAP_SYS_TIME);
	if (r->allow & ALLOW_READ_MSGBUF)
		keep |= CAP_BIT(CAP_SYSLOG);
	/* sethostname needs CAP_SYS_ADMIN; the filter still denies mount without allow.mount */
	if ((r->allow & ALLOW_MOUNT) ||
	    ((r->allow & ALLOW_SET_HOSTNAME) && (r->ns_flags & CLONE_NEWUTS)))
		keep |= CAP_BIT(CAP_SYS_ADMIN);
	return keep;
}

static void
drop_bounding_set(uint64_t keep)
{
	int cap, r;

	for (cap = 0; cap < 64; cap++) {
		if ((r = prctl(PR_CAPBSET_READ, (unsigned long)cap, 0L, 0L, 0L)) == -1) {
			if (errno == EINVAL)	/* past the kernel's last capability */
				break;
			die_errno("capabilities", "PR_CAPBSET_READ %d", cap);
		}
		if (r == 1 && (keep & CAP_BIT(cap)) == 0 &&
		    prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0L, 0L, 0L) == -1)
			die_errno("capabilities", "PR_CAPBSET_DROP %d", cap);
	}
}

/* Limit the effective, permitted and inheritable sets too, and clear the ambient set. */
static void
drop_current_sets(uint64_t keep)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int i;

	if (syscall(SYS_capget, &hdr, data) == -1)
		die_errno("capabilities", "capget");
	for (i = 0; i < 2; i++) {
		data[i].effective &= (uint32_t)(keep >> (32 * i));
		data[i].permitted &= (uint32_t)(keep >> (32 * i));
		data[i].inheritable &= (uint32_t)(keep >> (32 * i));
	}
	if (syscall(SYS_capset, &hdr, data) == -1)
		die_errno("capabilities", "capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) == -1)
		die_errno("capabilities", "PR_CAP_AMBIENT_CLEAR_ALL");
}

/*
 * Without allow.mlock no memory may be locked: RLIMIT_MEMLOCK 0 makes the kernel answer EPERM
 * to an unprivileged lock (can_do_mlock), behind the filter's rules for the calls.
 */
static void
limit_memlock(const struct restrictions *r)
{
	struct rlimit none = { 0, 0 };

	if ((r->allow & ALLOW_MLOCK) == 0 && setrlimit(RLIMIT_MEMLOCK, &none) == -1)
		die_errno("capabilities", "setrlimit(RLIMIT_MEMLOCK, 0)");
}

void
restrict_caps(const struct restrictions *r)
{
	uint64_t keep = kept_caps(r);

	limit_memlock(r);
	drop_bounding_set(keep);
	drop_current_sets(keep);
}

#if defined(__x86_64__)
#define FILTER_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH	AUDIT_ARCH_AARCH64
#else
#error "jail4j-launcher: no seccomp architecture for this target"
#endif

/* low 32 bits of argument i (little-endian targets only, checked above) */
#define ARG_LO(i)	((uint32_t)offsetof(struct seccomp_data, args[(i)]))
#define RET_ERRNO(e)	(SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

struct filter {
	struct sock_filter	*ins;
	size_t			 n;
};

static size_t
emit(struct filter *f, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	struct sock_filter ins = { code, jt, jf, k };

	f->ins = xreallocarray(f->ins, f->n + 1, sizeof(*f->ins));
	f->ins[f->n] = ins;
	return f->n++;
}

static void
ret(struct filter *f, uint32_t action)
{
	emit(f, BPF_RET | BPF_K, action, 0, 0);
}

static void
load(struct filter *f, uint32_t offset)
{
	emit(f, BPF_LD | BPF_W | BPF_ABS, offset, 0, 0);
}

static void
deny_nr(struct filter *f, long nr, int err)
{
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1);
	ret(f, RET_ERRNO(err));
}

/* Start a block for syscall nr; end_block() makes the non-matching case skip it. */
static size_t
begin_block(struct filter *f, long nr)
{
	return emit(f, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 0);
}

static void
end_block(struct filter *f, size_t start)
{
	if (f->n - start - 1 > 255)
		die("seccomp", "filter block too long: %zu", f->n - start - 1);
	f->ins[start].jf = (uint8_t)(f->n - start - 1);
}

/* Argument `arg' masked with `mask' equal to any of the values: `err'; otherwise allowed. */
static void
deny_arg(struct filter *f, long nr, int arg, uint32_t mask, const uint32_t *vals, size_t nvals,
    int err)
{
	size_t start = begin_block(f, nr), i;

	load(f, ARG_LO(arg));
	if (mask != UINT32_MAX)
		emit(f, BPF_ALU | BPF_AND | BPF_K, mask, 0, 0);
	for (i = 0; i < nvals; i++) {
		emit(f, BPF_JMP | BPF_JEQ | BPF_K, vals[i], 0, 1);
		ret(f, RET_ERRNO(err));
	}
	ret(f, SECCOMP_RET_ALLOW);
	end_block(f, start);
}

/* Any of the bits `flags' set in argument `arg': `err'; otherwise allowed. */
static void
deny_flags(struct filter *f, long nr, int arg, uint32_t flags, int err)
{
	size_t start = begin_block(f, nr);

	load(f, ARG_LO(arg));
	emit(f, BPF_JMP | BPF_JSET | BPF_K, flags, 0, 1);
	ret(f, RET_ERRNO(err));
	ret(f, SECCOMP_RET_ALLOW);
	end_block(f, start);
}

/* high 32 bits of argument i */
#define ARG_HI(i)	(ARG_LO(i) + 4)

/*
 * ioctl(): TIOCSTI and TIOCLINUX push input into a terminal, TIOCSCTTY with a nonzero
 * argument steals a terminal from the session holding it (the caller's, when a command's
 * stdin is the caller's terminal): EPERM, as a jailed root gets on FreeBSD.
 */
static void
ioctl_block(struct filter *f)
{
	size_t start = begin_block(f, __NR_ioctl);

	load(f, ARG_LO(1));
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 6, 0);
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 5, 0);
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, TIOCSCTTY, 0, 5);
	load(f, ARG_LO(2));
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2);
	load(f, ARG_HI(2));
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
	ret(f, RET_ERRNO(EPERM));
	ret(f, SECCOMP_RET_ALLOW);
	end_block(f, start);
}

/*
 * socket(): AF_INET with ip4=disable and AF_INET6 with ip6=disable fail with EAFNOSUPPORT;
 * families other than UNIX, INET, INET6 and NETLINK too, as FreeBSD's prison_check_af
 * answers, unless allow.socket_af; SOCK_RAW for INET and INET6 fails with EPERM unless
 * allow.raw_sockets (netlink sockets are SOCK_RAW by nature).
 */
static void
socket_block(struct filter *f, const struct restrictions *r)
{
	size_t start = begin_block(f, __NR_socket);

	load(f, ARG_LO(0));
	if (r->ip4 == SYS_DISABLE) {
		emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 0, 1);
		ret(f, RET_ERRNO(EAFNOSUPPORT));
	}
	if (r->ip6 == SYS_DISABLE) {
		emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 0, 1);
		ret(f, RET_ERRNO(EAFNOSUPPORT));
	}
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 5, 0);
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 4, 0);
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 2, 0);
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 1, 0);
	ret(f, (r->allow & ALLOW_SOCKET_AF) ? SECCOMP_RET_ALLOW : RET_ERRNO(EAFNOSUPPORT));
	ret(f, SECCOMP_RET_ALLOW);
	load(f, ARG_LO(1));
	emit(f, BPF_ALU | BPF_AND | BPF_K, 0xf, 0, 0);	/* the type without NONBLOCK/CLOEXEC */
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, SOCK_RAW, 0, 1);
	ret(f, (r->allow & ALLOW_RAW_SOCKETS) ? SECCOMP_RET_ALLOW : RET_ERRNO(EPERM));
	ret(f, SECCOMP_RET_ALLOW);
	end_block(f, start);
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Never allowed in a jail: modules, kexec, reboot, swap, port I/O, keys, BPF, handles... */
static const long always_denied[] = {
	__NR_init_module, __NR_finit_module, __NR_delete_module, __NR_kexec_load,
	__NR_kexec_file_load, __NR_reboot, __NR_swapon, __NR_swapoff, __NR_keyctl,
	__NR_add_key, __NR_request_key, __NR_bpf, __NR_perf_event_open, __NR_userfaultfd,
	__NR_open_by_handle_at, __NR_acct, __NR_quotactl, __NR_quotactl_fd, __NR_vhangup,
	/* io_uring runs socket() and friends past this filter */
	__NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
#ifdef __NR_iopl
	__NR_iopl, __NR_ioperm,
#endif
#ifdef __NR_uselib
	__NR_uselib,
#endif
};
static const long time_calls[] = {
	__NR_settimeofday, __NR_clock_settime, __NR_adjtimex, __NR_clock_adjtime,
};
static const long hostname_calls[] = { __NR_sethostname, __NR_setdomainname };
static const long mount_calls[] = {
	__NR_mount, __NR_umount2, __NR_pivot_root, __NR_fsopen, __NR_fsconfig, __NR_fsmount,
	__NR_fspick, __NR_move_mount, __NR_open_tree, __NR_mount_setattr,
};
static const long mlock_calls[] = { __NR_mlock, __NR_mlock2, __NR_mlockall };
static const long sysvmsg_calls[] = { __NR_msgget, __NR_msgctl, __NR_msgsnd, __NR_msgrcv };
static const long sysvsem_calls[] = { __NR_semget, __NR_semctl, __NR_semop, __NR_semtimedop };
static const long sysvshm_calls[] = { __NR_shmget, __NR_shmctl, __NR_shmat, __NR_shmdt };
static const long syslog_calls[] = { __NR_syslog };
static const long setns_calls[] = { __NR_setns };

static bool
always(const struct restrictions *r)
{
	(void)r;
	return true;
}

static bool
no_set_time(const struct restrictions *r)
{
	return (r->allow & ALLOW_SET_TIME) == 0;
}

static bool
no_hostname(const struct restrictions *r)
{
	return (r->allow & ALLOW_SET_HOSTNAME) == 0 || (r->ns_flags & CLONE_NEWUTS) == 0;
}

/*
 * FreeBSD needs allow.mount and an allow.mount.<fs> for the type mounted, and
 * enforce_statfs below 2. The type is a pointer BPF cannot follow, so with any
 * allow.mount.<fs> every type the kept CAP_SYS_ADMIN permits may be mounted.
 */
static bool
no_mount(const struct restrictions *r)
{
	return (r->allow & ALLOW_MOUNT) == 0 ||
	    (r->allow & (ALLOW_MOUNT_TMPFS | ALLOW_MOUNT_OTHER)) == 0 || r->enforce_statfs >= 2;
}

static bool
no_mlock(const struct restrictions *r)
{
	return (r->allow & ALLOW_MLOCK) == 0;
}

static bool
ipc_disabled(const struct restrictions *r, enum ipc_kind k)
{
	return r->ipc[k] == SYS_DISABLE && (r->allow & ALLOW_SYSVIPC) == 0;
}

static bool
no_sysvmsg(const struct restrictions *r)
{
	return ipc_disabled(r, IPC_KIND_MSG);
}

static bool
no_sysvsem(const struct restrictions *r)
{
	return ipc_disabled(r, IPC_KIND_SEM);
}

static bool
no_sysvshm(const struct restrictions *r)
{
	return ipc_disabled(r, IPC_KIND_SHM);
}

static bool
no_msgbuf(const struct restrictions *r)
{
	return (r->allow & ALLOW_READ_MSGBUF) == 0;
}

static bool
no_children(const struct restrictions *r)
{
	return r->children_max == 0;
}

/* Whole calls denied, each group while its predicate holds. */
static const struct call_rule {
	const long	*nrs;
	size_t		 n;
	int		 err;
	bool		(*denied)(const struct restrictions *);
} call_rules[] = {
	{ always_denied, NELEM(always_denied), EPERM, always },
	{ time_calls, NELEM(time_calls), EPERM, no_set_time },
	{ hostname_calls, NELEM(hostname_calls), EPERM, no_hostname },
	{ mount_calls, NELEM(mount_calls), EPERM, no_mount },
	{ mlock_calls, NELEM(mlock_calls), EPERM, no_mlock },
	/* FreeBSD's sys_msgget etc. answer ENOSYS in a jail without that kind of IPC */
	{ sysvmsg_calls, NELEM(sysvmsg_calls), ENOSYS, no_sysvmsg },
	{ sysvsem_calls, NELEM(sysvsem_calls), ENOSYS, no_sysvsem },
	{ sysvshm_calls, NELEM(sysvshm_calls), ENOSYS, no_sysvshm },
	{ syslog_calls, NELEM(syslog_calls), EPERM, no_msgbuf },
	{ setns_calls, NELEM(setns_calls), EPERM, no_children },
};

static void
deny_calls(struct filter *f, const struct restrictions *r)
{
	size_t i, j;

	for (i = 0; i < NELEM(call_rules); i++) {
		if (!call_rules[i].denied(r))
			continue;
		for (j = 0; j < call_rules[i].n; j++)
			deny_nr(f, call_rules[i].nrs[j], call_rules[i].err);
	}
}

/* Every CLONE_NEW* clone() takes; its low byte is the exit signal, so no CLONE_NEWTIME. */
#define CLONE_NEW_ANY	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
	CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

/*
 * Calls denied by an argument. A call appears at most once here, and never also in
 * call_rules while denied there: its first block decides.
 */
static void
argument_checks(struct filter *f, const struct restrictions *r)
{
	static const uint32_t devices[] = { S_IFCHR, S_IFBLK };
	static const uint32_t shm_lock[] = { SHM_LOCK };

	ioctl_block(f);
#ifdef __NR_mknod
	deny_arg(f, __NR_mknod, 1, S_IFMT, devices, NELEM(devices), EPERM);
#endif
	deny_arg(f, __NR_mknodat, 2, S_IFMT, devices, NELEM(devices), EPERM);
	/* children.max 0: no namespace of its own, hence no nested jail */
	if (no_children(r)) {
		deny_flags(f, __NR_clone, 0, CLONE_NEW_ANY, EPERM);
		deny_flags(f, __NR_unshare, 0, CLONE_NEW_ANY | CLONE_NEWTIME, EPERM);
	}
	/* clone3 passes its flags in memory BPF cannot read: ENOSYS makes libc use clone */
	deny_nr(f, __NR_clone3, ENOSYS);
	if (no_mlock(r)) {
		deny_flags(f, __NR_mmap, 3, MAP_LOCKED, EPERM);
		/* the command without IPC_64, which some ABIs add */
		if (!no_sysvshm(r))
			deny_arg(f, __NR_shmctl, 1, 0xff, shm_lock, NELEM(shm_lock), EPERM);
	}
	if ((r->allow & (ALLOW_SOCKET_AF | ALLOW_RAW_SOCKETS)) !=
	    (ALLOW_SOCKET_AF | ALLOW_RAW_SOCKETS) || r->ip4 == SYS_DISABLE ||
	    r->ip6 == SYS_DISABLE)
		socket_block(f, r);
}

static void
build_filter(struct filter *f, const struct restrictions *r)
{
	load(f, offsetof(struct seccomp_data, arch));
	emit(f, BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
	ret(f, RET_ERRNO(ENOSYS));	/* another ABI (i386 on x86_64): nothing works */
	load(f, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
	emit(f, BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1);	/* the x32 ABI */
	ret(f, RET_ERRNO(ENOSYS));
#endif
	deny_calls(f, r);
	argument_checks(f, r);
	ret(f, SECCOMP_RET_ALLOW);
}

/*
 * PR_SET_NO_NEW_PRIVS, then the filter. The keeper installs it on itself, so the commands
 * it spawns inherit it; exec installs it in its child.
 */
void
restrict_syscalls(const struct restrictions *r)
{
	struct filter f = { NULL, 0 };
	struct sock_fprog prog;

	build_filter(&f, r);
	if (f.n > BPF_MAXINSNS)
		die("seccomp", "filter too long: %zu instructions", f.n);
	prog.len = (unsigned short)f.n;
	prog.filter = f.ins;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1)
		die_errno("seccomp", "PR_SET_NO_NEW_PRIVS");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == -1)
		die_errno("seccomp", "install a filter of %zu instructions", f.n);
	free(f.ins);
}
