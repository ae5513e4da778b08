#!/usr/bin/env bash
# Regenerates the compiled EF Core models of the SQLite and PostgreSQL contexts from the code's model. A host then
# loads its model instead of building it at every start (0.7 s of a restart; benchmarks/README.md). Run it after every
# model change, with the migrations: EF Core would quietly serve a stale compiled model, so CompiledModelTests fails
# until it is run. SQL Server builds its model at start: it cannot be tested live here.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  # Removed first, so that an entity taken out of the model leaves no file behind.
  rm -rf "src/TrialStartup.Data/CompiledModels/$provider"
  dotnet ef dbcontext optimize --project src/TrialStartup.Data --context "${provider}TrialStartupDbContext" \
    --output-dir "CompiledModels/$provider" --namespace "TrialStartup.Data.CompiledModels.$provider" >/dev/null
  echo "regenerated src/TrialStartup.Data/CompiledModels/$provider"
done
