package dev.walguard.agent;

/**
 * One line of a mountinfo file, with the kernel's octal escapes decoded.
 *
 * @param mountId the mount's id (field 1)
 * @param parentId the id of the mount it sits on (field 2)
 * @param root the directory of the filesystem that is mounted here (field 4; not "/" for bind mounts)
 * @param mountPoint where it is mounted, as the reading process's mount namespace spells it (field 5)
 * @param fsType the filesystem type after the separator, e.g. {@code nfs4} or {@code fuse.sshfs}
 * @param source the mount source after the type, e.g. {@code server:/export} or {@code /dev/sda1}
 */
public record MountEntry(int mountId, int parentId, String root, String mountPoint, String fsType, String source) {}
