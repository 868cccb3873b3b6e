/*
 * jail4j-launcher: the options of every mode and the steps each source file provides.
 * PROTOCOL.md beside this file is the contract with Java.
 */
#ifndef JAIL4J_LAUNCHER_H
#define JAIL4J_LAUNCHER_H

#include <stdbool.h>
#include <sys/types.h>

/* allow.* names (without the prefix) that change what the jail may do on Linux. */
enum allow_bit {
	ALLOW_SET_HOSTNAME	= 1u << 0,
	ALLOW_RAW_SOCKETS	= 1u << 1,
	ALLOW_CHFLAGS		= 1u << 2,
	ALLOW_MLOCK		= 1u << 3,
	ALLOW_SOCKET_AF		= 1u << 4,
	ALLOW_MOUNT		= 1u << 5,
	ALLOW_MOUNT_TMPFS	= 1u << 6,
	ALLOW_SYSVIPC		= 1u << 7,
	ALLOW_SET_TIME		= 1u << 8,
	ALLOW_READ_MSGBUF	= 1u << 9,
	ALLOW_MOUNT_OTHER	= 1u << 10,	/* an allow.mount.<fs> other than tmpfs */
};

/* A name on the command line and the bits it stands for. */
struct name_bits {
	const char	*name;
	unsigned	 bits;	/* 0 for an allow.* permission with no Linux counterpart */
};

#define NS_COUNT	6
extern const struct name_bits ns_names[NS_COUNT];	/* main.c */

/* A FreeBSD jailsys parameter: sysvmsg, sysvsem, sysvshm, ip4, ip6. */
enum sys_mode {
	SYS_DISABLE,		/* the calls denied (IPC: in a new IPC namespace) */
	SYS_NEW,		/* the jail's own (IPC namespace, network namespace) */
	SYS_INHERIT,		/* the host's */
};

/* The SysV IPC kinds, each its own parameter as on FreeBSD. */
enum ipc_kind {
	IPC_KIND_MSG,
	IPC_KIND_SEM,
	IPC_KIND_SHM,
	IPC_KINDS,
};

enum launch_mode {
	MODE_KEEPER,
	MODE_EXEC,
};

struct bind_mount {
	char	*src;		/* host path */
	char	*dst;		/* path inside the jail root */
	bool	 readonly;
};

/* What the jail's processes may do: shared by keeper, exec and spawn. */
struct restrictions {
	unsigned	 allow;		/* enum allow_bit */
	int		 ns_flags;	/* CLONE_NEW* of the jail */
	bool		 vnet;		/* vnet=new: the jail administers its own network stack */
	enum sys_mode	 ipc[IPC_KINDS];	/* sysvmsg, sysvsem, sysvshm */
	enum sys_mode	 ip4;
	enum sys_mode	 ip6;
	long		 children_max;
	int		 enforce_statfs;
};

/* The identity and surroundings of one command run in the jail. */
struct child_spec {
	uid_t		 uid;
	gid_t		 gid;
	gid_t		*groups;
	size_t		 ngroups;
	char		**env;		/* NULL-terminated */
	char		**argv;		/* NULL-terminated */
};

struct launch_opts {
	enum launch_mode mode;
	struct restrictions limits;

	/* keeper */
	const char	*name;
	long		 jid;
	const char	*root;
	int		 ready_fd;
	const char	*hostname;
	const char	*domainname;
	struct bind_mount *binds;
	size_t		 nbinds;
	char		**tmpfs;
	size_t		 ntmpfs;
	char		**lo_addrs;
	size_t		 nlo_addrs;
	bool		 persist;
	const char	*control;
	long		 devfs_ruleset;

	/* exec */
	pid_t		 pid;
	const char	*dir;
	bool		 have_ids;
	const char	*user;
	bool		 login;
	struct child_spec child;
};

/* keeper.c, exec.c */
_Noreturn void keeper_main(struct launch_opts *o);
_Noreturn void exec_main(struct launch_opts *o);

/* cgroup.c: exec's way into the keeper's cgroups, before it enters the namespaces. */
void	 join_cgroups_of(pid_t pid);

/* mounts.c: everything from "make / private" to pivot_root, in the keeper's mount ns. */
void	 build_root(const struct launch_opts *o);

/* net.c */
void	 net_setup(const struct launch_opts *o);

/* restrict.c */
void	 restrict_caps(const struct restrictions *r);
void	 restrict_syscalls(const struct restrictions *r);

/* identity.c: arguments, user, directory, environment and exec, shared by Linux and FreeBSD. */
typedef bool	(*option_flag_fn)(struct launch_opts *o, const char *opt);
typedef bool	(*option_value_fn)(struct launch_opts *o, const char *opt, const char *val);
void	 parse_args(struct launch_opts *o, int argc, char **argv, option_flag_fn flag,
	    option_value_fn option);
void	 lookup_user(const char *name, struct child_spec *c, char **home, char **shell);
void	 check_command(const struct launch_opts *o);
void	 env_option(struct child_spec *c, const char *kv);
void	 prepare_child(struct launch_opts *o, const char *login_path);
void	 become(const struct child_spec *c);
_Noreturn void exec_command(const struct child_spec *c);

/* child.c: the steps between fork and execvp of exec's command. */
_Noreturn void child_exec(const struct restrictions *r, const struct child_spec *c,
	    int report_fd);

/* spawn.c: the keeper's control socket, served from the keeper's own poll loop. */
int	 control_listen(const char *path);
bool	 control_round(int lfd, int sigfd, int timeout_ms);
void	 reap_orphans(pid_t hint);

#endif
