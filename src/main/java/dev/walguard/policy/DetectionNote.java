package dev.walguard.policy;

/**
 * What a finding of a detected workload adds: how walguard found the database (the image, its database paths on
 * the volume and the journal mode) and how to opt out, in the reason; the app's name at the start of the short
 * warning form; the opt-out annotation in the fix. A violation on a volume whose apps a Secret may have switched to
 * another database ({@link DetectedScope.Detected#unsetSwitch}) becomes a warning that says so.
 */
final class DetectionNote {

    static final String OPT_OUT_FIX = "Not SQLite here? Set " + Marking.SQLITE_WAL + ": \"false\".";

    private DetectionNote() {}

    static Finding add(Finding f, DetectedScope.Detected on) {
        DetectedApp app = on.first();
        String unset = on.unsetSwitch();
        // A Secret the container takes its variables from may switch the app to another database, and walguard cannot
        // read it: a violation it cannot be sure of only warns, so an app on PostgreSQL through a Secret is not denied.
        boolean softened = unset != null && f.isViolation();
        String maySwitch = unset == null
                ? ""
                : "; the Secret its envFrom reads may set " + unset + ", which would switch "
                        + app.app().name()
                        + " to another database, and walguard cannot read it"
                        + (softened ? ", so this is a warning rather than a violation" : "");
        // Built only when read, as the finding's own text is (Finding): most findings' text never is.
        return new Finding(
                f.rule(),
                softened ? Severity.WARNING : f.severity(),
                f.workload(),
                f.volume(),
                f.claim(),
                f.storageClass(),
                f.driver(),
                f.containers(),
                Finding.Words.later(() -> new Finding.Text(
                        f.reason() + " (" + describe(app, on) + maySwitch + "; opt out with " + Marking.SQLITE_WAL
                                + ": \"false\" if it keeps no database here, or mark it explicitly with "
                                + Marking.SQLITE_WAL + ": \"true\" and " + Marking.PATHS + " naming its databases.)",
                        // First, where the warning budget never cuts (it shortens the summary's end).
                        "(detected: " + app.app().name() + (unset == null ? "" : ", unless its Secret sets " + unset)
                                + ") " + f.summary(),
                        f.fix() + " " + OPT_OUT_FIX
                                + (softened
                                        ? " Uses SQLite? Set " + Marking.SQLITE_WAL + ": \"true\" to have this"
                                                + " enforced."
                                        : ""))),
                f.ignoreReason());
    }

    /** {@code detected: image lscr.io/linuxserver/sonarr keeps /config/sonarr.db in SQLite WAL mode}. */
    static String describe(DetectedApp app, DetectedScope.Detected on) {
        return "detected: image " + app.repository() + " keeps " + Prose.and(on.paths()) + " in " + app.modeText();
    }
}
