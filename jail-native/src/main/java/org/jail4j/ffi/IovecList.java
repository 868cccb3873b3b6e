package org.jail4j.ffi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The one place that builds the {@code struct iovec} arrays of jail_set(2) and jail_get(2).
 *
 * <p>Entries come in name/value pairs. Names are NUL-terminated with the NUL counted in
 * {@code iov_len}; values are written as {@link KernelValues} says (host byte order for numbers,
 * network order for addresses, strings with their NUL), or taken as the caller's exact bytes.
 * An empty value (an empty address list) is sent as a NULL {@code iov_base} with {@code iov_len}
 * 0, which the kernel reads as "no addresses". Booleans are sent as a name alone, switching to
 * the {@code no} form after the last dot for false, as libjail does. Every list ends with an
 * {@code errmsg} pair of {@link #ERRMSG_LEN} bytes whose first byte is cleared, so the kernel's
 * own text is available after a failure.
 *
 * <p>The list owns its native buffers and keeps them reachable until it is dropped; build one
 * list per call. Not thread-safe.
 */
public final class IovecList {
    /** libjail's JAIL_ERRMSGLEN. */
    public static final int ERRMSG_LEN = 1024;
    /** The kernel's UIO_MAXIOV: more iovecs than this are refused by copyinuio. */
    public static final int MAX_IOV = 1024;

    private final Runtime runtime;
    private final List<Entry> entries = new ArrayList<>();
    private Pointer array;
    private int errmsgIndex = -1;

    private static final class Entry {
        final Pointer buffer;   // null for a NULL iov_base
        final long capacity;
        long length;

        Entry(Pointer buffer, long capacity, long length) {
            this.buffer = buffer;
            this.capacity = capacity;
            this.length = length;
        }
    }

    public IovecList(Runtime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /** A list on the runtime of the system C library, which is all a unit test or Linux needs. */
    public static IovecList create() {
        return new IovecList(Runtime.getSystemRuntime());
    }

    /** The name of the false form of a boolean parameter: {@code allow.mount} becomes {@code allow.nomount}. */
    public static String negatedName(String name) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot + 1) + "no" + name.substring(dot + 1);
    }

    /**
     * Adds a parameter with its encoded value; returns the index of the value entry. An empty
     * value goes as NULL with length 0.
     */
    public int add(String name, byte[] value) {
        addName(name);
        return value.length == 0 ? addNullEntry(0) : addBytes(value);
    }

    /** Adds an {@code int}, {@code u_int} or jailsys value: 4 bytes, host order. */
    public int addInt(String name, int value) {
        return add(name, KernelValues.int32(value));
    }

    /** Adds a {@code long} or {@code u_long} value: 8 bytes on amd64, host order. */
    public int addLong(String name, long value) {
        return add(name, KernelValues.int64(value));
    }

    /** Adds a string value with its NUL, which counts in {@code iov_len}. */
    public int addString(String name, String value) {
        return add(name, KernelValues.cString(value));
    }

    /** Adds {@code ip4.addr}-style addresses: 4 bytes each in network order; none is NULL/0. */
    public int addInet4(String name, List<Inet4Address> addresses) {
        return add(name, KernelValues.addresses(addresses));
    }

    /** Adds {@code ip6.addr}-style addresses: 16 bytes each; none is NULL/0. */
    public int addInet6(String name, List<Inet6Address> addresses) {
        return add(name, KernelValues.addresses(addresses));
    }

    /** Adds a boolean as jail_set wants it: the name (or its {@code no} form) with a NULL value. */
    public int addBool(String name, boolean value) {
        addName(value ? name : negatedName(name));
        return addNullEntry(0);
    }

    /** Adds a name with a NULL value of {@code len} bytes: a jail_get sizing pass, or an empty array. */
    public int addNull(String name, long len) {
        addName(name);
        return addNullEntry(len);
    }

    /** Adds a name with a zeroed, writable value buffer of {@code size} bytes for jail_get to fill. */
    public int addOutput(String name, int size) {
        addName(name);
        return addBytes(new byte[size]);
    }

    /** Adds a raw name entry, bytes exactly as given (tests use this to send malformed names). */
    public int addRawName(byte[] nameBytes) {
        return addBytes(nameBytes);
    }

    /** Adds a raw value entry (tests use this to send odd counts and wrong sizes). */
    public int addRawValue(byte[] valueBytes) {
        return addBytes(valueBytes);
    }

    private void addName(String name) {
        addBytes(KernelValues.cString(Objects.requireNonNull(name, "name")));
    }

    private int addBytes(byte[] bytes) {
        requireOpen();
        Pointer m = Memory.allocateDirect(runtime, Math.max(1, bytes.length), true);
        m.put(0, bytes, 0, bytes.length);
        entries.add(new Entry(m, bytes.length, bytes.length));
        return entries.size() - 1;
    }

    private int addNullEntry(long len) {
        requireOpen();
        entries.add(new Entry(null, 0, len));
        return entries.size() - 1;
    }

    private void requireOpen() {
        if (array != null) {
            throw new IllegalStateException("iovec list already passed to the kernel");
        }
    }

    /**
     * Appends the errmsg pair (once) and lays out the iovec array. After this the list is fixed;
     * pass {@link #pointer()} and {@link #niov()} to the call.
     */
    public Pointer pointer() {
        if (array == null) {
            addName("errmsg");
            errmsgIndex = addBytes(new byte[ERRMSG_LEN]);
            int word = runtime.addressSize();
            array = Memory.allocateDirect(runtime, entries.size() * 2 * word, true);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                array.putAddress((long) i * 2 * word, e.buffer == null ? 0L : e.buffer.address());
                putWord(array, (long) i * 2 * word + word, e.length, word);
            }
        }
        return array;
    }

    /** The iovecs as they sit in native memory now (the array is laid out first if it was not yet). */
    public List<Iovec> iovecs() {
        return Iovec.read(runtime, pointer(), niov());
    }

    /** The number of iovecs, errmsg included once {@link #pointer()} was called. */
    public int niov() {
        return entries.size();
    }

    /**
     * Reads back the lengths the kernel wrote into the iovec array. Call once after the syscall
     * returned; jail_get only copies iovecs back on success.
     */
    public void readBack() {
        if (array == null) {
            return;
        }
        int word = runtime.addressSize();
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).length = getWord(array, (long) i * 2 * word + word, word);
        }
    }

    /** {@code iov_len} of entry {@code i} as last read ({@link #readBack()}) or as built. */
    public long length(int i) {
        return entries.get(i).length;
    }

    /** Whether entry {@code i} has a NULL {@code iov_base}. */
    public boolean isNull(int i) {
        return entries.get(i).buffer == null;
    }

    /** The whole buffer of entry {@code i} (its allocated size), or an empty array for NULL. */
    public byte[] buffer(int i) {
        return read(entries.get(i), entries.get(i).capacity);
    }

    /** The bytes of entry {@code i} up to its current {@code iov_len} (clamped to the buffer). */
    public byte[] value(int i) {
        return read(entries.get(i), entries.get(i).length);
    }

    /** The kernel's error text, or null when it wrote none (the first byte is still NUL). */
    public String errmsg() {
        if (errmsgIndex < 0) {
            return null;
        }
        String text = KernelValues.readCString(buffer(errmsgIndex));
        return text.isEmpty() ? null : text;
    }

    /** The index of the errmsg value entry, or -1 before {@link #pointer()} added it. */
    public int errmsgIndex() {
        return errmsgIndex;
    }

    /**
     * The pairs as {@code name=(bytes, iov_len)}, for TRACE logging; lengths as the kernel left
     * them once the array is laid out. The errmsg pair is left out: see {@link #errmsg()}.
     */
    @Override
    public String toString() {
        List<Iovec> v = array == null ? entriesAsBuilt() : iovecs();
        StringBuilder b = new StringBuilder("IovecList[");
        for (int i = 0; i + 1 < v.size(); i += 2) {
            if (i + 1 != errmsgIndex) {
                b.append(i == 0 ? "" : " ").append(KernelValues.readCString(v.get(i).contents()))
                        .append('=').append(v.get(i + 1));
            }
        }
        return b.append(']').toString();
    }

    private List<Iovec> entriesAsBuilt() {
        return entries.stream()
                .map(e -> new Iovec(e.buffer == null ? 0L : e.buffer.address(), e.length, read(e, e.length)))
                .collect(Collectors.toList());
    }

    /** The first {@code len} bytes of an entry's buffer, at most its capacity; none for NULL. */
    private static byte[] read(Entry e, long len) {
        byte[] out = new byte[e.buffer == null ? 0 : (int) Math.min(len, e.capacity)];
        if (out.length > 0) {
            e.buffer.get(0, out, 0, out.length);
        }
        return out;
    }

    private static void putWord(Pointer p, long offset, long value, int word) {
        if (word == 8) {
            p.putLong(offset, value);
        } else {
            p.putInt(offset, (int) value);
        }
    }

    private static long getWord(Pointer p, long offset, int word) {
        return word == 8 ? p.getLong(offset) : Integer.toUnsignedLong(p.getInt(offset));
    }
}
