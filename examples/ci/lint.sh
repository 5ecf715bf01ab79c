#!/bin/sh
# Lint the OpenAPI documents of a repository in any CI, with a POSIX shell:
#
#   sh lint.sh [PATH...]            (the default PATH is the current folder)
#
# Installs apilint if it is not on PATH, prints the findings, keeps them as SARIF and JUnit XML in
# $APILINT_REPORTS (apilint-reports by default) for the CI to collect, and exits with apilint's code:
# 0 no finding at or above the fail level, 1 findings, 2 a usage or internal error.
#
#   APILINT_REQUIREMENT    what pip installs when apilint is not on PATH
#   APILINT_CHANGED_SINCE  a git ref, such as origin/main: lint only the documents changed since then,
#                          and those that $ref them
set -eu

requirement=${APILINT_REQUIREMENT:-git+https://github.com/apilint/apilint@v0.1.0}
reports=${APILINT_REPORTS:-apilint-reports}

if ! command -v apilint >/dev/null 2>&1; then
  venv=${APILINT_VENV:-${TMPDIR:-/tmp}/apilint-venv}
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -- "$requirement"
  PATH=$venv/bin:$PATH
fi

if [ "$#" -eq 0 ]; then
  set -- .
fi
if [ -n "${APILINT_CHANGED_SINCE:-}" ]; then
  set -- --changed-since "$APILINT_CHANGED_SINCE" -- "$@"
else
  set -- -- "$@"
fi

mkdir -p -- "$reports"
status=0
apilint lint -f text -f sarif -o "sarif=$reports/apilint.sarif" -f junit -o "junit=$reports/apilint-junit.xml" \
  "$@" || status=$?
exit "$status"
