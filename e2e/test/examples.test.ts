/**
 * The examples/ projects, built and tested as someone outside the repository would: the workspace
 * packages they use are packed with `pnpm pack` (workspace: versions rewritten, only the published
 * files), copied next to a copy of the example, installed with npm from those tarballs and the
 * registry, then the example's own build and tests run. Nothing resolves into the workspace.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, tools } from "../src/tools.js";

const PACKAGE_MANAGER = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { packageManager: string }).packageManager;

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 5 * 60_000 });
}

/** pnpm from PATH, else the version the repository names, through npx. */
function pnpm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const direct = run("pnpm", args, cwd);
  return direct.error === undefined ? direct : run("npx", ["-y", PACKAGE_MANAGER, ...args], cwd);
}

function succeeded(what: string, result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status ?? result.signal}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return result.stdout;
}

describe("examples built from the packed packages", () => {
  const work = mkdtempSync(join(tmpdir(), "azmi-e2e-examples-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("guarded-data-plane: a notes data plane guarded by @azmi/data-plane-auth", () => {
    const example = join(work, "guarded-data-plane");
    cpSync(join(REPO_ROOT, "examples", "guarded-data-plane"), example, {
      recursive: true,
      filter: (path) => !/[\\/](node_modules|dist|tarballs)$/.test(path),
    });
    const tarballs = join(example, "tarballs");
    mkdirSync(tarballs);
    for (const name of ["arm-core", "rbac", "data-plane-auth"]) {
      succeeded(`pnpm pack ${name}`, pnpm(["pack", "--pack-destination", tarballs], join(REPO_ROOT, "packages", name)));
    }
    const env = { ...process.env, npm_config_cache: join(tools().toolsDir, "npm-cache"), npm_config_update_notifier: "false", npm_config_fund: "false" };
    // --ignore-scripts: better-sqlite3 (arm-core's SQLite store) is never opened here, so it need not compile.
    succeeded("npm install", run("npm", ["install", "--ignore-scripts", "--no-audit"], example, env));
    const installed = JSON.parse(readFileSync(join(example, "node_modules", "@azmi", "data-plane-auth", "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe("0.1.0");
    succeeded("npm run build", run("npm", ["run", "build"], example, env));
    const tested = succeeded("npm test", run("npm", ["test"], example, env));
    expect(tested).toMatch(/# pass 4\b/);
    expect(tested).toMatch(/# fail 0\b/);
  });
});
