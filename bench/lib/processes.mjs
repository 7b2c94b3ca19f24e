// Child processes the bench starts: azmi itself (dist/cli.js start), the node:http baseline, and
// its own worker scripts. Every child listens on 127.0.0.1, port 0, and is killed by its pid.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./workspace.mjs";

const READY = /127\.0\.0\.1:(\d+)/;

/** Every child still running: killed when the bench exits, however it exits. */
const children = new Set();
function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGPIPE", "SIGHUP"]) process.once(signal, () => process.exit(1));

/** Spawns a server that prints its 127.0.0.1:PORT on stdout; resolves once it did. */
export function spawnServer(args, { timeoutMs = 30_000, nodeArgs = [], env = {} } = {}) {
  const startedAt = performance.now();
  const child = track(spawn(process.execPath, [...nodeArgs, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } }));
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const ready = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout.on("data", (d) => {
      out += d;
      const m = READY.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready: ${stderr}`));
    });
  });
  return ready.then((port) => ({
    port,
    startedAt,
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  }));
}

/** `azmi start` on a random port: in memory, or on a data dir (made in tmp when `dataDir` is true). */
export async function startAzmi({ dataDir, timeoutMs } = {}) {
  const dir = dataDir === true ? mkdtempSync(join(tmpdir(), "azmi-bench-")) : dataDir;
  const server = await spawnServer([cli, "start", "--port", "0", ...(dir === undefined ? ["--in-memory"] : ["--data-dir", dir])], { timeoutMs });
  return {
    ...server,
    dataDir: dir,
    async stop() {
      await server.stop();
      if (dataDir === true) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a worker script to completion and parses the last line it prints as JSON. */
export function runWorker(script, args = [], { nodeArgs = [], timeoutMs = 300_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } }));
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last));
      } catch (error) {
        reject(new Error(`${script} failed (${error.message}): ${err.slice(-2000)}`));
      }
    });
  });
}
