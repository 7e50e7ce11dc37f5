package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-tree volume sources walguard classifies without a driver, in a PersistentVolume's spec or inline in a Pod.
 * One table for both, so a source cannot be network in one place and forgotten in the other. {@code portworxVolume}
 * is not here: a Portworx volume may be a sharedv4 (NFS) volume, which only its StorageClass says, so a PV with it
 * goes to the Portworx decider and an inline one is unknown.
 */
enum InTreeSource {
    NFS("nfs", StorageType.NETWORK, PersistentVolumeSpec::getNfs, Volume::getNfs),
    CEPHFS("cephfs", StorageType.NETWORK, PersistentVolumeSpec::getCephfs, Volume::getCephfs),
    GLUSTERFS("glusterfs", StorageType.NETWORK, PersistentVolumeSpec::getGlusterfs, Volume::getGlusterfs),
    AZURE_FILE("azureFile", StorageType.NETWORK, PersistentVolumeSpec::getAzureFile, Volume::getAzureFile),
    QUOBYTE("quobyte", StorageType.NETWORK, PersistentVolumeSpec::getQuobyte, Volume::getQuobyte),
    AWS_ELASTIC_BLOCK_STORE(
            "awsElasticBlockStore",
            StorageType.BLOCK,
            PersistentVolumeSpec::getAwsElasticBlockStore,
            Volume::getAwsElasticBlockStore),
    GCE_PERSISTENT_DISK(
            "gcePersistentDisk",
            StorageType.BLOCK,
            PersistentVolumeSpec::getGcePersistentDisk,
            Volume::getGcePersistentDisk),
    AZURE_DISK("azureDisk", StorageType.BLOCK, PersistentVolumeSpec::getAzureDisk, Volume::getAzureDisk),
    CINDER("cinder", StorageType.BLOCK, PersistentVolumeSpec::getCinder, Volume::getCinder),
    RBD("rbd", StorageType.BLOCK, PersistentVolumeSpec::getRbd, Volume::getRbd),
    ISCSI("iscsi", StorageType.BLOCK, PersistentVolumeSpec::getIscsi, Volume::getIscsi),
    FC("fc", StorageType.BLOCK, PersistentVolumeSpec::getFc, Volume::getFc),
    VSPHERE_VOLUME(
            "vsphereVolume", StorageType.BLOCK, PersistentVolumeSpec::getVsphereVolume, Volume::getVsphereVolume),
    SCALE_IO("scaleIO", StorageType.BLOCK, PersistentVolumeSpec::getScaleIO, Volume::getScaleIO),
    PHOTON_PERSISTENT_DISK(
            "photonPersistentDisk",
            StorageType.BLOCK,
            PersistentVolumeSpec::getPhotonPersistentDisk,
            Volume::getPhotonPersistentDisk),
    STORAGEOS("storageos", StorageType.BLOCK, PersistentVolumeSpec::getStorageos, Volume::getStorageos),
    FLOCKER("flocker", StorageType.BLOCK, PersistentVolumeSpec::getFlocker, Volume::getFlocker),
    // Local sources in the order their names are reported when (invalidly) several are set.
    LOCAL("local", StorageType.LOCAL, PersistentVolumeSpec::getLocal, null),
    EMPTY_DIR("emptyDir", StorageType.LOCAL, null, Volume::getEmptyDir),
    HOST_PATH("hostPath", StorageType.LOCAL, PersistentVolumeSpec::getHostPath, Volume::getHostPath),
    GIT_REPO("gitRepo", StorageType.LOCAL, null, Volume::getGitRepo);

    /** {@link #values()} once: it copies the array on every call, and a review may classify thousands of volumes. */
    private static final InTreeSource[] ALL = values();

    /** The field name in the Kubernetes API, e.g. {@code awsElasticBlockStore}. */
    private final String field;

    private final StorageType type;
    /** The source in a PersistentVolume's spec; null for Pod-only sources ({@code emptyDir}, {@code gitRepo}). */
    private final Function<PersistentVolumeSpec, Object> inPersistentVolume;
    /** The source in a Pod volume; null for PersistentVolume-only sources ({@code local}). */
    private final Function<Volume, Object> inPod;

    InTreeSource(
            String field,
            StorageType type,
            Function<PersistentVolumeSpec, Object> inPersistentVolume,
            Function<Volume, Object> inPod) {
        this.field = field;
        this.type = type;
        this.inPersistentVolume = inPersistentVolume;
        this.inPod = inPod;
    }

    /** The PV's first source of this type, explained; {@code pvName} reads "PersistentVolume name". */
    static Optional<Answer> ofPersistentVolume(String pvName, PersistentVolumeSpec spec, StorageType type) {
        for (InTreeSource s : ALL) {
            Object source = s.type == type && s.inPersistentVolume != null ? s.inPersistentVolume.apply(spec) : null;
            if (source != null) {
                String reason = switch (type) {
                    case NETWORK -> pvName + " is " + s.networkShare(source);
                    case BLOCK -> pvName + " is a " + s.field + " block device";
                    case LOCAL -> pvName + " is a " + s.field + " volume on one node";
                    case UNKNOWN -> throw new IllegalArgumentException("no in-tree source is of unknown type");
                };
                return Optional.of(new Answer(type, reason));
            }
        }
        return Optional.empty();
    }

    /** The Pod volume's first source of this type, explained as "inline volume name is ...". */
    static Optional<Answer> ofPodVolume(Volume volume, StorageType type) {
        for (InTreeSource s : ALL) {
            Object source = s.type == type && s.inPod != null ? s.inPod.apply(volume) : null;
            if (source != null) {
                // One concatenation each: thousands of emptyDirs get a reason.
                String reason = switch (type) {
                    case NETWORK -> "inline volume " + volume.getName() + " is " + s.networkShare(source);
                    case BLOCK -> "inline volume " + volume.getName() + " is an inline block device";
                    case LOCAL -> "inline volume " + volume.getName() + " is node-local (" + s.field + ")";
                    case UNKNOWN -> throw new IllegalArgumentException("no in-tree source is of unknown type");
                };
                return Optional.of(new Answer(type, reason));
            }
        }
        return Optional.empty();
    }

    private String networkShare(Object source) {
        return switch (this) {
            case NFS ->
                "an NFS export (" + ((NFSVolumeSource) source).getServer() + ":" + ((NFSVolumeSource) source).getPath()
                        + ")";
            case CEPHFS -> "a CephFS mount";
            case GLUSTERFS -> "a GlusterFS mount";
            case AZURE_FILE -> "an Azure Files (SMB) share";
            case QUOBYTE -> "a Quobyte mount";
            default -> throw new IllegalStateException(field + " is not a network source");
        };
    }
}
