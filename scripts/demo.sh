#!/usr/bin/env bash
# make demo: boot the test VM, load xtcp, open sockets on its family, show
# what it registered, unload it and show that nothing is left.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
exec "$XTCP_ROOT/scripts/vm.sh" --kernel "${XTCP_DEMO_KERNEL:-debug}" -- scripts/guest/demo.sh
