// Whether apps/emulator/dist is older than the sources it is built from, and building it:
// shared by `pnpm azmi` (scripts/azmi.mjs) and `pnpm bench` (scripts/bench.mjs). The freshness
// check is a walk over a few hundred files, so a start stays fast.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const emulator = join(root, "apps", "emulator");
export const cli = join(emulator, "dist", "cli.js");
const packages = join(root, "packages");
/** Every package's sources: the emulator is built from all of them. */
const sourceDirs = [join(emulator, "src"), ...readdirSync(packages).map((p) => join(packages, p, "src"))];

// Plain names and one stat each (a directory's mtime counts too: it moves when a source is added
// or removed): Dirent objects and path.join made this walk twice as slow, and it runs every start.
function newestMtime(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let newest = 0;
  for (const name of names) {
    const path = `${dir}/${name}`;
    const stat = statSync(path);
    const mtime = stat.isDirectory() ? newestMtime(path) : stat.mtimeMs;
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
export async function buildEmulator(stdio) {
  // Loaded here, not at the top: a start that finds dist fresh never spawns anything.
  const { spawnSync } = await import("node:child_process");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  return spawnSync(process.execPath, [tsc, "-b", emulator], { stdio, cwd: root });
}
