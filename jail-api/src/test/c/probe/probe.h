/*
 * jail4j-probe: one attempt to break out of a jail per subcommand.
 *
 * Each subcommand prints exactly one line, "OK" when the attempt succeeded or
 * "DENIED <ERRNO-SYMBOL>" when the kernel refused it, and exits 0. Only "procs"
 * prints "PIDS <count> VISIBLE|HIDDEN" instead. A probe that cannot run (bad
 * arguments, a failure of its own set-up) prints one line on stderr and exits 2.
 */
#ifndef JAIL4J_PROBE_H
#define JAIL4J_PROBE_H

#define PROBE_EXIT_BROKEN	2

/* A probe returns 0 when the attempt succeeded, -1 with errno set when it was refused. */
typedef int probe_fn(char **argv);

struct probe {
	const char	*p_name;
	int		 p_nargs;
	probe_fn	*p_fn;
	const char	*p_usage;
};

_Noreturn void	die(const char *fmt, ...);
_Noreturn void	die_errno(const char *fmt, ...);
void		say(const char *fmt, ...);
long		parse_long(const char *s);

/* probe_fs.c */
probe_fn probe_open, probe_write, probe_climb, probe_proc_root, probe_proc_cwd;
probe_fn probe_chroot_escape, probe_fd_escape, probe_mknod_char, probe_mknod_block;
probe_fn probe_mount_tmpfs, probe_umount, probe_swapon, probe_chflags, probe_mount_seen;

/* probe_proc.c */
probe_fn probe_procs, probe_kill, probe_ptrace, probe_unshare, probe_tiocsti;
probe_fn probe_tiocsctty, probe_sethostname, probe_mlock;

/* probe_kern.c */
probe_fn probe_init_module, probe_finit_module, probe_reboot, probe_settime;
probe_fn probe_iopl, probe_ioperm, probe_kexec, probe_shm, probe_msg, probe_sem;

/* probe_net.c */
probe_fn probe_addr_add, probe_route_add, probe_if_down, probe_raw_socket, probe_socket;

#endif
