/**
 * The identity walkthrough with the real az CLI through the proxy: `az identity` create, show,
 * list (by group and by subscription), update --tags (newest az only: 2.45 has no `update`),
 * delete, the service principal behind it (`az ad sp show --id <principalId>`), `az identity federated-credential` create, show, list, delete, and a resource's
 * system-assigned identity read back with `az rest` on identities/default, checking the fields
 * a user reads. Runs with every az found (Debian's 2.45 and the newest); skipped,
 * loudly, when none is installed.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzSession, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "00000000-0000-0000-0000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LATEST_AZ = "/opt/azmi-tools/az-latest/bin/az";

function version(az: string): string | undefined {
  const probe = spawnSync(az, ["--version"], { encoding: "utf8", timeout: 60_000, env: { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: "false" } });
  return probe.status === 0 ? /azure-cli\s+(\d+\.\d+\.\d+)/.exec(probe.stdout)?.[1] : undefined;
}

const found = findAz();
const clients = [found, existsSync(LATEST_AZ) ? LATEST_AZ : undefined]
  .filter((az): az is string => az !== undefined)
  .map((az) => ({ az, version: version(az) }))
  .filter((c, i, all): c is { az: string; version: string } => c.version !== undefined && all.findIndex((o) => o.version === c.version) === i);
const skipReason = skipReasonForAz(clients[0]?.az);
if (skipReason !== undefined) console.warn(`SKIPPED az identity tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("az identity through the proxy", () => {
  let emulator: AzmiProcess;
  beforeAll(async () => {
    emulator = await startAzmiProcess();
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
  });

  describe.each(clients)("az $version", ({ az, version: v }) => {
    const hasUpdate = Number(v.split(".")[1]) > 45;
    const group = `rg-identity-${v.replace(/\./g, "-")}`;
    let session: AzSession;

    beforeAll(async () => {
      session = await createAzSession(az, emulator);
      await session.login();
      await session.json(["group", "create", "-n", group, "-l", "westeurope"]);
    }, 180_000);
    afterAll(async () => {
      await session?.dispose();
    });

    it("creates, shows, lists, retags and deletes a user-assigned identity", async () => {
      const created = await session.json(["identity", "create", "-g", group, "-n", "mi-walk", "--tags", "env=test"]);
      const id = `/subscriptions/${SUB}/resourcegroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-walk`;
      expect(created).toMatchObject({
        name: "mi-walk",
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        location: "westeurope",
        tenantId: TENANT,
        tags: { env: "test" },
      });
      expect(created.id.toLowerCase()).toBe(id.toLowerCase());
      expect(created.principalId).toMatch(GUID);
      expect(created.clientId).toMatch(GUID);

      const shown = await session.json(["identity", "show", "-g", group, "-n", "mi-walk"]);
      expect(shown).toMatchObject({
        id: created.id,
        name: "mi-walk",
        principalId: created.principalId,
        clientId: created.clientId,
        tenantId: TENANT,
        resourceGroup: group,
      });

      const sp = await session.json(["ad", "sp", "show", "--id", created.principalId]);
      expect(sp).toMatchObject({
        id: created.principalId,
        appId: created.clientId,
        displayName: "mi-walk",
        servicePrincipalType: "ManagedIdentity",
        accountEnabled: true,
        appOwnerOrganizationId: TENANT,
      });
      expect(sp.alternativeNames).toEqual(["isExplicit=True", created.id]);
      expect(sp.servicePrincipalNames[0]).toBe(created.clientId);

      const inGroup = await session.json<Array<Record<string, unknown>>>(["identity", "list", "-g", group]);
      expect(inGroup).toEqual([
        expect.objectContaining({ name: "mi-walk", resourceGroup: group, principalId: created.principalId, clientId: created.clientId }),
      ]);
      const everywhere = await session.json<Array<Record<string, unknown>>>(["identity", "list"]);
      expect(everywhere.map((i) => i.name)).toContain("mi-walk");

      if (hasUpdate) {
        const updated = await session.json(["identity", "update", "-g", group, "-n", "mi-walk", "--tags", "env=prod", "team=core"]);
        expect(updated).toMatchObject({ tags: { env: "prod", team: "core" }, principalId: created.principalId, clientId: created.clientId });
        expect((await session.json(["identity", "show", "-g", group, "-n", "mi-walk"])).tags).toEqual({ env: "prod", team: "core" });
      }

      await session.json(["identity", "delete", "-g", group, "-n", "mi-walk"]);
      const gone = await session.run(["identity", "show", "-g", group, "-n", "mi-walk"]);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toContain("ResourceNotFound");
      // Its service principal went with it.
      expect((await session.run(["ad", "sp", "show", "--id", created.principalId])).code).toBe(3);
    }, 240_000);

    it("creates, shows, lists and deletes federated credentials", async () => {
      await session.json(["identity", "create", "-g", group, "-n", "mi-fed"]);
      const issuer = "https://token.actions.githubusercontent.com";
      const created = await session.json([
        "identity",
        "federated-credential",
        "create",
        "-g",
        group,
        "--identity-name",
        "mi-fed",
        "-n",
        "gh-main",
        "--issuer",
        issuer,
        "--subject",
        "repo:octo/app:ref:refs/heads/main",
      ]);
      expect(created).toMatchObject({
        name: "gh-main",
        type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        issuer,
        subject: "repo:octo/app:ref:refs/heads/main",
        audiences: ["api://AzureADTokenExchange"],
      });
      const shown = await session.json(["identity", "federated-credential", "show", "-g", group, "--identity-name", "mi-fed", "-n", "gh-main"]);
      expect(shown).toMatchObject({ id: created.id, issuer, subject: "repo:octo/app:ref:refs/heads/main" });
      const listed = await session.json<Array<{ name: string }>>(["identity", "federated-credential", "list", "-g", group, "--identity-name", "mi-fed"]);
      expect(listed.map((c) => c.name)).toEqual(["gh-main"]);

      const duplicate = await session.run([
        "identity",
        "federated-credential",
        "create",
        "-g",
        group,
        "--identity-name",
        "mi-fed",
        "-n",
        "gh-again",
        "--issuer",
        issuer,
        "--subject",
        "repo:octo/app:ref:refs/heads/main",
      ]);
      expect(duplicate.code).not.toBe(0);
      expect(duplicate.stderr).toContain("Issuer and subject combination already exists");

      await session.json(["identity", "federated-credential", "delete", "-g", group, "--identity-name", "mi-fed", "-n", "gh-main", "--yes"]);
      expect(await session.json(["identity", "federated-credential", "list", "-g", group, "--identity-name", "mi-fed"])).toEqual([]);
      await session.json(["identity", "delete", "-g", group, "-n", "mi-fed"]);
    }, 240_000);

    it("reads a resource's system-assigned identity back with az rest on identities/default", async () => {
      const resource = await session.json([
        "resource",
        "create",
        "-g",
        group,
        "-n",
        "widget1",
        "--resource-type",
        "Microsoft.Contoso/widgets",
        "--api-version",
        "2021-01-01",
        "--is-full-object",
        "--properties",
        JSON.stringify({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} }),
      ]);
      expect(resource.identity).toMatchObject({ type: "SystemAssigned", tenantId: TENANT });
      expect(resource.identity.principalId).toMatch(GUID);
      const url = `https://management.azure.com${resource.id}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`;
      const identity = await session.json(["rest", "--method", "get", "--url", url]);
      expect(identity).toMatchObject({
        id: resource.id,
        name: "widget1",
        type: "Microsoft.Contoso/widgets",
        location: "westeurope",
        properties: { principalId: resource.identity.principalId, tenantId: TENANT },
      });
      expect(identity.properties.clientId).toMatch(GUID);

      await session.json(["resource", "delete", "--ids", resource.id, "--api-version", "2021-01-01"]);
      const gone = await session.run(["rest", "--method", "get", "--url", url]);
      expect(gone.code).not.toBe(0);
      expect(gone.stderr).toContain("Not Found");
    }, 240_000);
  });
});
