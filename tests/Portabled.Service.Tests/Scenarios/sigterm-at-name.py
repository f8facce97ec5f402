#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Starts a daemon COUNT times on the bus at ADDRESS and sends it SIGTERM the moment the bus reports
# that it owns org.freedesktop.portable1 (a match registered before the start, so no poll delay),
# then prints each exit status, one line: "0 0 0 ..." (a negative number is a fatal signal).
#   sigterm-at-name.py ADDRESS COUNT DAEMON [ARGS...]
import os
import signal
import subprocess
import sys

import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.portable1"
address, count, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(address)
loop = GLib.MainLoop()
statuses = []
current = []


def owner_changed(name, old, new):
    if name == NAME and new and current:
        os.kill(current[-1].pid, signal.SIGTERM)
        loop.quit()


bus.add_signal_receiver(owner_changed, "NameOwnerChanged", "org.freedesktop.DBus", "org.freedesktop.DBus", "/org/freedesktop/DBus")
for _ in range(count):
    daemon = subprocess.Popen(command + ["--bus=" + address], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    current.append(daemon)
    timer = GLib.timeout_add(20000, loop.quit)
    loop.run()
    GLib.source_remove(timer)
    try:
        statuses.append(daemon.wait(timeout=20))
    except subprocess.TimeoutExpired:
        daemon.kill()
        statuses.append("hung")
print(" ".join(str(s) for s in statuses))
