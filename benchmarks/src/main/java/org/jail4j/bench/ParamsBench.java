package org.jail4j.bench;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.ffi.IovecList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code params.encode}: a typical jail's parameters encoded into the iovec list jail_set takes,
 * without the call (baseline {@code jail.get_all}: encoding is the CPU-only share of talking to
 * the kernel about parameters, and should be a small fraction of one round trip).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParamsBench {
    private static final List<Inet4Address> ADDRESSES = addresses();

    private static List<Inet4Address> addresses() {
        try {
            return List.of((Inet4Address) InetAddress.getByAddress(new byte[] {10, 0, 0, 1}),
                    (Inet4Address) InetAddress.getByAddress(new byte[] {10, 0, 0, 2}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public IovecList encode() {
        IovecList iov = IovecList.create();
        add(iov, JailParams.NAME, "www");
        add(iov, JailParams.PATH, "/jails/www");
        add(iov, JailParams.HOST_HOSTNAME, "www.example.org");
        add(iov, JailParams.PERSIST, true);
        add(iov, JailParams.ENFORCE_STATFS, 2);
        add(iov, JailParams.CHILDREN_MAX, 0);
        add(iov, JailParams.IP4_ADDR, ADDRESSES);
        add(iov, JailParams.ALLOW_RAW_SOCKETS, false);
        add(iov, JailParams.ALLOW_SET_HOSTNAME, false);
        add(iov, JailParams.META, Map.of("owner", "ci", "build", "1234"));
        iov.pointer();
        return iov;
    }

    private static <T> void add(IovecList iov, JailParam<T> p, T value) {
        iov.add(p.name(), p.encode(value));
    }
}
