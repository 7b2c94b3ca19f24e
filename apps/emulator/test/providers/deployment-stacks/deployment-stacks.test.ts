/**
 * Deployment stacks over HTTP, as az's SDK drives them: PUT answers 201 with Azure-AsyncOperation,
 * the poll ends `succeeded`, the stack lists the resources it manages and protects each with a
 * deny assignment that refuses even the Owner who made it; a resource that leaves the template is
 * deleted or detached as actionOnUnmanage says; deleting the stack with
 * unmanageAction.Resources=delete deletes what it managed and lifts its deny assignments.
 */
import { DeploymentStacksClient } from "@azure/arm-resourcesdeploymentstacks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { operatorToken } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const API = "api-version=2025-07-01";
const IDENTITY_API = "api-version=2023-01-31";

const identities = (...names: string[]) => ({
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  resources: names.map((name) => ({ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name, location: "westeurope" })),
});

const stackBody = (template: unknown, extra: Record<string, unknown> = {}) => ({
  properties: {
    template,
    actionOnUnmanage: { resources: "delete", resourceGroups: "delete" },
    denySettings: { mode: "denyDelete", applyToChildScopes: false },
    ...extra,
  },
});

describe.each(["permissive", "strict"] as const)("deployment stacks in %s mode", (authMode) => {
  let azmi: TestAzmi;
  let as: Record<string, string>;
  let groupId: string;
  let stackId: string;
  beforeAll(async () => {
    azmi = await startTestAzmi({ config: { authMode } });
    const token = await operatorToken(azmi, "https://management.azure.com/.default");
    as = { authorization: `Bearer ${token}` };
    groupId = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-stack`;
    stackId = `${groupId}/providers/Microsoft.Resources/deploymentStacks/stack1`;
    await ok(azmi, "PUT", `${groupId}?api-version=2021-04-01`, { location: "westeurope" }, token);
  });
  afterAll(() => azmi?.stop());

  async function putAndPoll(body: unknown, expected: number) {
    const put = await azmi.request("PUT", `${stackId}?${API}`, body, as);
    expect(put.status, put.text).toBe(expected);
    const poll = put.headers.get("azure-asyncoperation")!;
    expect(poll).toContain(`${stackId}/operationStatuses/`);
    const status = await azmi.request("GET", poll.slice(poll.indexOf("/subscriptions/")), undefined, as);
    expect(status.json.status, JSON.stringify(status.json)).toBe("succeeded");
    return (await azmi.request("GET", `${stackId}?${API}`, undefined, as)).json;
  }

  it("deploys, manages and protects; unmanages what leaves; deletes what it managed", async () => {
    const id = (name: string) => `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    const created = await putAndPoll(stackBody(identities("keep", "drop")), 201);
    expect(created.properties).toMatchObject({
      provisioningState: "succeeded",
      denySettings: { mode: "denyDelete", applyToChildScopes: false },
      resources: [
        { id: id("keep"), status: "managed", denyStatus: "denyDelete" },
        { id: id("drop"), status: "managed", denyStatus: "denyDelete" },
      ],
    });
    expect(created.properties.deploymentId).toMatch(new RegExp(`^${groupId}/providers/Microsoft.Resources/deployments/stack1-`));

    const refused = await azmi.request("DELETE", `${id("keep")}?${IDENTITY_API}`, undefined, as);
    expect([refused.status, refused.json.error.code]).toEqual([403, "DenyAssignmentAuthorizationFailed"]);
    expect(refused.json.error.message).toContain(`created by Deployment Stack '${stackId}'.`);
    const denies = await azmi.request("GET", `${id("keep")}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01`, undefined, as);
    expect(denies.json.value).toHaveLength(1);
    expect(denies.json.value[0].properties).toMatchObject({
      description: `Created by Deployment Stack '${stackId}'.`,
      permissions: [{ actions: ["*/delete"], notActions: ["Microsoft.Authorization/locks/delete"] }],
      doNotApplyToChildScopes: true,
      isSystemProtected: true,
    });

    // "drop" leaves the template: actionOnUnmanage.resources=delete deletes it.
    const updated = await putAndPoll(stackBody(identities("keep")), 200);
    expect(updated.properties.resources.map((r: { id: string }) => r.id)).toEqual([id("keep")]);
    expect(updated.properties.deletedResources).toEqual([{ id: id("drop") }]);
    expect((await azmi.request("GET", `${id("drop")}?${IDENTITY_API}`, undefined, as)).status).toBe(404);

    const exported = await azmi.request("POST", `${stackId}/exportTemplate?${API}`, undefined, as);
    expect(exported.json.template.resources.map((r: { name: string }) => r.name)).toEqual(["keep"]);
    const listed = await azmi.request("GET", `${groupId}/providers/Microsoft.Resources/deploymentStacks?${API}`, undefined, as);
    expect(listed.json.value.map((s: { id: string }) => s.id)).toEqual([stackId]);

    const removed = await azmi.request("DELETE", `${stackId}?${API}&unmanageAction.Resources=delete`, undefined, as);
    expect(removed.status).toBe(200);
    expect((await azmi.request("GET", `${id("keep")}?${IDENTITY_API}`, undefined, as)).status).toBe(404);
    expect((await azmi.request("GET", `${stackId}?${API}`, undefined, as)).json.error.code).toBe("DeploymentStackNotFound");
    const left = await azmi.request("GET", `${groupId}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01`, undefined, as);
    expect(left.json.value).toEqual([]);
  });

  it("detaches by default on delete: the resources stay and are no longer protected", async () => {
    await putAndPoll(stackBody(identities("kept"), { denySettings: { mode: "denyWriteAndDelete" } }), 201);
    const kept = `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kept`;
    const write = await azmi.request("PUT", `${kept}?${IDENTITY_API}`, { location: "westeurope", tags: { a: "b" } }, as);
    expect([write.status, write.json.error?.code]).toEqual([403, "DenyAssignmentAuthorizationFailed"]);
    expect((await azmi.request("DELETE", `${stackId}?${API}`, undefined, as)).status).toBe(200);
    expect((await azmi.request("PUT", `${kept}?${IDENTITY_API}`, { location: "westeurope", tags: { a: "b" } }, as)).status).toBe(200);
    expect((await azmi.request("DELETE", `${kept}?${IDENTITY_API}`, undefined, as)).status).toBe(200);
  });

  it("fails, with the deployment's error, when its template cannot deploy", async () => {
    const broken = {
      ...identities(),
      resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "1999-01-01", name: "never", location: "westeurope" }],
    };
    const failedStack = `${groupId}/providers/Microsoft.Resources/deploymentStacks/broken`;
    const put = await azmi.request("PUT", `${failedStack}?${API}`, stackBody(broken), as);
    expect(put.status).toBe(201);
    const poll = put.headers.get("azure-asyncoperation")!;
    const status = (await azmi.request("GET", poll.slice(poll.indexOf("/subscriptions/")), undefined, as)).json;
    expect(status).toMatchObject({ status: "failed", error: { code: "InvalidTemplateDeployment" } });
    expect((await azmi.request("GET", `${failedStack}?${API}`, undefined, as)).json.properties).toMatchObject({ provisioningState: "failed", resources: [] });
  });

  it("validates without deploying, and refuses a body without deny settings", async () => {
    const valid = await azmi.request("POST", `${stackId}/validate?${API}`, stackBody(identities("v1")), as);
    expect(valid.status).toBe(200);
    expect(valid.json.properties.validatedResources).toEqual([{ id: `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/v1` }]);
    expect((await azmi.request("GET", `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/v1?${IDENTITY_API}`, undefined, as)).status).toBe(
      404,
    );
    const bad = await azmi.request("PUT", `${stackId}?${API}`, { properties: { template: identities(), actionOnUnmanage: { resources: "delete" } } }, as);
    expect([bad.status, bad.json.error.code]).toEqual([400, "InvalidRequestContent"]);
  });
});

