/**
 * `pnpm azmi start` runs the bundled CLI through V8's code cache (scripts/bundle-loader.cjs): the
 * first start makes the cache next to the bundle, later starts take it, and a bundle rebuilt to the
 * same length never meets the cache of the one before. Here on a private copy of the bundle, so
 * that no other test's start writes the cache under this one's eyes.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "./child-azmi.js";

const scripts = resolve(import.meta.dirname, "../../../../scripts");
const SUBSCRIPTIONS = "/subscriptions?api-version=2022-12-01";

/** Runs the copied bundle's `azmi start --in-memory` as scripts/azmi.cjs does, until it has answered once and made its cache. */
async function startAnswerStop(bundle: string): Promise<number> {
  const loader = JSON.stringify(join(scripts, "bundle-loader.cjs"));
  const run = `require(${loader}).runBundle(${JSON.stringify(bundle)}, ["start", "--port", "0", "--in-memory"]).then(() => console.log("main returned"));`;
  const child = spawn(process.execPath, ["-e", run], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((r) => child.once("exit", r));
  let out = "";
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  try {
    // runBundle writes the cache after main returns, before the line below.
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const ready = /azmi ready at https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (ready !== null && out.includes("main returned")) resolvePort(Number(ready[1]));
      });
      void exited.then(() => reject(new Error(`the bundle exited before it was ready: ${out}${err}`)));
    });
    const answer = await send(port, "GET", SUBSCRIPTIONS);
    expect(err).not.toContain("could not write the code cache");
    return answer.status;
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

const cachesIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8cache"));

describe("the bundled CLI's code cache", () => {
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(scripts, "bundle-cli.mjs")], { encoding: "utf8", timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    dir = mkdtempSync(join(tmpdir(), "azmi-bundle-"));
    bundle = join(dir, "azmi.cjs");
    copyFileSync(built.stdout.trim(), bundle);
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is made by the first start and taken, unchanged, by the next", { timeout: 120_000 }, async () => {
    // Another command first: it compiles little of what a start needs, so it makes no cache.
    const help = spawnSync(
      process.execPath,
      ["-e", `require(${JSON.stringify(join(scripts, "bundle-loader.cjs"))}).runBundle(${JSON.stringify(bundle)}, ["--help"])`],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(help.stdout).toContain("usage: azmi start");
    expect(cachesIn(dir)).toEqual([]);
    expect(await startAnswerStop(bundle)).toBe(200);
    const { size, mtimeMs } = statSync(bundle);
    expect(cachesIn(dir)).toEqual([`azmi.cjs.${size}-${Math.trunc(mtimeMs)}.v8cache`]);
    const cache = join(dir, cachesIn(dir)[0]!);
    const made = statSync(cache).mtimeMs;

    expect(await startAnswerStop(bundle)).toBe(200);
    // A cache V8 turned down would have been written again.
    expect(statSync(cache).mtimeMs).toBe(made);
  });

  it("is made anew for a bundle rebuilt to the same length, and the old one goes", { timeout: 120_000 }, async () => {
    const before = cachesIn(dir);
    expect(before).toHaveLength(1);
    const later = new Date(statSync(bundle).mtimeMs + 5_000);
    utimesSync(bundle, later, later);

    expect(await startAnswerStop(bundle)).toBe(200);
    const { size, mtimeMs } = statSync(bundle);
    expect(cachesIn(dir)).toEqual([`azmi.cjs.${size}-${Math.trunc(mtimeMs)}.v8cache`]);
    expect(cachesIn(dir)).not.toEqual(before);
  });
});
