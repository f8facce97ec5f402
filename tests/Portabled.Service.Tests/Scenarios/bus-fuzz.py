#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Seeded fuzzer of the org.freedesktop.portable1 bus surface (docs/reliability.md, "Bus-surface
# fuzzing"). Calls every Manager and Image method, the properties interface and some methods that do
# not exist, with generated arguments (boundary and random strings, paths, extension lists, profiles,
# copy modes, flags, very long values) and with wrong signatures, as root and as an unprivileged uid
# (nobody, through a forked child with its own connection). After every call it checks:
#   alive    the daemon that owned the name at the start still owns it (same unique name and pid)
#   bound    the reply (or error) came within --reply-bound seconds
#   host     the attached state is consistent: every unit beside its drop-in directory and back, no
#            temporary (.#…) file left in them or in the image link directories
#   confined the daemon wrote nowhere but its own directories (read from the sandbox's overlay
#            upper directories and /run), and the bait tree outside them is unchanged
# Runs inside scripts/sandbox --start=direct with a stand-in systemd1. Prints one summary line, or
# the first violation with the call (seed and index) that caused it, and exits 1.
#   bus-fuzz.py IMGDIR --seed N --calls N [--reply-bound S] [--log FILE]
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import sys
import time

import dbus

ap = argparse.ArgumentParser()
ap.add_argument("images")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--calls", type=int, default=500)
ap.add_argument("--reply-bound", type=float, default=60.0)
ap.add_argument("--log")
opts = ap.parse_args()

BUS = "org.freedesktop.portable1"
MANAGER = "/org/freedesktop/portable1"
MI = "org.freedesktop.portable1.Manager"
II = "org.freedesktop.portable1.Image"
PROPS = "org.freedesktop.DBus.Properties"
POOL = "/var/lib/portables"
STATE = os.environ["SANDBOX_STATE"]
BAIT = f"{STATE}/bait"
NOBODY = 65534
ATTACHED = ["/etc/systemd/system.attached", "/run/systemd/system.attached"]
LINKS = ["/etc/portables", "/run/portables"]
# Where the daemon may write (relative to each overlaid or tmpfs root). Ancestors are fine too.
ALLOWED = {
    "/etc": ["systemd/system.attached", "portables"],
    "/var/lib": ["portables"],
    "/usr/local/lib": [],
    "/run": ["systemd/system.attached", "portables", "systemd/nspawn", "systemd/system", "dbus"],
}
VICTIMS = ["victim", "victimraw"]  # a directory and a raw image (victimraw.raw)


# --- the images: a pool the fuzzer may damage (victims, restored when removed), images it only
# reads or attaches, and a bait tree outside every directory the daemon may write to.
def restore_pool():
    for name, source in (("minimal-app", "minimal-app"), ("app0", "app0"), ("victim", "minimal-app"),
                         ("victimraw.raw", "minimal-app.raw"), ("rawapp.raw", "minimal-app.raw")):
        target = f"{POOL}/{name}"
        if os.path.lexists(target):
            continue
        if os.path.isdir(f"{opts.images}/{source}"):
            shutil.copytree(f"{opts.images}/{source}", target, symlinks=True)
        else:
            shutil.copy2(f"{opts.images}/{source}", target)


restore_pool()
os.makedirs(BAIT)
shutil.copytree(f"{opts.images}/app0", f"{BAIT}/app0", symlinks=True)
shutil.copytree(f"{opts.images}/minimal-app", f"{BAIT}/minimal-app", symlinks=True)
with open(f"{BAIT}/plain-file", "w") as f:
    f.write("not an image\n")
os.symlink(f"{BAIT}/minimal-app", f"{BAIT}/link-to-app")
os.symlink("loop-b", f"{BAIT}/loop-a")
os.symlink("loop-a", f"{BAIT}/loop-b")
# The unprivileged child must reach the bus socket and the bait images it names.
for d in (STATE, BAIT):
    os.chmod(d, 0o755)


