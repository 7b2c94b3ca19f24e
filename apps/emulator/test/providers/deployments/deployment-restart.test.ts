/** A deployment left running by a stopped azmi is reported Failed, not Running forever, after a restart. */
import { getDeployment, putDeployment } from "@azmi/templates";
import { MemoryStore } from "@azmi/arm-core";
import { expect, test } from "vitest";
import { createServices } from "../../../src/compose.js";
import { defaultConfig } from "../../../src/config.js";

test("deployments interrupted by a restart end as Failed with DeploymentInterrupted", () => {
  const store = new MemoryStore();
  const id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Resources/deployments/d";
  putDeployment(store, {
    document: { id, name: "d", type: "Microsoft.Resources/deployments", properties: { provisioningState: "Running", mode: "Incremental" } },
    template: {},
    runId: "1",
    startedAt: new Date().toISOString(),
  });
  createServices(defaultConfig(), { store });
  expect(getDeployment(store, id)?.document.properties).toMatchObject({ provisioningState: "Failed", error: { code: "DeploymentInterrupted" } });
});
