package org.jail4j.ffi.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.pid_t;
import jnr.ffi.types.size_t;

/**
 * The Linux C library calls the Linux engine needs, named as in glibc. errno is saved after
 * each call except where {@code @IgnoreError} says it cannot fail. Non-API.
 *
 * <p>Only calls that are safe from a multithreaded JVM belong here: joining a mount or user
 * namespace is refused for a multithreaded process (EINVAL), so that happens in the native
 * launcher, not through this interface.
 */
public interface LibcLinux {
    int CLONE_NEWNS = 0x00020000;
    int CLONE_NEWCGROUP = 0x02000000;
    int CLONE_NEWUTS = 0x04000000;
    int CLONE_NEWIPC = 0x08000000;
    int CLONE_NEWUSER = 0x10000000;
    int CLONE_NEWPID = 0x20000000;
    int CLONE_NEWNET = 0x40000000;

    int MNT_FORCE = 1;
    int MNT_DETACH = 2;
    int MNT_EXPIRE = 4;
    int UMOUNT_NOFOLLOW = 8;

    long MS_RDONLY = 1;
    long MS_NOSUID = 2;
    long MS_NODEV = 4;
    long MS_NOEXEC = 8;
    long MS_REMOUNT = 32;
    long MS_BIND = 4096;
    long MS_REC = 16384;
    long MS_PRIVATE = 1 << 18;
    long MS_SLAVE = 1 << 19;

    int PR_SET_NAME = 15;
    int PR_SET_NO_NEW_PRIVS = 38;
    int PR_SET_PDEATHSIG = 1;

    int SYS_pivot_root = 155;
    int SYS_pidfd_open = 434;
    int SYS_pidfd_send_signal = 424;

    int WNOHANG = 1;

    int unshare(int flags);

    int setns(int fd, int nstype);

    int mount(@In String source, @In String target, @In String filesystemtype, @size_t long mountflags,
              @In Pointer data);

    int umount2(@In String target, int flags);

    int sethostname(@In byte[] name, @size_t long len);

    int setdomainname(@In byte[] name, @size_t long len);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /** pivot_root, pidfd_open and pidfd_send_signal have no glibc wrapper before 2.36: reached through syscall(2). */
    long syscall(long number, long a1, long a2, long a3, long a4);

    int kill(@pid_t int pid, int sig);

    int waitpid(@pid_t int pid, @Out IntByReference status, int options);

    int close(int fd);

    @IgnoreError
    int getpid();

    @IgnoreError
    int geteuid();
}
