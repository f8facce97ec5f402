#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Sends COUNT identical method calls on ONE bus connection without waiting in between, then prints
# each reply ("return" or "error NAME: MESSAGE") in the order of the calls. busctl and dbus-send make
# one call per connection; this is for what only several calls of one sender show.
#   pipelined-calls.py SOCKET COUNT DESTINATION PATH INTERFACE MEMBER [STRING-ARGUMENT]
# Speaks the D-Bus wire protocol directly (AUTH EXTERNAL, little endian), standard library only.
import os, socket, struct, sys

def pad(buf, n):
    buf.extend(b"\0" * (-len(buf) % n))

def string(buf, s, sig="s"):
    b = s.encode()
    if sig == "g":
        buf.append(len(b))
    else:
        pad(buf, 4)
        buf.extend(struct.pack("<I", len(b)))
    buf.extend(b + b"\0")

def message(serial, dest, path, iface, member, arg, flags=0):
    fields = bytearray()
    for code, sig, value in [(1, "o", path), (2, "s", iface), (3, "s", member), (6, "s", dest)] + ([(8, "g", "s")] if arg is not None else []):
        pad(fields, 8)
        fields.append(code)
        string(fields, sig, "g")
        string(fields, value, sig)
    body = bytearray()
    if arg is not None:
        string(body, arg)
    head = bytearray(b"l" + bytes([1, flags, 1]) + struct.pack("<III", len(body), serial, len(fields)))
    head.extend(fields)
    pad(head, 8)
    return bytes(head + body)

def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("bus closed the connection")
        data += chunk
    return data

def read_message(sock):
    fixed = read_exact(sock, 16)
    kind = fixed[1]
    body_len, _, fields_len = struct.unpack("<III", fixed[4:16])
    fields = read_exact(sock, fields_len + (-(16 + fields_len) % 8))[:fields_len]
    body = read_exact(sock, body_len)
    reply_serial, error = None, None
    i = 0
    while i < len(fields):
        i += -i % 8
        code, siglen = fields[i], fields[i + 1]
        sig = fields[i + 2:i + 2 + siglen].decode()
        i += 3 + siglen
        if sig in ("s", "o"):
            i += -i % 4
            (n,) = struct.unpack("<I", fields[i:i + 4])
            value = fields[i + 4:i + 4 + n].decode()
            i += 5 + n
        elif sig == "g":
            n = fields[i]
            value = fields[i + 1:i + 1 + n].decode()
            i += 2 + n
        else:  # u
            i += -i % 4
            (value,) = struct.unpack("<I", fields[i:i + 4])
            i += 4
        if code == 5:
            reply_serial = value
        elif code == 4:
            error = value
    text = ""
    if error is not None and body_len >= 4:
        (n,) = struct.unpack("<I", body[:4])
        text = body[4:4 + n].decode()
    return kind, reply_serial, error, text

def main():
    path, count, dest, obj, iface, member = sys.argv[1:7]
    arg = sys.argv[7] if len(sys.argv) > 7 else None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall(b"\0AUTH EXTERNAL " + str(os.geteuid()).encode().hex().encode() + b"\r\n")
    if not sock.recv(4096).startswith(b"OK "):
        sys.exit("authentication refused")
    sock.sendall(b"BEGIN\r\n")
    sock.sendall(message(1, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", None))
    serials = list(range(2, 2 + int(count)))
    sock.sendall(b"".join(message(s, dest, obj, iface, member, arg) for s in serials))
    replies = {}
    while len(replies) < len(serials):
        kind, reply_serial, error, text = read_message(sock)
        if kind in (2, 3) and reply_serial in serials:
            replies[reply_serial] = "return" if kind == 2 else f"error {error}: {text}"
    for s in serials:
        print(replies[s])

main()
