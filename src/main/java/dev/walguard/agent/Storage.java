package dev.walguard.agent;

import java.util.Locale;

/** What a filesystem type says about where the data lives, in the terms of the webhook's storage classes. */
public enum Storage {
    /** Shared over the network (NFS, SMB, CephFS, Lustre, network FUSE filesystems): unsafe for SQLite WAL. */
    NETWORK,
    /** A disk filesystem on a block device that this node alone has mounted. */
    BLOCK,
    /** Memory or the node's own container layers (tmpfs, overlay). */
    LOCAL,
    /** A type the catalogue does not know, e.g. a FUSE filesystem nobody has listed. */
    UNKNOWN;

    /** The name in JSON output and the data file: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Storage fromLabel(String label) {
        for (Storage s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown storage class " + label + "; expected network, block or local");
    }
}
