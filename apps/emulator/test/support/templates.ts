/**
 * The templates of e2e/templates for tests: compiled from their .bicep source when the bicep CLI
 * is on PATH (so the engine meets what the installed Bicep emits), otherwise the committed JSON.
 *
 *   const template = loadTemplate("identity-stack.json");
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "e2e", "templates");

let bicep: boolean | undefined;

function bicepOnPath(): boolean {
  bicep ??= spawnSync("bicep", ["--version"], { encoding: "utf8", timeout: 60_000 }).status === 0;
  return bicep;
}

export function loadTemplate(name: string): Record<string, unknown> {
  const source = join(TEMPLATES_DIR, name.replace(/\.json$/, ".bicep"));
  if (bicepOnPath() && existsSync(source)) {
    const built = spawnSync("bicep", ["build", "--stdout", source], { encoding: "utf8", timeout: 120_000 });
    if (built.status !== 0) throw new Error(`bicep build ${source} failed:\n${built.stderr}`);
    return JSON.parse(built.stdout) as Record<string, unknown>;
  }
  return JSON.parse(readFileSync(join(TEMPLATES_DIR, name), "utf8")) as Record<string, unknown>;
}
