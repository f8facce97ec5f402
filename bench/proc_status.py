# SPDX-License-Identifier: LGPL-2.1-or-later
"""Memory figures of a process, shared by daemon_metrics.py and daemon_bench.py."""


def status(pid):
    """VmRSS and VmHWM of PID from /proc/PID/status, in KiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, value = line.split(":", 1)
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out
