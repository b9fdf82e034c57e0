#!/usr/bin/env bash
# Measures the chunk commit of the PostgreSQL job repository: a job of 100,000 items in chunks of 10
# (10,000 commits) whose writer inserts each chunk in the chunk's transaction, against the same work done
# by hand (the floor). Starts a throw-away PostgreSQL cluster with default durability unless
# BATCH_TEST_POSTGRES (or connection=…) names a server.
# Usage: bash scripts/bench-repository.sh [items=100000] [chunk=10] [connection=Host=…]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-postgres.sh
args=("$@")
if [ -n "${BATCH_TEST_POSTGRES:-}" ]; then args+=("connection=$BATCH_TEST_POSTGRES"); fi
dotnet run -c Release --project tests/Batch.Infrastructure.CrashHost -- bench "${args[@]}"
