// Runs the bundled CLI (scripts/bundle-cli.mjs) with V8's code cache: Node 20 has no compile cache
// for modules (module.enableCompileCache came in Node 22), but a script compiled through node:vm
// takes the cache V8 made of an earlier run. Parsing and compiling the bundle's functions is most
// of what a start costs beyond node's own; with the cache V8 deserializes them instead.
// The cache sits next to the bundle, named for the bundle's size and mtime: V8 itself only checks
// the source's length (and its own version and flags), so a rebuilt bundle of the same length must
// not meet the old cache. A start without a usable cache writes one once the server is up.
// CommonJS like scripts/azmi.cjs, which loads it: no ESM loader on the way to the bundle.
const { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { basename, dirname, join } = require("node:path");
const { constants, Script } = require("node:vm");
const { emulator } = require("./source-freshness.cjs");

const CACHE_SUFFIX = ".v8cache";

/** Where scripts/bundle-cli.mjs writes the bundle. */
const bundleFile = join(emulator, "dist", "bundle", "azmi.cjs");

function cacheFileOf(bundle) {
  const { size, mtimeMs } = statSync(bundle);
  return `${bundle}.${size}-${Math.trunc(mtimeMs)}${CACHE_SUFFIX}`;
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache under a private name and renames it into place; drops caches of older bundles. */
function writeCache(bundle, file, data) {
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
  const prefix = `${basename(bundle)}.`;
  for (const entry of readdirSync(dirname(bundle))) {
    const path = join(dirname(bundle), entry);
    if (entry.startsWith(prefix) && entry.endsWith(CACHE_SUFFIX) && path !== file) rmSync(path, { force: true });
  }
}

/** Loads the CommonJS bundle as Node's loader would (same wrapper, same require), through the cache. */
function load(bundle, cacheFile) {
  const cachedData = readCache(cacheFile);
  const script = new Script(Module.wrap(readFileSync(bundle, "utf8")), {
    filename: bundle,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
  return { exports: module.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Runs the bundle's `main(argv)`; after `azmi start`, makes the code cache when there was none to
 * take. Only a start makes it: the cache holds what the command that made it compiled, and a cache
 * made by `azmi --help` would leave every later start compiling its own functions.
 */
async function runBundle(bundle, argv) {
  const cacheFile = cacheFileOf(bundle);
  const { exports, script, cached } = load(bundle, cacheFile);
  await exports.main(argv);
  if (cached || argv[0] !== "start") return;
  // After main: the functions a start ran are compiled by now and go into the cache with it.
  try {
    writeCache(bundle, cacheFile, script.createCachedData());
  } catch (error) {
    console.error(`azmi: warning: could not write the code cache (${error instanceof Error ? error.message : String(error)})`);
  }
}

module.exports = { bundleFile, runBundle };
