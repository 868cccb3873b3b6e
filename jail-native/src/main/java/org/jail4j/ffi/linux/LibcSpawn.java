package org.jail4j.ffi.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library calls the spawn client needs (a SOCK_SEQPACKET UNIX socket, descriptor passing,
 * pipes, poll), named as in glibc, amd64 layout. errno is saved after each call. Non-API.
 *
 * <p>Kept apart from {@link LibcLinux} so that the fast path does not depend on the namespace
 * calls, and loaded once through {@link #libc()}.
 */
public interface LibcSpawn {
    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    int MSG_NOSIGNAL = 0x4000;
    int MSG_CMSG_CLOEXEC = 0x40000000;

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CREAT = 0x40;
    int O_TRUNC = 0x200;
    int O_APPEND = 0x400;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int EINTR = 4;
    int EAGAIN = 11;
    int EPIPE = 32;
    int ECONNRESET = 104;

    /** sizeof(struct sockaddr_un): sa_family_t (2 bytes) and sun_path[108]. */
    int SOCKADDR_UN_SIZE = 110;
    /** sizeof(struct msghdr) on amd64. */
    int MSGHDR_SIZE = 56;
    /** sizeof(struct pollfd). */
    int POLLFD_SIZE = 8;

    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLLIN = 0x1;
    /** sizeof(struct epoll_event) on amd64, where it is packed: uint32_t events, then 8 bytes of data. */
    int EPOLL_EVENT_SIZE = 12;

    int socket(int domain, int type, int protocol);

    int connect(int fd, @In byte[] addr, int addrlen);

    @ssize_t long sendmsg(int fd, Pointer msg, int flags);

    @ssize_t long recvmsg(int fd, Pointer msg, int flags);

    @ssize_t long send(int fd, @In byte[] buf, @size_t long len, int flags);

    @ssize_t long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

    int pipe2(@Out int[] fds, int flags);

    int open(@In String path, int flags, int mode);

    int close(int fd);

    int poll(Pointer fds, long nfds, int timeout);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    @ssize_t long read(int fd, @Out byte[] buf, @size_t long count);

    @ssize_t long write(int fd, @In byte[] buf, @size_t long count);

    /** This library, loaded on first use and only on Linux (the check is {@link LinuxLibs}'s). */
    static LibcSpawn libc() {
        LinuxLibs.libc();
        return SpawnLibs.LIBC;
    }
}
