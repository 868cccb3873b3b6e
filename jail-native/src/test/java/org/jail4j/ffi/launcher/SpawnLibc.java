package org.jail4j.ffi.launcher;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The socket calls of the test's spawn client. Public because jnr-ffi implements it from another class loader. */
public interface SpawnLibc {
    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    int O_CLOEXEC = 0x80000;
    int MSG_NOSIGNAL = 0x4000;

    int socket(int domain, int type, int protocol);

    int connect(int fd, @In byte[] addr, int len);

    @ssize_t long sendmsg(int fd, Pointer msg, int flags);

    @ssize_t long recvmsg(int fd, Pointer msg, int flags);

    @ssize_t long send(int fd, @In byte[] buf, @size_t long len, int flags);

    @ssize_t long read(int fd, @Out byte[] buf, @size_t long len);

    int pipe2(@Out int[] fds, int flags);

    int close(int fd);
}
