#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/daemon's measurements, run inside scripts/sandbox (private system bus, throw-away /etc,
/var/lib and /run; SANDBOX_STATE holds the bus's activation directory).

    daemon_bench.py N IMAGES CLIENT RESULT NAME=CMD...

Each NAME=CMD is a daemon (CMD split on blanks). Every timed metric is measured in rounds; each
round runs every daemon once, in a rotating order, so all of them see the same load. Client
timings run the real portablectl CLIENT (fork to exit). /var/lib/portables is a bind mount of
IMAGES/warm, IMAGES/many or nothing, per metric. Writes the figures as JSON to RESULT."""
import json, os, signal, statistics, subprocess, sys, time
import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib
from proc_status import status

N, IMAGES, CLIENT, RESULT = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
DAEMONS = [(spec.split("=", 1)[0], spec.split("=", 1)[1].split()) for spec in sys.argv[5:]]
NAME, PATH = "org.freedesktop.portable1", "/org/freedesktop/portable1"
MANAGER = "org.freedesktop.portable1.Manager"
POOL = "/var/lib/portables"
SERVICE = os.path.join(os.environ["SANDBOX_STATE"], "services", NAME + ".service")
ENV = dict(os.environ, SYSTEMD_PAGER="cat", SYSTEMD_COLORS="0")

DBusGMainLoop(set_as_default=True)
bus = dbus.SystemBus()
driver = dbus.Interface(bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"), "org.freedesktop.DBus")
loop = GLib.MainLoop()
result = {"loadavg_before": open("/proc/loadavg").read().split()[:3], "n": N, "daemons": [d for d, _ in DAEMONS]}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def manager():
    return dbus.Interface(bus.get_object(NAME, PATH, introspect=False, follow_name_owner_changes=False), MANAGER)


def activation(cmd):
    """Points the activation file at CMD (a list) and makes dbus-daemon read it again."""
    with open(SERVICE + ".tmp", "w") as f:
        f.write(f"[D-BUS Service]\nName={NAME}\nExec={' '.join(cmd)}\n")
    os.rename(SERVICE + ".tmp", SERVICE)
    driver.ReloadConfig()


def owner_pid():
    try:
        return int(driver.GetConnectionUnixProcessID(NAME))
    except dbus.DBusException:
        return None


def wait_until(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        time.sleep(0.002)


def stop(proc=None):
    """Ends whoever owns the name (and PROC), and waits until the name is gone."""
    pid = owner_pid()
    if pid:
        os.kill(pid, signal.SIGTERM)
    if proc is not None:
        proc.terminate() if proc.poll() is None else None
        proc.wait(10)
    wait_until(lambda: not driver.NameHasOwner(NAME))
    if pid:
        wait_until(lambda: gone(pid))


def gone(pid):
    """Whether PID has exited (gone, or a zombie its parent has not reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def start(cmd, first_call=False):
    """Execs CMD; returns (process, ms to the name, ms to the reply of the first ListImages sent as
    soon as the name appeared, or None)."""
    seen = {}

    def replied(*_):
        seen["reply"] = time.perf_counter()
        loop.quit()

    def owner_changed(name, old, new):
        if name == NAME and new and "name" not in seen:
            seen["name"] = time.perf_counter()
            if first_call:
                manager().ListImages(reply_handler=replied, error_handler=replied)
            else:
                loop.quit()

    match = bus.add_signal_receiver(owner_changed, "NameOwnerChanged", "org.freedesktop.DBus", "org.freedesktop.DBus", "/org/freedesktop/DBus")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, cwd="/")
    timer = GLib.timeout_add(10000, loop.quit)
    loop.run()
    GLib.source_remove(timer)
    match.remove()
    if "name" not in seen or (first_call and "reply" not in seen):
        raise RuntimeError(f"{cmd[0]} did not come up")
    return proc, (seen["name"] - t0) * 1000, ((seen["reply"] - t0) * 1000 if first_call else None)




