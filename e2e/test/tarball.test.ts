/**
 * The emulator as one npm tarball (scripts/pack-emulator.mjs): packed, then started with
 * `npx ./<tarball> start` from an empty directory outside the repo (npm installs it and its
 * registry dependencies, compiling better-sqlite3 when no prebuilt binary can be fetched), with
 * a SQLite data dir so the native module is exercised; GET /_azmi/health and a resource group
 * round trip must answer.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, tools } from "../src/tools.js";

const nodePrefix = dirname(dirname(process.execPath));

describe("npm tarball", () => {
  let child: ChildProcess | undefined;
  let out: string | undefined;
  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  it(
    "npx ./azmi-emulator-<version>.tgz start (outside the repo)",
    async () => {
      out = mkdtempSync(join(tmpdir(), "azmi-e2e-pack-"));
      const packed = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "pack-emulator.mjs"), "--out", out], { encoding: "utf8", timeout: 120_000 });
      if (packed.status !== 0) throw new Error(`pack-emulator.mjs exited ${packed.status}:\n${packed.stderr}`);
      const tarball = packed.stdout.trim().split("\n").pop()!;
      const machine = join(out, "elsewhere");
      mkdirSync(machine);
      copyFileSync(tarball, join(machine, basename(tarball)));

      // npx reuses an install whose spec (the file name) it has seen: drop those, keep the download cache.
      const npmCache = join(tools().toolsDir, "npm-cache");
      rmSync(join(npmCache, "_npx"), { recursive: true, force: true });
      child = spawn("npx", ["--yes", `./${basename(tarball)}`, "start", "--data-dir", join(machine, "data"), "--port", "0"], {
        cwd: machine,
        detached: true, // its own process group: npx → azmi, stopped together
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          npm_config_cache: npmCache,
          npm_config_update_notifier: "false",
          // better-sqlite3 compiles against Node's own headers when no prebuilt binary can be fetched.
          npm_config_nodedir: process.env.npm_config_nodedir ?? nodePrefix,
        },
      });
      let output = "";
      child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line within 12 min:\n${output.slice(-3000)}`)), 12 * 60_000);
        child!.stdout!.on("data", () => {
          const match = /azmi ready at https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
          if (match !== null) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        child!.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`npx exited ${code} before azmi was ready:\n${output.slice(-3000)}`));
        });
      });

      const health = await fetch(`http://127.0.0.1:${port}/_azmi/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", version: expect.any(String), store: "sqlite" });
      const token = await fetch(`http://127.0.0.1:${port}/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: "11111111-1111-1111-1111-111111111111",
          client_secret: "azmi",
          scope: "https://management.azure.com/.default",
        }),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const put = await fetch(`http://127.0.0.1:${port}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/packed?api-version=2022-09-01`, {
        method: "PUT",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ location: "westeurope" }),
      });
      expect(put.status).toBe(201);
    },
    15 * 60_000,
  );
});
