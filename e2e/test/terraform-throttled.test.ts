/**
 * ARM throttling as Terraform meets it (`azmi start --throttle reads=8:2,writes=2:1,deletes=2:1`):
 * the apply of a resource group and four identities empties the write bucket, azmi answers
 * 429 SubscriptionRequestsThrottled with Retry-After, and azurerm waits and retries until the
 * apply, a clean plan and the destroy are done. The console's request log shows the 429s.
 * Permissive mode (the buckets are the same in both), with terraform, or tofu when missing.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { hclClient, tools } from "../src/tools.js";
import { e2eModes, modeLabel } from "../src/modes.js";

const report = tools();
const { binary, name: binaryName, skipReason } = hclClient(report);

for (const mode of e2eModes().filter((m) => m === "permissive"))
  describe(`${binaryName} under ARM throttling (HCL, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, () => {
    let azmi: RunningTestAzmi | undefined;
    let tf: TfWorkspace | undefined;
    const { step, failedStep } = scenarioSteps(skipReason);
    const throttledAnswers = async () => {
      const page = await azmi!.request("GET", "/_azmi/console/requests?status=429");
      return [...page.text.matchAll(/data-status="429"/g)].length;
    };

    beforeAll(async () => {
      if (skipReason !== undefined) return;
      azmi = await startAzmi({ args: ["--throttle", "reads=8:2,writes=2:1,deletes=2:1"] });
      tf = tfWorkspace(azmi, binary!, "throttled");
    });
    afterAll(async () => {
      await azmi?.stop();
      if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
    });

    step("init (offline, plugin mirror)", async () => {
      await tf!.expect(["init", "-no-color"], "init");
    });

    step("apply rides out 429 SubscriptionRequestsThrottled", async () => {
      await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply");
      expect((await tf!.outputs()).identity_ids).toHaveLength(4);
      expect(await throttledAnswers()).toBeGreaterThan(0);
    });

    step("plan after apply shows no changes", async () => {
      const result = await tf!.expect(["plan", "-detailed-exitcode", "-no-color"], "plan", [0]);
      expect(result.stdout).toContain("No changes");
    });

    step("destroy", async () => {
      await tf!.expect(["destroy", "-auto-approve", "-no-color"], "destroy");
      expect((await azmi!.request("GET", `/subscriptions/${azmi!.subscriptionId}/resourcegroups/azmi-e2e-throttled-rg?api-version=2021-04-01`)).status).toBe(
        404,
      );
    });
  });
