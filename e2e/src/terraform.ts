/**
 * Running terraform or tofu against an azmi the way a user does: through `azmi tf --port <port>
 * -- <args>` (the wrapper sets ARM_METADATA_HOSTNAME, the client credentials, SSL_CERT_FILE and
 * the plugin mirror). Every run writes a TF_LOG=DEBUG trace beside the configuration, so a
 * failure can be traced to the request azmi answered wrongly.
 */
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningTestAzmi } from "@azmi/emulator/testing";
import { runAzmiCli } from "./azmi-cli.js";
import { E2E_ROOT } from "./tools.js";

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
  /** `plan -detailed-exitcode`: throws with what would change (and the trace) unless the plan is empty. */
  expectNoChanges(): Promise<void>;
  outputs(): Promise<Record<string, unknown>>;
}

/** Copies e2e/scenarios/terraform/<name> to a temp dir and runs the given binary there. */
export function tfWorkspace(azmi: RunningTestAzmi, binary: string, name: string, extraEnv: Record<string, string> = {}, login?: TfLogin): TfWorkspace {
  const dir = mkdtempSync(join(tmpdir(), `azmi-e2e-${name}-`));
  const source = join(E2E_ROOT, "scenarios", "terraform", name);
  for (const file of readdirSync(source)) cpSync(join(source, file), join(dir, file));
  return workspaceIn(azmi, binary, dir, extraEnv, login);
}

/** Whom `azmi tf` logs the provider in as (its --client-id/--client-secret); the operator when absent. */
export interface TfLogin {
  readonly clientId: string;
  readonly clientSecret: string;
}

export function workspaceIn(azmi: RunningTestAzmi, binary: string, dir: string, extraEnv: Record<string, string> = {}, login?: TfLogin): TfWorkspace {
  const loginArgs = login === undefined ? [] : ["--client-id", login.clientId, "--client-secret", login.clientSecret];
  const run = async (args: readonly string[], step: string): Promise<TfResult> => {
    const logFile = join(dir, `tf-${step}.log`);
    const result = await runAzmiCli(["tf", "--port", String(azmi.port), ...loginArgs, "--", ...args], {
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
    });
    return { ...result, logFile };
  };
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
    async expectNoChanges() {
      const plan = await run(["plan", "-detailed-exitcode", "-no-color"], "plan");
      // 0 = no changes, 2 = changes: print what terraform would change, that is the bug.
      if (plan.code !== 0) throw new Error(`plan -detailed-exitcode exited ${plan.code}; trace ${plan.logFile}\n${plan.stdout.slice(-6000)}\n${plan.stderr}`);
    },
    async outputs() {
      const result = await run(["output", "-json"], "output");
      if (result.code !== 0) throw new Error(`${binary} output -json exited ${result.code}: ${result.stderr}`);
      const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
    },
  };
}
