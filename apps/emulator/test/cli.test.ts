/**
 * The `azmi` command as users run it: a child process started through scripts/azmi.cjs
 * (which builds the emulator first when dist is stale).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../../scripts/azmi.cjs");
const sub = "00000000-0000-0000-0000-000000000000";

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly readyLine: string;
  readonly consoleLine: string;
  readonly exited: Promise<number | null>;
}

function startCli(args: string[], cwd: string): Promise<Started> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, "start", "--port", "0", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    let out = "";
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const lines = out.split("\n");
      const line = lines.find((l) => l.startsWith("azmi ready at "));
      const consoleLine = lines.find((l) => l.startsWith("azmi console at "));
      if (line !== undefined && consoleLine !== undefined) resolvePromise({ child, url: /https:\/\/\S+/.exec(line)![0], readyLine: line, consoleLine, exited });
    });
    void exited.then((code) => reject(new Error(`azmi exited ${code} before it was ready: ${out}${err}`)));
  });
}

async function stopCli(started: Started): Promise<number | null> {
  started.child.kill("SIGTERM");
  return started.exited;
}

describe("azmi start (child process)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "azmi-cli-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("keeps state, signing key and CA across a restart with --data-dir; SIGTERM exits 0", { timeout: 180_000 }, async () => {
    const dataDir = join(work, "data");
    const first = await startCli(["--data-dir", dataDir], work);
    expect(first.readyLine).toMatch(/^azmi ready at https:\/\/127\.0\.0\.1:\d+ /);
    // The console's address, served over plain HTTP on the same port.
    const consoleUrl = /^azmi console at (http:\/\/127\.0\.0\.1:\d+\/_azmi\/console) /.exec(first.consoleLine)?.[1];
    expect(consoleUrl).toBeDefined();
    const consolePage = await fetch(consoleUrl!);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain("azmi console");
    const ca = readFileSync(join(dataDir, "ca.pem"), "utf8");
    const get = (url: string, path: string, init?: RequestInit) => fetchWithCa(url + path, ca, init);
    const put = await get(first.url, `/subscriptions/${sub}/resourcegroups/keep-me?api-version=2021-04-01`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ location: "westeurope" }),
    });
    expect(put.status).toBeLessThan(300);
    const kidBefore = await kidWithCa(first.url, ca);
    expect(await stopCli(first)).toBe(0);

    const second = await startCli(["--data-dir", dataDir], work);
    expect(readFileSync(join(dataDir, "ca.pem"), "utf8")).toBe(ca);
    const again = await get(second.url, `/subscriptions/${sub}/resourceGroups/KEEP-ME?api-version=2021-04-01`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { name: string }).name).toBe("keep-me");
    expect(await kidWithCa(second.url, ca)).toBe(kidBefore);
    expect(await stopCli(second)).toBe(0);
  });

  it("forgets everything with --in-memory", { timeout: 180_000 }, async () => {
    const first = await startCli(["--in-memory"], work);
    const ca1 = await (await fetchInsecureCa(first.url)).text();
    const put = await fetchWithCa(`${first.url}/subscriptions/${sub}/resourcegroups/gone?api-version=2021-04-01`, ca1, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ location: "westeurope" }),
    });
    expect(put.status).toBeLessThan(300);
    const kid1 = await kidWithCa(first.url, ca1);
    expect(await stopCli(first)).toBe(0);

    const second = await startCli(["--in-memory"], work);
    const ca2 = await (await fetchInsecureCa(second.url)).text();
    expect(ca2).not.toBe(ca1);
    const get = await fetchWithCa(`${second.url}/subscriptions/${sub}/resourcegroups/gone?api-version=2021-04-01`, ca2);
    expect(get.status).toBe(404);
    expect(await kidWithCa(second.url, ca2)).not.toBe(kid1);
    expect(await stopCli(second)).toBe(0);
  });

  it("finishes a request in flight when SIGTERM arrives, then exits 0", { timeout: 60_000 }, async () => {
    const started = await startCli(["--in-memory"], work);
    const ca = await (await fetchInsecureCa(started.url)).text();
    const { request } = await import("node:https");
    const body = JSON.stringify({ location: "westeurope" });
    const answered = new Promise<number>((resolvePromise, reject) => {
      const req = request(
        `${started.url}/subscriptions/${sub}/resourcegroups/in-flight?api-version=2021-04-01`,
        { method: "PUT", ca, headers: { "content-type": "application/json", "content-length": String(body.length) } },
        (res) => {
          res.resume();
          res.on("end", () => resolvePromise(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 5));
      // The request is in flight (half its body sent) when the signal arrives.
      setTimeout(() => {
        started.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(5)), 300);
      }, 300);
    });
    expect(await answered).toBeLessThan(300);
    expect(await started.exited).toBe(0);
  });

  it("rejects bad options with a usage message and exit code 2", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [script, "start", "--in-memory", "--data-dir", "x"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(2);
    expect(err).toContain("usage: azmi start");
  });
});

/** fetch over HTTPS trusting one CA (the child's own), through node:https. */
async function fetchWithCa(url: string, ca: string, init: RequestInit = {}): Promise<Response> {
  const { request } = await import("node:https");
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers as Record<string, string>, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolvePromise(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 0 })));
    });
    req.on("error", reject);
    req.end(init.body as string | undefined);
  });
}

/** The CA itself is fetched over plain HTTP on the same port (what `curl http://.../_azmi/ca.pem` does). */
function fetchInsecureCa(url: string): Promise<Response> {
  return fetch(`${url.replace(/^https:/, "http:")}/_azmi/ca.pem`);
}

async function kidWithCa(url: string, ca: string): Promise<string> {
  const res = await fetchWithCa(`${url}/common/discovery/keys`, ca);
  return ((await res.json()) as { keys: Array<{ kid: string }> }).keys[0]!.kid;
}
