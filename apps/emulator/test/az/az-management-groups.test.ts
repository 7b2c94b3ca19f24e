/**
 * `az account management-group` against azmi through the proxy, with the newest az: create
 * (a long-running operation az polls), show with --expand --recurse, list, update, subscription
 * add/show/remove, delete (refused while the group holds something), and a role assignment at a
 * management group that `az role assignment list --include-inherited` shows at a resource group
 * below it, until the subscription leaves the group. Skipped, loudly, without az.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT, findAz, loggedInAz, skipReasonForAz } from "../support/az.js";

const az = findAz("newest");
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az management-group tests: ${skipReason}`);

const SUB = "00000000-0000-0000-0000-000000000000";
const MG = "/providers/Microsoft.Management/managementGroups";

interface Group {
  id: string;
  name: string;
  displayName: string;
  tenantId: string;
  details?: { parent?: { id: string; name: string } | null };
  children?: Array<{ name: string; type: string; children?: Group["children"] }> | null;
}

describe.skipIf(skipReason !== undefined)("az account management-group through the proxy", () => {
  const rg = "mg-rg";
  const live = loggedInAz(az!, { group: rg });
  const mg = (args: string[]) => live.session.json(["account", "management-group", ...args]);

  it("creates groups under the root and under a parent, and shows the tree", async () => {
    // Without --no-register az registers Microsoft.Management first (and waits 10 s for it).
    const corp = await mg(["create", "-n", "corp", "-d", "Corp"]);
    expect(corp).toMatchObject({ id: `${MG}/corp`, name: "corp", displayName: "Corp", tenantId: DEFAULT_TENANT });
    const apps = await mg(["create", "-n", "apps", "-d", "Apps", "-p", "corp", "--no-register"]);
    expect(apps.details.parent).toMatchObject({ id: `${MG}/corp`, name: "corp", displayName: "Corp" });

    const names = ((await mg(["list", "--no-register"])) as Group[]).map((g) => g.name).sort();
    expect(names).toEqual(["apps", "corp", DEFAULT_TENANT].sort());
    const updated = await mg(["update", "-n", "corp", "-d", "Corp IT"]);
    expect(updated.displayName).toBe("Corp IT");

    await mg(["subscription", "add", "-n", "apps", "-s", SUB]);
    const shown = await mg(["subscription", "show", "-n", "apps", "-s", SUB]);
    expect(shown).toMatchObject({ name: SUB, parent: { id: `${MG}/apps` } });
    const tree = (await mg(["show", "-n", "corp", "-e", "-r", "--no-register"])) as Group;
    expect(tree.children).toEqual([expect.objectContaining({ name: "apps", children: [expect.objectContaining({ name: SUB, type: "/subscriptions" })] })]);
  });

  it("a role assignment at the group is inherited at a resource group below it, until the subscription leaves", async () => {
    const principal = randomUUID();
    const made = await live.session.json([
      "role",
      "assignment",
      "create",
      "--role",
      "Reader",
      "--assignee-object-id",
      principal,
      "--assignee-principal-type",
      "ServicePrincipal",
      "--scope",
      `${MG}/corp`,
    ]);
    expect(made.scope).toBe(`${MG}/corp`);
    const inherited = async () =>
      ((await live.session.json(["role", "assignment", "list", "-g", rg, "--include-inherited"])) as Array<{ principalId: string; scope: string }>)
        .filter((a) => a.principalId === principal)
        .map((a) => a.scope);
    expect(await inherited()).toEqual([`${MG}/corp`]);
    const direct = (await live.session.json(["role", "assignment", "list", "-g", rg])) as Array<{ principalId: string }>;
    expect(direct.map((a) => a.principalId)).not.toContain(principal);

    await mg(["subscription", "remove", "-n", "apps", "-s", SUB]);
    expect(await inherited()).toEqual([]);
    const root = await mg(["subscription", "show", "-n", DEFAULT_TENANT, "-s", SUB]);
    expect(root.parent.id).toBe(`${MG}/${DEFAULT_TENANT}`);
  });

  it("az deployment mg create runs a template at the group, and az deployment tenant create at the tenant", async () => {
    const dir = mkdtempSync(join(tmpdir(), "azmi-mg-deploy-"));
    const mgTemplate = join(dir, "mg.json");
    writeFileSync(
      mgTemplate,
      JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        resources: [],
        outputs: { group: { type: "string", value: "[managementGroup().properties.displayName]" } },
      }),
    );
    const atGroup = await live.session.json(["deployment", "mg", "create", "-m", "corp", "-n", "mg-dep", "-l", "westeurope", "--template-file", mgTemplate]);
    expect(atGroup.properties).toMatchObject({ provisioningState: "Succeeded", outputs: { group: { value: "Corp IT" } } });
    const tenantTemplate = join(dir, "tenant.json");
    writeFileSync(
      tenantTemplate,
      JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        resources: [],
        outputs: { tenant: { type: "string", value: "[tenant().tenantId]" } },
      }),
    );
    const atTenant = await live.session.json(["deployment", "tenant", "create", "-n", "t-dep", "-l", "westeurope", "--template-file", tenantTemplate]);
    expect(atTenant.properties.outputs.tenant.value).toBe(DEFAULT_TENANT);
  });

  it("refuses to delete a group that still has children, then deletes leaf first", async () => {
    const refused = await live.session.run(["account", "management-group", "delete", "-n", "corp", "--no-register"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Conflict");
    await mg(["delete", "-n", "apps", "--no-register"]);
    await mg(["delete", "-n", "corp", "--no-register"]);
    const missing = await live.session.run(["account", "management-group", "show", "-n", "corp", "--no-register"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("not found");
    const names = ((await mg(["list", "--no-register"])) as Group[]).map((g) => g.name);
    expect(names).toEqual([DEFAULT_TENANT]);
  });
});
