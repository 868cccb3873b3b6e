package org.jail4j.ffi.freebsd;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.kenai.jffi.Library;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.UnsupportedByKernelException;

/**
 * Loads the FreeBSD bindings on first use, and only on FreeBSD or when the system property
 * {@value #LIBRARY_PROPERTY} names another library (the tests point it at the kernel model).
 * jnr-ffi would bind a missing symbol silently and fail at call time, so each group is loaded
 * with {@code failImmediately()}: a missing symbol becomes "not supported by this kernel" here,
 * never an UnsatisfiedLinkError later.
 */
public final class FreeBsdLibs {
    /** A library name or absolute path to load instead of the C library. */
    public static final String LIBRARY_PROPERTY = "jail4j.freebsd.library";

    private FreeBsdLibs() {
    }

    /** Whether FreeBSD bindings can be loaded here: on FreeBSD, or with {@value #LIBRARY_PROPERTY} set. */
    public static boolean available() {
        return Os.isFreeBsd() || System.getProperty(LIBRARY_PROPERTY) != null;
    }

    public static LibJail jail() {
        return JailHolder.LIB.get();
    }

    public static LibSysctl sysctl() {
        return SysctlHolder.LIB.get();
    }

    public static LibRctl rctl() {
        return RctlHolder.LIB.get();
    }

    public static LibJailDesc jailDesc() {
        return DescHolder.LIB.get();
    }

    /** The runtime to allocate memory and read errno for these bindings. */
    public static Runtime runtime() {
        return Runtime.getRuntime(jail());
    }

    private static final class JailHolder {
        static final Loaded<LibJail> LIB = load(LibJail.class, "jail_set/jail_get/jail_attach/jail_remove");
    }

    private static final class SysctlHolder {
        static final Loaded<LibSysctl> LIB = load(LibSysctl.class, "sysctl/sysctlbyname");
    }

    private static final class RctlHolder {
        static final Loaded<LibRctl> LIB = load(LibRctl.class, "rctl_*");
    }

    private static final class DescHolder {
        static final Loaded<LibJailDesc> LIB = load(LibJailDesc.class, "jail_attach_jd/jail_remove_jd");
    }

    /** A library or the reason it could not be had, kept so every caller gets the same answer. */
    private static final class Loaded<T> implements Supplier<T> {
        private final T lib;
        private final RuntimeException failure;

        Loaded(T lib, RuntimeException failure) {
            this.lib = lib;
            this.failure = failure;
        }

        @Override
        public T get() {
            if (failure != null) {
                throw failure;
            }
            return lib;
        }
    }

    private static <T> Loaded<T> load(Class<T> type, String what) {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        if (configured == null && !Os.isFreeBsd()) {
            return new Loaded<>(null, new UnsupportedByKernelException(
                    what + " (this is " + System.getProperty("os.name") + ", not FreeBSD)", null));
        }
        try {
            LibraryLoader<T> loader = LibraryLoader.create(type).failImmediately();
            String name = Platform.getNativePlatform().getStandardCLibraryName();
            List<String> search = new ArrayList<>();
            if (configured != null) {
                Path p = Path.of(configured);
                if (p.isAbsolute()) {
                    search.add(p.getParent().toString());
                    loader.search(p.getParent().toString());
                    name = libraryNameOf(p.getFileName().toString());
                } else {
                    name = configured;
                }
            }
            requireSymbols(type, name, search);
            return new Loaded<>(loader.load(name), null);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Loaded<>(null, new UnsupportedByKernelException(what, e));
        }
    }

    /**
     * Every function of {@code type} must be a symbol of the library (or of what it links): the
     * jnr-ffi in use binds a missing one lazily even with failImmediately(), and the first call
     * would then fail, so the symbols are looked up here, without calling anything.
     */
    private static void requireSymbols(Class<?> type, String name, List<String> search) {
        String path = Platform.getNativePlatform().locateLibrary(name, search);
        Library lib = Library.getCachedInstance(path, Library.LAZY | Library.LOCAL);
        if (lib == null) {
            throw new UnsatisfiedLinkError(path + ": " + Library.getLastError());
        }
        for (Method m : type.getMethods()) {
            if (!m.isDefault() && !Modifier.isStatic(m.getModifiers()) && lib.getSymbolAddress(m.getName()) == 0L) {
                throw new UnsatisfiedLinkError(m.getName() + ": no such symbol in " + path);
            }
        }
    }

    /** {@code libfoo.so} → {@code foo}, as jnr-ffi expects a library name. */
    static String libraryNameOf(String fileName) {
        String n = fileName;
        if (n.startsWith("lib")) {
            n = n.substring(3);
        }
        int so = n.indexOf(".so");
        return so >= 0 ? n.substring(0, so) : n;
    }
}
