# SPDX-License-Identifier: LGPL-2.1-or-later
# Reads `busctl monitor --json=short` output and prints the method calls portablectl sent: flags
# (4 = ALLOW_INTERACTIVE_AUTHORIZATION), destination, path, interface, member, signature and
# arguments. A client is a connection that said Hello and took no well-known name.
import json, re, sys
msgs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
hello = [m["sender"] for m in msgs if m.get("member") == "Hello"]
servers = {m["sender"] for m in msgs if m.get("member") == "RequestName"}
clients = [s for s in hello if s not in servers]
names = {}
for m in msgs:
    if m.get("type") != "method_call" or m.get("sender") not in clients or m.get("member") in ("Hello", "GetId"):
        continue
    n = names.setdefault(m["sender"], "client%d" % (len(names) + 1))
    payload = m.get("payload", {})
    data = json.dumps(payload.get("data"), sort_keys=True)
    data = re.sub(r":1\.\d+", ":1.N", data)
    data = re.sub(r"/job/\d+", "/job/N", data)
    print("%s flags=%s %s %s %s.%s (%s) %s" % (n, m.get("flags"), m.get("destination"), m.get("path"),
          m.get("interface"), m.get("member"), payload.get("type", ""), data))
