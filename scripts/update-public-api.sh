#!/usr/bin/env bash
# Adds every new public symbol of the packable projects to their PublicAPI.Unshipped.txt
# (Microsoft.CodeAnalysis.PublicApiAnalyzers, rule RS0016). Run it after changing public API on purpose,
# then review the diff: what appears there is what users of the NuGet packages see.
# Known limit: `dotnet format` applies the RS0016 code fix reliably only when the file has few entries; when it
# reports "Formatted 0 files" and the build still fails with RS0016, add the symbol's line by hand (the build
# error names the symbol; the IDE's code fix writes the exact line).
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/Batch.Core/Batch.Core.csproj src/Batch.Infrastructure/Batch.Infrastructure.csproj; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity warn
done
git --no-pager diff --stat -- 'src/*/PublicAPI.*.txt'
