#!/usr/bin/env bash
# What one node scan costs: `walguard node-scan` on a kubelet-shaped tree of one node with PODS pods (an emptyDir
# and a service account token each, a real WAL database in every tenth pod) plus one pod whose volume holds FILES
# files on a tmpfs, like a media library. Prints the wall time, CPU time and peak memory (RSS) of each scan.
#
# usage: bench/node-scan.sh
# env:   PODS=200        pods on the node
#        FILES=1000000   files in the big volume (100 per directory, 10,000 directories)
#        RUNS=3          scans to time
#        HEAP=256m       -Xmx of the scan JVM
#        JAR=...         the jar to run (default target/quarkus-app/quarkus-run.jar, built when missing)
# Needs root (it mounts a tmpfs for the big volume), GNU time (apt-get install -y time) and python3 for the
# databases (its sqlite3 module).
set -euo pipefail
cd "$(dirname "$0")/.."
pods="${PODS:-200}"
files="${FILES:-1000000}"
runs="${RUNS:-3}"
heap="${HEAP:-256m}"
jar="${JAR:-target/quarkus-app/quarkus-run.jar}"
[[ -f "$jar" ]] || ./mvnw -B -q package -DskipTests
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }

work="$(mktemp -d /tmp/walguard-node-scan.XXXXXX)"
big="$work/kubelet/pods/ffff-big/volumes/kubernetes.io~empty-dir/media"
cleanup() {
  umount "$big" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$big"
mount -t tmpfs -o size=2g,nr_inodes=2000000 tmpfs "$big"
mountinfo="$work/mountinfo"
{
  echo "29 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw"
  echo "30 29 259:2 / /var/lib/kubelet rw,relatime shared:2 - xfs /dev/nvme0n1p2 rw"
} > "$mountinfo"

echo "building: $pods pods and a volume of $files files ..."
python3 - "$work/kubelet/pods" "$pods" "$big" "$files" "$mountinfo" <<'PY'
import os, sqlite3, sys
pods_dir, pods, big, files, mountinfo = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
with open(mountinfo, "a") as table:
    for i in range(pods):
        uid = "pod-%04d" % i
        base = os.path.join(pods_dir, uid, "volumes")
        token = os.path.join(base, "kubernetes.io~projected", "kube-api-access")
        os.makedirs(token)
        open(os.path.join(token, "token"), "w").write("x" * 900)
        data = os.path.join(base, "kubernetes.io~csi", "pvc-%04d" % i, "mount")
        os.makedirs(os.path.join(data, "config"))
        for j in range(20):
            open(os.path.join(data, "config", "file-%d.json" % j), "w").write("{}")
        if i % 10 == 0:
            db = sqlite3.connect(os.path.join(data, "config", "app.db"))
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE t (x)")
            db.commit()
            db.close()
        host = "/var/lib/kubelet/pods/%s/volumes" % uid
        table.write("%d 30 0:%d / %s/kubernetes.io~projected/kube-api-access rw - tmpfs tmpfs rw\n" % (1000 + 2 * i, 100 + i, host))
        table.write("%d 30 0:%d / %s/kubernetes.io~csi/pvc-%04d/mount rw - nfs4 nas:/export/%d rw,vers=4.1\n" % (1001 + 2 * i, 400 + i, host, i, i))
per_dir = 100
for d in range(files // per_dir):
    directory = os.path.join(big, "shelf-%03d" % (d // 100), "album-%05d" % d)
    os.makedirs(directory)
    for f in range(per_dir):
        open(os.path.join(directory, "track-%03d.flac" % f), "w").close()
host_big = "/var/lib/kubelet/pods/ffff-big/volumes/kubernetes.io~empty-dir/media"
open(mountinfo, "a").write("5000 30 0:900 / %s rw - tmpfs tmpfs rw\n" % host_big)
PY

printf '%-4s %-9s %-9s %-10s %-8s %s\n' run wall_s cpu_s max_rss_mb volumes big_volume_result
for run in $(seq 1 "$runs"); do
  out="$work/scan-$run.json"
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    java -Xmx"$heap" -XX:+UseSerialGC -jar "$jar" node-scan \
      --kubelet-root "$work/kubelet" --host-kubelet-root /var/lib/kubelet \
      --mountinfo "$mountinfo" --node-name bench > "$out"
  read -r wall user sys rss < "$work/time"
  python3 - "$out" "$run" "$wall" "$user" "$sys" "$rss" <<'PY'
import json, sys
scan = json.load(open(sys.argv[1]))
run, wall, user, system, rss = sys.argv[2:]
big = [v for v in scan["volumes"] if v["podUid"] == "ffff-big"][0]
found = sum(len(v["databases"]) for v in scan["volumes"])
print("%-4s %-9s %-9.2f %-10d %-8d %s; %d databases on the node" % (
    run, wall, float(user) + float(system), int(rss) // 1024, len(scan["volumes"]),
    big.get("stoppedEarly", "complete"), found))
PY
done
