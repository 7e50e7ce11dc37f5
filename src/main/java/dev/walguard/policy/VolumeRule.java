package dev.walguard.policy;

import java.util.List;

/** A check on one volume in scope. Adds its findings to {@code out}; never stops at the first. */
interface VolumeRule {
    void check(VolumeContext ctx, List<Finding> out);
}
