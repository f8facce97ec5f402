#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Odd arguments to every method of org.freedesktop.portable1 (Manager and Image objects), through
# python3-dbus so that error NAMES are visible (busctl shows only messages). One line per call:
#   <method> <arguments> => <error name>: <message>      or      => ok <reply summary>
# Runs against whichever daemon owns org.freedesktop.portable1 on the system bus (scripts/sandbox
# sets DBUS_SYSTEM_BUS_ADDRESS), with a stand-in systemd1. Every attach or reattach is followed by
# removing whatever got attached, so rows do not depend on each other (upstream leaves the files of
# a failed attach behind, ours rolls them back).
#   odd-arguments.py IMGDIR      (IMGDIR from scripts/make-sample-images)
import os
import re
import shutil
import sys
import time
import zlib

import dbus

IMG = sys.argv[1]
BUS = "org.freedesktop.portable1"
MANAGER = "/org/freedesktop/portable1"
MI = "org.freedesktop.portable1.Manager"
II = "org.freedesktop.portable1.Image"
IMAGE_PREFIX = "/org/freedesktop/portable1/image/"
POOL = "/var/lib/portables"
OUTSIDE = "/var/lib/portabled-odd"

shutil.copytree(f"{IMG}/minimal-app", f"{POOL}/minimal-app", symlinks=True)
os.makedirs(OUTSIDE, exist_ok=True)
shutil.copytree(f"{IMG}/app0", f"{OUTSIDE}/app0", symlinks=True)
shutil.copytree(f"{IMG}/app0", f"{OUTSIDE}/other/app0", symlinks=True)
shutil.copytree(f"{IMG}/broken", f"{OUTSIDE}/broken", symlinks=True)
with open(f"{OUTSIDE}/plain-file", "w") as f:
    f.write("not an image\n")
with open(f"{OUTSIDE}/empty.raw", "w") as f:
    pass
os.symlink(f"{POOL}/minimal-app", f"{OUTSIDE}/link-to-app")
for name, release in (("ext-no-release-dir", None), ("ext-empty-release-dir", ""), ("ext-other-release", "other")):
    os.makedirs(f"{OUTSIDE}/{name}/usr/lib/systemd/system")
    if release is not None:
        os.makedirs(f"{OUTSIDE}/{name}/usr/lib/extension-release.d")
    if release:
        with open(f"{OUTSIDE}/{name}/usr/lib/extension-release.d/extension-release.{release}", "w") as f:
            f.write("ID=_any\n")
os.symlink("loop-a", f"{OUTSIDE}/loop-b")
os.symlink("loop-b", f"{OUTSIDE}/loop-a")
EXT = f"{OUTSIDE}/app0"
for n in (250, 253):
    # long names that exist: whether the lookup finds them or trips over a longer candidate (NAME.raw…)
    shutil.copytree(f"{IMG}/broken", f"{POOL}/{'z' * n}", symlinks=True)

bus = dbus.SystemBus()


def short(text):
    """Long repetitions shortened to c{N} or (text){N} (64 KiB names print in a line), escapes visible."""
    text = re.sub(r"/proc/[0-9]+", "/proc/PID", text)
    # Which unit a failed attach names depends on upstream's hash order.
    text = re.sub(r"Failed to attach unit '[^']*'", "Failed to attach unit '(unit)'", text)
    text = re.sub(r"(.{1,4}?)\1{15,}", lambda m: (m.group(1) if len(m.group(1)) == 1 else f"({m.group(1)})") + f"{{{len(m.group(0)) // len(m.group(1))}}}", text, flags=re.S)
    text = re.sub(r"(.{5,64}?)\1{7,}", lambda m: f"({m.group(1)}){{{len(m.group(0)) // len(m.group(1))}}}", text, flags=re.S)
    return text.encode("unicode_escape").decode("ascii")


