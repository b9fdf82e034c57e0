#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of the packable projects from the code (Microsoft.CodeAnalysis.PublicApiAnalyzers,
# rule RS0016): the file is emptied, then `dotnet format` adds every public symbol again. (Fixing RS0016 one by one
# in a long file is unreliable; regenerating is not.) Run it after changing public API on purpose, then review the
# diff: what appears there is what users of the NuGet packages see.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/Batch.Core src/Batch.Infrastructure src/Batch.Dashboard; do
  echo '#nullable enable' > "$project/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project/$(basename "$project").csproj" --diagnostics RS0016 --severity warn
  { head -n1 "$project/PublicAPI.Unshipped.txt"; tail -n +2 "$project/PublicAPI.Unshipped.txt" | LC_ALL=C sort; } > "$project/PublicAPI.Unshipped.txt.sorted"
  mv "$project/PublicAPI.Unshipped.txt.sorted" "$project/PublicAPI.Unshipped.txt"
done
git --no-pager diff --stat -- 'src/*/PublicAPI.*.txt'