describe("a subscription stack", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi?.stop());

  it("needs a location, and creates and deletes the resource groups it manages", async () => {
    const sub = `/subscriptions/${azmi.subscriptionId}`;
    const stackId = `${sub}/providers/Microsoft.Resources/deploymentStacks/subStack`;
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [{ type: "Microsoft.Resources/resourceGroups", apiVersion: "2021-04-01", name: "rg-from-stack", location: "westeurope" }],
    };
    const noLocation = await azmi.request("PUT", `${stackId}?${API}`, stackBody(template));
    expect([noLocation.status, noLocation.json.error.code]).toEqual([400, "InvalidDeployment"]);
    const put = await azmi.request("PUT", `${stackId}?${API}`, { location: "westeurope", ...stackBody(template, { denySettings: { mode: "none" } }) });
    expect(put.status).toBe(201);
    const poll = put.headers.get("azure-asyncoperation")!;
    expect((await azmi.request("GET", poll.slice(poll.indexOf("/subscriptions/")))).json.status).toBe("succeeded");
    const stack = (await azmi.request("GET", `${stackId}?${API}`)).json;
    expect(stack).toMatchObject({ location: "westeurope", properties: { resources: [{ id: `${sub}/resourceGroups/rg-from-stack`, denyStatus: "none" }] } });
    expect((await azmi.request("GET", `${sub}/resourceGroups/rg-from-stack?api-version=2021-04-01`)).status).toBe(200);
    const removed = await azmi.request("DELETE", `${stackId}?${API}&unmanageAction.Resources=delete&unmanageAction.ResourceGroups=delete`);
    expect(removed.status).toBe(200);
    expect((await azmi.request("GET", `${sub}/resourceGroups/rg-from-stack?api-version=2021-04-01`)).status).toBe(404);
  });
});

