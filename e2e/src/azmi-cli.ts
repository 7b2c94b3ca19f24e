/** Running the built azmi CLI (`node apps/emulator/dist/cli.js <args>`) as a user does, output collected. */
import { spawn } from "node:child_process";
import { AZMI_CLI } from "./tools.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Never rejects on a non-zero exit (code is -1 when there was none, e.g. killed by a signal). */
export function runAzmiCli(args: readonly string[], options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string }): Promise<CliResult> {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [AZMI_CLI, ...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
