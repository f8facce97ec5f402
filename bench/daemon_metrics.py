#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Start-up and memory of a portable1 daemon, run inside scripts/sandbox (private system bus).

    daemon_metrics.py N DAEMON [ARGS...]
        Launches DAEMON N times; each time measures exec -> NameOwnerChanged(org.freedesktop.portable1)
        (a match registered before the launch) and exec -> the reply to a ListImages call sent as soon
        as the name appears (the first reply). Then, with the last instance: VmRSS after 1 s and after
        3 s idle, and VmRSS/VmHWM after a ListImages call.
    daemon_metrics.py --cold N PORTABLECTL
        Runs `PORTABLECTL list` N times, each through bus activation of the sandbox's daemon (whose
        exit is awaited before the next run), and times each run.
Prints one JSON object."""
import json, os, signal, statistics, subprocess, sys, time
import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib
from proc_status import status

NAME = "org.freedesktop.portable1"
DBusGMainLoop(set_as_default=True)
bus = dbus.SystemBus()
loop = GLib.MainLoop()
seen = {}

def owner_changed(name, old, new):
    if name != NAME:
        return
    if new and "on_name" in seen:
        seen.pop("on_name")()
    if not new and "gone" in seen:
        seen.pop("gone")()

bus.add_signal_receiver(owner_changed, "NameOwnerChanged", "org.freedesktop.DBus", "org.freedesktop.DBus", "/org/freedesktop/DBus")
manager_iface = "org.freedesktop.portable1.Manager"


def run_until(done, seconds):
    timer = GLib.timeout_add(int(seconds * 1000), loop.quit)
    if not done():
        loop.run()
    GLib.source_remove(timer)

def median(values):
    return round(statistics.median(values), 2) if values else None

def launches(n, cmd):
    names, replies, proc = [], [], None
    for i in range(n):
        seen.clear()
        t = {}
        def on_reply(*_):
            t["reply"] = time.monotonic(); loop.quit()
        def on_error(e):
            t["error"] = str(e); loop.quit()
        def on_name():
            t["name"] = time.monotonic()
            # The first call, sent the moment the name is there (as a bus-activated call is delivered).
            bus.call_async(NAME, "/org/freedesktop/portable1", manager_iface, "ListImages", "", (), on_reply, on_error)
        seen["on_name"] = on_name
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        run_until(lambda: "reply" in t or "error" in t, 5)
        if "name" in t:
            names.append((t["name"] - start) * 1000)
        if "reply" in t:
            replies.append((t["reply"] - start) * 1000)
        if i < n - 1:
            proc.terminate(); proc.wait(); time.sleep(0.05)
    return names, replies, proc

def metrics(n, cmd):
    names, replies, proc = launches(n, cmd)
    time.sleep(1.0)
    idle = status(proc.pid)
    time.sleep(2.0)
    idle3 = status(proc.pid)
    bus.get_object(NAME, "/org/freedesktop/portable1").ListImages(dbus_interface=manager_iface)
    after = status(proc.pid)
    proc.terminate(); proc.wait()
    return {
        "startup_ms_median": median(names), "startup_ms_min": round(min(names), 2), "startup_ms_max": round(max(names), 2),
        "first_reply_ms_median": median(replies), "first_reply_ms_min": round(min(replies), 2), "runs": len(replies),
        "rss_idle_kib": idle["VmRSS"], "rss_idle_3s_kib": idle3["VmRSS"], "rss_after_list_kib": after["VmRSS"], "hwm_kib": after["VmHWM"]}

def cold(n, ctl):
    dbus_iface = dbus.Interface(bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"), "org.freedesktop.DBus")
    times = []
    for _ in range(n):
        start = time.monotonic()
        subprocess.run([ctl, "list"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.monotonic() - start) * 1000)
        try:
            pid = int(dbus_iface.GetConnectionUnixProcessID(NAME))
        except dbus.DBusException:
            continue
        gone = {}
        seen["gone"] = lambda: (gone.setdefault("t", 1), loop.quit())
        os.kill(pid, signal.SIGTERM)
        run_until(lambda: "t" in gone, 5)
        seen.clear()
        for _ in range(500):  # the process itself, not only its name
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.002)
        time.sleep(0.05)
    return {"cold_list_ms_median": median(times), "cold_list_ms_min": round(min(times), 2), "runs": len(times)}

if sys.argv[1] == "--cold":
    print(json.dumps(cold(int(sys.argv[2]), sys.argv[3])))
else:
    print(json.dumps(metrics(int(sys.argv[1]), sys.argv[2:])))
