/**
 * An `azmi start` child process (scripts/azmi.cjs, which builds dist when it is stale, then runs
 * the bundled CLI in that same process), spoken to over plain HTTP on 127.0.0.1: the reliability
 * tests kill it, restart it on the same data dir, and read its resident memory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { resolve } from "node:path";

const script = resolve(import.meta.dirname, "../../../../scripts/azmi.cjs");

export interface ChildAzmi {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Resident set size in KiB (Linux /proc), undefined elsewhere. */
  rssKb(): number | undefined;
  stop(): Promise<void>;
}

export function startChildAzmi(args: readonly string[]): Promise<ChildAzmi> {
  const child = spawn(process.execPath, [script, "start", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolvePromise, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /azmi ready at https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m === null) return;
      resolvePromise({
        child,
        port: Number(m[1]),
        exited,
        stderr: () => err,
        rssKb() {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
            const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
            return kb === null ? undefined : Number(kb[1]);
          } catch {
            return undefined;
          }
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    });
    void exited.then(({ code, signal }) => reject(new Error(`azmi exited (${code ?? signal}) before it was ready: ${out}${err}`)));
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: any;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** One request over plain HTTP; rejects on a socket error (e.g. the server was killed). */
export function send(
  port: number,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; agent?: Agent; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers["content-type"] ??= "application/json";
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text === "" ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolvePromise({ status: res.statusCode ?? 0, text, json, headers: res.headers });
      });
      res.on("error", reject);
    });
    if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(options.body);
  });
}
