#!/usr/bin/env node
// `pnpm bench [--quick] [--json]`: builds the emulator when its dist is missing or stale (as
// `pnpm azmi` does), then runs bench/run.mjs. A script, not a test: it asserts nothing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildEmulator, cli, isStale, root } from "./emulator-build.mjs";

if (isStale()) {
  // stdout stays clean for --json.
  const build = await buildEmulator(["ignore", 2, 2]);
  if (build.status !== 0 && !existsSync(cli)) process.exit(build.status ?? 1);
}

await import(pathToFileURL(join(root, "bench", "run.mjs")).href);
