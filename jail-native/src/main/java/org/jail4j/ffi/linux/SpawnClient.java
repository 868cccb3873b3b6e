package org.jail4j.ffi.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;

/**
 * One connection to a keeper's control socket, carrying one spawn request (PROTOCOL.md,
 * {@code spawn}): sends the request with the three stdio descriptors, reads the {@code pid} (or
 * {@code error}) answer, later the {@code exit} or {@code signal} answer, and sends {@code kill}.
 * Closing the connection before the command ends makes the keeper kill it. Thread-safe. Non-API.
 */
public final class SpawnClient implements AutoCloseable {
    /** An answer is one short line; a longer message is truncated by recv, so allow plenty. */
    private static final int ANSWER_MAX = 512;
    private static final int CMSG_HDR = 16;
    private static final int STDIO_FDS = 3;
    /** A pidfd's fdinfo is a handful of short lines (pos, flags, mnt_id, ino, Pid, NSpid). */
    private static final int FDINFO_MAX = 4096;
    private static final byte[] PID_FIELD = "Pid:".getBytes(StandardCharsets.US_ASCII);

    private final LibcSpawn libc;
    private final Runtime runtime;
    private final int fd;
    private boolean closed;

    private SpawnClient(LibcSpawn libc, int fd) {
        this.libc = libc;
        this.runtime = SpawnLibs.RUNTIME;
        this.fd = fd;
    }

    /** The command's pid in the jail (the keeper's answer) and on the host (from the pidfd sent with it). */
    public record Started(int jailPid, int hostPid) {
    }

    /** Connects to {@code control} (a SOCK_SEQPACKET UNIX socket). */
    public static SpawnClient connect(Path control) {
        LibcSpawn libc = LibcSpawn.libc();
        Runtime runtime = SpawnLibs.RUNTIME;
        byte[] addr = sockaddrUn(control);
        int fd = NativeCall.check(libc.socket(LibcSpawn.AF_UNIX, LibcSpawn.SOCK_SEQPACKET | LibcSpawn.SOCK_CLOEXEC, 0),
                "socket", runtime, Os.LINUX);
        int rc = libc.connect(fd, addr, addr.length);
        if (rc < 0) {
            int errno = LastError.getLastError(runtime);
            libc.close(fd);
            throw new NativeCallException("connect " + control, Os.LINUX, errno, null);
        }
        return new SpawnClient(libc, fd);
    }

    /**
     * Sends {@code request} with {@code stdin}, {@code stdout} and {@code stderr} and waits for the
     * keeper's first answer. The descriptors stay the caller's to close.
     *
     * @throws NativeCallException naming the keeper's failed step, errno and detail on an {@code error} answer
     */
    public Started start(SpawnRequest request, int stdin, int stdout, int stderr) {
        return start(request.encode(), stdin, stdout, stderr);
    }

    /** {@link #start(SpawnRequest, int, int, int)} of a message as given: tests send malformed ones. */
    Started start(byte[] body, int stdin, int stdout, int stderr) {
        Pointer msg = message(body, new int[] {stdin, stdout, stderr});
        synchronized (this) {
            ensureOpen("sendmsg");
            long sent = libc.sendmsg(fd, msg, LibcSpawn.MSG_NOSIGNAL);
            // The direct memory must outlive the call: nothing else refers to it once its address is taken.
            Reference.reachabilityFence(msg);
            NativeCall.check(sent, "sendmsg spawn request", runtime, Os.LINUX);
        }
        Received first = receiveWithDescriptor();
        String answer = first.text();
        if (answer.startsWith("pid ")) {
            String[] f = answer.split(" ");
            if (f.length == 2 && first.fd() >= 0) {
                return new Started(Integer.parseInt(f[1]), hostPidOf(first.fd()));
            }
        } else if (answer.startsWith("error ")) {
            closeQuietly(first.fd());
            throw keeperError(answer);
        }
        closeQuietly(first.fd());
        throw protocolError("a pid or error answer", answer);
    }

    /**
     * Blocks for the end answer and returns the exit value as {@link Process#exitValue()} gives it:
     * the exit status, or 128+S when the command was killed by signal S.
     *
     * @throws UncheckedIOException when the keeper closed the connection without saying how the command ended
     */
    public int awaitExit() {
        String answer = receive();
        String[] f = answer.split(" ");
        if (f.length == 2 && f[0].equals("exit")) {
            return Integer.parseInt(f[1]);
        }
        if (f.length == 2 && f[0].equals("signal")) {
            return 128 + Integer.parseInt(f[1]);
        }
        if (answer.startsWith("error ")) {
            throw keeperError(answer);
        }
        throw protocolError("an exit or signal answer", answer);
    }

