#!/usr/bin/env node
/**
 * Packs the emulator into one npm tarball that runs without the repo:
 *
 *   node scripts/pack-emulator.mjs [--out DIR]      → DIR/azmi-emulator-<version>.tgz (default: dist-pack/)
 *   npx ./azmi-emulator-<version>.tgz start         (on any machine with Node.js 20)
 *
 * The workspace packages the app depends on (@azmi/arm-core, rbac, ..., found through its
 * `workspace:` dependencies, transitively) are not on a registry,
 * so they travel inside the tarball as bundled dependencies (their built dist/ and data/); the
 * third-party dependencies they and the app need (koa, zod, jose, better-sqlite3 ...) are
 * declared at the top, so npm installs them from the registry and node finds them from the
 * bundled packages by walking up. Build first: `npx tsc -b apps/emulator`.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const outArg = process.argv.indexOf("--out");
const outDir = resolve(outArg === -1 ? join(root, "dist-pack") : process.argv[outArg + 1]);

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const isWorkspaceSpec = (spec) => String(spec).startsWith("workspace:");

/** Copies a package's published files (package.json `files`), leaving build caches behind. */
function copyPublished(from, to, files) {
  mkdirSync(to, { recursive: true });
  for (const entry of files) {
    const source = join(from, entry);
    if (!existsSync(source)) throw new Error(`${source} is missing: build first (npx tsc -b apps/emulator)`);
    cpSync(source, join(to, entry), { recursive: true, filter: (path) => !path.endsWith(".tsbuildinfo") });
  }
}

const app = readJson(join(root, "apps", "emulator", "package.json"));
const external = {};
const addExternal = (deps = {}) => {
  for (const [name, spec] of Object.entries(deps)) if (!isWorkspaceSpec(spec)) external[name] ??= spec;
};
addExternal(app.dependencies);

const staging = join(mkdtempSync(join(tmpdir(), "azmi-pack-")), "package");
copyPublished(join(root, "apps", "emulator"), staging, app.files ?? ["dist"]);

/** Every workspace package under packages/, by name. */
const workspace = new Map();
for (const entry of readdirSync(join(root, "packages"), { withFileTypes: true })) {
  const file = join(root, "packages", entry.name, "package.json");
  if (entry.isDirectory() && existsSync(file)) workspace.set(readJson(file).name, join(root, "packages", entry.name));
}

/** The workspace: dependencies of the app, and theirs, each once. */
const needed = [];
const queue = Object.entries(app.dependencies ?? {})
  .filter(([, spec]) => isWorkspaceSpec(spec))
  .map(([name]) => name);
while (queue.length > 0) {
  const name = queue.shift();
  if (needed.includes(name)) continue;
  if (!workspace.has(name)) throw new Error(`${name} is a workspace dependency, but no packages/*/package.json names it`);
  needed.push(name);
  const deps = readJson(join(workspace.get(name), "package.json")).dependencies ?? {};
  for (const [dep, spec] of Object.entries(deps)) if (isWorkspaceSpec(spec)) queue.push(dep);
}

const bundled = [];
for (const name of needed) {
  const dir = workspace.get(name);
  const pkg = readJson(join(dir, "package.json"));
  addExternal(pkg.dependencies);
  const target = join(staging, "node_modules", ...pkg.name.split("/"));
  copyPublished(dir, target, pkg.files ?? ["dist"]);
  // Their dependencies are hoisted into the top package; workspace: specs mean nothing to npm.
  const { dependencies: _d, devDependencies: _dd, scripts: _s, private: _p, ...published } = pkg;
  writeFileSync(join(target, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
  bundled.push(pkg.name);
  external[pkg.name] = pkg.version;
}

const { devDependencies: _dev, scripts: _scripts, private: _private, dependencies: _deps, ...rest } = app;
const manifest = {
  ...rest,
  description: "azmi: a local emulator of Azure Managed Identity (ARM, RBAC, locks, Graph service principals, Entra ID tokens)",
  engines: { node: ">=20" },
  dependencies: Object.fromEntries(Object.entries(external).sort(([a], [b]) => a.localeCompare(b))),
  bundleDependencies: bundled,
  files: [...new Set([...(app.files ?? ["dist"]), "node_modules"])],
};
writeFileSync(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
const readme = join(root, "README.md");
if (existsSync(readme)) cpSync(readme, join(staging, "README.md"));

mkdirSync(outDir, { recursive: true });
const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", outDir], { cwd: staging, encoding: "utf8" });
rmSync(dirname(staging), { recursive: true, force: true });
if (packed.status !== 0) {
  console.error(`npm pack failed:\n${packed.stderr}`);
  process.exit(1);
}
const [info] = JSON.parse(packed.stdout);
const tarball = join(outDir, info.filename);
console.log(tarball);
console.error(`packed ${info.entryCount} files, ${Math.round(info.size / 1024)} KiB; run it with: npx ${tarball} start`);
