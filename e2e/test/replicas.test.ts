/**
 * Two azmi replicas on one PostgreSQL database, each driven by a different real client: the az
 * CLI through replica A makes a resource group and a user-assigned identity, then Terraform (or
 * OpenTofu) with the real azurerm provider plans through replica B, reading both with data
 * sources and planning a role assignment for the identity. What a team sharing azmi behind a
 * load balancer relies on: a write acknowledged by one replica is what the next client sees on
 * the other, and one login (one operator, one CA, one set of signing keys) works on both.
 *
 * A plan, not an apply/destroy cycle: the replicas' write path is covered by the replica tests
 * (apps/emulator/test/reliability/replicas.test.ts); this keeps CI time small. Runs against a
 * throw-away PostgreSQL (scripts/local-postgres.mjs); without PostgreSQL, az, terraform/tofu or
 * the azurerm plugin mirror every step says `skipped: <reason>`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectIdentity, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { createDatabase, startLocalPostgres, type LocalPostgres } from "../../scripts/local-postgres.mjs";
import { runAzmiCli } from "../src/azmi-cli.js";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { missingReason, tools } from "../src/tools.js";

const report = tools();
const wanted = (process.env.AZMI_E2E_TF ?? "tofu,terraform").split(",");
const flavour = (["tofu", "terraform"] as const).find((f) => wanted.includes(f) && report[f] !== null);
const az = report.az[0];
const toolSkip =
  az === undefined
    ? report.missing.filter((m) => m.startsWith("az")).join("; ") || "no az CLI installed"
    : flavour === undefined
      ? (missingReason("tofu") ?? missingReason("terraform") ?? `no installed tofu or terraform is selected (AZMI_E2E_TF=${wanted.join(",")})`)
      : report.pluginMirror === null
        ? (missingReason("azurerm provider") ?? "the azurerm provider is not provisioned")
        : undefined;

// PostgreSQL is looked for at collection time, so that its absence is the skip reason of every step.
const postgres: LocalPostgres | { skipped: string } = toolSkip === undefined ? await startLocalPostgres({ own: true }) : { skipped: toolSkip };
const skipReason = "skipped" in postgres ? postgres.skipped : undefined;
if (skipReason !== undefined) console.error(`\n*** skipped: az + ${flavour ?? "terraform"} across azmi replicas on PostgreSQL: ${skipReason} ***\n`);

describe(`replicas on PostgreSQL: az (${az ?? "none"}) through A, ${flavour ?? "terraform"} plan through B`, () => {
  let a: RunningTestAzmi | undefined;
  let b: RunningTestAzmi | undefined;
  let tf: TfWorkspace | undefined;
  const home = mkdtempSync(join(tmpdir(), "azmi-e2e-replicas-home-"));
  const { step, failedStep } = scenarioSteps(skipReason);
  let identity: { id: string; principalId: string; clientId: string };

  beforeAll(async () => {
    if (skipReason !== undefined || "skipped" in postgres) return;
    const store = createDatabase(postgres.url, `e2e_replicas_${process.pid}`);
    [a, b] = await Promise.all([startAzmi({ store }), startAzmi({ store })]);
    tf = tfWorkspace(b, report[flavour!]!, "replicas");
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (!("skipped" in postgres)) postgres.stop();
    rmSync(home, { recursive: true, force: true });
    if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
  });

  const azJson = async (args: readonly string[]) => {
    const result = await runAzmiCli(["az", "--port", String(a!.port), "--", ...args, "-o", "json", "--only-show-errors"], {
      env: { ...process.env, HOME: home, AZMI_AZ: az!, AZMI_AZ_CONFIG_DIR: join(home, "azmi-az") },
    });
    if (result.code !== 0) throw new Error(`az ${args.join(" ")} exited ${result.code}:\n${result.stderr}`);
    return result.stdout.trim() === "" ? undefined : JSON.parse(result.stdout);
  };

  step("az through replica A: group and identity", async () => {
    await azJson(["group", "create", "-n", "replicas-e2e", "-l", "westeurope"]);
    identity = await azJson(["identity", "create", "-g", "replicas-e2e", "-n", "made-by-az"]);
    expect(identity.id).toBe(
      `/subscriptions/${a!.subscriptionId}/resourceGroups/replicas-e2e/providers/Microsoft.ManagedIdentity/userAssignedIdentities/made-by-az`,
    );
    // The other replica answers for it at once, with the same identity.
    const seen = await expectIdentity(identity.id, b!);
    expect(seen.principalId).toBe(identity.principalId);
    expect(b!.caPem).toBe(a!.caPem);
  });

  step(`${flavour ?? "terraform"} through replica B: init and plan`, async () => {
    await tf!.expect(["init", "-no-color"], "init");
    // 2 = a plan with changes: the role assignment to create, and the outputs read from A's writes.
    const plan = await tf!.expect(["plan", "-detailed-exitcode", "-no-color"], "plan", [2]);
    expect(plan.stdout).toMatch(/azurerm_role_assignment\.reader will be created/);
    expect(plan.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);
    expect(plan.stdout).toContain(`principal_id = "${identity.principalId}"`);
    expect(plan.stdout).toContain(`client_id    = "${identity.clientId}"`);
  });
});
