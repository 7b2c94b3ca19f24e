// Building apps/emulator/dist, and whether it is stale (scripts/source-freshness.cjs): shared by
// `pnpm azmi` (scripts/azmi.cjs) and `pnpm bench` (scripts/bench.mjs).
import { join } from "node:path";
import freshness from "./source-freshness.cjs";

export const { root, emulator, cli, newestSourceMtime, isStale } = freshness;

/** `tsc -b apps/emulator` with the workspace's TypeScript; answers spawnSync's result. */
export async function buildEmulator(stdio) {
  // Loaded here, not at the top: a start that finds dist fresh never spawns anything.
  const { spawnSync } = await import("node:child_process");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  return spawnSync(process.execPath, [tsc, "-b", emulator], { stdio, cwd: root });
}
