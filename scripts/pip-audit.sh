#!/usr/bin/env bash
# Audit the installed Python packages against PyPI's vulnerability data with pip-audit.
# A known vulnerability always fails. A package pip-audit cannot look up (a machine without
# PyPI's JSON API, as this project's CI machines are) is reported loudly as NOT audited, and the
# run carries on, so `make test` works wherever the packages install; set
# FRONTDOOR_PIP_AUDIT=strict (before a release, where the data is reachable) to fail instead.
set -uo pipefail
cd "$(dirname "$0")/.."

output=$(.venv/bin/pip-audit --strict --skip-editable --progress-spinner off 2>&1)
status=$?
echo "$output"
if [ $status -eq 0 ]; then
  exit 0
fi
if grep -q "could not be audited" <<<"$output"; then
  cat >&2 <<'MESSAGE'

pip-audit: PyPI's vulnerability data could not be reached (its JSON API answered "not found"
or not at all), so the dependencies were NOT audited. Run `make security` on a machine that
reaches PyPI's JSON API.
MESSAGE
  if [ "${FRONTDOOR_PIP_AUDIT:-}" != "strict" ]; then
    echo "pip-audit: carrying on UNAUDITED (FRONTDOOR_PIP_AUDIT=strict would fail here)." >&2
    exit 0
  fi
fi
exit $status
