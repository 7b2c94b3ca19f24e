/**
 * Terraform HCL, with the real azurerm provider, against a freshly started azmi: the stack in
 * scenarios/terraform/stack (resource group, user-assigned identity, federated credential,
 * custom role definition, data role definition, role assignments by name and by id at group and
 * resource scope, a lock, a service plan and a Linux web app with a system-assigned identity,
 * client config and subscription data sources): init, apply, a second plan with no changes,
 * destroy. Once with HashiCorp's terraform and once with OpenTofu, whichever are installed.
 * AZMI_E2E_TF=terraform (or tofu) runs only that one. Each runs in every mode of
 * AZMI_E2E_MODES (src/modes.ts): in strict mode as the operator, with RBAC enforced.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectIdentity, expectLock, expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { missingReason, tools } from "../src/tools.js";
import { e2eModes, modeLabel, modeOptions } from "../src/modes.js";

const report = tools();
const wanted = (process.env.AZMI_E2E_TF ?? "terraform,tofu").split(",");
const modes = e2eModes();

for (const mode of modes)
  for (const flavour of ["terraform", "tofu"] as const) {
    const binary = report[flavour];
    const skipReason = !wanted.includes(flavour)
      ? `not selected (AZMI_E2E_TF=${process.env.AZMI_E2E_TF})`
      : binary === null
        ? (missingReason(flavour) ?? `${flavour} not installed`)
        : report.pluginMirror === null
          ? (missingReason("azurerm provider") ?? "the azurerm provider is not provisioned")
          : undefined;

    // Concurrent with the other flavours and modes: a run is mostly azurerm's own waits, not work.
    describe(`${flavour} (HCL, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, { concurrent: true }, () => {
      let azmi: RunningTestAzmi | undefined;
      let tf: TfWorkspace | undefined;
      let outputs: Record<string, string> = {};
      const { step, failedStep } = scenarioSteps(skipReason);

      beforeAll(async () => {
        if (skipReason !== undefined) return;
        azmi = await startAzmi(modeOptions(mode));
        tf = tfWorkspace(azmi, binary!, "stack");
      });
      afterAll(async () => {
        await azmi?.stop();
        // Keep the configuration and its TF_LOG=DEBUG traces only when a step failed.
        if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
      });

      step("init (offline, plugin mirror)", async () => {
        const result = await tf!.expect(["init", "-no-color"], "init");
        expect(result.stdout).toMatch(/initialized/i);
      });

      step("apply", async () => {
        await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply");
        outputs = (await tf!.outputs()) as Record<string, string>;
        const sub = `/subscriptions/${azmi!.subscriptionId}`;
        expect(outputs.tenant_id).toBe(azmi!.tenantId);
        expect(outputs.client_object_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(outputs.resource_group_id).toBe(`${sub}/resourceGroups/azmi-e2e-rg`);
        expect(outputs.contributor_role_definition_id?.toLowerCase()).toContain("b24988ac-6180-42a0-ab88-20f7382dd24c");

        // What the user would check: azmi holds what terraform says it made.
        const identity = await expectIdentity(outputs.identity_id!, azmi!);
        expect(identity.principalId).toBe(outputs.identity_principal_id);
        const web = await expectIdentity(outputs.web_app_id!, azmi!);
        expect(web.principalId).toBe(outputs.web_principal_id);
        await expectRoleAssignment({ principalId: identity.principalId, role: "Reader", scope: outputs.resource_group_id! }, azmi!);
        await expectRoleAssignment({ principalId: web.principalId, role: outputs.custom_role_definition_id!, scope: outputs.identity_id! }, azmi!);
        await expectRoleAssignment({ principalId: web.principalId, role: "Contributor", scope: outputs.resource_group_id! }, azmi!);
        await expectLock(outputs.plan_id!, "CanNotDelete", {}, azmi!);
        const fic = await azmi!.request("GET", `${outputs.identity_id}/federatedIdentityCredentials/github-main?api-version=2023-01-31`);
        expect(fic.status).toBe(200);
        expect(fic.json.properties).toMatchObject({
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:azmi/azmi:ref:refs/heads/main",
          audiences: ["api://AzureADTokenExchange"],
        });
      });

      step("second plan: no changes", async () => {
        await tf!.expectNoChanges();
      });

      step("destroy", async () => {
        await tf!.expect(["destroy", "-auto-approve", "-no-color"], "destroy");
        const group = await azmi!.request("GET", `${outputs.resource_group_id}?api-version=2022-09-01`);
        expect(group.status).toBe(404);
        const custom = await azmi!.request("GET", `${outputs.custom_role_definition_id}?api-version=2022-04-01`);
        expect(custom.status).toBe(404);
      });
    });
  }