def fmt(value):
    """An argument as the table shows it: strings quoted, arrays with repeats folded (x*1000)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, (list, tuple)):
        if len(value) > 3 and all(v == value[0] for v in value):
            return f"[{fmt(value[0])}*{len(value)}]"
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    return "'" + short(str(value)) + "'"


def summary(reply):
    """The reply without what legitimately varies (hash order of changes, timestamps, bytes)."""
    if isinstance(reply, (dbus.String, dbus.ObjectPath, dbus.Boolean)):
        return str(reply)
    if isinstance(reply, dbus.Dictionary):
        return "{" + ",".join(sorted(str(k) for k in reply)) + "}"
    if isinstance(reply, (dbus.Array, dbus.ByteArray, bytes)) and (isinstance(reply, (dbus.ByteArray, bytes)) or reply.signature == "y"):
        return f"<{len(reply)} bytes>"
    if isinstance(reply, dbus.Array):
        if all(isinstance(e, dbus.Struct) and len(e) == 3 for e in reply):
            # changes: counted per type, with a checksum of the sorted (type, path, source) list
            kinds = sorted({str(e[0]) for e in reply})
            listing = "\n".join(sorted(f"{e[0]} {e[1]} {e[2]}" for e in reply))
            return "changes[" + " ".join(f"{k}*{sum(1 for e in reply if e[0] == k)}" for k in kinds) + f"] {zlib.crc32(listing.encode()):08x}"
        if all(isinstance(e, dbus.Struct) for e in reply):
            return "[" + ",".join(str(e[0]) for e in reply) + "]"
        return "[" + ",".join(str(e) for e in reply) + "]"
    if isinstance(reply, tuple):
        return " ".join(summary(r) for r in reply)
    if reply is None:
        return "()"
    return str(reply)


def call(path, interface, method, signature, *args):
    # Upstream keeps the images it acquired in a cache until its event loop next goes idle; calls
    # arriving back to back then see each other's entries (a path acquired as a name, EEXIST for
    # the same image under two keys: seen with 252 and 262). A moment between calls lets it go idle.
    time.sleep(0.002)
    obj = bus.get_object(BUS, path, introspect=False)
    described = method + "(" + ", ".join(fmt(a) for a in args) + ")"
    if path != MANAGER:
        described = f"{short(path[len(MANAGER) + 1:])} {described}"
    try:
        reply = obj.get_dbus_method(method, interface)(*args, signature=signature, timeout=120)
        print(f"{described} => ok {short(summary(reply))}", flush=True)
        return True
    except dbus.exceptions.DBusException as e:
        print(f"{described} => {e.get_dbus_name()}: {short(e.get_dbus_message() or '')}", flush=True)
        return False


def detach_all():
    """Back to nothing attached, whatever the daemon did (also after an attach it should have refused)."""
    for d in ("/etc/systemd/system.attached", "/run/systemd/system.attached", "/etc/portables", "/run/portables"):
        shutil.rmtree(d, ignore_errors=True)


def manager(method, signature, *args):
    call(MANAGER, MI, method, signature, *args)
    if "Attach" in method:
        detach_all()


def image(name_or_path, method, signature, *args):
    call(name_or_path, II, method, signature, *args)
    if "Attach" in method:
        detach_all()


def ls(values):
    return dbus.Array(values, signature="s")


# The path of minimal-app comes first: upstream caches acquired images for the rest of an event
# loop iteration by name and path, and GetImage of a path it has cached answers the object instead
# of "Expected image name" (seen with 262 when calls arrive back to back), so no earlier call may
# have acquired it.
NAMES = [
    f"{POOL}/minimal-app", "minimal-app", f"{POOL}/minimal-app/", "nosuch", "", ".", "..", "/", "//", "a/b", "minimal-app/",
    ".#minimal-app", ".hidden", "a\x01b", "a\tb", "a\nb", "a\x7fb", "a b", "-", "\u00e4", "x" * 255, "x" * 256, "x" * 65536,
    f"{POOL}/../portables/minimal-app", f"{POOL}//minimal-app", f"{POOL}/./minimal-app", "/nonexistent", "/" + "x" * 256,
    "/" + "x/" * 2100, "/proc/self", "/etc/os-release", "/dev/null", f"{OUTSIDE}/plain-file", f"{OUTSIDE}/empty.raw",
    f"{OUTSIDE}/loop-a", f"{OUTSIDE}/broken", "relative", f"{OUTSIDE}/link-to-app", "_x", "x_1", "x+1", "a:b", "a'b",
    "/etc/os-release/x", "z" * 250, "z" * 253,
] + ["y" * n for n in range(245, 255)]

# What names a real image: image management is not called on these.
IMAGES = {"minimal-app", f"{POOL}/minimal-app", f"{POOL}/minimal-app/", f"{OUTSIDE}/broken", f"{OUTSIDE}/empty.raw",
          f"{OUTSIDE}/link-to-app", "z" * 250, "z" * 253, "/proc/self"}

EXTENSIONS = [
    [], [EXT], [""], ["."], [".."], ["/"], ["nosuch"], ["a/b"], ["/nonexistent"], ["/proc/self"], ["minimal-app"],
    [f"{POOL}/minimal-app"], ["a\x01b"], ["x" * 256], [f"{OUTSIDE}/../odd/app0"], [f"{OUTSIDE}//app0"], [f"{OUTSIDE}/plain-file"],
    [f"{OUTSIDE}/broken"], [f"{OUTSIDE}/loop-a"], [EXT, EXT], [EXT] * 1000, ["/dev/null"], [f"{OUTSIDE}/ext-no-release-dir"],
    [f"{OUTSIDE}/ext-empty-release-dir"], [f"{OUTSIDE}/ext-other-release"], ["app0"], [EXT, f"{OUTSIDE}/app0/"], [".."] * 2,
    [EXT, "nosuch"], ["nosuch", EXT], ["y" * 250], [EXT, f"{OUTSIDE}/other/app0"],
]

MATCHES = [[], ["minimal-app"], [""], ["/"], [".."], ["a/b"], ["nosuch"], ["x" * 300], ["minimal-app"] * 1000, ["a\x01b"]]

PROFILES = ["default", "", ".", "..", "/", "a/b", "/usr/lib/systemd/portable/profile/default", "nosuch", "x" * 256, "a\x01b", "trusted"]

COPY_MODES = ["", "copy", "symlink", "mixed", "COPY", "bogus", "x" * 1000, "a\x01b"]

FLAGS = [0, 1, 2, 4, 7, 8, 16, 32, 64, 1 << 63, (1 << 64) - 1]


def u64(v):
    return dbus.UInt64(v)


# --- the image argument of every Manager method
for n in NAMES:
    manager("GetImage", "s", n)
    manager("GetImageOSRelease", "s", n)
    manager("GetImageMetadata", "sas", n, ls([]))
    manager("GetImageMetadataWithExtensions", "sasast", n, ls([]), ls([]), u64(0))
    manager("GetImageState", "s", n)
    manager("GetImageStateWithExtensions", "sast", n, ls([]), u64(0))
    manager("AttachImage", "sassbs", n, ls([]), "default", False, "")
    manager("AttachImageWithExtensions", "sasassst", n, ls([]), ls([]), "default", "", u64(0))
    manager("DetachImage", "sb", n, False)
    manager("DetachImageWithExtensions", "sast", n, ls([]), u64(0))
    manager("ReattachImage", "sassbs", n, ls([]), "default", False, "")
    manager("ReattachImageWithExtensions", "sasassst", n, ls([]), ls([]), "default", "", u64(0))
    if n not in IMAGES:
        # Image management of a real image is not compared (upstream would remove it): only the
        # argument checks are.
        manager("RemoveImage", "s", n)
        manager("MarkImageReadOnly", "sb", n, False)
        manager("SetImageLimit", "st", n, u64(1 << 30))

# --- state and detach while something is attached: the argument is then compared with markers
def attached(extensions, runtime):
    print(f"# attached: minimal-app, extensions={fmt(extensions)}, runtime={fmt(runtime)}", flush=True)
    obj = bus.get_object(BUS, MANAGER, introspect=False)
    obj.get_dbus_method("AttachImageWithExtensions", MI)("minimal-app", ls(extensions), ls([]), "default", "", u64(1 if runtime else 0), signature="sasassst")
    return lambda: obj.get_dbus_method("AttachImageWithExtensions", MI)("minimal-app", ls(extensions), ls([]), "default", "", u64(3 if runtime else 2), signature="sasassst")


for extensions, runtime in (([], False), ([EXT], True)):
    reattach = attached(extensions, runtime)
    for n in NAMES:
        for e in ([], extensions, [".."], [""]):
            call(MANAGER, MI, "GetImageStateWithExtensions", "sast", n, ls(e), u64(0))
        call(MANAGER, MI, "GetImageState", "s", n)
        if call(MANAGER, MI, "DetachImage", "sb", n, runtime):
            reattach()
        for e in ([], extensions, [".."], ["x" * 256]):
            if call(MANAGER, MI, "DetachImageWithExtensions", "sast", n, ls(e), u64(1 if runtime else 0)):
                reattach()
    for o in ("minimal_2dapp", "_2e_2e", "_", "a_2fb"):
        call(IMAGE_PREFIX + o, II, "GetState", "")
        call(IMAGE_PREFIX + o, II, "GetStateWithExtensions", "ast", ls(extensions), u64(0))
    detach_all()

# --- extensions
for e in EXTENSIONS:
    x = ls(e)
    manager("GetImageMetadataWithExtensions", "sasast", "minimal-app", x, ls([]), u64(0))
    manager("GetImageStateWithExtensions", "sast", "minimal-app", x, u64(0))
    manager("AttachImageWithExtensions", "sasassst", "minimal-app", x, ls([]), "default", "", u64(0))
    manager("DetachImageWithExtensions", "sast", "minimal-app", x, u64(0))
    manager("ReattachImageWithExtensions", "sasassst", "minimal-app", x, ls([]), "default", "", u64(0))

# --- matches
for m in MATCHES:
    x = ls(m)
    manager("GetImageMetadata", "sas", "minimal-app", x)
    manager("AttachImage", "sassbs", "minimal-app", x, "default", False, "")
    manager("ReattachImage", "sassbs", "minimal-app", x, "default", False, "")

# --- profiles and copy modes
for p in PROFILES:
    manager("AttachImage", "sassbs", "minimal-app", ls([]), p, False, "")
    manager("ReattachImage", "sassbs", "minimal-app", ls([]), p, True, "")
for c in COPY_MODES:
    manager("AttachImage", "sassbs", "minimal-app", ls([]), "default", False, c)
    manager("AttachImageWithExtensions", "sasassst", "minimal-app", ls([]), ls([]), "default", c, u64(1))
    manager("ReattachImage", "sassbs", "minimal-app", ls([]), "default", False, c)
    manager("AttachImage", "sassbs", "nosuch", ls([]), "nosuch", False, c)

# --- flags
for f in FLAGS:
    manager("GetImageMetadataWithExtensions", "sasast", "minimal-app", ls([]), ls([]), u64(f))
    manager("GetImageStateWithExtensions", "sast", "minimal-app", ls([]), u64(f))
    manager("AttachImageWithExtensions", "sasassst", "minimal-app", ls([]), ls([]), "default", "", u64(f))
    manager("DetachImageWithExtensions", "sast", "minimal-app", ls([]), u64(f))
    manager("ReattachImageWithExtensions", "sasassst", "minimal-app", ls([]), ls([]), "default", "", u64(f))
    manager("AttachImageWithExtensions", "sasassst", "nosuch", ls([]), ls([]), "bogus", "bogus", u64(f))
    manager("GetImageMetadataWithExtensions", "sasast", "nosuch", ls(["nosuch"]), ls([]), u64(f))

# --- which check comes first when several arguments are wrong
manager("AttachImage", "sassbs", "..", ls([]), "..", False, "bogus")
manager("AttachImage", "sassbs", "nosuch", ls([]), "..", False, "")
manager("AttachImageWithExtensions", "sasassst", "nosuch", ls(["nosuch"]), ls([]), "nosuch", "", u64(0))
manager("AttachImageWithExtensions", "sasassst", "minimal-app", ls(["nosuch"]), ls([]), "nosuch", "", u64(0))
manager("ReattachImageWithExtensions", "sasassst", "nosuch", ls(["/"]), ls([]), "nosuch", "bogus", u64(8))

# --- image objects: odd object paths, each with every Image method
OBJECTS = [
    "minimal_2dapp", "nosuch", "_", "a_2fb", "_2e", "_2e_2e", "_2f", "a_01b", "_2e_23x", "x" * 300, "_zz", "_2", "a_2Fb",
    "minimal_2dapp/sub",
]
for o in OBJECTS:
    path = IMAGE_PREFIX + o
    image(path, "GetOSRelease", "")
    image(path, "GetMetadata", "as", ls([]))
    image(path, "GetMetadataWithExtensions", "asast", ls([]), ls([]), u64(0))
    image(path, "GetState", "")
    image(path, "GetStateWithExtensions", "ast", ls([]), u64(0))
    image(path, "Attach", "assbs", ls([]), "default", False, "")
    image(path, "AttachWithExtensions", "asassst", ls([]), ls([]), "default", "", u64(0))
    image(path, "Detach", "b", False)
    image(path, "DetachWithExtensions", "ast", ls([]), u64(0))
    image(path, "Reattach", "assbs", ls([]), "default", False, "")
    # ReattachWithExtensions/ReattacheWithExtensions are left out: both spellings work in ours, in
    # both modes (docs/differences.md); upstream 252 has no correct name and its typo always fails.
    call(path, "org.freedesktop.DBus.Properties", "Get", "ss", II, "Name")
    call(path, "org.freedesktop.DBus.Properties", "GetAll", "s", II)
    if o != "minimal_2dapp":
        image(path, "Remove", "")
        image(path, "MarkReadOnly", "b", False)
        image(path, "SetLimit", "t", u64(1 << 30))
call(IMAGE_PREFIX[:-1], II, "GetState", "")
for o in ("minimal_2dapp", "nosuch", "_", "a_01b", "a_2fb"):
    call(IMAGE_PREFIX + o, II, "NoSuchMethod", "")
    call(IMAGE_PREFIX + o, "org.freedesktop.DBus.Introspectable", "Introspect", "")
    call(IMAGE_PREFIX + o, "org.freedesktop.DBus.Peer", "Ping", "")
call(IMAGE_PREFIX + "minimal_2dapp", "org.freedesktop.DBus.Properties", "Get", "ss", II, "NoSuchProperty")

# --- Image methods with odd arguments on a real image object
path = IMAGE_PREFIX + "minimal_2dapp"
for e in [[""], [".."], ["nosuch"], [EXT] * 1000]:
    image(path, "GetStateWithExtensions", "ast", ls(e), u64(0))
    image(path, "AttachWithExtensions", "asassst", ls(e), ls([]), "default", "", u64(0))
    image(path, "DetachWithExtensions", "ast", ls(e), u64(0))
for p in ["", "..", "nosuch"]:
    image(path, "Attach", "assbs", ls([]), p, False, "")
for c in ["bogus", "mixed"]:
    image(path, "Attach", "assbs", ls([]), "default", False, c)
for f in [8, 1 << 63]:
    image(path, "GetStateWithExtensions", "ast", ls([]), u64(f))
    image(path, "AttachWithExtensions", "asassst", ls([]), ls([]), "default", "", u64(f))

# --- pool
for limit in [0, 1 << 30, (1 << 63) - 1, 1 << 63, (1 << 64) - 2, (1 << 64) - 1]:
    manager("SetPoolLimit", "t", u64(limit))
    manager("SetImageLimit", "st", "nosuch", u64(limit))
    manager("SetImageLimit", "st", "/", u64(limit))
