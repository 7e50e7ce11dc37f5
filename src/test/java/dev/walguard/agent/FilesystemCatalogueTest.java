package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** filesystems.yaml: sourced, unambiguous, and what the agent makes of the types that matter. */
class FilesystemCatalogueTest {

    private static final FilesystemCatalogue CATALOGUE = FilesystemCatalogue.builtIn();

    @Test
    void everyEntryNamesItsProductAndAnHttpsSource() {
        assertThat(CATALOGUE.entries()).hasSizeGreaterThan(30);
        for (FilesystemCatalogue.Entry entry : CATALOGUE.entries()) {
            assertThat(entry.names()).as("names").isNotEmpty();
            assertThat(entry.product()).as("product of %s", entry.names()).isNotBlank();
            assertThat(entry.source()).as("source of %s", entry.names()).matches("https://[^\\s]+");
        }
    }

    @Test
    void namesAreLowerCaseAndListedOnce() {
        List<String> names = new ArrayList<>();
        CATALOGUE.entries().forEach(e -> names.addAll(e.names()));
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allMatch(n -> n.equals(n.toLowerCase(Locale.ROOT)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "nfs, NETWORK",
        "nfs4, NETWORK",
        "cifs, NETWORK",
        "smb3, NETWORK",
        "ceph, NETWORK",
        "fuse.ceph-fuse, NETWORK",
        "glusterfs, NETWORK",
        "fuse.glusterfs, NETWORK",
        "lustre, NETWORK",
        "9p, NETWORK",
        "fuse.sshfs, NETWORK",
        "fuse.s3fs, NETWORK",
        "fuse.gcsfuse, NETWORK",
        "fuse.juicefs, NETWORK",
        "fuse.rclone, NETWORK",
        "fuse.mountpoint-s3, NETWORK",
        "fuse.blobfuse2, NETWORK",
        "NFS4, NETWORK",
        "ext4, BLOCK",
        "xfs, BLOCK",
        "btrfs, BLOCK",
        "zfs, BLOCK",
        "fuseblk, BLOCK",
        "tmpfs, LOCAL",
        "overlay, LOCAL",
        "virtiofs, UNKNOWN",
        "fuse, UNKNOWN",
        "fuse.bindfs, UNKNOWN",
        "somethingnew, UNKNOWN"
    })
    void classifies(String fsType, Storage storage) {
        assertThat(CATALOGUE.classify(fsType)).isEqualTo(storage);
    }

    @Test
    void aTypeListedTwiceIsRefused() {
        String yaml = "filesystems:\n"
                + "  - {names: [nfs], storage: network, product: a, source: https://a}\n"
                + "  - {names: [nfs], storage: block, product: b, source: https://b}\n";
        assertThatThrownBy(
                        () -> FilesystemCatalogue.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filesystem type nfs is listed twice");
    }
}
