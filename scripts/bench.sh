#!/usr/bin/env bash
# Runs the whole benchmark set (framework overhead, BenchmarkDotNet chunk loop, checkpoint cost with its
# chunk-size sweep, launches) with each baseline measured in the same run, prints the table and writes
# tests/Batch.Benchmarks/results/latest.json and latest.md. Starts its own PostgreSQL (or uses BATCH_TEST_POSTGRES).
# Usage: bash scripts/bench.sh [--scale 1.0] [--repetitions 5] [--only text]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-postgres.sh
dotnet run -c Release --project tests/Batch.Benchmarks -- "$@"
