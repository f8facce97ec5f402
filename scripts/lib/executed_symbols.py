# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints the compiled methods of BINARY that callgrind saw run, in the order of the profiles given:
first every method of the first profile, then those the next one adds, and so on; by name within a
profile (callgrind does not record which ran first, and sorted lists diff well).

    executed_symbols.py BINARY PROFILE...

BINARY must keep its symbol table. Only the binary's own code symbols are printed; callgrind's
names for native runtime code that are not in the table are dropped, and the compiler skips any
name it does not know, so the list only has to be a good guess."""
import re
import subprocess
import sys

FUNCTION = re.compile(r"^c?fn=\((\d+)\)(?: (.+))?$")
RECURSION = re.compile(r"'\d+$")


def code_symbols(binary):
    out = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    return {p[2] for p in (line.split(None, 2) for line in out.splitlines()) if len(p) == 3 and p[1] in "tT"}


def executed(profile):
    """Names of the functions in a callgrind profile (which names functions once, by number)."""
    names = {}
    with open(profile, errors="replace") as f:
        for line in f:
            m = FUNCTION.match(line.rstrip("\n"))
            if m and m.group(2):
                names.setdefault(m.group(1), RECURSION.sub("", m.group(2)))
    return names.values()


def main():
    binary, profiles = sys.argv[1], sys.argv[2:]
    known, seen = code_symbols(binary), set()
    for profile in profiles:
        added = sorted({name for name in executed(profile) if name in known} - seen)
        seen.update(added)
        for name in added:
            print(name)


if __name__ == "__main__":
    main()
