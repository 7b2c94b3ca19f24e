/**
 * Management groups through Terraform's azurerm provider: azurerm_management_group (with
 * subscription_ids and a parent), azurerm_management_group_subscription_association for a
 * second subscription, and a role assignment at the group. Apply, a clean second plan, the
 * assignment seen from the associated subscription as inherited, destroy putting both
 * subscriptions back under the tenant root group. Strict mode (the operator's credentials).
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { hclClient, tools } from "../src/tools.js";
import { e2eModes, modeLabel, modeOptions } from "../src/modes.js";

const report = tools();
const { binary, name: binaryName, skipReason } = hclClient(report);
const SECOND = "11111111-2222-3333-4444-555555555555";
const MG = "/providers/Microsoft.Management/managementGroups";

for (const mode of e2eModes().filter((m) => m === "strict"))
  describe(`${binaryName} management groups (HCL, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, () => {
    let azmi: RunningTestAzmi | undefined;
    let tf: TfWorkspace | undefined;
    const { step, failedStep } = scenarioSteps(skipReason);

    beforeAll(async () => {
      if (skipReason !== undefined) return;
      const base = modeOptions(mode).args ?? [];
      azmi = await startAzmi({ args: [...base, "--subscription", "00000000-0000-0000-0000-000000000000", "--subscription", SECOND] });
      tf = tfWorkspace(azmi, binary!, "management-groups", { TF_VAR_second_subscription_id: SECOND });
    });
    afterAll(async () => {
      await azmi?.stop();
      if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
    });

    step("init (offline, plugin mirror)", async () => {
      await tf!.expect(["init", "-no-color"], "init");
    });

    step("apply: two groups, both subscriptions placed, Reader at the parent group", async () => {
      await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply");
      const outputs = await tf!.outputs();
      expect(outputs.platform_id).toBe(`${MG}/azmi-e2e-platform`);
      expect(outputs.workloads_parent).toBe(`${MG}/azmi-e2e-platform`);
      const second = await azmi!.request("GET", `${MG}/azmi-e2e-workloads/subscriptions/${SECOND}?api-version=2021-04-01`);
      expect(second.status).toBe(200);
      const inherited = await azmi!.request(
        "GET",
        `/subscriptions/${SECOND}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
      );
      expect(inherited.json.value.map((a: { properties: { scope: string } }) => a.properties.scope)).toContain(`${MG}/azmi-e2e-platform`);
    });

    step("second plan: no changes", async () => {
      await tf!.expectNoChanges();
    });

    step("destroy: the groups are gone, the subscriptions back under the root group", async () => {
      await tf!.expect(["destroy", "-auto-approve", "-no-color"], "destroy");
      const list = await azmi!.request("GET", `${MG}?api-version=2021-04-01`);
      expect(list.json.value.map((g: { name: string }) => g.name)).toEqual([azmi!.tenantId]);
      const root = await azmi!.request("GET", `${MG}/${azmi!.tenantId}/subscriptions?api-version=2021-04-01`);
      expect(root.json.value.map((s: { name: string }) => s.name).sort()).toEqual(["00000000-0000-0000-0000-000000000000", SECOND]);
    });
  });
