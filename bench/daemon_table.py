#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints bench/daemon's result.json as a Markdown table: medians, ratios ours/252 and ours/262,
the goal of issue 13 and whether it is met in this run.

    daemon_table.py RESULT"""
import json, sys

r = json.load(open(sys.argv[1]))

# key, label, goal (largest ratio ours/each real one; None: reported, not a goal)
ROWS = [
    ("cold_list", "cold `list` (bus activation)", 1.0),
    ("exec_first_reply", "exec → first reply", 1.1),
    ("exec_name", "exec → bus name", None),
    ("idle_rss", "idle RSS (1 s after start)", 1.2),
    ("hostile_hwm", "RSS high-water after 62 hostile images", 2.0),
    ("list_5000", "`list`, 5,000 images", 0.6),
    ("inspect_raw_5000", "`inspect` raw among 5,000", None),
    ("inspect_dir_5000", "`inspect` dir among 5,000", None),
    ("reattach_500", "`reattach` while 500 attached", None),
    ("attach_500_total", "attaching the 500 (total)", None),
    ("warm_list", "warm `list` (dir + raw image)", 1.0),
    ("warm_inspect_dir", "warm `inspect` dir", 1.0),
    ("warm_inspect_raw", "warm `inspect` raw", 0.15),
    ("rss_before_10k", "RSS after 500 calls", None),
    ("rss_after_10k", "RSS after 10,000 more calls", None),
    ("hwm_after_10k", "high-water after them", None),
]


def fmt(value, unit):
    return f"{value:.2f} ms" if unit == "ms" else f"{value:.0f} KiB"


print("| metric | real 252 | real 262 | ours | ours/252 | ours/262 | goal | met |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
failed = []
for key, label, goal in ROWS:
    if key not in r:
        continue
    m, unit = r[key]["median"], r[key]["unit"]
    a, b = m["ours"] / m["252"], m["ours"] / m["262"]
    met = "" if goal is None else ("yes" if max(a, b) <= goal else "**no**")
    if met == "**no**":
        failed.append(label)
    print(f"| {label} | {fmt(m['252'], unit)} | {fmt(m['262'], unit)} | {fmt(m['ours'], unit)} | {a:.2f} | {b:.2f} | "
          f"{'' if goal is None else f'≤ {goal}×'} | {met} |")
if "rss_after_10k" in r:
    growth = {d: r["rss_after_10k"]["median"][d] - r["rss_before_10k"]["median"][d] for d in r["daemons"]}
    ok = growth["ours"] <= 512
    if not ok:
        failed.append("RSS growth")
    print(f"| RSS growth over 10,000 calls | {growth['252']:+.0f} KiB | {growth['262']:+.0f} KiB | {growth['ours']:+.0f} KiB | | | "
          f"none (≤ 512 KiB) | {'yes' if ok else '**no**'} |")
survived = {d: r["hostile"][d]["survived"] for d in r["daemons"]} if "hostile" in r else {}
print()
print(f"N = {r['n']}; load average {' / '.join(r['loadavg_before'])} before, {' / '.join(r['loadavg_after'])} after; "
      f"survived the hostile images: {', '.join(d + (' yes' if v else ' NO') for d, v in survived.items())}; "
      f"`list` lines at 5,000: {', '.join(f'{d} {n}' for d, n in r.get('list_5000_lines', {}).items())}.")
print("goals met" if not failed and all(survived.values()) else "goals NOT met: " + ", ".join(failed))
