#!/usr/bin/env node
// `pnpm azmi <command>`: runs the emulator's CLI (apps/emulator/dist/cli.js), first building it
// with `tsc -b apps/emulator` when dist is missing or older than any source it is built from
// (scripts/emulator-build.mjs).
import { existsSync, statSync, utimesSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { buildEmulator, cli, isStale, newestSourceMtime } from "./emulator-build.mjs";

const newestSource = newestSourceMtime();

if (isStale(newestSource)) {
  console.error("azmi: building the emulator (tsc -b apps/emulator) ...");
  const build = await buildEmulator("inherit");
  if (build.status !== 0) {
    // tsc emits despite type errors; a CLI that was emitted can still run.
    if (!existsSync(cli)) {
      console.error("azmi: the build failed");
      process.exit(build.status ?? 1);
    }
    console.error("azmi: warning: the build reported errors; starting the emitted code anyway");
  } else {
    // tsc -b leaves an unchanged output untouched: mark the CLI fresh so the next start skips the rebuild.
    const now = new Date();
    utimesSync(cli, now, now);
  }
}

// The CLI bundled into one file starts about twice as fast (scripts/bundle-cli.mjs), and faster
// again from the second start on, with V8's code cache (scripts/bundle-loader.mjs); it is rebuilt
// whenever it is older than the sources or the CLI, and the CLI itself runs if bundling fails.
// AZMI_NO_BUNDLE=1 runs dist/cli.js as built by tsc.
async function freshBundle() {
  if (process.env.AZMI_NO_BUNDLE === "1") return undefined;
  const { bundleFile, bundleCli } = await import("./bundle-cli.mjs");
  if (existsSync(bundleFile) && statSync(bundleFile).mtimeMs >= Math.max(newestSource, statSync(cli).mtimeMs)) return bundleFile;
  try {
    return await bundleCli();
  } catch (error) {
    console.error(`azmi: warning: could not bundle the CLI (${error instanceof Error ? error.message : String(error)}); starting dist/cli.js`);
    return undefined;
  }
}

// Runs in this process, so signals reach the CLI directly.
const bundle = await freshBundle();
if (bundle === undefined) await import(pathToFileURL(cli).href);
else await (await import("./bundle-loader.mjs")).runBundle(bundle, process.argv.slice(2));
