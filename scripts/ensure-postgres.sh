#!/usr/bin/env bash
# Makes initdb/pg_ctl available for the tests and benchmarks, installing Debian's postgresql package
# when they are missing. Sourced by scripts/test.sh and scripts/bench.sh.
for dir in /usr/lib/postgresql/*/bin; do
  [ -d "$dir" ] && case ":$PATH:" in *":$dir:"*) ;; *) PATH="$PATH:$dir" ;; esac
done
export PATH
if [ -z "${BATCH_TEST_POSTGRES:-}" ] && ! command -v initdb >/dev/null 2>&1; then
  echo "PostgreSQL (initdb) not found: installing the postgresql package..." >&2
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  for dir in /usr/lib/postgresql/*/bin; do PATH="$PATH:$dir"; done
  export PATH
  command -v initdb >/dev/null 2>&1 || { echo "error: initdb is still missing after installing postgresql" >&2; exit 1; }
fi
