#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here. Pointing
# PRISMA_SCHEMA_ENGINE_BINARY at this file stops the CLI from trying to download it; `prisma generate`,
# `validate` and `format` use the bundled WASM and never run it. Commands that would need it fail loudly.
echo "The native Prisma schema engine is not available: use npm run db:migrate / db:migration:create." >&2
exit 1
