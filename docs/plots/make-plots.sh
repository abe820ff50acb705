#!/usr/bin/env bash
# Draws the README's plots from a committed benchmark report (no measurement is made here):
#   docs/plots/failover.png            egress rate around the kill, per system
#   docs/plots/throughput-latency.png  throughput at saturation and latency at 5,000 packets/s
#   docs/plots/kill-gaps.png           the egress gap at each of 10 kills at 5,000 packets/s, two demo runs
# Needs python3 (standard library only) and gnuplot (Debian: apt-get install gnuplot-nox).
# Usage, from anywhere: docs/plots/make-plots.sh [bench-results/<run>/report.json]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
report="${1:-$root/bench-results/2026-12-07-full-idle/report.json}"
command -v gnuplot >/dev/null || { echo "make-plots: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1; }
[[ -f "$report" ]] || { echo "make-plots: no report at $report" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# report.json -> one data file per system's failover phase, and one table of the headline figures
python3 - "$report" "$work" <<'PY'
import json, sys
report, work = sys.argv[1], sys.argv[2]
data = json.load(open(report))
short = {"baseline": "A: Kafka Streams", "standby-default": "B: standby, defaults",
         "standby-tuned": "B: standby, tuned", "understudy": "Understudy"}
with open(f"{work}/summary.dat", "w") as out:
    out.write("# system throughput p50_5000 p99_5000\n")
    for s in data["systems"]:
        rate = next(r for r in s["rates"] if r["offeredRate"] == 5000)
        out.write('"%s" %.0f %.1f %.1f\n' % (short[s["key"]], s["saturation"]["throughput"], rate["p50Ms"], rate["p99Ms"]))
with open(f"{work}/meta.gp", "w") as meta:
    meta.write('run = "%s"\n' % data["startedAt"][:10])
    for s in data["systems"]:
        f = s.get("failover")
        if not f:
            continue
        with open(f"{work}/{s['key']}.dat", "w") as out:
            for i, rate in enumerate(f["egressRate"]):
                out.write("%.3f %.0f\n" % ((f["startOffsetMs"] + i * f["bucketMs"]) / 1000.0, rate))
        meta.write('gap_%s = %.0f\n' % (s["key"].replace("-", "_"), f["gapMs"]))
        meta.write('killed_%s = "%s"\n' % (s["key"].replace("-", "_"), f["killed"]))

# the per-kill table of two 10-kill demo runs: | kill | at (s) | ... | egress gap (ms) |
root = report.rsplit("/bench-results/", 1)[0]
runs = [("2026-12-06-5000-per-s-10-kills", "1 ms linger (2026-12-06)"),
        ("2026-12-07-5000-per-s-10-kills", "5 ms linger, the default (2026-12-07)")]
gaps = []
for folder, title in runs:
    lines = open(f"{root}/bench-results/{folder}/report.md").read().splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("| kill |"))
    columns = [c.strip() for c in lines[header].strip("|").split("|")]
    gap = columns.index("egress gap (ms)")
    rows = []
    for l in lines[header + 2:]:
        if not l.startswith("|"):
            break
        cells = [c.strip() for c in l.strip("|").split("|")]
        rows.append(int(cells[gap].replace(",", "")))
    gaps.append((title, rows))
with open(f"{work}/gaps.dat", "w") as out:
    out.write('kill "%s" "%s"\n' % (gaps[0][0], gaps[1][0]))
    for k in range(len(gaps[0][1])):
        out.write("%d %d %d\n" % (k + 1, gaps[0][1][k], gaps[1][1][k]))
PY

gnuplot <<GP
load "$work/meta.gp"
set terminal pngcairo size 1000,900 font "DejaVu Sans,11"
set output "$here/failover.png"
set multiplot layout 4,1 title sprintf("Egress rate around a kill -9 at 1,000 packets/s (understudy bench, %s, idle 2-core machine; 100 ms buckets)", run)
set grid ytics
set ylabel "egress/s"
set yrange [0:2500]
set xrange [-10:75]
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "#cc0000" dt 2
set label 1 "kill" at 0.5, graph 0.9 tc rgb "#cc0000"
set key off
set title sprintf("B: Kafka Streams standby replica, defaults (kill %s): egress gap %.1f s", killed_standby_default, gap_standby_default / 1000.0)
plot "$work/standby-default.dat" using 1:2 with steps lc rgb "#888888"
set title sprintf("B: Kafka Streams standby replica, tuned (6 s session; kill %s): egress gap %.1f s", killed_standby_tuned, gap_standby_tuned / 1000.0)
plot "$work/standby-tuned.dat" using 1:2 with steps lc rgb "#555555"
set title sprintf("Understudy: primary + backup + selector (kill %s): egress gap %d ms", killed_understudy, gap_understudy)
plot "$work/understudy.dat" using 1:2 with steps lc rgb "#1f5fbf"
set title sprintf("Understudy, the same kill from 2 s before to 3 s after: egress gap %d ms", gap_understudy)
set xrange [-2:3]
set label 1 "kill" at 0.03, graph 0.9 tc rgb "#cc0000"
set xlabel "seconds from the kill"
plot "$work/understudy.dat" using 1:2 with steps lw 2 lc rgb "#1f5fbf"
unset multiplot

set output "$here/throughput-latency.png"
set terminal pngcairo size 1000,420 font "DejaVu Sans,11"
unset arrow 1
unset label 1
unset xlabel
unset xrange
set multiplot layout 1,2 title sprintf("understudy bench, %s, idle 2-core machine, 3 partitions, exactly-once everywhere", run)
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.8
set xtics rotate by 15 right scale 0
set title "throughput at saturation (records/s)"
set ylabel "records/s"
set yrange [0:*]
set format y "%.0s%c"
plot "$work/summary.dat" using 2:xtic(1) lc rgb "#1f5fbf" notitle, \
     "" using 0:(\$2):(sprintf("%.0f", \$2)) with labels offset 0,0.8 notitle
set title "latency at 5,000 packets/s (ms)"
set ylabel "ms"
set format y "%g"
set key top left
set arrow 2 from graph 0, first 100 to graph 1, first 100 nohead lc rgb "#cc0000" dt 2
set label 2 "target p99 100 ms" at graph 0.02, first 108 tc rgb "#cc0000"
plot "$work/summary.dat" using 3:xtic(1) title "p50" lc rgb "#9dbbe8", \
     "" using 4 title "p99" lc rgb "#1f5fbf"
unset multiplot

set output "$here/kill-gaps.png"
set terminal pngcairo size 1000,420 font "DejaVu Sans,11"
unset arrow 2
unset label 2
set title "Egress gap at each kill -9 of the primary, ./understudy demo --rate 5000 --first-kill 120 --failovers 10 (idle 2-core machine)"
set xtics rotate by 0 center scale 0
set xlabel "kill"
set ylabel "egress gap (ms)"
set yrange [0:1200]
set key top left autotitle columnheader
set arrow 3 from graph 0, first 1000 to graph 1, first 1000 nohead lc rgb "#cc0000" dt 2
set label 3 "target: 1 s" at graph 0.85, first 1040 tc rgb "#cc0000"
plot "$work/gaps.dat" using 2:xtic(1) lc rgb "#9dbbe8", "" using 3 lc rgb "#1f5fbf"
GP
echo "wrote $here/failover.png, $here/throughput-latency.png and $here/kill-gaps.png from $report and the 10-kill runs"
