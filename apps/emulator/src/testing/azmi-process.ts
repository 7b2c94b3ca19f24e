/**
 * An azmi started as a child process (`cli.js start ... --port 0`): waiting for the ready line
 * that names its port, and stopping it. Shared by startAzmi() and the emulator's own test support.
 */
import type { ChildProcess } from "node:child_process";

/** Resolves with the port of azmi's ready line; rejects when it exits first or timeoutMs passes. */
export function readyPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`azmi printed no ready line within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = /azmi ready at https?:\/\/[^\s/]+:(\d+)/.exec(output());
      if (match !== null) {
        clearTimeout(timer);
        child.off("exit", exited);
        resolve(Number(match[1]));
      }
    };
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`azmi exited with ${code} before it was ready:\n${output()}`));
    };
    child.stdout!.on("data", check);
    child.once("exit", exited);
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
