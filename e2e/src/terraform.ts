/**
 * Running terraform or tofu against an azmi the way a user does: through `azmi tf --port <port>
 * -- <args>` (the wrapper sets ARM_METADATA_HOSTNAME, the client credentials, SSL_CERT_FILE and
 * the plugin mirror). Every run writes a TF_LOG=DEBUG trace beside the configuration, so a
 * failure can be traced to the request azmi answered wrongly.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningTestAzmi } from "@azmi/emulator/testing";
import { AZMI_CLI, E2E_ROOT } from "./tools.js";

export interface TfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The TF_LOG=DEBUG trace of this run. */
  readonly logFile: string;
}

export interface TfWorkspace {
  readonly dir: string;
  /** `azmi tf -- <args>` in dir; never throws on a non-zero exit. */
  run(args: readonly string[], step: string): Promise<TfResult>;
  /** Like run, but throws with the tail of the output unless the exit code is one of `codes`. */
  expect(args: readonly string[], step: string, codes?: readonly number[]): Promise<TfResult>;
  outputs(): Promise<Record<string, unknown>>;
}

/** Copies e2e/scenarios/terraform/<name> to a temp dir and runs the given binary there. */
export function tfWorkspace(azmi: RunningTestAzmi, binary: string, name: string, extraEnv: Record<string, string> = {}): TfWorkspace {
  const dir = mkdtempSync(join(tmpdir(), `azmi-e2e-${name}-`));
  const source = join(E2E_ROOT, "scenarios", "terraform", name);
  for (const file of readdirSync(source)) cpSync(join(source, file), join(dir, file));
  return workspaceIn(azmi, binary, dir, extraEnv);
}

export function workspaceIn(azmi: RunningTestAzmi, binary: string, dir: string, extraEnv: Record<string, string> = {}): TfWorkspace {
  const run = (args: readonly string[], step: string) =>
    new Promise<TfResult>((resolve, reject) => {
      const logFile = join(dir, `tf-${step}.log`);
      const child = spawn(process.execPath, [AZMI_CLI, "tf", "--port", String(azmi.port), "--", ...args], {
        cwd: dir,
        env: {
          ...process.env,
          AZMI_TF: binary,
          TF_IN_AUTOMATION: "1",
          TF_INPUT: "0",
          CHECKPOINT_DISABLE: "1",
          // The scenario installs azurerm from the plugin mirror, whatever CLI config the machine has.
          TF_CLI_CONFIG_FILE: "",
          TF_LOG: "DEBUG",
          TF_LOG_PATH: logFile,
          ...extraEnv,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr, logFile }));
    });
  return {
    dir,
    run,
    async expect(args, step, codes = [0]) {
      const result = await run(args, step);
      if (!codes.includes(result.code)) {
        const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n");
        throw new Error(`${binary} ${args.join(" ")} exited ${result.code} (wanted ${codes.join(" or ")}); trace: ${result.logFile}\n${tail}`);
      }
      return result;
    },
    async outputs() {
      const result = await run(["output", "-json"], "output");
      if (result.code !== 0) throw new Error(`${binary} output -json exited ${result.code}: ${result.stderr}`);
      const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
    },
  };
}
