/**
 * What the provisioning script (scripts/tools.mjs) says is installed, asked once per test file.
 * Scenarios skip with the script's own reason when a tool they need is missing.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ToolReport {
  readonly az: readonly string[];
  readonly terraform: string | null;
  readonly tofu: string | null;
  readonly pluginMirror: string | null;
  readonly azurermVersion: string | null;
  readonly cdktf: string | null;
  /** The java on PATH, and the Java scenario's runnable jar once built (scenarios/java-sdk). */
  readonly java: string | null;
  readonly javaSdk: string | null;
  readonly toolsDir: string;
  readonly missing: readonly string[];
}

export const E2E_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = join(E2E_ROOT, "..");
export const AZMI_CLI = join(REPO_ROOT, "apps", "emulator", "dist", "cli.js");

let cached: ToolReport | undefined;

export function tools(): ToolReport {
  if (cached !== undefined) return cached;
  const probe = spawnSync(process.execPath, [join(E2E_ROOT, "scripts", "tools.mjs"), "--json"], { encoding: "utf8", timeout: 60_000 });
  if (probe.status !== 0) throw new Error(`e2e/scripts/tools.mjs --json failed (${probe.status}): ${probe.stderr}`);
  cached = JSON.parse(probe.stdout) as ToolReport;
  return cached;
}

/** The reason the script gave for a missing piece whose reason starts with `prefix`. */
export function missingReason(prefix: string): string | undefined {
  return tools().missing.find((reason) => reason.startsWith(prefix));
}

/** The HCL client a single-binary Terraform scenario runs (terraform, else tofu), or why none can. */
export interface HclClient {
  readonly binary: string | null;
  readonly name: "terraform" | "tofu";
  readonly skipReason: string | undefined;
}

export function hclClient(report: ToolReport = tools()): HclClient {
  const binary = report.terraform ?? report.tofu;
  const skipReason =
    binary === null
      ? (missingReason("terraform") ?? "neither terraform nor tofu is installed")
      : report.pluginMirror === null
        ? (missingReason("azurerm provider") ?? "the azurerm provider is not provisioned")
        : undefined;
  return { binary, name: binary?.endsWith("tofu") ? "tofu" : "terraform", skipReason };
}
