/**
 * Template deployments driven by @azure/arm-resourcesdeployments (the SDK's deployments client
 * since @azure/arm-resources 7 moved them out), as a user's code would: the Bicep-shaped
 * templates of e2e/templates create identities, a federated credential, a role assignment, a
 * lock and a module; validate, whatIf, get, list, operations, exportTemplate and delete answer
 * as Azure does.
 */
import { ResourceManagementClient } from "@azure/arm-resources";
import { DeploymentsClient } from "@azure/arm-resourcesdeployments";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { loadTemplate } from "../../support/templates.js";

const load = loadTemplate;

let azmi: TestAzmi;
let resources: ResourceManagementClient;
let client: DeploymentsClient;

beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  resources = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  client = new DeploymentsClient(o.credential, azmi.subscriptionId, o);
  await resources.resourceGroups.createOrUpdate("deploy-rg", { location: "westeurope" });
});
afterAll(() => azmi?.stop());

const api = "api-version=2025-04-01";

describe("resource-group deployments", () => {
  test("identity-stack deploys identities, a federated credential, a role assignment, a lock and a module", async () => {
    const result = await client.deployments.beginCreateOrUpdateAndWait("deploy-rg", "stack", {
      properties: { mode: "Incremental", template: load("identity-stack.json"), parameters: { prefix: { value: "web" }, count: { value: 2 } } },
    });
    expect(result.properties?.provisioningState).toBe("Succeeded");
    const outputs = result.properties?.outputs as { [name: string]: { type: string; value: any } } & Record<
      "suffix" | "principalIds" | "assignmentId" | "extraClientId",
      { type: string; value: any }
    >;
    expect(outputs.suffix.value).toMatch(/^[a-z2-7]{13}$/);

    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg`;
    const identity = await azmi.request("GET", `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-0?api-version=2023-01-31`);
    expect(identity.status).toBe(200);
    expect(outputs.principalIds.value).toEqual([identity.json.properties.principalId, expect.any(String)]);

    const credential = await azmi.request(
      "GET",
      `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-0/federatedIdentityCredentials/github?api-version=2023-01-31`,
    );
    expect(credential.status).toBe(200);
    expect(credential.json.properties.subject).toBe("repo:contoso/app:ref:refs/heads/main");

    const assignment = await azmi.request("GET", `${outputs.assignmentId.value}?api-version=2022-04-01`);
    expect(assignment.status).toBe(200);
    expect(assignment.json.properties.principalId).toBe(identity.json.properties.principalId);

    const locks = await azmi.request(
      "GET",
      `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-0/providers/Microsoft.Authorization/locks?api-version=2020-05-01`,
    );
    expect(locks.json.value.map((l: { name: string }) => l.name)).toEqual(["do-not-delete"]);

    const extra = await azmi.request(
      "GET",
      `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-extra-${outputs.suffix.value}?api-version=2023-01-31`,
    );
    expect(extra.json.properties.clientId).toBe(outputs.extraClientId.value);

    const module = await client.deployments.get("deploy-rg", "extra-identity");
    expect(module.properties?.provisioningState).toBe("Succeeded");

    const operations = [];
    for await (const op of client.deploymentOperations.list("deploy-rg", "stack")) operations.push(op);
    const targets = operations.map((op) => op.properties?.targetResource?.resourceName).filter(Boolean);
    expect(targets).toEqual(expect.arrayContaining(["web-id-0", "web-id-1", "web-id-0/github", "do-not-delete", "extra-identity"]));
    expect(operations.every((op) => op.properties?.provisioningState === "Succeeded")).toBe(true);

    const exported = await client.deployments.exportTemplate("deploy-rg", "stack");
    expect(exported.template).toEqual(load("identity-stack.json"));

    const listed = [];
    for await (const d of client.deployments.listByResourceGroup("deploy-rg")) listed.push(d.name);
    expect(listed).toEqual(expect.arrayContaining(["stack", "extra-identity"]));
  });

  test("the deployed lock applies: deleting the locked identity is ScopeLocked", async () => {
    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg`;
    const res = await azmi.request("DELETE", `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-0?api-version=2023-01-31`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("ScopeLocked");
  });

  test("a provider's refusal fails the deployment with DeploymentFailed and the operation's error", async () => {
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        // The lock from the previous deployment forbids nothing here, but a role assignment with a bad role does.
        {
          type: "Microsoft.Authorization/roleAssignments",
          apiVersion: "2022-04-01",
          name: "[guid('bad')]",
          properties: {
            principalId: "00000000-0000-0000-0000-00000000dead",
            roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '11111111-1111-1111-1111-111111111111')]",
          },
        },
      ],
    };
    const error = await client.deployments.beginCreateOrUpdateAndWait("deploy-rg", "failing", { properties: { mode: "Incremental", template } }).then(
      () => undefined,
      (e: Error) => e,
    );
    // The SDK's poller reports a Failed operation status as an Error naming its code.
    expect(error?.message).toMatch(/DeploymentFailed/);
    const deployment = await client.deployments.get("deploy-rg", "failing");
    expect(deployment.properties?.provisioningState).toBe("Failed");
    expect(deployment.properties?.error?.details?.[0]?.code).toMatch(/RoleDefinitionDoesNotExist|PrincipalNotFound/);
    const operations = [];
    for await (const op of client.deploymentOperations.list("deploy-rg", "failing")) operations.push(op);
    expect(operations[0]?.properties?.provisioningState).toBe("Failed");
    expect(operations[0]?.properties?.statusMessage).toMatchObject({ status: "Failed", error: { code: deployment.properties?.error?.details?.[0]?.code } });
  });

  test("DeploymentFailed carries each failed operation's error: ScopeLocked and RoleAssignmentExists", async () => {
    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg`;
    const lockedId = `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-1`;
    const lock = await azmi.request("PUT", `${lockedId}/providers/Microsoft.Authorization/locks/frozen?api-version=2020-05-01`, {
      properties: { level: "ReadOnly" },
    });
    expect(lock.status).toBe(201);
    const identity = await azmi.request("GET", `${lockedId}?api-version=2023-01-31`);
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        {
          type: "Microsoft.ManagedIdentity/userAssignedIdentities",
          apiVersion: "2023-01-31",
          name: "web-id-1",
          location: "westeurope",
          tags: { changed: "yes" },
        },
        {
          type: "Microsoft.Authorization/roleAssignments",
          apiVersion: "2022-04-01",
          name: "[guid('a second name for the same assignment')]",
          properties: {
            principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'web-id-0'), '2023-01-31').principalId]",
            roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
            principalType: "ServicePrincipal",
          },
        },
      ],
    };
    await expect(client.deployments.beginCreateOrUpdateAndWait("deploy-rg", "refused", { properties: { mode: "Incremental", template } })).rejects.toThrow(
      /DeploymentFailed/,
    );
    const deployment = await client.deployments.get("deploy-rg", "refused");
    const details = deployment.properties?.error?.details ?? [];
    expect(details.map((d) => d.code).sort()).toEqual(["RoleAssignmentExists", "ScopeLocked"]);
    expect(details.find((d) => d.code === "ScopeLocked")?.target).toBe(lockedId);
    expect((await azmi.request("GET", `${lockedId}?api-version=2023-01-31`)).json.tags).toEqual(identity.json.tags);
    const operations = [];
    for await (const op of client.deploymentOperations.list("deploy-rg", "refused")) operations.push(op);
    const one = await client.deploymentOperations.get("deploy-rg", "refused", operations[0]!.operationId!);
    expect(one.properties?.statusCode).toBe("Conflict");
    expect(await azmi.request("DELETE", `${lockedId}/providers/Microsoft.Authorization/locks/frozen?api-version=2020-05-01`).then((r) => r.status)).toBe(200);
  });

  test("validate reports template errors as InvalidTemplate with the line, and succeeds on a valid template", async () => {
    const ok = await client.deployments.beginValidateAndWait("deploy-rg", "check", {
      properties: { mode: "Incremental", template: load("identity-stack.json"), parameters: { prefix: { value: "ok" } } },
    });
    expect(ok.properties?.provisioningState).toBe("Succeeded");
    expect(ok.properties?.validatedResources?.map((r) => r.id?.split("/").pop())).toEqual(expect.arrayContaining(["ok-id-0", "ok-id-1", "do-not-delete"]));

    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ prefix: { value: "x" } }, /Length of the value should be greater than or equal to '2'/],
      [{ role: { value: "Owner" } }, /not part of the allowed value\(s\): 'Reader,Contributor'/],
      [{ count: { value: 9 } }, /The value should be less than or equal to '5'/],
      [{ count: { value: "2" } }, /Expected 'Integer'. Actual 'String'/],
    ];
    for (const [parameters, message] of cases) {
      const res = await azmi.request(
        "POST",
        `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/check/validate?${api}`,
        {
          properties: { mode: "Incremental", template: load("identity-stack.json"), parameters },
        },
      );
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("InvalidTemplate");
      expect(res.json.error.message).toMatch(message);
    }

    // Positions are those of the request body: az sends the file verbatim, so they are the file's lines.
    const text = `{"properties": {"mode": "Incremental", template: {
  // a comment, as Bicep users write in JSON templates
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {"type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "[nope()]", "location": "westeurope"}
  ]
}}}`;
    const bad = await azmi.request(
      "POST",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/check/validate?${api}`,
      text,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(
      "Deployment template validation failed: 'The template resource '[nope()]' at line '6' and column '5' is not valid: The template function 'nope' is not valid. Please see https://aka.ms/arm-functions for usage details.'.",
    );
    expect(bad.json.error.additionalInfo[0]).toEqual({
      type: "TemplateViolation",
      info: { lineNumber: 6, linePosition: 5, path: "properties.template.resources[0]" },
    });

    const cyclic = await azmi.request(
      "POST",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/check/validate?${api}`,
      {
        properties: {
          mode: "Incremental",
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            resources: [
              { type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "a", location: "westeurope", dependsOn: ["b"] },
              { type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "b", location: "westeurope", dependsOn: ["a"] },
            ],
          },
        },
      },
    );
    expect(cyclic.json.error.message).toMatch(/Circular dependency detected on resource/);
  });

  test("whatIf lists Create, Modify and NoChange with property deltas, changing nothing", async () => {
    const template = load("identity-stack.json");
    const result = await client.deployments.beginWhatIfAndWait("deploy-rg", "preview", {
      properties: { mode: "Incremental", template, parameters: { prefix: { value: "web" }, count: { value: 3 }, githubRepo: { value: "contoso/other" } } },
    });
    expect(result.status).toBe("Succeeded");
    const byName = new Map(result.changes!.map((c) => [c.resourceId!.split("/").slice(-1)[0], c]));
    expect(byName.get("web-id-0")?.changeType).toBe("NoChange");
    expect(byName.get("web-id-2")?.changeType).toBe("Create");
    expect(byName.get("github")?.changeType).toBe("Modify");
    expect(byName.get("github")?.delta).toEqual([
      expect.objectContaining({
        path: "properties.subject",
        propertyChangeType: "Modify",
        before: "repo:contoso/app:ref:refs/heads/main",
        after: "repo:contoso/other:ref:refs/heads/main",
      }),
    ]);
    const missing = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id-2?api-version=2023-01-31`,
    );
    expect(missing.status).toBe(404);
  });

  test("delete removes the deployment record, not its resources; unknown deployments are DeploymentNotFound", async () => {
    await client.deployments.beginDeleteAndWait("deploy-rg", "failing");
    const gone = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/failing?${api}`,
    );
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("DeploymentNotFound");
    expect((await client.deployments.checkExistence("deploy-rg", "stack")).body).toBe(true);
  });

  test("the PUT is long-running: 201 Accepted with Azure-AsyncOperation, then Succeeded", async () => {
    const res = await azmi.request(
      "PUT",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/raw?${api}`,
      {
        properties: {
          mode: "Incremental",
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            resources: [],
            outputs: { x: { type: "int", value: 3 } },
          },
        },
      },
    );
    expect(res.status).toBe(201);
    expect(res.json.properties.provisioningState).toBe("Accepted");
    const poll = res.headers.get("azure-asyncoperation")!;
    expect(poll).toMatch(/\/deployments\/raw\/operationStatuses\/\d+\?api-version=2025-04-01$/);
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== "Succeeded"; i++) {
      status = (await azmi.request("GET", poll.slice(azmi.url.length))).json.status;
      if (status !== "Succeeded") await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe("Succeeded");
    const done = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/raw?${api}`,
    );
    expect(done.json.properties.outputs).toEqual({ x: { type: "Int", value: 3 } });
  });
});

describe("web apps", () => {
  test("web-app deploys a plan and a site running as a user-assigned identity, and a role for its system identity", async () => {
    const result = await client.deployments.beginCreateOrUpdateAndWait("deploy-rg", "web", {
      properties: { mode: "Incremental", template: load("web-app.json"), parameters: { name: { value: "azmi-web-1" } } },
    });
    expect(result.properties?.provisioningState).toBe("Succeeded");
    const outputs = result.properties?.outputs as Record<"hostName" | "sitePrincipalId", { value: string }>;
    expect(outputs.hostName.value).toBe("azmi-web-1.azurewebsites.net");
    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg`;
    const site = await azmi.request("GET", `${group}/providers/Microsoft.Web/sites/azmi-web-1?api-version=2022-09-01`);
    expect(site.json.identity.principalId).toBe(outputs.sitePrincipalId.value);
    const identityId = `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azmi-web-1-identity`;
    const identity = await azmi.request("GET", `${identityId}?api-version=2023-01-31`);
    expect(Object.keys(site.json.identity.userAssignedIdentities).map((k) => k.toLowerCase())).toEqual([identityId.toLowerCase()]);
    const settings = await azmi.request("POST", `${group}/providers/Microsoft.Web/sites/azmi-web-1/config/appsettings/list?api-version=2022-09-01`);
    expect(settings.json.properties.AZURE_CLIENT_ID).toBe(identity.json.properties.clientId);
  });
});

