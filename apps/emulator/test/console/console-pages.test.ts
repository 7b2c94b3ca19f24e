/**
 * The web console (/_azmi/console) over HTTP, in strict mode, on state made with the Azure SDKs
 * as the operator: a group with a user-assigned identity (with a federated credential) that holds
 * Reader on the group, a VM with a system-assigned identity using the user-assigned one too, and
 * a CanNotDelete lock. Each page answers 200 with what a user would look for, loads nothing but
 * azmi's own files, and the access page explains the same refusal strict mode gave a real request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementLockClient } from "@azure/arm-locks";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { identityEnvironmentOf } from "../support/token-checks.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const RG = "rg-console";
let azmi: TestAzmi;
let groupId: string;
let vmId: string;
let uami: { id: string; principalId: string; clientId: string };
let vmPrincipalId: string;
let refusal: { status: number; explanation: string | null };

async function page(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(azmi.url + path);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** Every URL a page would make the browser load or send to (src, href, action): all must be azmi's own paths. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action)="([^"]*)"/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const o = azmi.sdkOptions({ via: "proxy" });
  const rm = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  const msi = new ManagedServiceIdentityClient(o.credential, azmi.subscriptionId, o);
  const auth = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
  const locks = new ManagementLockClient(o.credential, azmi.subscriptionId, o);
  groupId = (await rm.resourceGroups.createOrUpdate(RG, { location: "westeurope" })).id!;
  const created = await msi.userAssignedIdentities.createOrUpdate(RG, "app-id", { location: "westeurope" });
  uami = { id: created.id!, principalId: created.principalId!, clientId: created.clientId! };
  await msi.federatedIdentityCredentials.createOrUpdate(RG, "app-id", "github", {
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:octo/app:ref:refs/heads/main",
    audiences: ["api://AzureADTokenExchange"],
  });
  await auth.roleAssignments.create(groupId, "6f1d3c55-0c1e-4c43-9a43-5f6d1e1a7b21", {
    roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    principalId: uami.principalId,
    principalType: "ServicePrincipal",
  });
  vmId = `${groupId}/providers/Microsoft.Compute/virtualMachines/vm-console`;
  const vm = await rm.resources.beginCreateOrUpdateByIdAndWait(vmId, "2024-07-01", {
    location: "westeurope",
    identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uami.id]: {} } },
  });
  vmPrincipalId = vm.identity!.principalId!;
  await locks.managementLocks.createOrUpdateAtResourceGroupLevel(RG, "keep", { level: "CanNotDelete" });

  // A real refusal: the user-assigned identity (Reader) tries to write a tag on the group.
  const base = (await identityEnvironmentOf(azmi, vmId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
  const token = (await (
    await fetch(`${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/&client_id=${uami.clientId}`, {
      headers: { Metadata: "true" },
    })
  ).json()) as { access_token: string };
  const refused = await azmi.request(
    "PUT",
    `${groupId}?api-version=2021-04-01`,
    { location: "westeurope", tags: { a: "b" } },
    { authorization: `Bearer ${token.access_token}` },
  );
  refusal = { status: refused.status, explanation: refused.headers.get("x-azmi-authorization") };
});

afterAll(async () => {
  await azmi?.stop();
});

describe("console pages", () => {
  it.each(["/_azmi/console", "/_azmi/console/identities", "/_azmi/console/access"])(
    "%s loads only azmi's own files, under a CSP that allows nothing else",
    async (path) => {
      const { status, html, headers } = await page(path);
      expect(status).toBe(200);
      expect(headers.get("content-type")).toMatch(/^text\/html/);
      expect(headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const urls = loadedUrls(html);
      expect(urls).toContain("/_azmi/console/assets/console.css");
      for (const url of urls) expect(url, `${path} links ${url}`).toMatch(/^\/(?!\/)/);
      for (const asset of ["/_azmi/console/assets/console.css", "/_azmi/console/assets/console.js"]) {
        const loaded = await page(asset);
        expect(loaded.status).toBe(200);
        expect(loaded.html).not.toMatch(/https?:\/\//);
      }
    },
  );

  it("overview: mode, tenant, counts of what the SDKs made, and the client lines to copy", async () => {
    const { html } = await page("/_azmi/console");
    expect(html).toContain('data-mode="strict"');
    expect(html).toContain(azmi.tenantId);
    expect(html).toContain(azmi.subscriptionId);
    const count = (label: string) => Number(new RegExp(`data-count="${label}"><div class="n">(?:<a [^>]*>)?(\\d+)`).exec(html)?.[1]);
    expect(count("resource groups")).toBe(1);
    expect(count("user-assigned")).toBe(1);
    expect(count("system-assigned")).toBe(1);
    expect(count("locks")).toBe(1);
    // The operator's Owner at the root and the identity's Reader on the group.
    expect(count("role assignments")).toBe(2);
    expect(html).toContain("pnpm azmi az");
    expect(html).toContain("pnpm azmi tf");
    expect(html).toContain("azmi env");
  });

  it("identities: both identities with client and principal ids, linked to their pages", async () => {
    const { html } = await page("/_azmi/console/identities");
    expect(html).toContain(`href="/_azmi/console/identities/${uami.principalId}"`);
    expect(html).toContain(`href="/_azmi/console/identities/${vmPrincipalId}"`);
    expect(html).toContain(uami.clientId);
    expect(html).toContain("user-assigned");
    expect(html).toContain("system-assigned");
  });

  it("identity detail: federated credential, attached VM, Reader on the group with a link to its access", async () => {
    const { status, html } = await page(`/_azmi/console/identities/${uami.principalId}`);
    expect(status).toBe(200);
    expect(html).toContain("repo:octo/app:ref:refs/heads/main");
    expect(html).toContain(vmId);
    expect(html).toContain('data-role="Reader"');
    expect(html).toContain(groupId);
    expect(html).toContain(`/_azmi/console/access?principal=${uami.principalId}&amp;scope=${encodeURIComponent(groupId)}`);
    expect(html).toContain("ManagedIdentity");
  });

  it("identity detail: an unknown principal id is a 404 page that says so", async () => {
    const { status, html } = await page("/_azmi/console/identities/3e9b3a4c-0000-4000-8000-000000000001");
    expect(status).toBe(404);
    expect(html).toContain("No managed identity has the principal id '3e9b3a4c-0000-4000-8000-000000000001'");
  });

  it("an unknown console page is a 404 page, not a blank one", async () => {
    const { status, html } = await page("/_azmi/console/nowhere");
    expect(status).toBe(404);
    expect(html).toContain("Back to the overview");
  });
});

describe("access: why can or can't a principal do this here", () => {
  const access = (q: Record<string, string>) => page(`/_azmi/console/access?${new URLSearchParams(q)}`);

  it("explains the refusal strict mode gave: Reader on the group considered, not in its actions, and the roles that would allow it", async () => {
    expect(refusal.status).toBe(403);
    expect(refusal.explanation).toContain("'Reader'");
    const { status, html } = await access({ principal: uami.principalId, action: "Microsoft.Resources/subscriptions/resourceGroups/write", scope: groupId });
    expect(status).toBe(200);
    expect(html).toContain('data-verdict="denied"');
    expect(html).toMatch(/data-granted="false">.*Reader.*not in the role's actions/);
    expect(html).toContain('data-suggested-role="Contributor"');
    expect(html).toContain("role assignment create --assignee-object-id");
    // The scope chain: root, the tenant root group the subscription sits under, subscription, group.
    expect([...html.matchAll(/<li (?:class="target" )?data-scope="([^"]*)"/g)].map((m) => m[1])).toEqual([
      "/",
      `/providers/Microsoft.Management/managementGroups/${azmi.tenantId}`,
      `/subscriptions/${azmi.subscriptionId}`,
      groupId,
    ]);
  });

  it("explains an allow by client id, marking the deciding assignment", async () => {
    const { html } = await access({ principal: uami.clientId, action: "Microsoft.Compute/virtualMachines/read", scope: vmId });
    expect(html).toContain('data-verdict="allowed"');
    expect(html).toMatch(/<li class="winning" data-assignment="6f1d3c55-0c1e-4c43-9a43-5f6d1e1a7b21" data-granted="true">/);
  });

  it("names the lock that refuses a delete the role would allow", async () => {
    const operatorId = azmi.services.rbac.assignments.list(azmi.services.rbac.requireScope({ id: "/", key: "/", kind: "tenant" }))[0]!.properties.principalId;
    const { html } = await access({ principal: operatorId, action: "Microsoft.Compute/virtualMachines/delete", scope: vmId });
    expect(html).toContain('data-verdict="denied"');
    expect(html).toContain(`data-lock="${groupId}/providers/Microsoft.Authorization/locks/keep"`);
  });

  it("names the deny assignment that refuses a delete, on the page and in the JSON", async () => {
    const operatorId = azmi.services.rbac.assignments.list(azmi.services.rbac.requireScope({ id: "/", key: "/", kind: "tenant" }))[0]!.properties.principalId;
    const deny = azmi.services.rbac.denyAssignments.put({
      name: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      scope: vmId,
      denyAssignmentName: "protected by a stack",
      permissions: [{ actions: ["*/delete"] }],
      principals: [{ id: "00000000-0000-0000-0000-000000000000", type: "SystemDefined" }],
    });
    const question = { principal: operatorId, action: "Microsoft.Compute/virtualMachines/delete", scope: vmId };
    try {
      const { html } = await access(question);
      expect(html).toContain(`data-deny-assignment="${vmId}/providers/Microsoft.Authorization/denyAssignments/${deny.name}"`);
      const json = (await (await fetch(`${azmi.url}/_azmi/access?${new URLSearchParams(question)}`)).json()) as {
        denyAssignments: Array<{ denyAssignmentName: string }>;
      };
      expect(json.denyAssignments.map((d) => d.denyAssignmentName)).toEqual(["protected by a stack"]);
    } finally {
      azmi.services.rbac.denyAssignments.delete(deny);
    }
    expect((await access(question)).html).not.toContain("data-deny-assignment=");
  });

  it("bad questions get the ARM error on the page and from the JSON API", async () => {
    const missing = await access({ principal: uami.principalId });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain("BadRequest");
    const noGroup = await fetch(
      `${azmi.url}/_azmi/access?${new URLSearchParams({ principal: uami.principalId, action: "Microsoft.Web/sites/read", scope: `/subscriptions/${azmi.subscriptionId}/resourceGroups/nope` })}`,
    );
    expect(noGroup.status).toBe(404);
    expect(((await noGroup.json()) as { error: { code: string } }).error.code).toBe("ResourceGroupNotFound");
  });

  it("GET /_azmi/access answers the same decision as JSON", async () => {
    const response = await fetch(
      `${azmi.url}/_azmi/access?${new URLSearchParams({ principal: uami.principalId, action: "Microsoft.Resources/subscriptions/resourceGroups/write", scope: groupId })}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      allowed: boolean;
      levels: Array<{ assignments: Array<{ roleName: string; reason: string }> }>;
      rolesThatWouldAllow: unknown[];
    };
    expect(body.allowed).toBe(false);
    expect(body.levels.flatMap((l) => l.assignments.map((a) => `${a.roleName}: ${a.reason}`))).toEqual(["Reader: not in the role's actions"]);
    expect(body.rolesThatWouldAllow.length).toBeGreaterThan(0);
  });

  it("a page of another origin cannot read the console or the explanation", async () => {
    const response = await fetch(`${azmi.url}/_azmi/console`, { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });

  it("GET /_azmi/operations offers concrete action names to complete", async () => {
    const body = (await (await fetch(`${azmi.url}/_azmi/operations`)).json()) as { actions: string[]; dataActions: string[] };
    expect(body.actions).toContain("Microsoft.Resources/subscriptions/resourceGroups/write");
    expect(body.dataActions.length).toBeGreaterThan(0);
  });
});
