// Whether apps/emulator/dist is older than the sources it is built from. CommonJS, so that
// `pnpm azmi` (scripts/azmi.cjs) can check it without Node's ESM loader, which costs a start about
// 10 ms on Node 20; scripts/emulator-build.mjs re-exports it for the build and the bench. The check
// is a walk over a few hundred files, so a start stays fast.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const emulator = join(root, "apps", "emulator");
const cli = join(emulator, "dist", "cli.js");
const packages = join(root, "packages");

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

/** The newest modification time among the emulator's and its packages' sources (every package's: the emulator is built from all). */
function newestSourceMtime() {
  const sourceDirs = [join(emulator, "src"), ...readdirSync(packages).map((p) => join(packages, p, "src"))];
  return Math.max(...sourceDirs.map(newestMtime));
}

/** True when dist/cli.js is missing or older than newestSource. */
function isStale(newestSource = newestSourceMtime()) {
  if (!existsSync(cli)) return true;
  return newestSource > statSync(cli).mtimeMs;
}

module.exports = { root, emulator, cli, newestSourceMtime, isStale };
