#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The images bench/daemon runs against, built with the real tools into OUT (idempotent: a stamp
file says they are complete).

    daemon_images.py OUT

OUT/warm/        bench-dir/ (directory image) and bench-raw.raw (squashfs) of one small tree whose
                 os-release names the unit prefix "bench" (so the raw copies all match their units)
OUT/many/        5,000 images: dir-0000 .. dir-2499 (small directory trees, unit dir-NNNN.service
                 each, so 500 of them can be attached side by side) and sq-0000.raw .. sq-2499.raw
                 (copies of bench-raw.raw; copy_file_range shares extents where the file system can)
OUT/hostile/     62 raw images made from real squashfs and ext4 images, corrupted in bounded,
                 deterministic ways: superblock fields set to absurd values, truncations, and
                 byte flips from a fixed seed (hostile-NN-WHAT.raw)"""
import os, random, shutil, struct, subprocess, sys

OUT = sys.argv[1]
STAMP = os.path.join(OUT, "stamp-v1")
MANY_EACH = 2500
HOSTILE_SEED = 13


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def tree(root, name, prefixes=None):
    """A small portable image: os-release (usr/lib, linked from etc), one service, a program."""
    osr = f'ID=bench\nVERSION_ID=1\nPRETTY_NAME="Bench {name}"\n'
    if prefixes:
        osr += f"PORTABLE_PREFIXES={prefixes}\n"
    write(f"{root}/usr/lib/os-release", osr)
    os.makedirs(f"{root}/etc", exist_ok=True)
    os.symlink("../usr/lib/os-release", f"{root}/etc/os-release")
    unit = prefixes.split()[0] + "-app" if prefixes else name
    write(f"{root}/usr/lib/systemd/system/{unit}.service",
          f"[Unit]\nDescription=Bench {name}\n\n[Service]\nExecStart=/usr/bin/{name}\n")
    write(f"{root}/usr/bin/{name}", "#!/bin/sh\nexec sleep infinity\n", 0o755)
    for d in ("proc", "sys", "dev", "run", "tmp", "var/tmp"):
        os.makedirs(f"{root}/{d}", exist_ok=True)


def squashfs(src, dst):
    subprocess.run(["mksquashfs", src, dst, "-noappend", "-quiet", "-no-progress", "-comp", "gzip"],
                   check=True, stdout=subprocess.DEVNULL)


def ext4(src, dst):
    with open(dst, "wb") as f:
        f.truncate(2 << 20)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-b", "1024", "-N", "128", "-O", "^has_journal", "-d", src, dst], check=True)


def patch(data, offset, fmt, value):
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def flips(data, rng, count, lo, hi):
    out = bytearray(data)
    for _ in range(count):
        i = rng.randrange(lo, min(hi, len(out)))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def hostile(src_tree, work):
    """62 (name, bytes) pairs."""
    sq, e4 = f"{work}/h.squashfs", f"{work}/h.ext4"
    squashfs(src_tree, sq)
    ext4(src_tree, e4)
    s, e = open(sq, "rb").read(), open(e4, "rb").read()
    used = struct.unpack_from("<Q", s, 40)[0]
    inode_table = struct.unpack_from("<Q", s, 64)[0]
    out = []
    # squashfs superblock (offsets: inodes 4, block_size 12, compression 20, block_log 22,
    # version 28/30, root inode 32, bytes_used 40, id table 48, xattr table 56, inode table 64,
    # directory table 72, fragment table 80, export table 88).
    for what, off, fmt, value in [
        ("sq-magic", 0, "<I", 0x71736873), ("sq-inodes-0", 4, "<I", 0), ("sq-inodes-max", 4, "<I", 0xFFFFFFFF),
        ("sq-block-size-3000", 12, "<I", 3000), ("sq-block-size-huge", 12, "<I", 0xDEADBEEF),
        ("sq-fragments-max", 16, "<I", 0xFFFFFFFF), ("sq-compressor-9", 20, "<H", 9),
        ("sq-block-log-31", 22, "<H", 31), ("sq-version-3", 28, "<H", 3), ("sq-root-inode-far", 32, "<Q", 0x7FFF00000000),
        ("sq-root-offset-ffff", 32, "<Q", 0xFFFF), ("sq-bytes-used-max", 40, "<Q", 2**64 - 1),
        ("sq-id-table-end", 48, "<Q", len(s) + 8), ("sq-id-table-100", 48, "<Q", 100),
        ("sq-xattr-table-1", 56, "<Q", 1), ("sq-inode-table-10", 64, "<Q", 10),
        ("sq-dir-table-0", 72, "<Q", 0), ("sq-dir-table-end", 72, "<Q", used - 2),
        ("sq-fragment-table-end", 80, "<Q", used - 4), ("sq-export-table-1", 88, "<Q", 1),
        ("sq-meta-len-9000", inode_table, "<H", 0x8000 | 9000), ("sq-meta-len-0", inode_table, "<H", 0x8000),
    ]:
        out.append((what, patch(s, off, fmt, value)))
    for frac in (0, 50, 200):
        out.append((f"sq-truncated-{frac}", s[:frac]))
    for part in (4, 2):
        out.append((f"sq-truncated-1of{part}", s[:used // part]))
    out.append(("sq-truncated-1-short", s[:used - 1]))
    rng = random.Random(HOSTILE_SEED)
    for i in range(14):
        out.append((f"sq-flips-{i}", flips(s, rng, 4 + 4 * i, 96, used)))
    # ext4 superblock at 1024 (inodes_count 0, blocks_count 4, first_data_block 20, log_block_size
    # 24, blocks_per_group 32, inodes_per_group 40, magic 56, rev_level 76, inode_size 88).
    sb = 1024
    for what, off, fmt, value in [
        ("e4-magic", 56, "<H", 0), ("e4-inodes-max", 0, "<I", 0xFFFFFFFF), ("e4-blocks-max", 4, "<I", 0xFFFFFFFF),
        ("e4-first-data-block", 20, "<I", 1000), ("e4-log-block-size-20", 24, "<I", 20),
        ("e4-blocks-per-group-0", 32, "<I", 0), ("e4-inodes-per-group-0", 40, "<I", 0),
        ("e4-inode-size-3", 88, "<H", 3), ("e4-rev-level-9", 76, "<I", 9),
    ]:
        out.append((what, patch(e, sb + off, fmt, value)))
    for cut in (1500, len(e) // 8, len(e) // 2):
        out.append((f"e4-truncated-{cut}", e[:cut]))
    for i in range(8):
        out.append((f"e4-flips-{i}", flips(e, rng, 8 + 8 * i, 2048, 64 << 10)))
    assert len(out) == 62, len(out)
    return out


def main():
    if os.path.exists(STAMP):
        return
    shutil.rmtree(OUT, ignore_errors=True)
    work = f"{OUT}/work"
    os.makedirs(work)
    tree(f"{OUT}/warm/bench-dir", "bench-dir", prefixes="bench")
    tree(f"{work}/raw", "bench-raw", prefixes="bench")
    squashfs(f"{work}/raw", f"{OUT}/warm/bench-raw.raw")
    many = f"{OUT}/many"
    os.makedirs(many)
    for i in range(MANY_EACH):
        tree(f"{many}/dir-{i:04}", f"dir-{i:04}")
    for i in range(MANY_EACH):
        # copy_file_range: a reflink where the file system shares extents (btrfs, xfs).
        shutil.copyfile(f"{OUT}/warm/bench-raw.raw", f"{many}/sq-{i:04}.raw")
    os.makedirs(f"{OUT}/hostile")
    for n, (what, data) in enumerate(hostile(f"{work}/raw", work)):
        with open(f"{OUT}/hostile/hostile-{n:02}-{what}.raw", "wb") as f:
            f.write(data)
    shutil.rmtree(work)
    open(STAMP, "w").close()


main()
