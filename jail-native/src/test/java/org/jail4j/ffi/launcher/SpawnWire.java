package org.jail4j.ffi.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.lang.ref.Reference;
import java.util.List;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The spawn protocol seen from its client, written here from PROTOCOL.md alone (x86_64/aarch64 layouts
 * of msghdr and cmsghdr), so that the keeper's side is tested against the contract, not against the
 * engine's own client.
 */
final class SpawnWire implements AutoCloseable {
    static final SpawnLibc LIBC = LibraryLoader.create(SpawnLibc.class).failImmediately()
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    private static final Runtime RT = Runtime.getRuntime(LIBC);

    private final int fd;

    SpawnWire(String socketPath) {
        fd = check(LIBC.socket(SpawnLibc.AF_UNIX, SpawnLibc.SOCK_SEQPACKET | SpawnLibc.SOCK_CLOEXEC, 0), "socket");
        byte[] addr = new byte[110];
        addr[0] = (byte) SpawnLibc.AF_UNIX;
        byte[] path = socketPath.getBytes(UTF_8);
        System.arraycopy(path, 0, addr, 2, path.length);
        check(LIBC.connect(fd, addr, addr.length), "connect " + socketPath);
    }

    /** {@code "v1\0" uid gid ngroups group... dir nenv K=V... argc argv...}, each NUL-terminated. */
    static byte[] request(long uid, long gid, List<Long> groups, String dir, List<String> env, List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "v1");
        field(out, Long.toString(uid));
        field(out, Long.toString(gid));
        field(out, Integer.toString(groups.size()));
        groups.forEach(g -> field(out, Long.toString(g)));
        field(out, dir);
        field(out, Integer.toString(env.size()));
        env.forEach(e -> field(out, e));
        field(out, Integer.toString(argv.size()));
        argv.forEach(a -> field(out, a));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(UTF_8));
        out.write(0);
    }

    /** Sends the request with three descriptors. */
    void send(byte[] body, int stdin, int stdout, int stderr) {
        Pointer data = Memory.allocateDirect(RT, body.length);
        data.put(0, body, 0, body.length);
        Pointer control = Memory.allocateDirect(RT, 32, true);
        control.putLong(0, 16 + 12);             // cmsg_len = CMSG_LEN(3 * sizeof(int))
        control.putInt(8, SpawnLibc.SOL_SOCKET);
        control.putInt(12, SpawnLibc.SCM_RIGHTS);
        control.putInt(16, stdin);
        control.putInt(20, stdout);
        control.putInt(24, stderr);
        Msg m = message(data, body.length, control, 32);
        check(LIBC.sendmsg(fd, m.msg, SpawnLibc.MSG_NOSIGNAL), "sendmsg");
        Reference.reachabilityFence(m);
    }

    void sendText(String line) {
        byte[] b = line.getBytes(UTF_8);
        check(LIBC.send(fd, b, b.length, SpawnLibc.MSG_NOSIGNAL), "send");
    }

    /** One answer and the descriptor it carried (-1 for none). */
    Answer receive() {
        Pointer data = Memory.allocateDirect(RT, 512, true);
        Pointer control = Memory.allocateDirect(RT, 24, true);
        Msg m = message(data, 512, control, 24);
        Pointer msg = m.msg;
        long n = check(LIBC.recvmsg(fd, msg, SpawnLibc.O_CLOEXEC), "recvmsg"); // MSG_CMSG_CLOEXEC has O_CLOEXEC's value
        Reference.reachabilityFence(m);
        byte[] text = new byte[(int) n];
        data.get(0, text, 0, text.length);
        long controlLen = msg.getLong(40);
        int passed = controlLen >= 20 && control.getInt(12) == SpawnLibc.SCM_RIGHTS ? control.getInt(16) : -1;
        return new Answer(new String(text, UTF_8), passed);
    }

    /** A msghdr over one iovec; the record keeps every buffer it points into reachable. */
    private static Msg message(Pointer data, long len, Pointer control, long controlLen) {
        Pointer iov = Memory.allocateDirect(RT, 16, true);
        iov.putAddress(0, data.address());
        iov.putLong(8, len);
        Pointer msg = Memory.allocateDirect(RT, 56, true);
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        msg.putAddress(32, control.address());
        msg.putLong(40, controlLen);
        return new Msg(msg, data, control, iov);
    }

    /** Everything {@code fd} delivers until its writers close it. */
    static String readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long n;
        while ((n = check(LIBC.read(fd, buf, buf.length), "read")) > 0) {
            out.write(buf, 0, (int) n);
        }
        return out.toString(UTF_8);
    }

    static int[] pipe() {
        int[] fds = new int[2];
        check(LIBC.pipe2(fds, SpawnLibc.O_CLOEXEC), "pipe2");
        return fds;
    }

    static long check(long r, String call) {
        if (r < 0) {
            throw new IllegalStateException(call + ": errno " + LastError.getLastError(RT));
        }
        return r;
    }

    private static int check(int r, String call) {
        return (int) check((long) r, call);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }

    record Answer(String text, int fd) {
    }

    private record Msg(Pointer msg, Pointer data, Pointer control, Pointer iov) {
    }
}