    /** Asks the keeper to send {@code sig} to the command; does nothing once the connection is closed. */
    public void kill(int sig) {
        byte[] line = ("kill " + sig + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (this) {
            if (closed) {
                return;
            }
            long n = libc.send(fd, line, line.length, LibcSpawn.MSG_NOSIGNAL);
            int errno = n < 0 ? LastError.getLastError(runtime) : 0;
            // EPIPE/ECONNRESET: the keeper's side has gone, which it does only after the command ended,
            // and signalling an ended process does nothing, as Process.destroy() promises.
            if (n < 0 && errno != LibcSpawn.EPIPE && errno != LibcSpawn.ECONNRESET) {
                throw new NativeCallException("send kill " + sig, Os.LINUX, errno, null);
            }
        }
    }

    /** The connection's descriptor, for a poller; valid until {@link #close()}. */
    int fd() {
        return fd;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    private String receive() {
        byte[] buf = new byte[ANSWER_MAX];
        long n;
        do {
            n = libc.recv(fd, buf, buf.length, 0);
        } while (n < 0 && LastError.getLastError(runtime) == LibcSpawn.EINTR);
        NativeCall.check(n, "recv spawn answer", runtime, Os.LINUX);
        if (n == 0) {
            throw new UncheckedIOException(new IOException(
                    "spawn: the keeper closed the control connection before the command's end was reported"));
        }
        String s = new String(buf, 0, (int) n, StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** A message and the one descriptor (or -1) it carried. */
    private record Received(String text, int fd) {
    }

    /**
     * The first answer, through recvmsg: the keeper sends a pidfd of the command with its
     * {@code pid <jail-pid>} line, since the jail's pid namespace cannot name the host pid.
     */
    private Received receiveWithDescriptor() {
        int cmsgSpace = CMSG_HDR + 8;
        // One allocation for the header, iovec, control and data: this is on every fast-path exec.
        Pointer mem = Memory.allocateDirect(runtime, LibcSpawn.MSGHDR_SIZE + 16 + cmsgSpace + ANSWER_MAX, true);
        Pointer iov = mem.slice(LibcSpawn.MSGHDR_SIZE);
        Pointer cmsg = mem.slice(LibcSpawn.MSGHDR_SIZE + 16);
        Pointer buf = mem.slice(LibcSpawn.MSGHDR_SIZE + 16 + cmsgSpace);
        iov.putAddress(0, buf.address());
        iov.putLong(8, ANSWER_MAX);
        mem.putAddress(16, iov.address());
        mem.putLong(24, 1);
        mem.putAddress(32, cmsg.address());
        mem.putLong(40, cmsgSpace);
        long n;
        do {
            n = libc.recvmsg(fd, mem, LibcSpawn.MSG_CMSG_CLOEXEC);
        } while (n < 0 && LastError.getLastError(runtime) == LibcSpawn.EINTR);
        Reference.reachabilityFence(mem);
        NativeCall.check(n, "recvmsg spawn answer", runtime, Os.LINUX);
        int passed = -1;
        long controlLen = mem.getLong(40);
        if (controlLen >= CMSG_HDR + 4 && cmsg.getInt(8) == LibcSpawn.SOL_SOCKET
                && cmsg.getInt(12) == LibcSpawn.SCM_RIGHTS) {
            passed = cmsg.getInt(CMSG_HDR);
            if (cmsg.getLong(0) > CMSG_HDR + 4) {
                // More than one descriptor is not in the protocol; close the rest rather than leak them.
                for (int i = 1; i < (cmsg.getLong(0) - CMSG_HDR) / 4; i++) {
                    closeQuietly(cmsg.getInt(CMSG_HDR + 4L * i));
                }
            }
        }
        if (n == 0) {
            closeQuietly(passed);
            throw new UncheckedIOException(new IOException(
                    "spawn: the keeper closed the control connection without answering the request"));
        }
        byte[] bytes = new byte[(int) n];
        buf.get(0, bytes, 0, bytes.length);
        String s = new String(bytes, StandardCharsets.UTF_8);
        return new Received(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s, passed);
    }

    /**
     * The host pid behind a pidfd, from its fdinfo ("Pid:" is in the reader's pid namespace); closes it.
     * One read of a few hundred bytes, parsed in place: this is on every fast-path exec.
     */
    private int hostPidOf(int pidfd) {
        String fdinfo = "/proc/self/fdinfo/" + pidfd;
        try (FileInputStream in = new FileInputStream(fdinfo)) {
            byte[] buf = new byte[FDINFO_MAX];
            int got = 0;
            for (int n = 0; n >= 0 && got < buf.length; got += Math.max(n, 0)) {
                n = in.read(buf, got, buf.length - got);
            }
            byte[] text = Arrays.copyOf(buf, got);
            int at = indexOf(text, PID_FIELD);
            if (at < 0) {
                throw new IllegalStateException("spawn: " + fdinfo + " has no Pid: line (not a pidfd)");
            }
            int end = at + PID_FIELD.length;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            int pid = Integer.parseInt(new String(text, at + PID_FIELD.length, end - at - PID_FIELD.length,
                    StandardCharsets.US_ASCII).trim());
            if (pid <= 0) {
                // -1: already reaped. The keeper keeps an ended command unreaped until we close.
                throw new IllegalStateException("spawn: the pidfd's process was reaped before its pid was read");
            }
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("spawn: reading the pidfd's fdinfo", e);
        } finally {
            closeQuietly(pidfd);
        }
    }

    /** Where {@code field} starts a line of {@code text}, or -1. */
    private static int indexOf(byte[] text, byte[] field) {
        for (int i = 0; i + field.length <= text.length; i++) {
            if ((i == 0 || text[i - 1] == '\n') && Arrays.equals(text, i, i + field.length, field, 0, field.length)) {
                return i;
            }
        }
        return -1;
    }

    private void closeQuietly(int descriptor) {
        if (descriptor >= 0) {
            libc.close(descriptor);   // a descriptor we own and never share: EBADF cannot happen, EINTR closes it
        }
    }

    private synchronized void ensureOpen(String call) {
        if (closed) {
            throw new IllegalStateException(call + ": spawn connection already closed");
        }
    }

    /** {@code error <step> <errno> <detail>} into the exception that names them. */
    private static NativeCallException keeperError(String answer) {
        String[] f = answer.split(" ", 4);
        if (f.length < 3) {
            throw protocolError("error <step> <errno> <detail>", answer);
        }
        return new NativeCallException("keeper spawn: " + f[1], Os.LINUX, Integer.parseInt(f[2]),
                f.length == 4 ? f[3] : null);
    }

    private static IllegalStateException protocolError(String expected, String answer) {
        return new IllegalStateException("spawn: expected " + expected + " from the keeper, got \"" + answer + "\"");
    }

    /** struct sockaddr_un for {@code path}; the kernel refuses a path longer than sun_path. */
    private static byte[] sockaddrUn(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= LibcSpawn.SOCKADDR_UN_SIZE - 2) {
            throw new IllegalArgumentException("control socket path longer than sun_path: " + path);
        }
        byte[] addr = new byte[LibcSpawn.SOCKADDR_UN_SIZE];
        addr[0] = (byte) LibcSpawn.AF_UNIX;
        System.arraycopy(p, 0, addr, 2, p.length);
        return addr;
    }

    /**
     * struct msghdr with one iovec over a copy of {@code body} and one SCM_RIGHTS cmsghdr carrying
     * {@code fds} (amd64: msghdr 56 bytes, iovec 16, cmsghdr header 16, data padded to 8), all in
     * one allocation, the body last.
     */
    private Pointer message(byte[] body, int[] fds) {
        int cmsgLen = CMSG_HDR + 4 * fds.length;
        int cmsgSpace = CMSG_HDR + ((4 * STDIO_FDS + 7) & ~7);
        Pointer mem = Memory.allocateDirect(runtime, LibcSpawn.MSGHDR_SIZE + 16 + cmsgSpace + body.length, true);
        Pointer iov = mem.slice(LibcSpawn.MSGHDR_SIZE);
        Pointer cmsg = mem.slice(LibcSpawn.MSGHDR_SIZE + 16);
        Pointer data = mem.slice(LibcSpawn.MSGHDR_SIZE + 16 + cmsgSpace);
        data.put(0, body, 0, body.length);
        iov.putAddress(0, data.address());
        iov.putLong(8, body.length);
        cmsg.putLong(0, cmsgLen);
        cmsg.putInt(8, LibcSpawn.SOL_SOCKET);
        cmsg.putInt(12, LibcSpawn.SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            cmsg.putInt(CMSG_HDR + 4L * i, fds[i]);
        }
        mem.putAddress(0, 0L);          // msg_name
        mem.putInt(8, 0);               // msg_namelen
        mem.putAddress(16, iov.address());
        mem.putLong(24, 1);             // msg_iovlen
        mem.putAddress(32, cmsg.address());
        mem.putLong(40, cmsgSpace);     // msg_controllen
        mem.putInt(48, 0);              // msg_flags
        return mem;
    }
}
