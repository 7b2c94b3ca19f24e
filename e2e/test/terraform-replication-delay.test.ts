/**
 * Directory replication delay as Terraform meets it (`azmi start --replication-delay 2m`): an
 * identity created and given a role in one apply fails with ARM's PrincipalNotFound, as on Azure
 * (azurerm retries it until the create timeout, 20 s in the scenario), and the same apply with
 * `skip_service_principal_aad_check = true` (principalType ServicePrincipal) passes while the new
 * principal is still unreplicated. Permissive mode (the delay is the same in both), with
 * terraform, or tofu when terraform is missing.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { hclClient, tools } from "../src/tools.js";
import { e2eModes, modeLabel } from "../src/modes.js";

const report = tools();
const { binary, name: binaryName, skipReason } = hclClient(report);

for (const mode of e2eModes().filter((m) => m === "permissive"))
  describe(`${binaryName} replication delay (HCL, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, () => {
    let azmi: RunningTestAzmi | undefined;
    let tf: TfWorkspace | undefined;
    const { step, failedStep } = scenarioSteps(skipReason);

    beforeAll(async () => {
      if (skipReason !== undefined) return;
      azmi = await startAzmi({ args: ["--replication-delay", "2m"] });
      tf = tfWorkspace(azmi, binary!, "replication-delay");
    });
    afterAll(async () => {
      await azmi?.stop();
      if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
    });

    step("init (offline, plugin mirror)", async () => {
      await tf!.expect(["init", "-no-color"], "init");
    });

    step("a role for a new identity without principal type fails with PrincipalNotFound", async () => {
      const result = await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply-unchecked", [1]);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(output).toContain("PrincipalNotFound");
      expect(output).toMatch(/Principal [0-9a-f]{32} does not exist in the directory/);
    });

    step("with skip_service_principal_aad_check the same role is granted during the delay", async () => {
      const vars = ["-var", "skip_service_principal_aad_check=true", "-var", "identity_name=azmi-e2e-replicating-2"];
      await tf!.expect(["apply", "-auto-approve", "-no-color", ...vars], "apply-skipped");
      const outputs = await tf!.outputs();
      const principalId = String(outputs.principal_id);
      await expectRoleAssignment({ principalId, role: "Reader", scope: String(outputs.resource_group_id) }, azmi!);
      // Still unreplicated: the assignment was made on the principal type's word, not the directory's.
      expect((await azmi!.request("GET", `/v1.0/servicePrincipals/${principalId}`)).status).toBe(404);
    });
  });
