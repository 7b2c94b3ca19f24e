// Where the bench finds azmi: the built dist of the emulator and of the packages it depends on.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const emulatorDir = join(root, "apps", "emulator");
export const cli = join(emulatorDir, "dist", "cli.js");

const emulatorRequire = createRequire(join(emulatorDir, "package.json"));
const armCoreRequire = createRequire(join(root, "packages", "arm-core", "package.json"));

/** A dependency of the emulator (@azmi/rbac, jose ...), as the emulator itself resolves it. */
export function importFromEmulator(specifier) {
  return import(pathToFileURL(emulatorRequire.resolve(specifier)).href);
}

/** A module of the emulator's dist, e.g. "graph/entity-sets.js". */
export function importEmulatorDist(path) {
  return import(pathToFileURL(join(emulatorDir, "dist", path)).href);
}

/** better-sqlite3 (a dependency of @azmi/arm-core). */
export function requireSqlite() {
  return armCoreRequire("better-sqlite3");
}