describe("deployment stacks through @azure/arm-resourcesdeploymentstacks (2024-03-01)", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
    await ok(azmi, "PUT", `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-sdk?api-version=2021-04-01`, { location: "westeurope" });
  });
  afterAll(() => azmi?.stop());

  it("creates (polling to the end), reads, lists, exports, validates and deletes a stack", async () => {
    const o = azmi.sdkOptions();
    const client = new DeploymentStacksClient(o.credential, azmi.subscriptionId, o);
    const body = {
      properties: {
        template: identities("sdk-id"),
        actionOnUnmanage: { resources: "delete" as const },
        denySettings: { mode: "denyDelete" as const },
      },
    };
    const validated = await client.deploymentStacks.beginValidateStackAtResourceGroupAndWait("rg-sdk", "sdk-stack", body);
    expect(validated.properties?.validatedResources?.map((r) => r.id)).toHaveLength(1);
    const created = await client.deploymentStacks.beginCreateOrUpdateAtResourceGroupAndWait("rg-sdk", "sdk-stack", body);
    expect(created.properties?.provisioningState).toBe("succeeded");
    expect(created.properties?.resources?.map((r) => [r.status, r.denyStatus])).toEqual([["managed", "denyDelete"]]);
    expect((await client.deploymentStacks.getAtResourceGroup("rg-sdk", "sdk-stack")).id).toBe(created.id);
    const listed = [];
    for await (const s of client.deploymentStacks.listAtResourceGroup("rg-sdk")) listed.push(s.name);
    expect(listed).toEqual(["sdk-stack"]);
    expect((await client.deploymentStacks.exportTemplateAtResourceGroup("rg-sdk", "sdk-stack")).template).toMatchObject({ resources: [{ name: "sdk-id" }] });
    await client.deploymentStacks.beginDeleteAtResourceGroupAndWait("rg-sdk", "sdk-stack", { unmanageActionResources: "delete" });
    const identity = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-sdk/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sdk-id`;
    expect((await azmi.request("GET", `${identity}?${IDENTITY_API}`)).status).toBe(404);
  });
});

describe("a management-group stack", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi?.stop());

  it("deploys a role assignment onto its group, protects it with a deny assignment, and deletes it with the stack", async () => {
    const group = "/providers/Microsoft.Management/managementGroups/mg-stacks";
    expect((await azmi.request("PUT", `${group}?api-version=2021-04-01`, { properties: { displayName: "Stacks" } })).status).toBe(202);
    const stackId = `${group}/providers/Microsoft.Resources/deploymentStacks/mgStack`;
    const assignment = "0f3c4a8e-55aa-4f4b-9e1e-2b9b8d1f1a11";
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        {
          type: "Microsoft.Authorization/roleAssignments",
          apiVersion: "2022-04-01",
          name: assignment,
          properties: {
            roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
            principalId: "6a6b1f2e-0c1d-4c4e-9a3b-2f1e0d9c8b7a",
            principalType: "ServicePrincipal",
          },
        },
      ],
    };
    const put = await azmi.request("PUT", `${stackId}?${API}`, { location: "westeurope", ...stackBody(template) });
    expect(put.status).toBe(201);
    const poll = new URL(put.headers.get("azure-asyncoperation")!);
    expect((await azmi.request("GET", poll.pathname + poll.search)).json.status).toBe("succeeded");
    const assignmentId = `${group}/providers/Microsoft.Authorization/roleAssignments/${assignment}`;
    const atGroup = `${group}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`;
    expect((await azmi.request("GET", atGroup)).json.value.map((a: { id: string }) => a.id)).toEqual([assignmentId]);
    const denies = (await azmi.request("GET", `${group}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01`)).json.value;
    expect(denies.map((d: { properties: { scope: string } }) => d.properties.scope)).toEqual([assignmentId]);
    const refused = await azmi.request("DELETE", `${assignmentId}?api-version=2022-04-01`);
    expect([refused.status, refused.json.error.code]).toEqual([403, "DenyAssignmentAuthorizationFailed"]);

    expect((await azmi.request("DELETE", `${stackId}?${API}&unmanageAction.Resources=delete`)).status).toBe(200);
    expect((await azmi.request("GET", atGroup)).json.value).toEqual([]);
  });
});
