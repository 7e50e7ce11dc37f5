package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/**
 * Every container of a pod spec (init containers and sidecars, regular, ephemeral) seen the same way.
 *
 * @param beforeApp whether it is an init container that runs to completion before the app starts; a native sidecar
 *                  (an init container with {@code restartPolicy: Always}) runs beside the app, so it is not
 */
record Containers(
        String name, String image, List<VolumeMount> mounts, SecurityContext securityContext, boolean beforeApp) {

    private static final String SIDECAR = "Always";

    static List<Containers> of(PodSpec spec) {
        List<Containers> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                all.add(new Containers(
                        c.getName(),
                        c.getImage(),
                        c.getVolumeMounts(),
                        c.getSecurityContext(),
                        !SIDECAR.equals(c.getRestartPolicy())));
            }
        }
        if (spec.getContainers() != null) {
            for (Container c : spec.getContainers()) {
                all.add(new Containers(c.getName(), c.getImage(), c.getVolumeMounts(), c.getSecurityContext(), false));
            }
        }
        if (spec.getEphemeralContainers() != null) {
            for (EphemeralContainer c : spec.getEphemeralContainers()) {
                all.add(new Containers(c.getName(), c.getImage(), c.getVolumeMounts(), c.getSecurityContext(), false));
            }
        }
        return all;
    }

    /** {@code init container chown} or {@code container app}: how sentences name it. */
    String label() {
        return (beforeApp ? "init container " : "container ") + name;
    }

    @Override
    public List<VolumeMount> mounts() {
        return mounts == null ? List.of() : mounts;
    }
}
