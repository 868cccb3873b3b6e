package org.jail4j.freebsd;

import java.util.List;
import java.util.Set;

import org.jail4j.JailException;
import org.jail4j.JailParam;
import org.jail4j.ParamFormat;
import org.jail4j.ffi.NativeCallException;

/**
 * Turns a failed jail call into a {@link JailException} naming the parameter at fault where the
 * kernel's answer says which one it is. The kernel names it in its text for unknown and
 * create-only parameters; most other errors are bare (FREEBSD-KERNEL-ANSWERS.md, surprise 1), and
 * then a parameter is named only when it is the one value in the call that can give that errno.
 */
final class KernelErrors {
    private static final String UNKNOWN = "unknown parameter: ";
    private static final String CREATE_ONLY = " cannot be changed after creation";
    /** Only these two are checked against the parent's limits and give a bare EPERM. */
    private static final Set<String> PARENT_LIMITED = Set.of("securelevel", "children.max");

    private KernelErrors() {
    }

    /** The exception for {@code e}, a failure of {@code call} on {@code jail} that carried {@code params}. */
    static JailException of(NativeCallException e, String call, String jail, List<JailParam<?>> params) {
        String param = paramAtFault(e.errnoName(), e.kernelMessage(), params);
        if ("path".equals(param)) {
            // ENOENT here is a missing directory, not a missing jail: no NoSuchJailException.
            return new JailException(call, jail, param, e.errnoName(), e.kernelMessage(), e);
        }
        return JailException.of(call, jail, param, e.errnoName(), e.kernelMessage(), e);
    }

    static String paramAtFault(String errno, String message, List<JailParam<?>> params) {
        if (message != null) {
            if (message.startsWith(UNKNOWN)) {
                return message.substring(UNKNOWN.length());
            }
            if (message.endsWith(CREATE_ONLY)) {
                return message.substring(0, message.length() - CREATE_ONLY.length());
            }
            return null;
        }
        switch (errno) {
            case "ENOENT":
            case "ENOTDIR":
            case "EACCES":
                return only(params.stream().filter(p -> p.name().equals("path")).toList());
            case "EPERM":
                return only(params.stream().filter(p -> PARENT_LIMITED.contains(p.name())).toList());
            case "ENAMETOOLONG":
                return only(params.stream().filter(KernelErrors::isString).toList());
            case "EINVAL":
                return only(params.stream().filter(KernelErrors::canBeInvalid).toList());
            default:
                return null;
        }
    }

    /** Booleans count by presence, keys are checked by the kernel with a message, path fails otherwise. */
    private static boolean canBeInvalid(JailParam<?> p) {
        return !p.isBoolean() && !p.name().equals("jid") && !p.name().equals("name") && !p.name().equals("path");
    }

    private static boolean isString(JailParam<?> p) {
        return p.format() == ParamFormat.STRING || p.format() == ParamFormat.KEYVALUE;
    }

    private static String only(List<JailParam<?>> candidates) {
        return candidates.size() == 1 ? candidates.get(0).name() : null;
    }
}
