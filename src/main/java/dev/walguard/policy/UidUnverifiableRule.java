package dev.walguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * WAL006: parties share a volume and at least one sets no runAsUser (its image decides), while another sets one or
 * runs another image, so walguard cannot tell whether they use one UID.
 */
final class UidUnverifiableRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        List<Party> parties = ctx.parties();
        if (parties.size() < 2) {
            return;
        }
        List<Party> unset = parties.stream().filter(p -> p.uid() == null).toList();
        // Some party without a uid has another party with a uid or another image: one with a uid is always
        // another party, and another image exists exactly when the parties run two images or more. Linear, where
        // comparing every pair was parties squared.
        if (unset.isEmpty()
                || (unset.size() == parties.size()
                        && parties.stream()
                                        .map(Party::image)
                                        .collect(Collectors.toSet())
                                        .size()
                                < 2)) {
            return;
        }
        String workload = ctx.workload().display();
        String unsetNames = Prose.and(unset, Party::label);
        out.add(ctx.finding(
                RuleId.WAL006,
                Severity.WARNING,
                parties.stream().map(Party::name).toList(),
                workload + " cannot be shown to open the SQLite WAL database on " + ctx.describeVolume()
                        + " as one UID because " + unsetNames + (unset.size() == 1 ? " sets" : " set")
                        + " no runAsUser: " + Prose.and(parties, Party::describe) + ".",
                workload + " " + ctx.briefVolume() + ": " + unsetNames + (unset.size() == 1 ? " sets" : " set")
                        + " no runAsUser, so one UID cannot be verified.",
                "Set runAsUser (and fsGroup) explicitly in the pod or container securityContext."));
    }
}
