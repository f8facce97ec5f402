#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Start-up and memory of a portable1 daemon, run inside scripts/sandbox (private system bus).

    daemon_metrics.py N DAEMON [ARGS...]

Launches DAEMON N times; each time measures exec -> NameOwnerChanged(org.freedesktop.portable1)
with a match registered before the launch. Then, with the last instance: VmRSS after 1 s idle, and
VmRSS/VmHWM after a ListImages call. Prints one JSON object."""
import json, os, statistics, subprocess, sys, time
import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

n, cmd = int(sys.argv[1]), sys.argv[2:]
DBusGMainLoop(set_as_default=True)
bus = dbus.SystemBus()
loop = GLib.MainLoop()
seen = {}

def owner_changed(name, old, new):
    if name == "org.freedesktop.portable1" and new:
        seen["t"] = time.monotonic()
        loop.quit()

bus.add_signal_receiver(owner_changed, "NameOwnerChanged", "org.freedesktop.DBus", "org.freedesktop.DBus", "/org/freedesktop/DBus")

def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, value = line.split(":", 1)
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out

times, proc = [], None
for i in range(n):
    seen.clear()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    timer = GLib.timeout_add(5000, loop.quit)
    loop.run()
    GLib.source_remove(timer)
    if "t" in seen:
        times.append((seen["t"] - start) * 1000)
    if i < n - 1:
        proc.terminate(); proc.wait(); time.sleep(0.05)

time.sleep(1.0)
idle = status(proc.pid)
manager = bus.get_object("org.freedesktop.portable1", "/org/freedesktop/portable1")
manager.ListImages(dbus_interface="org.freedesktop.portable1.Manager")
after = status(proc.pid)
proc.terminate(); proc.wait()
print(json.dumps({
    "startup_ms_median": round(statistics.median(times), 2), "startup_ms_min": round(min(times), 2),
    "startup_ms_max": round(max(times), 2), "runs": len(times),
    "rss_idle_kib": idle["VmRSS"], "rss_after_list_kib": after["VmRSS"], "hwm_kib": after["VmHWM"]}))