def tree_digest(root):
    """Every entry below root: type, mode, size, mtime, link target or content hash."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            extra = os.readlink(p) if stat.S_ISLNK(st.st_mode) else ""
            if stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    extra = hashlib.sha256(f.read()).hexdigest()
            out.append(f"{os.path.relpath(p, root)} {st.st_mode:o} {st.st_size} {st.st_mtime_ns} {extra}")
    return "\n".join(out)


def written_paths():
    """What has been written below each overlaid directory (its upper dir) and in /run."""
    found = set()
    for root in ALLOWED:
        upper = f"{STATE}/ovl{root.replace('/', '_')}/upper" if root != "/run" else "/run"
        for dirpath, dirnames, filenames in os.walk(upper):
            for name in dirnames + filenames:
                found.add((root, os.path.relpath(os.path.join(dirpath, name), upper)))
    return found


def allowed(root, rel):
    for prefix in ALLOWED[root]:
        if rel == prefix or rel.startswith(prefix + "/") or prefix.startswith(rel + "/"):
            return True
    return False


BAIT_DIGEST = tree_digest(BAIT)
BASELINE_WRITES = written_paths()


# --- argument generation
def rnd_string(r):
    kind = r.randrange(8)
    alphabet = "abcxyz019-_.:+@ /\\'\"\t\n\x01\x7f\u00e4\u20ac\U0001f600"
    if kind == 0:
        return ""
    if kind == 1:
        return r.choice(["x", "/", ".", "..", "-", "_"]) * r.choice([1, 2, 254, 255, 256, 4096, 65536, 1 << 20])
    if kind == 2:
        return "/".join(r.choice(["..", ".", "", "x", POOL, "minimal-app", "\u00e4"]) for _ in range(r.randrange(1, 12)))
    return "".join(r.choice(alphabet) for _ in range(r.randrange(1, 40)))


def rnd_path(r):
    base = r.choice(["/", POOL, BAIT, "/proc/self", "/dev", "/etc", "/nonexistent", "relative", "/run/portables"])
    parts = [r.choice(["..", ".", "", "minimal-app", "app0", "loop-a", "plain-file", "link-to-app", "x" * 256, "fd", "null"])
             for _ in range(r.randrange(0, 5))]
    return "/".join([base] + parts)


# Arguments are drawn from values that reach deep (real images, valid profiles) unless the call is
# "chaotic" (a quarter of them): then every argument may be a boundary or random value.
IMAGE_NAMES = ["minimal-app", "app0", "rawapp", f"{POOL}/minimal-app", f"{POOL}/rawapp.raw", f"{BAIT}/minimal-app",
               f"{BAIT}/app0", f"{BAIT}/link-to-app"]
ODD_NAMES = ["nosuch", "", ".", "..", "/", "a/b", ".#minimal-app", "x" * 255, "x" * 256, "/dev/null", "/proc/self",
             f"{POOL}/../portables/minimal-app", f"{BAIT}/loop-a", f"{BAIT}/plain-file", "minimal-app/", f"{POOL}//minimal-app"]


def image_arg(r, destructive, chaos):
    """Destructive methods get only victims (restored when removed) or names that find no image."""
    if destructive:
        return r.choice(VICTIMS + ["nosuch", "", "..", "/", "a/b", "x" * 256, f"{POOL}/victim", "/nonexistent/x"]) if chaos \
            else r.choice(VICTIMS)
    if not chaos:
        return r.choice(IMAGE_NAMES + VICTIMS)
    roll = r.random()
    return r.choice(ODD_NAMES) if roll < 0.5 else rnd_path(r) if roll < 0.75 else rnd_string(r)


def ext_list(r, chaos):
    if not chaos:
        return r.choice([[], [], [f"{BAIT}/app0"], ["app0"], [f"{POOL}/app0"]])
    roll = r.random()
    if roll < 0.4:
        return [r.choice([f"{BAIT}/plain-file", "nosuch", "", f"{BAIT}/loop-a", "minimal-app", "/", ".."])]
    if roll < 0.6:
        return [f"{BAIT}/app0"] * r.choice([2, 100, 1000])
    return [r.choice([rnd_path(r), rnd_string(r)]) for _ in range(r.randrange(1, 5))]


def match_list(r, chaos):
    if not chaos:
        return r.choice([[], ["minimal-app"], ["minimal-app"], ["minimal-app"], ["app0"], ["victim"]])
    roll = r.random()
    if roll < 0.5:
        return [r.choice(["", "/", "x" * 300, "..", "a/b"])]
    return [rnd_string(r) for _ in range(r.randrange(1, 4))]


def profile(r, chaos):
    if not chaos:
        return r.choice(["default", "default", "trusted", "strict", "nonetwork"])
    return r.choice(["", ".", "..", "a/b", "nosuch", "/usr/lib/systemd/portable/profile/default"]) if r.random() < 0.5 else rnd_string(r)


def copy_mode(r, chaos):
    if not chaos:
        return r.choice(["", "", "copy", "symlink", "mixed"])
    return r.choice(["COPY", "bogus", "x" * 1000]) if r.random() < 0.5 else rnd_string(r)


def flags(r, chaos):
    if not chaos:
        return r.choice([0, 0, 0, 1])
    return r.choice([4, 7, 8, 1 << 63, (1 << 64) - 1, r.getrandbits(64)])


def limit(r, chaos):
    return r.choice([0, 1, 4096, 1 << 30, (1 << 64) - 1, r.getrandbits(64)])


def boolean(r, chaos):
    return r.random() < 0.5


# name, signature, argument generators, destructive (targets victims only)
GEN = {"s": None, "as:ext": ext_list, "as:match": match_list, "s:profile": profile, "s:copy": copy_mode,
       "b": boolean, "t:flags": flags, "t:limit": limit}
MANAGER_METHODS = [
    ("GetImage", ["s"], False), ("ListImages", [], False), ("GetImageOSRelease", ["s"], False),
    ("GetImageMetadata", ["s", "as:match"], False), ("GetImageMetadataWithExtensions", ["s", "as:ext", "as:match", "t:flags"], False),
    ("GetImageState", ["s"], False), ("GetImageStateWithExtensions", ["s", "as:ext", "t:flags"], False),
    ("AttachImage", ["s", "as:match", "s:profile", "b", "s:copy"], False),
    ("AttachImageWithExtensions", ["s", "as:ext", "as:match", "s:profile", "s:copy", "t:flags"], False),
    ("DetachImage", ["s", "b"], False), ("DetachImageWithExtensions", ["s", "as:ext", "t:flags"], False),
    ("ReattachImage", ["s", "as:match", "s:profile", "b", "s:copy"], False),
    ("ReattachImageWithExtensions", ["s", "as:ext", "as:match", "s:profile", "s:copy", "t:flags"], False),
    ("RemoveImage", ["s"], True), ("MarkImageReadOnly", ["s", "b"], True), ("SetImageLimit", ["s", "t:limit"], True),
    ("SetPoolLimit", ["t:limit"], True),
]
IMAGE_METHODS = [
    ("GetOSRelease", [], False), ("GetMetadata", ["as:match"], False), ("GetMetadataWithExtensions", ["as:ext", "as:match", "t:flags"], False),
    ("GetState", [], False), ("GetStateWithExtensions", ["as:ext", "t:flags"], False),
    ("Attach", ["as:match", "s:profile", "b", "s:copy"], False), ("AttachWithExtensions", ["as:ext", "as:match", "s:profile", "s:copy", "t:flags"], False),
    ("Detach", ["b"], False), ("DetachWithExtensions", ["as:ext", "t:flags"], False),
    ("Reattach", ["as:match", "s:profile", "b", "s:copy"], False),
    ("ReattachWithExtensions", ["as:ext", "as:match", "s:profile", "s:copy", "t:flags"], False),
    ("Remove", [], True), ("MarkReadOnly", ["b"], True), ("SetLimit", ["t:limit"], True),
]


def path_encode(name):
    """sd_bus_path_encode(): letters and digits kept, every other byte as _xx; empty as _."""
    if name == "":
        return "_"
    return "".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"_{b:02x}" for b in name.encode())


def signature_of(kinds):
    return "".join(k.split(":")[0] for k in kinds)


def wrong_arguments(r, kinds):
    """A signature the method does not take, with values of that signature."""
    choice = r.randrange(4)
    if choice == 0 and kinds:
        kinds = kinds[:-1]
    elif choice == 1:
        kinds = kinds + [r.choice(["s", "b", "t:flags"])]
    elif choice == 2 and kinds:
        i = r.randrange(len(kinds))
        kinds = kinds[:i] + [r.choice(["b", "t:flags", "as:match", "s"])] + kinds[i + 1:]
    else:
        kinds = [r.choice(["s", "b", "t:flags", "as:match"]) for _ in range(r.randrange(0, 7))]
    return kinds


def generate(r):
    """One call: (object path, interface, method, signature, args as plain values)."""
    roll = r.random()
    if roll < 0.04:
        return (MANAGER, PROPS, r.choice(["Get", "GetAll", "Set"]), None, None)
    if roll < 0.06:
        return (r.choice([MANAGER, MANAGER + "/image/" + path_encode(rnd_string(r)[:20000]), "/", MANAGER + "/x"]),
                r.choice([MI, II, "org.example.Nope"]), r.choice(["Nope", "GetImage", "Attach", ""]) or "Nope", "s", ["x"])
    on_image = roll < 0.4
    chaos = r.random() < 0.25
    method, kinds, destructive = r.choice(IMAGE_METHODS if on_image else MANAGER_METHODS)
    wrong = r.random() < 0.08
    if wrong:
        kinds = wrong_arguments(r, list(kinds))
    args = []
    for i, kind in enumerate(kinds):
        if kind == "s" and i == 0 and not on_image and not wrong:
            args.append(image_arg(r, destructive, chaos))
        elif kind == "s":
            args.append(rnd_string(r) if wrong else image_arg(r, destructive, chaos))
        else:
            args.append(GEN[kind](r, chaos))
    path = MANAGER
    if on_image:
        # Image objects are named by image name only; a path there finds no object.
        name = image_arg(r, destructive, chaos)
        name = name if chaos or "/" not in name else os.path.basename(name).split(".")[0]
        # sd-bus ignores a message whose object path is over 64 KiB (BUS_PATH_SIZE_MAX): no reply
        # ever comes, from our daemon as from upstream's, so paths stay below (20,000 bytes encode
        # to at most 60,000).
        path = MANAGER + "/image/" + path_encode(name.encode()[:20000].decode(errors="ignore"))
    return (path, II if on_image else MI, method, signature_of(kinds), args)


def props_args(r, method):
    interface = r.choice([MI, "", "org.example.Nope"])
    prop = r.choice(["PoolPath", "PoolUsage", "PoolLimit", "Profiles", "Nope", ""])
    if method == "GetAll":
        return "s", [interface]
    if method == "Get":
        return "ss", [interface, prop]
    return "ssv", [interface, prop, r.choice(["x", 1, True])]


def to_dbus(signature, args):
    out = []
    for code, value in zip(signature_codes(signature), args):
        if code == "t":
            out.append(dbus.UInt64(value))
        elif code == "b":
            out.append(dbus.Boolean(value))
        elif code == "as":
            out.append(dbus.Array(value, signature="s"))
        elif code == "v":
            out.append(value)
        else:
            out.append(dbus.String(value))
    return out


def signature_codes(signature):
    codes, i = [], 0
    while i < len(signature):
        n = 2 if signature[i] == "a" else 1
        codes.append(signature[i:i + n])
        i += n
    return codes


def perform(bus, path, interface, method, signature, args):
    """Sends one call; returns (outcome, seconds). Outcome is 'ok' or the error name."""
    obj = bus.get_object(BUS, path, introspect=False)
    started = time.monotonic()
    try:
        obj.get_dbus_method(method, interface)(*to_dbus(signature, args), signature=signature, timeout=opts.reply_bound + 30)
        outcome = "ok"
    except dbus.exceptions.DBusException as e:
        outcome = e.get_dbus_name() or "?"
    except (TypeError, ValueError, UnicodeError) as e:
        outcome = "client:" + type(e).__name__
    return outcome, time.monotonic() - started


# --- the unprivileged caller: a forked child with its own connection, fed calls over a pipe.
to_child_r, to_child_w = os.pipe()
from_child_r, from_child_w = os.pipe()
child = os.fork()
if child == 0:
    os.close(to_child_w)
    os.close(from_child_r)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    ubus = dbus.SystemBus()
    with os.fdopen(to_child_r) as inp, os.fdopen(from_child_w, "w") as outp:
        for line in inp:
            spec = json.loads(line)
            outcome, seconds = perform(ubus, *spec)
            outp.write(json.dumps([outcome, seconds]) + "\n")
            outp.flush()
    os._exit(0)
os.close(to_child_r)
os.close(from_child_w)
child_in = os.fdopen(to_child_w, "w")
child_out = os.fdopen(from_child_r)

bus = dbus.SystemBus()
dbus_obj = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus", introspect=False)
OWNER = str(dbus_obj.GetNameOwner(BUS, dbus_interface="org.freedesktop.DBus"))
OWNER_PID = int(dbus_obj.GetConnectionUnixProcessID(OWNER, dbus_interface="org.freedesktop.DBus"))


def violations():
    """Every invariant that does not hold now, as sentences."""
    found = []
    try:
        owner = str(dbus_obj.GetNameOwner(BUS, dbus_interface="org.freedesktop.DBus"))
    except dbus.exceptions.DBusException:
        owner = None
    if owner != OWNER or not os.path.exists(f"/proc/{OWNER_PID}"):
        found.append(f"alive: the daemon (pid {OWNER_PID}, {OWNER}) is gone; name owner now {owner}")
    for d in ATTACHED:
        if not os.path.isdir(d):
            continue
        names = set(os.listdir(d))
        for name in names:
            if name.startswith(".#"):
                found.append(f"host: temporary file {d}/{name}")
            elif name.endswith(".d"):
                if name[:-2] not in names:
                    found.append(f"host: drop-in directory {d}/{name} without its unit")
                for inner in os.listdir(f"{d}/{name}"):
                    if inner.startswith(".#"):
                        found.append(f"host: temporary file {d}/{name}/{inner}")
            elif name + ".d" not in names:
                found.append(f"host: unit {d}/{name} without its drop-in directory")
    for d in LINKS:
        if os.path.isdir(d):
            for name in os.listdir(d):
                if name.startswith(".#"):
                    found.append(f"host: temporary file {d}/{name}")
    for root, rel in sorted(written_paths() - BASELINE_WRITES):
        if not allowed(root, rel):
            found.append(f"confined: wrote {root}/{rel}")
    if tree_digest(BAIT) != BAIT_DIGEST:
        found.append(f"confined: the bait tree {BAIT} changed")
    return found


def reset_host():
    """Back to nothing attached now and then, so the state stays small; victims come back."""
    for d in ATTACHED + LINKS:
        shutil.rmtree(d, ignore_errors=True)
    for name in VICTIMS:
        if os.path.isdir(f"{POOL}/{name}"):
            os.system(f"chattr -R -i {POOL}/{name} >/dev/null 2>&1")
    restore_pool()


rng = random.Random(opts.seed)
log = open(opts.log, "w") if opts.log else None
counts = {}
slowest = 0.0
as_nobody = 0
for index in range(opts.calls):
    path, interface, method, signature, args = generate(rng)
    if interface == PROPS:
        signature, args = props_args(rng, method)
    unprivileged = rng.random() < 0.3
    if unprivileged:
        as_nobody += 1
        child_in.write(json.dumps([path, interface, method, signature, args]) + "\n")
        child_in.flush()
        outcome, seconds = json.loads(child_out.readline())
    else:
        outcome, seconds = perform(bus, path, interface, method, signature, args)
    slowest = max(slowest, seconds)
    key = f"{method}:{outcome}"
    counts[key] = counts.get(key, 0) + 1
    described = f"#{index} seed {opts.seed} {'nobody' if unprivileged else 'root'} {path[:200]} {interface}.{method}({signature}) " + \
        json.dumps(args)[:300]
    if log:
        log.write(f"{described} => {outcome} {seconds:.3f}s\n")
    found = violations()
    if seconds > opts.reply_bound:
        found.append(f"bound: reply after {seconds:.1f} s (bound {opts.reply_bound} s)")
    if found:
        print(f"VIOLATION after {described}:\n  " + "\n  ".join(found), flush=True)
        os.kill(child, signal.SIGKILL)
        sys.exit(1)
    if (index + 1) % 40 == 0 or any(p.startswith(POOL) and not os.path.lexists(p) for p in (f"{POOL}/{v}" for v in VICTIMS)):
        reset_host()

child_in.close()
os.waitpid(child, 0)
ok = sum(v for k, v in counts.items() if k.endswith(":ok"))
errors = {}
for k, v in counts.items():
    name = k.split(":", 1)[1]
    if name != "ok":
        errors[name] = errors.get(name, 0) + v
print(f"bus-fuzz: seed {opts.seed}: {opts.calls} calls ({as_nobody} as nobody), {ok} ok, "
      f"{len(errors)} distinct errors, slowest reply {slowest:.2f} s, 0 violations")
for name, n in sorted(errors.items(), key=lambda e: -e[1]):
    print(f"  {n:6d} {name}")
