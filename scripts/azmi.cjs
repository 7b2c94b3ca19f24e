#!/usr/bin/env node
// `pnpm azmi <command>`: runs the emulator's CLI, first building it with `tsc -b apps/emulator`
// when dist is missing or older than any source it is built from (scripts/source-freshness.cjs).
// CommonJS, as are the modules a usual start loads: Node 20's ESM loader costs a start about 10 ms.
// The CLI bundled into one file starts about twice as fast (scripts/bundle-cli.mjs), and faster
// again from the second start on, with V8's code cache (scripts/bundle-loader.cjs); it is rebuilt
// whenever it is older than the sources or the CLI, and the CLI itself runs if bundling fails.
// AZMI_NO_BUNDLE=1 runs dist/cli.js as built by tsc. Everything runs in this process, so signals
// reach the CLI directly.
const { existsSync, statSync, utimesSync } = require("node:fs");
const { pathToFileURL } = require("node:url");
const { cli, isStale, newestSourceMtime } = require("./source-freshness.cjs");
const { bundleFile, runBundle } = require("./bundle-loader.cjs");

async function build() {
  console.error("azmi: building the emulator (tsc -b apps/emulator) ...");
  const { buildEmulator } = await import("./emulator-build.mjs");
  const result = await buildEmulator("inherit");
  if (result.status !== 0) {
    // tsc emits despite type errors; a CLI that was emitted can still run.
    if (!existsSync(cli)) {
      console.error("azmi: the build failed");
      process.exit(result.status ?? 1);
    }
    console.error("azmi: warning: the build reported errors; starting the emitted code anyway");
  } else {
    // tsc -b leaves an unchanged output untouched: mark the CLI fresh so the next start skips the rebuild.
    const now = new Date();
    utimesSync(cli, now, now);
  }
}

async function freshBundle(newestSource) {
  if (process.env.AZMI_NO_BUNDLE === "1") return undefined;
  if (existsSync(bundleFile) && statSync(bundleFile).mtimeMs >= Math.max(newestSource, statSync(cli).mtimeMs)) return bundleFile;
  try {
    return await (await import("./bundle-cli.mjs")).bundleCli();
  } catch (error) {
    console.error(`azmi: warning: could not bundle the CLI (${error instanceof Error ? error.message : String(error)}); starting dist/cli.js`);
    return undefined;
  }
}

async function main() {
  const newestSource = newestSourceMtime();
  if (isStale(newestSource)) await build();
  const bundle = await freshBundle(newestSource);
  if (bundle === undefined) await import(pathToFileURL(cli).href);
  else await runBundle(bundle, process.argv.slice(2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
