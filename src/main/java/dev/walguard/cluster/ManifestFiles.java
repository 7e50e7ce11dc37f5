package dev.walguard.cluster;

import dev.walguard.cluster.ManifestReader.ManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The manifest files under a path. Symbolic links are followed, to files and to directories alike (a kustomize or
 * Helm output tree, a ConfigMap volume, which Kubernetes mounts through symlinks): skipping them would read nothing
 * and allow what the linked objects deny.
 */
final class ManifestFiles {

    private ManifestFiles() {}

    /** The path itself when it is a file; else its .yaml, .yml and .json files at any depth, in path order. */
    static List<Path> under(Path path) {
        if (!Files.exists(path)) {
            throw new ManifestException(
                    path + (Files.isSymbolicLink(path) ? " is a symbolic link to a missing file" : " does not exist"),
                    null);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.walk(path, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(ManifestFiles::isManifestFile)
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw listingFailed(path, e.getCause());
        } catch (IOException e) {
            throw listingFailed(path, e);
        }
    }

    private static ManifestException listingFailed(Path root, IOException e) {
        if (e instanceof FileSystemLoopException loop) {
            return new ManifestException(
                    "cannot read " + root + ": the symbolic link " + loop.getFile()
                            + " leads back into a directory that contains it (a filesystem loop)",
                    e);
        }
        return new ManifestException("cannot list " + root + ": " + reason(e), e);
    }

    /** Why a file could not be read, in words: never an exception class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return (a.getFile() != null ? a.getFile() + ": " : "") + "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return (n.getFile() != null ? n.getFile() + ": " : "") + "no such file";
        }
        String why = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            why = (f.getFile() != null ? f.getFile() + ": " : "")
                    + f.getReason().toLowerCase(Locale.ROOT);
        }
        return why == null ? "input/output error" : why;
    }

    private static boolean isManifestFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }
}
