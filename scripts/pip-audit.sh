#!/usr/bin/env bash
# Audit the installed Python packages against PyPI's vulnerability data with pip-audit.
# A known vulnerability always fails. A package pip-audit cannot look up (a machine without
# PyPI's JSON API, as this project's CI machines are) is reported loudly as NOT audited while
# the others are still checked, and the run carries on, so `make test` works wherever the
# packages install; FRONTDOOR_PIP_AUDIT=strict (before a release) fails on it instead.
set -uo pipefail
cd "$(dirname "$0")/.."

strict=()
if [ "${FRONTDOOR_PIP_AUDIT:-}" = "strict" ]; then
  strict=(--strict)
fi
output=$(.venv/bin/pip-audit "${strict[@]}" --skip-editable --progress-spinner off 2>&1)
status=$?
echo "$output"
if grep -q "could not be audited" <<<"$output"; then
  cat >&2 <<'MESSAGE'

pip-audit: PyPI's vulnerability data could not be reached for some packages (its JSON API
answered "not found" or not at all), so those were NOT audited. Run
`FRONTDOOR_PIP_AUDIT=strict make security` on a machine that reaches PyPI's JSON API.
MESSAGE
fi
exit $status
