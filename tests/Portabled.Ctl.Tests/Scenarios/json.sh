#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# --json=short|pretty|off for list, inspect and is-attached (ours; upstream has none). Compared with
# Golden/json.txt; every JSON document must also parse and agree with the text output (JsonOutputTests).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "json.sh: run inside scripts/sandbox" >&2; exit 2; }
export LANG=C.UTF-8 TZ=UTC
P=/var/lib/portables
cp -a "$IMG/minimal-app" "$IMG/nixapp" $P/
head -c 1572864 /dev/zero > $P/zeros.raw; chmod 0444 $P/zeros.raw; touch -d '2021-01-02 03:04:05 UTC' $P/zeros.raw
mkdir -p /var/lib/ctltest; cp -a "$IMG/app0" /var/lib/ctltest/
t portablectl --json=short list
t portablectl --json=pretty list
t portablectl --json=off list
t portablectl --json=short --no-legend list
t portablectl --json=help
t portablectl --json=bogus list
t portablectl --json
t portablectl --json=short inspect minimal-app
t portablectl --json=pretty inspect minimal-app -
t portablectl --json=pretty inspect --cat --extension=/var/lib/ctltest/app0 minimal-app minimal-app.service app0
t portablectl --json=short is-attached minimal-app
t portablectl --json=short -q is-attached minimal-app
portablectl attach -q --no-reload minimal-app minimal-app.service
t portablectl --json=pretty is-attached minimal-app
t portablectl --json=short list
t portablectl --json=short inspect no-such-image
