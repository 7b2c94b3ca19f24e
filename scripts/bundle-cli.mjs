// Bundles the emulator's commands (apps/emulator/dist/commands.js and everything it imports: the
// packages' dist, koa, zod, jose ...) into one CommonJS file, apps/emulator/dist/bundle/azmi.cjs.
// Loading one file instead of several hundred modules roughly halves azmi's start-up, and a
// CommonJS script is one that Node 20 lets us compile with V8's code cache (scripts/bundle-loader.cjs);
// `pnpm azmi` runs the bundle when it is fresh (scripts/azmi.cjs). The entry is commands.js, not
// cli.js, because a script cannot await at its top level: the loader calls `main` itself.
// The bundle is only ever run from inside this repository:
// - better-sqlite3's JavaScript is bundled too; the store hands the driver its native addon's path;
// - `import.meta.url` in each bundled module is replaced by that module's own file URL, so that
//   `new URL("../data/...", import.meta.url)` keeps finding the files shipped next to it.
// Several azmi processes may start (and bundle) at once: each builds in a private directory and
// renames its file into place.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import loader from "./bundle-loader.cjs";
import freshness from "./source-freshness.cjs";

const { emulator } = freshness;
export const { bundleFile } = loader;

export async function bundleCli() {
  const finalDir = dirname(bundleFile);
  mkdirSync(finalDir, { recursive: true });
  const workDir = mkdtempSync(join(emulator, "dist", ".bundle-"));
  try {
    await buildInto(workDir);
    renameSync(join(workDir, "azmi.cjs"), bundleFile);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return bundleFile;
}

async function buildInto(dir) {
  const { build } = await import("rolldown");
  await build({
    input: join(emulator, "dist", "commands.js"),
    platform: "node",
    logLevel: "silent",
    plugins: [
      {
        name: "azmi-own-import-meta-url",
        transform(code, id) {
          if (!code.includes("import.meta.url") || id.startsWith("\0")) return null;
          return { code: code.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(id).href)), map: null };
        },
      },
    ],
    output: {
      dir,
      entryFileNames: "azmi.cjs",
      format: "cjs",
      // One file, one code cache; what was a lazy chunk (x509, the app) stays lazy inside it:
      // its module body runs on first use, and V8 compiles a function only when it is called.
      codeSplitting: false,
      // All ASCII (non-ASCII escaped in code, doc comments left out): such a file is read into a
      // one-byte string without decoding it as UTF-8, which took about 10 ms of every start.
      charset: "ascii",
      comments: { legal: true, annotation: false, jsdoc: false },
    },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await bundleCli());
}
