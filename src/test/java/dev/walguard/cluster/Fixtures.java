package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.UUID;

/** Small cluster objects for the live view tests. */
public final class Fixtures {

    public static final String MARK = "walguard.dev/sqlite-wal";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Fixtures() {}

    public static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build();
    }

    public static StorageClass storageClass(String name, String provisioner) {
        return new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner(provisioner)
                .build();
    }

    public static PersistentVolumeClaim claim(String namespace, String name, String storageClass) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build();
    }

    /** A PV with an in-tree NFS source, pre-bound to the claim through claimRef only. */
    public static PersistentVolume nfsVolumeFor(String name, String namespace, String claim) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withNewNfs()
                .withServer("nas.lan")
                .withPath("/exports/db")
                .endNfs()
                .withNewClaimRef()
                .withNamespace(namespace)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build();
    }

    public static PodSpec podSpec(String claim, long uid) {
        return new PodSpecBuilder()
                .withNewSecurityContext()
                .withRunAsUser(uid)
                .endSecurityContext()
                .addNewContainer()
                .withName("app")
                .withImage("example.org/app:1")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .endVolume()
                .build();
    }

    public static Deployment deployment(String namespace, String name, String claim, long uid) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(UUID.randomUUID().toString())
                .withAnnotations(Map.of(MARK, "true"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withSpec(podSpec(claim, uid))
                .endTemplate()
                .endSpec()
                .build();
    }

    public static ReplicaSet replicaSet(String namespace, String name, Deployment owner) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withOwnerReferences(controller(owner))
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", owner.getMetadata().getName()))
                .endSelector()
                .endSpec()
                .build();
    }

    /** A marked, running pod on the claim; owned by {@code owner} when given. */
    public static Pod pod(String namespace, String name, String claim, long uid, HasMetadata owner) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withAnnotations(Map.of(MARK, "true"))
                .endMetadata()
                .withSpec(podSpec(claim, uid))
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(controller(owner)).endMetadata();
        }
        return b.build();
    }

    public static OwnerReference controller(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(
                        owner.getMetadata().getUid() == null
                                ? UUID.randomUUID().toString()
                                : owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** An AdmissionReview v1 CREATE of the object, as JSON. */
    public static String review(HasMetadata object) {
        AdmissionRequest request = new AdmissionRequest();
        request.setUid(UUID.randomUUID().toString());
        request.setKind(new GroupVersionKind(
                object.getApiVersion().contains("/")
                        ? object.getApiVersion()
                                .substring(0, object.getApiVersion().indexOf('/'))
                        : "",
                object.getKind(),
                object.getApiVersion().substring(object.getApiVersion().indexOf('/') + 1)));
        request.setName(object.getMetadata().getName());
        request.setNamespace(object.getMetadata().getNamespace());
        request.setOperation("CREATE");
        request.setObject(object);
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setRequest(request);
        return JSON.asJson(review);
    }
}
