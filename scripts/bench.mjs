#!/usr/bin/env node
// `pnpm bench [--quick] [--json]`: builds the emulator when its dist is missing or stale (as
// `pnpm azmi` does), then runs bench/run.mjs. A script, not a test: it asserts nothing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const emulator = join(root, "apps", "emulator");
const cli = join(emulator, "dist", "cli.js");
const sourceDirs = [join(emulator, "src"), ...["arm-core", "rbac", "graph-odata", "identity"].map((p) => join(root, "packages", p, "src"))];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

if (!existsSync(cli) || sourceDirs.some((dir) => newestMtime(dir) > statSync(cli).mtimeMs)) {
  // stdout stays clean for --json.
  const build = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", emulator], { stdio: ["ignore", 2, 2], cwd: root });
  if (build.status !== 0 && !existsSync(cli)) process.exit(build.status ?? 1);
}

await import(pathToFileURL(join(root, "bench", "run.mjs")).href);
