# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs a command on a pseudo-terminal and prints what it wrote, escape sequences made visible.
#   python3 ptyrun.py COLS ROWS FDS CMD...
# FDS says which of stdin/stdout/stderr (0, 1, 2) are the terminal; the others are /dev/null
# (stdin) or captured separately (stdout, stderr). Exit status: the command's.
import os, pty, struct, sys, fcntl, termios, tempfile

def visible(data):
    out = []
    for b in data:
        if b == 0x1b: out.append("\\e")
        elif b == 0x0d: out.append("\\r")
        elif b in (0x0a, 0x09) or 0x20 <= b < 0x7f or b >= 0x80: out.append(chr(b) if b < 0x80 else None)
        else: out.append("\\x%02x" % b)
    # keep UTF-8 intact: rebuild from bytes for the high range
    res, i = [], 0
    for b, o in zip(data, out):
        res.append(o if o is not None else bytes([b]))
    buf = bytearray()
    for r in res:
        buf += r if isinstance(r, bytes) else r.encode()
    return buf.decode("utf-8", "replace")

cols, rows, fds, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
capture = {n: tempfile.TemporaryFile() for n in "12" if n not in fds}
pid, master = pty.fork()
if pid == 0:
    # The size is set here, on the terminal side, before exec: set by the parent it raced with
    # the command reading it (a loaded machine gave upstream's client 80 columns now and then).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    if "0" not in fds:
        os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
    for n, f in capture.items():
        os.dup2(f.fileno(), int(n))
    os.execvp(cmd[0], cmd)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
# The terminal turns each "\n" into "\r\n" (onlcr): undo that, so "\r" shows what the program wrote.
print("[terminal]")
print(visible(data.replace(b"\r\n", b"\n")))
for n, f in sorted(capture.items()):
    f.seek(0)
    print("[fd %s]" % n)
    print(visible(f.read()))
rc = os.waitstatus_to_exitcode(status)
print("[rc] %d" % rc)
