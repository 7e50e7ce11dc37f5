package dev.walguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/storage-drivers.md is what {@link StorageDriversDoc} generates from drivers.yaml, so the page cannot drift from
 * the catalogue. With {@code -Dwalguard.regenerate-docs=true} the test writes the page instead of failing.
 */
class StorageDriversDocTest {

    private static final Path PAGE = Path.of("docs", "storage-drivers.md");

    @Test
    void theCommittedPageIsTheGeneratedOne() throws IOException {
        String generated = StorageDriversDoc.generate();
        if (Boolean.getBoolean("walguard.regenerate-docs")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertEquals(
                generated,
                Files.readString(PAGE, StandardCharsets.UTF_8),
                PAGE + " differs from what drivers.yaml and storage-drivers.template.md generate; regenerate it with "
                        + StorageDriversDoc.REGENERATE);
    }

    @Test
    void thePageListsEveryNameWithItsTypeAndSource() throws IOException {
        String page = StorageDriversDoc.generate();
        for (DriverEntry e : DriverEntry.read(DriverCatalog.class.getResource("drivers.yaml"))) {
            String names =
                    String.join(", ", e.names().stream().map(n -> "`" + n + "`").toList());
            String row = page.lines()
                    .filter(l -> l.startsWith("| " + names + " |"))
                    .findFirst()
                    .orElse("");
            assertTrue(row.endsWith("](" + e.source() + ") |"), "no row with its source for " + names);
            String section = page.substring(0, page.indexOf(row));
            String heading = section.substring(section.lastIndexOf("\n### ") + 5);
            assertTrue(
                    heading.startsWith(
                            switch (e.type()) {
                                case NETWORK -> "Network filesystems";
                                case BLOCK -> "Block devices";
                                case LOCAL -> "Node-local storage";
                                case MIXED -> "Drivers that serve files or blocks";
                            }),
                    names + " is listed under " + heading.lines().findFirst().orElse(""));
        }
    }

    @Test
    void mixedRowsSayWhatDecides() {
        DriverEntry longhorn = new DriverEntry(
                List.of("driver.longhorn.io"),
                DriverEntry.Kind.MIXED,
                "Longhorn",
                "https://longhorn.io/docs/",
                null,
                "ReadWriteMany",
                "otherwise");
        String page = StorageDriversDoc.generate("{{drivers:mixed}}", List.of(longhorn));
        assertTrue(
                page.endsWith("| `driver.longhorn.io` | Longhorn | ReadWriteMany | otherwise "
                        + "| [longhorn.io](https://longhorn.io/docs/) |"),
                page);
    }

    @Test
    void anUnknownPlaceholderFails() {
        assertThrows(IllegalStateException.class, () -> StorageDriversDoc.generate("{{drivers:nfs}}", List.of()));
    }

    @Test
    void sourcesAreShownByRepositoryOrHost() {
        assertEquals("ceph/ceph-csi", StorageDriversDoc.linkText("https://github.com/ceph/ceph-csi"));
        assertEquals(
                "kubernetes-csi/docs",
                StorageDriversDoc.linkText("https://github.com/kubernetes-csi/docs/blob/HEAD/book/src/drivers.md"));
        assertEquals(
                "docs.portworx.com",
                StorageDriversDoc.linkText("https://docs.portworx.com/portworx-enterprise/reference/storageclass"));
    }
}
