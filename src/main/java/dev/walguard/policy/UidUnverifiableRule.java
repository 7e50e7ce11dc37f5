package dev.walguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * WAL006: parties share a volume and at least one sets no runAsUser (its image decides), while another sets one or
 * runs another image, so walguard cannot tell whether they use one UID. An init container that runs to completion
 * before the app counts only when it sets a UID other than root ({@link Party#leavesOwnedFiles()}): one that sets
 * none is almost always a root helper (init-chown) that hands the files to the app, and it never holds the database
 * open beside it.
 */
final class UidUnverifiableRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        List<Party> parties = new ArrayList<>(ctx.parties().size());
        List<Party> unset = new ArrayList<>();
        boolean oneImage = true;
        for (Party p : ctx.parties()) {
            if (p.leavesOwnedFiles()) {
                oneImage &= parties.isEmpty() || Objects.equals(parties.get(0).image(), p.image());
                parties.add(p);
                if (p.uid() == null) {
                    unset.add(p);
                }
            }
        }
        if (parties.size() < 2) {
            return;
        }
        // Some party without a uid has another party with a uid or another image: one with a uid is always
        // another party, and another image exists exactly when the parties run two images or more. Linear, where
        // comparing every pair was parties squared.
        if (unset.isEmpty() || (unset.size() == parties.size() && oneImage)) {
            return;
        }
        Long shared = UidMismatchRule.firstSharedGroup(parties);
        // The sentences are built only when a finding's text is read (Finding): most of them never are.
        out.add(ctx.finding(RuleId.WAL006, Severity.WARNING, Party.names(parties), () -> {
            String workload = ctx.workload().display();
            String unsetNames = Prose.and(unset, Party::label);
            // A shared group is no proof: SQLite creates -shm and -wal with the database file's mode, often 0644.
            String group = shared == null
                    ? ""
                    : "; they share group " + shared + ", which helps only while -shm and -wal stay group-writable";
            return new Finding.Text(
                    workload + " cannot be shown to open the SQLite WAL database on " + ctx.describeVolume() + ctx.at()
                            + " as one UID because " + unsetNames + (unset.size() == 1 ? " sets" : " set")
                            + " no runAsUser: " + Prose.and(parties, Party::describe) + group + ".",
                    workload + " " + ctx.briefVolume() + ctx.at() + ": " + unsetNames
                            + (unset.size() == 1 ? " sets" : " set") + " no runAsUser, so one UID cannot be verified.",
                    shared == null
                            ? "Set runAsUser (and fsGroup) explicitly in the pod or container securityContext."
                            : "Set runAsUser explicitly in the pod or container securityContext.");
        }));
    }
}
