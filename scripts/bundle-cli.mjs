// Bundles the emulator's CLI (apps/emulator/dist/cli.js and everything it imports: the packages'
// dist, koa, zod, jose ...) into apps/emulator/dist/bundle/azmi.mjs. Loading one file instead of
// several hundred modules roughly halves azmi's start-up; `pnpm azmi` runs the bundle when it is
// fresh (scripts/azmi.mjs). The bundle is only ever run from inside this repository:
// - better-sqlite3's JavaScript is bundled too; the store hands the driver its native addon's path;
// - `import.meta.url` in each bundled module is replaced by that module's own file URL, so that
//   `new URL("../data/...", import.meta.url)` keeps finding the files shipped next to it.
// Several azmi processes may start (and bundle) at once: each builds in a private directory and
// renames its files into place, chunks first (their names carry a content hash), entry last.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const emulator = join(root, "apps", "emulator");
export const bundleFile = join(emulator, "dist", "bundle", "azmi.mjs");

export async function bundleCli() {
  const finalDir = dirname(bundleFile);
  mkdirSync(finalDir, { recursive: true });
  const workDir = mkdtempSync(join(emulator, "dist", ".bundle-"));
  try {
    await buildInto(workDir);
    const files = readdirSync(workDir);
    for (const file of files.filter((f) => f !== "azmi.mjs")) renameSync(join(workDir, file), join(finalDir, file));
    renameSync(join(workDir, "azmi.mjs"), bundleFile);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return bundleFile;
}

async function buildInto(dir) {
  const { build } = await import("rolldown");
  await build({
    input: join(emulator, "dist", "cli.js"),
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
      entryFileNames: "azmi.mjs",
      format: "esm",
    },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await bundleCli());
}
