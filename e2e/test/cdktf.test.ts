/**
 * cdktf: the same managed-identity stack in TypeScript (scenarios/cdktf/main.ts) with the
 * prebuilt @cdktf/provider-azurerm bindings, synthesized, then applied, re-planned (no changes)
 * and destroyed against a freshly started azmi. cdktf and the bindings (~270 MB) are provisioned
 * outside the workspace by e2e/scripts/tools.mjs. Runs with OpenTofu when it is there (the HCL
 * scenario covers HashiCorp's terraform too), else terraform; AZMI_E2E_CDKTF_TF picks one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectIdentity, expectLock, expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { e2eModes, modeLabel, modeOptions } from "../src/modes.js";
import { workspaceIn, type TfWorkspace } from "../src/terraform.js";
import { E2E_ROOT, missingReason, tools } from "../src/tools.js";

const report = tools();
const flavour = process.env.AZMI_E2E_CDKTF_TF ?? (report.tofu !== null ? "tofu" : "terraform");
const binary = flavour === "tofu" ? report.tofu : report.terraform;
const skipReason =
  report.cdktf === null
    ? (missingReason("cdktf") ?? "cdktf is not provisioned")
    : binary === null
      ? (missingReason(flavour) ?? `${flavour} not installed`)
      : report.pluginMirror === null
        ? (missingReason("azurerm provider") ?? "the azurerm provider is not provisioned")
        : undefined;

/** TypeScript → CommonJS without type-checking (the bindings' types are ~270 MB of .d.ts). */
function transpile(source: string, target: string): void {
  const require = createRequire(import.meta.url);
  const ts = require("typescript") as typeof import("typescript");
  const output = ts.transpileModule(readFileSync(source, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  writeFileSync(target, output.outputText);
}

for (const mode of e2eModes())
  // Both modes at once: a run is mostly azurerm's own waits, not work.
  describe(`cdktf (TypeScript, ${flavour}, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, { concurrent: true }, () => {
    let azmi: RunningTestAzmi | undefined;
    let tf: TfWorkspace;
    let work: string | undefined;
    let outputs: Record<string, string> = {};
    const { step, failedStep } = scenarioSteps(skipReason);

    beforeAll(async () => {
      if (skipReason !== undefined) return;
      azmi = await startAzmi(modeOptions(mode));
    });
    afterAll(async () => {
      await azmi?.stop();
      // Keep the synthesized stack and its TF_LOG=DEBUG traces only when a step failed.
      if (work !== undefined && failedStep() === undefined) rmSync(work, { recursive: true, force: true });
    });

    step("synth", async () => {
      work = mkdtempSync(join(tmpdir(), "azmi-e2e-cdktf-"));
      const app = join(work, "main.cjs");
      transpile(join(E2E_ROOT, "scenarios", "cdktf", "main.ts"), app);
      const outdir = join(work, "cdktf.out");
      const synth = spawnSync(process.execPath, [app], {
        cwd: work,
        encoding: "utf8",
        timeout: 5 * 60_000,
        env: { ...process.env, NODE_PATH: join(report.cdktf!, "node_modules"), AZMI_CDKTF_OUTDIR: outdir },
      });
      if (synth.status !== 0) throw new Error(`cdktf synth exited ${synth.status}:\n${synth.stderr}`);
      const stackDir = join(outdir, "stacks", "azmi-e2e");
      const synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      expect(Object.keys(synthesized.resource)).toEqual(
        expect.arrayContaining(["azurerm_linux_web_app", "azurerm_role_assignment", "azurerm_management_lock"]),
      );
      tf = workspaceIn(azmi!, binary!, stackDir);
    });

    step("init", async () => {
      await tf.expect(["init", "-no-color"], "init");
    });

    step("apply", async () => {
      await tf.expect(["apply", "-auto-approve", "-no-color"], "apply");
      outputs = (await tf.outputs()) as Record<string, string>;
      expect(outputs.tenant_id).toBe(azmi!.tenantId);
      const identity = await expectIdentity(outputs.identity_id!, azmi!);
      const web = await expectIdentity(outputs.web_app_id!, azmi!);
      expect(web.principalId).toBe(outputs.web_principal_id);
      await expectRoleAssignment({ principalId: identity.principalId, role: "Reader", scope: outputs.resource_group_id! }, azmi!);
      await expectRoleAssignment({ principalId: web.principalId, role: outputs.custom_role_definition_id!, scope: outputs.identity_id! }, azmi!);
      await expectRoleAssignment({ principalId: web.principalId, role: "Contributor", scope: outputs.resource_group_id! }, azmi!);
      await expectLock(outputs.plan_id!, "CanNotDelete", {}, azmi!);
    });

    step("second plan: no changes", async () => {
      await tf.expectNoChanges();
    });

    step("destroy", async () => {
      await tf.expect(["destroy", "-auto-approve", "-no-color"], "destroy");
      expect((await azmi!.request("GET", `${outputs.resource_group_id}?api-version=2022-09-01`)).status).toBe(404);
    });
  });
