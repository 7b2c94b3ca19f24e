// Whether apps/emulator/dist is older than the sources it is built from, and building it:
// shared by `pnpm azmi` (scripts/azmi.mjs) and `pnpm bench` (scripts/bench.mjs). The freshness
// check is a walk over a few hundred files, so a start stays fast.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const emulator = join(root, "apps", "emulator");
export const cli = join(emulator, "dist", "cli.js");
const packages = join(root, "packages");
/** Every package's sources: the emulator is built from all of them. */
const sourceDirs = [join(emulator, "src"), ...readdirSync(packages).map((p) => join(packages, p, "src"))];

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

/** The newest modification time among the emulator's and its packages' sources. */
export function newestSourceMtime() {
  return Math.max(...sourceDirs.map(newestMtime));
}

/** True when dist/cli.js is missing or older than newestSource. */
export function isStale(newestSource = newestSourceMtime()) {
  if (!existsSync(cli)) return true;
  return newestSource > statSync(cli).mtimeMs;
}

/** `tsc -b apps/emulator` with the workspace's TypeScript; answers spawnSync's result. */
export function buildEmulator(stdio) {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  return spawnSync(process.execPath, [tsc, "-b", emulator], { stdio, cwd: root });
}