def client(*args, check=True):
    t0 = time.perf_counter()
    r = subprocess.run([CLIENT, "--no-pager", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    ms = (time.perf_counter() - t0) * 1000
    if check and r.returncode != 0:
        raise RuntimeError(f"portablectl {' '.join(args)}: {r.stderr.decode(errors='replace').strip()}")
    return ms, r.stdout


def pool(what):
    """Bind-mounts IMAGES/WHAT on /var/lib/portables (None: leave it empty)."""
    subprocess.run(["umount", POOL], stderr=subprocess.DEVNULL)
    if what:
        subprocess.run(["mount", "--bind", os.path.join(IMAGES, what), POOL], check=True)


def clean_attached():
    for d in ("/etc/systemd/system.attached", "/run/systemd/system.attached", "/etc/portables", "/run/portables"):
        subprocess.run(["rm", "-rf", d], check=True)


def rounds(count):
    for r in range(count):
        yield DAEMONS[r % len(DAEMONS):] + DAEMONS[:r % len(DAEMONS)]


def median_of(samples):
    return {d: round(statistics.median(v), 2) for d, v in samples.items()}


def record(key, samples, unit="ms"):
    result[key] = {"unit": unit, "median": median_of(samples), "samples": {d: [round(x, 2) for x in v] for d, v in samples.items()}}
    log(f"{key}: {result[key]['median']}")


def per_daemon():
    return {d: [] for d, _ in DAEMONS}


# 1. cold list: the daemon is not running; the client's call activates it through the bus.
def cold():
    pool("warm")
    s = per_daemon()
    for order in rounds(N):
        for d, cmd in order:
            stop()
            activation(cmd)
            s[d].append(client("list")[0])
    stop()
    record("cold_list", s)
    activation(["/bin/false"])

# 2. exec -> first reply (ListImages sent the moment the name appears); 3. idle RSS.
def start_up():
    s, names, rss = per_daemon(), per_daemon(), per_daemon()
    for order in rounds(N):
        for d, cmd in order:
            proc, name_ms, reply_ms = start(cmd, first_call=True)
            s[d].append(reply_ms)
            names[d].append(name_ms)
            stop(proc)
    record("exec_first_reply", s)
    record("exec_name", names)
    for order in rounds(3):
        for d, cmd in order:
            proc, _, _ = start(cmd)
            time.sleep(1.0)
            rss[d].append(status(proc.pid)["VmRSS"])
            stop(proc)
    record("idle_rss", rss, "KiB")

# 7. warm list and inspect, one directory and one raw image.
def warm_calls():
    warm = {k: per_daemon() for k in ("warm_list", "warm_inspect_dir", "warm_inspect_raw")}
    for order in rounds(3):
        for d, cmd in order:
            proc, _, _ = start(cmd)
            client("list"); client("inspect", "bench-dir", "bench"); client("inspect", "bench-raw", "bench")
            for _ in range(max(1, N // 3)):
                warm["warm_list"][d].append(client("list")[0])
                warm["warm_inspect_dir"][d].append(client("inspect", "bench-dir", "bench")[0])
                warm["warm_inspect_raw"][d].append(client("inspect", "bench-raw", "bench")[0])
            stop(proc)
    for k, v in warm.items():
        record(k, v)

# 8. RSS over 10,000 calls (after 500 to warm up; each figure after 3.5 s quiet, past our trimmer's 2 s).
def many_calls():
    growth = {k: per_daemon() for k in ("rss_before_10k", "rss_after_10k", "hwm_after_10k")}
    for d, cmd in DAEMONS:
        proc, _, _ = start(cmd)
        m = manager()

        def calls(count):
            for i in range(count):
                match i % 4:
                    case 0: m.ListImages()
                    case 1: m.GetImage("bench-dir")
                    case 2: m.GetImageMetadata("bench-dir", dbus.Array([], signature="s"))
                    case 3: m.GetImageState("bench-raw")

        calls(500)
        time.sleep(3.5)
        growth["rss_before_10k"][d].append(status(proc.pid)["VmRSS"])
        calls(10000)
        time.sleep(3.5)
        st = status(proc.pid)
        growth["rss_after_10k"][d].append(st["VmRSS"])
        growth["hwm_after_10k"][d].append(st["VmHWM"])
        stop(proc)
    for k, v in growth.items():
        record(k, v, "KiB")

# 4. RSS high-water after inspecting the 62 hostile images (by path); the daemon must still answer.
def hostile_images():
    pool(None)
    hostile = sorted(os.path.join(IMAGES, "hostile", f) for f in os.listdir(os.path.join(IMAGES, "hostile")))
    hwm, outcomes = per_daemon(), {}
    for d, cmd in DAEMONS:
        proc, _, _ = start(cmd)
        m = manager()
        errors = {}
        for image in hostile:
            try:
                m.GetImageMetadata(image, dbus.Array([], signature="s"), timeout=120)
                errors[os.path.basename(image)] = "ok"
            except dbus.DBusException as e:
                errors[os.path.basename(image)] = e.get_dbus_name()
        alive = proc.poll() is None
        try:
            m.ListImages(timeout=30)
        except dbus.DBusException:
            alive = False
        hwm[d].append(status(proc.pid)["VmHWM"] if alive else 0)
        outcomes[d] = {"survived": alive, "answers": errors}
        stop(proc)
    record("hostile_hwm", hwm, "KiB")
    result["hostile"] = outcomes

# 5. 5,000 images: list, and inspect of a raw and a directory image among them.
def many_images():
    pool("many")
    many = {k: per_daemon() for k in ("list_5000", "inspect_raw_5000", "inspect_dir_5000")}
    for order in rounds(2):
        for d, cmd in order:
            proc, _, _ = start(cmd)
            _, out = client("list")
            result.setdefault("list_5000_lines", {})[d] = out.count(b"\n")
            for _ in range(max(1, N // 4)):
                many["list_5000"][d].append(client("list")[0])
                many["inspect_raw_5000"][d].append(client("inspect", "sq-1234", "bench")[0])
                many["inspect_dir_5000"][d].append(client("inspect", "dir-1234")[0])
            stop(proc)
    for k, v in many.items():
        record(k, v)

# 6. reattach of one image while 500 are attached (each daemon attaches its own 500; not
# interleaved, as they share /etc).
def reattach():
    pool("many")
    attach, reattach = per_daemon(), per_daemon()
    for d, cmd in DAEMONS:
        clean_attached()
        proc, _, _ = start(cmd)
        m = manager()
        t0 = time.perf_counter()
        for i in range(500):
            m.AttachImage(f"dir-{i:04}", dbus.Array([], signature="s"), "default", False, "", timeout=60)
        attach[d].append((time.perf_counter() - t0) * 1000)
        # By path: 252 links every attached image into /etc/portables, and reattaching by name finds
        # that link, removes it while detaching and fails (ENOENT), leaving the image detached.
        client("reattach", "--no-reload", f"{POOL}/dir-0250")
        for _ in range(N):
            reattach[d].append(client("reattach", "--no-reload", f"{POOL}/dir-0250")[0])
        state = str(m.GetImageState("dir-0499"))
        if state != "attached":
            raise RuntimeError(f"{d}: dir-0499 is {state} after the reattaches")
        stop(proc)
    clean_attached()
    record("attach_500_total", attach)
    record("reattach_500", reattach)


# Every daemon, its libraries and the client once into the page cache before anything is timed.
pool("warm")
for _, cmd in DAEMONS:
    stop(start(cmd)[0])
    client("list", check=False)
for section in os.environ.get("BENCH_ONLY", "cold,start_up,warm_calls,many_calls,hostile_images,many_images,reattach").split(","):
    globals()[section]()
result["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
with open(RESULT, "w") as f:
    json.dump(result, f, indent=1)
