package dev.walguard.cli;

import dev.walguard.policy.Finding;
import dev.walguard.policy.Workload;

/** A finding and the manifest it came from. */
record ScannedFinding(Finding finding, Workload workload, String file, int document, int line) {}
