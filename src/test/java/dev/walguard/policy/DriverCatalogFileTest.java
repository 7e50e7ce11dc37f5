package dev.walguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * drivers.yaml itself: read here as plain YAML, independently of the loader, so a loader bug cannot hide a bad entry;
 * then the loader's refusal of malformed files.
 */
class DriverCatalogFileTest {

    private static final URL FILE = DriverCatalog.class.getResource("drivers.yaml");
    private static final Set<String> TYPES = Set.of("network", "block", "local", "mixed");

    private static List<JsonNode> entries() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        new YAMLMapper().readTree(FILE).get("drivers").forEach(entries::add);
        return entries;
    }

    @Test
    void everyEntryHasNamesAValidTypeAProductAndAnHttpsSource() throws IOException {
        List<JsonNode> entries = entries();
        assertFalse(entries.isEmpty());
        for (JsonNode e : entries) {
            assertTrue(e.path("names").isArray() && !e.path("names").isEmpty(), "no names: " + e);
            e.path("names").forEach(n -> assertFalse(n.asText().isBlank(), "a blank name: " + e));
            assertTrue(TYPES.contains(e.path("type").asText()), "type is not one of " + TYPES + ": " + e);
            assertFalse(e.path("product").asText().isBlank(), "no product: " + e);
            assertTrue(e.path("source").asText().startsWith("https://"), "no https source: " + e);
        }
    }

    @Test
    void noNameIsListedTwice() throws IOException {
        Map<String, String> seen = new HashMap<>();
        for (JsonNode e : entries()) {
            for (JsonNode n : e.path("names")) {
                String previous = seen.put(
                        n.asText().toLowerCase(Locale.ROOT), e.path("product").asText());
                assertEquals(null, previous, n.asText() + " is listed for " + previous + " and " + e.path("product"));
            }
        }
    }

    @Test
    void theMixedEntriesAreExactlyTheProductsWithADecider() throws IOException {
        Set<String> mixed = new TreeSet<>();
        for (JsonNode e : entries()) {
            if (e.path("type").asText().equals("mixed")) {
                mixed.add(e.path("product").asText());
            }
        }
        assertEquals(new TreeSet<>(MixedDriverDeciders.BY_PRODUCT.keySet()), mixed);
    }

    @Test
    void theCatalogKnowsEveryNameAsItsProduct() throws IOException {
        DriverCatalog catalog = DriverCatalog.standard();
        for (JsonNode e : entries()) {
            for (JsonNode n : e.path("names")) {
                String driver = n.asText().replace("*", "rook-ceph");
                assertEquals(Optional.of(e.path("product").asText()), catalog.product(driver), driver);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The loader fails loudly, naming what is wrong.
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no names          | {names: [], type: block, product: X, source: 'https://x.example'}               | has no names",
                "an unknown type   | {names: [x.io], type: nfs, product: X, source: 'https://x.example'}             | nfs",
                "no type           | {names: [x.io], product: X, source: 'https://x.example'}                        | has no type",
                "no product        | {names: [x.io], type: block, source: 'https://x.example'}                       | has no product",
                "an http source    | {names: [x.io], type: block, product: X, source: 'http://x.example'}            | https source",
                "a misspelt field  | {names: [x.io], type: block, product: X, sorce: 'https://x.example'}            | sorce",
                "a mixed entry with nothing said | {names: [x.io], type: mixed, product: X, source: 'https://x.example'} | networkWhen",
                "a name twice      | {names: [x.io, X.IO], type: block, product: X, source: 'https://x.example'}     | repeats X.IO"
            })
    void aMalformedEntryFailsNamingTheProblem(String name, String entry, String problem, @TempDir Path dir)
            throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(dir, entry));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> read(
                        dir,
                        "{names: [], type: block, product: X, source: 'https://x.example'}\n"
                                + "  - {names: [y.io], type: block, product: Y, source: 'ftp://y.example'}"));
        assertTrue(e.getMessage().contains("entry 1 (X) has no names"), e.getMessage());
        assertTrue(e.getMessage().contains("entry 2 (Y) has no https source"), e.getMessage());
    }

    @Test
    void aMixedEntryWithoutADeciderFails(@TempDir Path dir) throws IOException {
        List<DriverEntry> entries = read(
                dir,
                "{names: [x.io], type: mixed, product: Nobody, source: 'https://x.example',"
                        + " networkWhen: a, blockWhen: b}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DriverCatalog(entries));
        assertTrue(e.getMessage().contains("no decider for it"), e.getMessage());
    }

    @Test
    void aDeciderWithoutAMixedEntryFails(@TempDir Path dir) throws IOException {
        List<DriverEntry> entries = read(dir, "{names: [x.io], type: block, product: X, source: 'https://x.example'}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DriverCatalog(entries));
        assertTrue(e.getMessage().contains("which drivers.yaml does not list as mixed"), e.getMessage());
    }

    @Test
    void aMissingFileFails() {
        assertThrows(IllegalStateException.class, () -> DriverEntry.read(null));
    }

    private static List<DriverEntry> read(Path dir, String entries) throws IOException {
        Path file = dir.resolve("drivers.yaml");
        Files.writeString(file, "drivers:\n  - " + entries + "\n");
        return DriverEntry.read(file.toUri().toURL());
    }
}
