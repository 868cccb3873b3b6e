package org.jail4j;

import java.util.Locale;

/** The resources rctl(8) limits, with the kernel's names (FREEBSD-ABI.md §9). */
public enum RctlResource {
    CPUTIME,
    DATASIZE,
    STACKSIZE,
    COREDUMPSIZE,
    MEMORYUSE,
    MEMORYLOCKED,
    MAXPROC,
    OPENFILES,
    VMEMORYUSE,
    PSEUDOTERMINALS,
    SWAPUSE,
    NTHR,
    MSGQQUEUED,
    MSGQSIZE,
    NMSGQ,
    NSEM,
    NSEMOP,
    NSHM,
    SHMSIZE,
    WALLCLOCK,
    PCPU,
    READBPS,
    WRITEBPS,
    READIOPS,
    WRITEIOPS;

    /** The kernel's name, e.g. {@code memoryuse}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether amounts are bytes, so that rctl(8)'s k/m/g/t/p suffixes apply. */
    public boolean isBytes() {
        switch (this) {
            case DATASIZE: case STACKSIZE: case COREDUMPSIZE: case MEMORYUSE: case MEMORYLOCKED: case VMEMORYUSE:
            case SWAPUSE: case MSGQSIZE: case SHMSIZE: case READBPS: case WRITEBPS:
                return true;
            default:
                return false;
        }
    }

    public static RctlResource of(String text) {
        for (RctlResource r : values()) {
            if (r.text().equals(text)) {
                return r;
            }
        }
        throw new InvalidParamException("rctl", null, "resource", "unknown rctl resource: \"" + text + "\"");
    }
}
