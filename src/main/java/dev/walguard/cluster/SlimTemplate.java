package dev.walguard.cluster;

import dev.walguard.policy.ImageDetection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What the replicas of one workload have in common, as the rules read it: the pod's identity (securityContext
 * runAsUser, runAsGroup, fsGroup, supplementalGroups) and every init, regular and ephemeral container's name, image,
 * runAsUser and runAsGroup, an init container's restartPolicy (a native sidecar runs beside the app, a plain init
 * container before it), its mounts of claim volumes with their subPath or subPathExpr (mounts at disjoint subPaths
 * share no database), and for an init or regular container of a catalogued image the few env variables image
 * detection reads. Interned, so replicas share one copy; the claim volumes themselves are per pod ({@link SlimPod}).
 */
record SlimTemplate(
        PodIdentity identity,
        List<SlimContainer> initContainers,
        List<SlimContainer> containers,
        List<SlimContainer> ephemeralContainers) {

    /** The reduced form of the spec; only mounts of the named claim volumes are kept. */
    static SlimTemplate of(PodSpec spec, Set<String> claimVolumes) {
        return new SlimTemplate(
                PodIdentity.of(spec.getSecurityContext()),
                containers(spec.getInitContainers(), claimVolumes),
                containers(spec.getContainers(), claimVolumes),
                ephemeral(spec.getEphemeralContainers(), claimVolumes));
    }

    /** A new spec with these fields; the caller adds the volumes. */
    PodSpec toSpec() {
        PodSpec s = new PodSpec();
        if (identity != null) {
            s.setSecurityContext(identity.toContext());
        }
        s.setInitContainers(map(initContainers, SlimContainer::toContainer));
        s.setContainers(map(containers, SlimContainer::toContainer));
        s.setEphemeralContainers(map(ephemeralContainers, SlimContainer::toEphemeral));
        return s;
    }

    static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        List<B> out = new ArrayList<>(in.size());
        for (A a : in) {
            out.add(f.apply(a));
        }
        return out;
    }

    private static List<SlimContainer> containers(List<Container> list, Set<String> claimVolumes) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<SlimContainer> out = new ArrayList<>(list.size());
        for (Container c : list) {
            out.add(SlimContainer.of(
                            c.getName(),
                            c.getImage(),
                            c.getRestartPolicy(),
                            c.getSecurityContext(),
                            c.getVolumeMounts(),
                            claimVolumes)
                    .withEnv(
                            ImageDetection.relevantEnv(c.getImage(), c.getEnv()),
                            ImageDetection.relevantEnvFrom(c.getImage(), c.getEnvFrom())));
        }
        return List.copyOf(out);
    }

    // EphemeralContainer shares no type with Container, hence the twin of containers().
    private static List<SlimContainer> ephemeral(List<EphemeralContainer> list, Set<String> claimVolumes) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<SlimContainer> out = new ArrayList<>(list.size());
        for (EphemeralContainer c : list) {
            out.add(SlimContainer.of(
                    c.getName(), c.getImage(), null, c.getSecurityContext(), c.getVolumeMounts(), claimVolumes));
        }
        return List.copyOf(out);
    }

    record PodIdentity(Long runAsUser, Long runAsGroup, Long fsGroup, List<Long> supplementalGroups) {

        /** Null when the pod sets none of these fields. */
        static PodIdentity of(PodSecurityContext psc) {
            if (psc == null) {
                return null;
            }
            PodIdentity identity = new PodIdentity(
                    psc.getRunAsUser(), psc.getRunAsGroup(), psc.getFsGroup(), groups(psc.getSupplementalGroups()));
            return identity.isEmpty() ? null : identity;
        }

        private static List<Long> groups(List<Long> groups) {
            if (groups == null || groups.isEmpty()) {
                return null;
            }
            return groups.stream().filter(Objects::nonNull).toList();
        }

        boolean isEmpty() {
            return runAsUser == null && runAsGroup == null && fsGroup == null && supplementalGroups == null;
        }

        PodSecurityContext toContext() {
            PodSecurityContext c = new PodSecurityContext();
            c.setRunAsUser(runAsUser);
            c.setRunAsGroup(runAsGroup);
            c.setFsGroup(fsGroup);
            if (supplementalGroups != null) {
                c.setSupplementalGroups(new ArrayList<>(supplementalGroups));
            }
            return c;
        }
    }

    /**
     * A claim mount. {@code subPath} and {@code subPathExpr} are kept to {@link #MAX_SUB_PATH} characters, cut at a
     * {@code /}: the cut path is an ancestor of the real one, so it overlaps every mount the real one overlaps (and
     * perhaps more), never fewer; a path of one huge segment becomes the volume root, which overlaps everything.
     */
    record SlimMount(String name, String mountPath, Boolean readOnly, String subPath, String subPathExpr) {

        static final int MAX_SUB_PATH = 1024;

        static SlimMount of(VolumeMount m) {
            return new SlimMount(
                    WeakInterner.string(m.getName()),
                    WeakInterner.string(m.getMountPath()),
                    m.getReadOnly(),
                    bounded(m.getSubPath()),
                    bounded(m.getSubPathExpr()));
        }

        static String bounded(String subPath) {
            if (subPath == null || subPath.isEmpty()) {
                return null;
            }
            if (subPath.length() <= MAX_SUB_PATH) {
                return WeakInterner.string(subPath);
            }
            int cut = subPath.lastIndexOf('/', MAX_SUB_PATH);
            return cut <= 0 ? null : WeakInterner.string(subPath.substring(0, cut));
        }

        VolumeMount toMount() {
            VolumeMount m = new VolumeMount();
            m.setName(name);
            m.setMountPath(mountPath);
            m.setReadOnly(readOnly);
            m.setSubPath(subPath);
            m.setSubPathExpr(subPathExpr);
            return m;
        }
    }

    /**
     * @param restartPolicy an init container's ({@code Always} for a native sidecar), otherwise null
     * @param env           what image detection reads of its env ({@link ImageDetection#relevantEnv}); empty for most
     * @param envFrom       whether it takes variables from a Secret's {@code envFrom} that detection must allow for
     *                      ({@link ImageDetection#relevantEnvFrom}); the sources themselves are not kept
     */
    record SlimContainer(
            String name,
            String image,
            String restartPolicy,
            Long runAsUser,
            Long runAsGroup,
            List<SlimMount> mounts,
            List<EnvVar> env,
            boolean envFrom) {

        SlimContainer withEnv(List<EnvVar> detectionEnv, boolean detectionEnvFrom) {
            return detectionEnv.isEmpty() && !detectionEnvFrom
                    ? this
                    : new SlimContainer(
                            name,
                            image,
                            restartPolicy,
                            runAsUser,
                            runAsGroup,
                            mounts,
                            List.copyOf(detectionEnv),
                            detectionEnvFrom);
        }

        static SlimContainer of(
                String name,
                String image,
                String restartPolicy,
                SecurityContext sc,
                List<VolumeMount> mounts,
                Set<String> claimVolumes) {
            List<SlimMount> kept = new ArrayList<>();
            if (mounts != null) {
                for (VolumeMount m : mounts) {
                    if (claimVolumes.contains(m.getName())) {
                        kept.add(SlimMount.of(m));
                    }
                }
            }
            return new SlimContainer(
                    WeakInterner.string(name),
                    WeakInterner.string(image),
                    WeakInterner.string(restartPolicy),
                    sc == null ? null : sc.getRunAsUser(),
                    sc == null ? null : sc.getRunAsGroup(),
                    List.copyOf(kept),
                    List.of(),
                    false);
        }

        SecurityContext securityContext() {
            if (runAsUser == null && runAsGroup == null) {
                return null;
            }
            SecurityContext sc = new SecurityContext();
            sc.setRunAsUser(runAsUser);
            sc.setRunAsGroup(runAsGroup);
            return sc;
        }

        List<VolumeMount> volumeMounts() {
            return map(mounts, SlimMount::toMount);
        }

        Container toContainer() {
            Container c = new Container();
            c.setName(name);
            c.setImage(image);
            c.setRestartPolicy(restartPolicy);
            c.setSecurityContext(securityContext());
            c.setVolumeMounts(volumeMounts());
            if (!env.isEmpty()) {
                c.setEnv(map(
                        env,
                        v -> new EnvVar(
                                v.getName(), v.getValue(), v.getValueFrom() == null ? null : new EnvVarSource())));
            }
            if (envFrom) {
                // A Secret walguard never reads: that the container takes one is all detection needs.
                c.setEnvFrom(List.of(new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .endSecretRef()
                        .build()));
            }
            return c;
        }

        EphemeralContainer toEphemeral() {
            EphemeralContainer c = new EphemeralContainer();
            c.setName(name);
            c.setImage(image);
            c.setSecurityContext(securityContext());
            c.setVolumeMounts(volumeMounts());
            return c;
        }
    }
}