describe("subscription deployments", () => {
  test("subscription-stack creates a group, a module in it, and a role assignment at the subscription", async () => {
    const result = await client.deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait("sub-stack", {
      location: "westeurope",
      properties: { mode: "Incremental", template: load("subscription-stack.json"), parameters: { groupName: { value: "from-template" } } },
    });
    expect(result.properties?.provisioningState).toBe("Succeeded");
    const outputs = result.properties?.outputs as Record<"groupId" | "principalId", { value: string }>;
    expect(outputs.groupId.value).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/from-template`);
    expect((await resources.resourceGroups.get("from-template")).location).toBe("westeurope");
    const identity = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/from-template/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sub-id?api-version=2023-01-31`,
    );
    expect(identity.json.properties.principalId).toBe(outputs.principalId.value);
    const assignments = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${outputs.principalId.value}'`)}`,
    );
    expect(assignments.json.value.map((a: { properties: { scope: string } }) => a.properties.scope)).toContain(`/subscriptions/${azmi.subscriptionId}`);
    const atSub = await client.deployments.getAtSubscriptionScope("sub-stack");
    expect(atSub.location).toBe("westeurope");
  });

  test("a subscription deployment without a location is refused", async () => {
    const res = await azmi.request("PUT", `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Resources/deployments/nowhere?${api}`, {
      properties: { mode: "Incremental", template: load("subscription-stack.json"), parameters: { groupName: { value: "x" } } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidDeployment");
  });
});

describe("other scopes and refusals", () => {
  const empty = (outputs: Record<string, unknown>) => ({
    $schema: "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources: [],
    outputs,
  });

  test("tenant and management-group deployments run with their scope's functions", async () => {
    const tenant = await client.deployments.beginCreateOrUpdateAtTenantScopeAndWait("at-tenant", {
      location: "westeurope",
      properties: { mode: "Incremental", template: empty({ t: { type: "string", value: "[tenant().tenantId]" } }) },
    });
    expect((tenant.properties?.outputs as Record<string, { value: string }>)["t"]!.value).toBe(azmi.tenantId);
    // A management-group deployment needs its group (Azure answers 404 NotFound for one that does not exist).
    expect((await azmi.request("PUT", "/providers/Microsoft.Management/managementGroups/mg1?api-version=2021-04-01", {})).status).toBe(202);
    const group = await client.deployments.beginCreateOrUpdateAtManagementGroupScopeAndWait("mg1", "at-mg", {
      location: "westeurope",
      properties: { mode: "Incremental", template: empty({ g: { type: "string", value: "[managementGroup().id]" } }) },
    });
    expect((group.properties?.outputs as Record<string, { value: string }>)["g"]!.value).toBe("/providers/Microsoft.Management/managementGroups/mg1");
  });

  test("an api-version the provider does not serve is InvalidTemplateDeployment at preflight", async () => {
    const res = await azmi.request(
      "POST",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/old/validate?${api}`,
      {
        properties: {
          mode: "Incremental",
          template: {
            $schema: "x",
            contentVersion: "1.0.0.0",
            resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "1999-01-01", name: "x", location: "westeurope" }],
          },
        },
      },
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidTemplateDeployment");
    expect(res.json.error.details[0]).toMatchObject({ code: "NoRegisteredProviderFound", target: expect.stringContaining("/userAssignedIdentities/x") });
  });

  test("calculateTemplateHash answers the hash deployments record", async () => {
    const template = load("identity-stack.json");
    const hashed = await client.deployments.calculateTemplateHash(template);
    const deployed = await client.deployments.get("deploy-rg", "stack");
    expect(hashed.templateHash).toBe(deployed.properties?.templateHash);
    expect(JSON.parse(hashed.minifiedTemplate!)).toEqual(template);
  });

  test("templateLink cannot be downloaded; a finished deployment cannot be cancelled; a missing group is ResourceGroupNotFound", async () => {
    const linked = await azmi.request(
      "PUT",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/linked?${api}`,
      {
        properties: { mode: "Incremental", templateLink: { uri: "https://example.invalid/t.json" } },
      },
    );
    expect([linked.status, linked.json.error.code]).toEqual([400, "InvalidContentLink"]);
    const cancel = await azmi.request(
      "POST",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/deploy-rg/providers/Microsoft.Resources/deployments/stack/cancel?${api}`,
    );
    expect([cancel.status, cancel.json.error.code]).toEqual([409, "DeploymentCannotBeCancelled"]);
    const missing = await azmi.request("GET", `/subscriptions/${azmi.subscriptionId}/resourceGroups/nope/providers/Microsoft.Resources/deployments/x?${api}`);
    expect([missing.status, missing.json.error.code]).toEqual([404, "ResourceGroupNotFound"]);
  });
});
