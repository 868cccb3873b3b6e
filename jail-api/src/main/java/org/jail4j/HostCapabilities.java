package org.jail4j;

import java.util.Map;
import java.util.Set;

/**
 * What the engine on this host supports, as probed from the kernel.
 *
 * @param engine            "freebsd" or "linux"
 * @param kernel            the kernel's own name and release, e.g. "FreeBSD 13.2-RELEASE"
 * @param jailDescriptors   jail_attach_jd/jail_remove_jd and the JAIL_*_DESC flags are there
 * @param vnet              jails may have their own network stack (VIMAGE; network namespaces on Linux)
 * @param racct             resource limits (RACCT/rctl; cgroups on Linux) are enabled
 * @param mountTypes        the file systems {@code allow.mount.<fs>} exists for
 * @param params            every kernel parameter name this host knows
 * @param unsupported       parameters accepted and reported but with no effect here, with why
 */
public record HostCapabilities(String engine, String kernel, boolean jailDescriptors, boolean vnet, boolean racct,
                               Set<String> mountTypes, Set<String> params, Map<String, String> unsupported) {
    public HostCapabilities {
        mountTypes = Set.copyOf(mountTypes);
        params = Set.copyOf(params);
        unsupported = Map.copyOf(unsupported);
    }
}
