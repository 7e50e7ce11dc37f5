#!/usr/bin/env bash
# How long `walguard scan` takes on N marked Deployments that all share one claim (the worst case for party
# matching: every workload is a party to every other's claim), for each N given.
#
# usage: bench/scan-scale.sh [N...]       default: 10000 20000
# env:   HEAP=1g        -Xmx of the scan JVM
#        UIDS=same      same: every workload runs as UID 1000 (no findings, the CI-pipeline case);
#                       mixed: alternate 1000/2000, so every workload gets a WAL002 naming all the others
#                       (its report is quadratic in N by nature: only use small N)
#        JAR=...        the jar to run (default target/quarkus-app/quarkus-run.jar, built when missing)
# Target: 10,000 workloads in under 10 s on 2 cores. Prints one line per N: workloads, seconds, exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${*:-10000 20000}"
jar="${JAR:-target/quarkus-app/quarkus-run.jar}"
if [[ ! -f "$jar" ]]; then
  ./mvnw -B -q package -DskipTests
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

generate() { # N UIDS > file
  awk -v n="$1" -v uids="$2" 'BEGIN {
    print "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: disk}\nprovisioner: pd.csi.storage.gke.io"
    print "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: shared, namespace: bench}"
    print "spec: {storageClassName: disk, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}"
    for (i = 0; i < n; i++) {
      uid = (uids == "mixed" && i % 2) ? 2000 : 1000
      printf "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-%d, namespace: bench}\n", i
      printf "spec:\n  selector: {matchLabels: {app: app-%d}}\n  template:\n    metadata:\n", i
      printf "      labels: {app: app-%d}\n      annotations: {walguard.dev/sqlite-wal: \"true\"}\n", i
      printf "    spec:\n      securityContext: {runAsUser: %d, fsGroup: %d}\n", uid, uid
      printf "      containers: [{name: app, image: app:1, volumeMounts: [{name: db, mountPath: /db}]}]\n"
      printf "      volumes: [{name: db, persistentVolumeClaim: {claimName: shared}}]\n"
    }
  }'
}

printf '%-10s %-8s %s\n' workloads seconds exit
for n in $sizes; do
  file="$work/apps-$n.yaml"
  generate "$n" "${UIDS:-same}" > "$file"
  start=$(date +%s.%N)
  set +e
  java "-Xmx${HEAP:-1g}" -jar "$jar" scan -f "$file" --fail-on none > "$work/out-$n.txt" 2> "$work/err-$n.txt"
  code=$?
  set -e
  end=$(date +%s.%N)
  printf '%-10s %-8.1f %s\n' "$n" "$(echo "$end - $start" | bc)" "$code"
  if [[ $code -ne 0 ]]; then
    head -c 400 "$work/err-$n.txt"
  fi
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
