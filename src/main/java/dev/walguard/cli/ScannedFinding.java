package dev.walguard.cli;

import dev.walguard.policy.Finding;
import dev.walguard.policy.Workload;

/**
 * A finding and the manifest it came from.
 *
 * @param detected the apps its workload was detected as ({@code Sonarr}), or null for a marked workload
 */
record ScannedFinding(Finding finding, Workload workload, String detected, String file, int document, int line) {}
