/**
 * Management locks through the real SDK clients: @azure/arm-locks at subscription, resource
 * group, resource and child-resource level, and ScopeLocked as @azure/arm-resources sees it
 * (a refused request changes nothing; the same request passes once the lock is gone).
 */
import { ManagementLockClient, type ManagementLockObject } from "@azure/arm-locks";
import { ResourceManagementClient } from "@azure/arm-resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

interface RestFailure {
  statusCode?: number;
  code?: string;
  message: string;
}

async function failure(promise: Promise<unknown>): Promise<RestFailure> {
  try {
    await promise;
  } catch (error) {
    return error as RestFailure;
  }
  throw new Error("expected the call to fail");
}

const SUB = "00000000-0000-0000-0000-000000000000";
const LOCKS_API = "api-version=2016-09-01";

describe("management locks via @azure/arm-locks and @azure/arm-resources", () => {
  let azmi: TestAzmi;
  let locks: ManagementLockClient;
  let rm: ResourceManagementClient;
  const rgName = "Locked-RG";
  const rgId = `/subscriptions/${SUB}/resourceGroups/${rgName}`;
  const accountId = `${rgId}/providers/Microsoft.Storage/storageAccounts/st1`;
  const childId = `${accountId}/blobServices/default`;

  const names = (list: ManagementLockObject[]) => list.map((l) => l.name).sort();

  beforeAll(async () => {
    azmi = await startTestAzmi();
    const options = azmi.sdkOptions();
    locks = new ManagementLockClient(options.credential, azmi.subscriptionId, options);
    rm = new ResourceManagementClient(options.credential, azmi.subscriptionId, options);
    await rm.resourceGroups.createOrUpdate(rgName, { location: "westeurope", tags: { env: "prod" } });
    await rm.resourceGroups.createOrUpdate("Other-RG", { location: "westeurope" });
    await rm.resources.beginCreateOrUpdateByIdAndWait(accountId, "2023-01-01", { location: "westeurope", kind: "StorageV2", sku: { name: "Standard_LRS" } });
    await rm.resources.beginCreateOrUpdateByIdAndWait(childId, "2023-01-01", { properties: {} });
  }, 60_000);
  afterAll(() => azmi?.stop());

  describe("CRUD and lists at every level", () => {
    it("creates, reads, updates and deletes a subscription lock", async () => {
      const created = await locks.managementLocks.createOrUpdateAtSubscriptionLevel("sub-lock", { level: "CanNotDelete", notes: "keep the lights on" });
      expect(created).toMatchObject({
        id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/locks/sub-lock`,
        name: "sub-lock",
        type: "Microsoft.Authorization/locks",
        level: "CanNotDelete",
        notes: "keep the lights on",
      });
      const updated = await locks.managementLocks.createOrUpdateAtSubscriptionLevel("sub-lock", {
        level: "CanNotDelete",
        notes: "changed",
        owners: [{ applicationId: "app-1" }],
      });
      expect(updated.notes).toBe("changed");
      const got = await locks.managementLocks.getAtSubscriptionLevel("sub-lock");
      expect(got).toMatchObject({ level: "CanNotDelete", notes: "changed", owners: [{ applicationId: "app-1" }] });
      await locks.managementLocks.deleteAtSubscriptionLevel("sub-lock");
      const gone = await failure(locks.managementLocks.getAtSubscriptionLevel("sub-lock"));
      expect(gone.statusCode).toBe(404);
      expect(gone.code).toBe("LockNotFound");
    });

    it("puts locks on a group, a resource and a child resource, and lists them as ARM does", async () => {
      await locks.managementLocks.createOrUpdateAtSubscriptionLevel("s", { level: "CanNotDelete" });
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel(rgName, "g", { level: "CanNotDelete" });
      // parentResourcePath "" makes the SDK send `Microsoft.Storage//storageAccounts`, as the CLI does.
      const onResource = await locks.managementLocks.createOrUpdateAtResourceLevel(rgName, "Microsoft.Storage", "", "storageAccounts", "st1", "r", {
        level: "CanNotDelete",
      });
      expect(onResource.id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/st1/providers/Microsoft.Authorization/locks/r`);
      const onChild = await locks.managementLocks.createOrUpdateAtResourceLevel(
        rgName,
        "Microsoft.Storage",
        "storageAccounts/st1",
        "blobServices",
        "default",
        "c",
        { level: "CanNotDelete", notes: "child" },
      );
      expect(onChild.id).toBe(`${childId}/providers/Microsoft.Authorization/locks/c`);
      const byScope = await locks.managementLocks.createOrUpdateByScope(`/subscriptions/${SUB}/resourceGroups/Other-RG`, "o", { level: "ReadOnly" });
      expect(byScope.id).toBe(`/subscriptions/${SUB}/resourceGroups/Other-RG/providers/Microsoft.Authorization/locks/o`);

      expect((await locks.managementLocks.getAtResourceLevel(rgName, "Microsoft.Storage", "storageAccounts/st1", "blobServices", "default", "c")).notes).toBe(
        "child",
      );
      expect((await locks.managementLocks.getAtResourceGroupLevel(rgName, "g")).level).toBe("CanNotDelete");
      expect((await locks.managementLocks.getByScope(accountId, "r")).name).toBe("r");

      // Subscription: every lock in it, at every level, with normalized ids.
      const inSub = await all(locks.managementLocks.listAtSubscriptionLevel());
      expect(names(inSub)).toEqual(["c", "g", "o", "r", "s"]);
      for (const lock of inSub) expect(lock.id).not.toContain("//");
      // Group: at, above and below it; not the other group's.
      expect(names(await all(locks.managementLocks.listAtResourceGroupLevel(rgName)))).toEqual(["c", "g", "r", "s"]);
      // Resource: at, above and below.
      expect(names(await all(locks.managementLocks.listAtResourceLevel(rgName, "Microsoft.Storage", "", "storageAccounts", "st1")))).toEqual([
        "c",
        "g",
        "r",
        "s",
      ]);
      // Child resource.
      expect(
        names(await all(locks.managementLocks.listAtResourceLevel(rgName, "Microsoft.Storage", "storageAccounts/st1", "blobServices", "default"))),
      ).toEqual(["c", "g", "r", "s"]);
      // atScope(): at and above only.
      expect(names(await all(locks.managementLocks.listByScope(accountId, { filter: "atScope()" })))).toEqual(["g", "r", "s"]);
      expect(names(await all(locks.managementLocks.listAtResourceGroupLevel(rgName, { filter: "atScope()" })))).toEqual(["g", "s"]);

      for (const [scope, name] of [
        [`/subscriptions/${SUB}`, "s"],
        [rgId, "g"],
        [accountId, "r"],
        [childId, "c"],
        [`/subscriptions/${SUB}/resourceGroups/Other-RG`, "o"],
      ] as const) {
        await locks.managementLocks.deleteByScope(scope, name);
      }
      expect(await all(locks.managementLocks.listAtSubscriptionLevel())).toEqual([]);
    });
  });

  describe("the wire", () => {
    it("answers 201 on create, 200 on update, 200 on delete and 204 for a lock that is not there", async () => {
      const path = `${rgId}/providers/Microsoft.Authorization/locks/wire?${LOCKS_API}`;
      const created = await azmi.request("PUT", path, { properties: { level: "ReadOnly", notes: "n" } });
      expect(created.status).toBe(201);
      expect(created.json).toEqual({
        id: `${rgId}/providers/Microsoft.Authorization/locks/wire`,
        name: "wire",
        type: "Microsoft.Authorization/locks",
        properties: { level: "ReadOnly", notes: "n" },
      });
      expect((await azmi.request("PUT", path, { properties: { level: "ReadOnly" } })).status).toBe(200);
      expect((await azmi.request("DELETE", path)).status).toBe(200);
      expect((await azmi.request("DELETE", path)).status).toBe(204);
    });

    it("accepts api-versions 2015-01-01, 2016-09-01 and 2020-05-01, and refuses others", async () => {
      const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/locks/versions`;
      for (const version of ["2015-01-01", "2016-09-01", "2020-05-01"]) {
        const res = await azmi.request("PUT", `${path}?api-version=${version}`, { properties: { level: "CanNotDelete", owners: [{ applicationId: "a" }] } });
        expect([200, 201]).toContain(res.status);
        // 2015-01-01 predates owners.
        expect(res.json.properties.owners === undefined).toBe(version === "2015-01-01");
      }
      const bad = await azmi.request("GET", `${path}?api-version=2019-01-01`);
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("NoRegisteredProviderFound");
      expect((await azmi.request("DELETE", `${path}?${LOCKS_API}`)).status).toBe(200);
    });

    it("collapses the CLI's '//' in resource lock paths and matches any casing", async () => {
      const cliPath = `/subscriptions/${SUB}/resourcegroups/${rgName}/providers/Microsoft.Storage//storageAccounts/st1/providers/Microsoft.Authorization/locks/cli?${LOCKS_API}`;
      const res = await azmi.request("PUT", cliPath, { properties: { level: "CanNotDelete" } });
      expect(res.status).toBe(201);
      expect(res.json.id).toBe(`${accountId}/providers/Microsoft.Authorization/locks/cli`);
      const upper = await azmi.request("GET", `${accountId.toUpperCase()}/providers/microsoft.authorization/LOCKS/CLI?${LOCKS_API}`);
      expect(upper.status).toBe(200);
      expect(upper.json.name).toBe("cli");
      expect((await azmi.request("DELETE", cliPath)).status).toBe(200);
    });

    const badInput: Array<[string, string, unknown, number, string]> = [
      ["a name with a forbidden character", "a%26b", { properties: { level: "ReadOnly" } }, 400, "InvalidResourceName"],
      ["a name ending in a period", "dot.", { properties: { level: "ReadOnly" } }, 400, "InvalidResourceName"],
      ["an unknown level", "lvl", { properties: { level: "Sometimes" } }, 400, "InvalidRequestContent"],
      ["no properties", "noprops", { level: "ReadOnly" }, 400, "InvalidRequestContent"],
      ["notes over 512 characters", "long", { properties: { level: "ReadOnly", notes: "x".repeat(513) } }, 400, "InvalidRequestContent"],
    ];
    it.each(badInput)("refuses %s and stores nothing", async (_label, name, body, status, code) => {
      const res = await azmi.request("PUT", `${rgId}/providers/Microsoft.Authorization/locks/${name}?${LOCKS_API}`, body);
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(code);
      const list = await azmi.request("GET", `/subscriptions/${SUB}/providers/Microsoft.Authorization/locks?${LOCKS_API}`);
      expect(list.json.value).toEqual([]);
    });

    it("refuses a lock on a group or resource that does not exist", async () => {
      const noGroup = await azmi.request("PUT", `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.Authorization/locks/l?${LOCKS_API}`, {
        properties: { level: "ReadOnly" },
      });
      expect(noGroup.status).toBe(404);
      expect(noGroup.json.error.code).toBe("ResourceGroupNotFound");
      const noResource = await azmi.request(
        "PUT",
        `${rgId}/providers/Microsoft.Storage/storageAccounts/nope/providers/Microsoft.Authorization/locks/l?${LOCKS_API}`,
        {
          properties: { level: "ReadOnly" },
        },
      );
      expect(noResource.status).toBe(404);
      expect(noResource.json.error.code).toBe("ResourceNotFound");
      const noSub = await azmi.request("GET", `/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Authorization/locks?${LOCKS_API}`);
      expect(noSub.status).toBe(404);
      expect(noSub.json.error.code).toBe("SubscriptionNotFound");
    });

    it("refuses a $filter other than atScope()", async () => {
      const res = await azmi.request(
        "GET",
        `${rgId}/providers/Microsoft.Authorization/locks?${LOCKS_API}&$filter=${encodeURIComponent("level eq 'ReadOnly'")}`,
      );
      expect(res.status).toBe(400);
    });
  });

  describe("enforcement", () => {
    it("refuses deleting a group under a CanNotDelete lock, touching nothing, and allows it once the lock is gone", async () => {
      await rm.resourceGroups.createOrUpdate("doomed", { location: "westeurope" });
      const resId = `/subscriptions/${SUB}/resourceGroups/doomed/providers/Microsoft.Storage/storageAccounts/keep`;
      await rm.resources.beginCreateOrUpdateByIdAndWait(resId, "2023-01-01", { location: "westeurope" });
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel("doomed", "nodelete", { level: "CanNotDelete" });

      const refused = await failure(rm.resourceGroups.beginDeleteAndWait("doomed"));
      expect(refused.statusCode).toBe(409);
      expect(refused.code).toBe("ScopeLocked");
      expect(refused.message).toBe(
        `The scope '/subscriptions/${SUB}/resourceGroups/doomed' cannot perform delete operation because following scope(s) are locked: '/subscriptions/${SUB}/resourceGroups/doomed'. Please remove the lock and try again.`,
      );
      expect((await rm.resourceGroups.checkExistence("doomed")).body).toBe(true);
      expect((await rm.resources.getById(resId, "2023-01-01")).id).toBe(resId);

      // Deleting something inside is refused too; writing is allowed under CanNotDelete.
      expect((await failure(rm.resources.beginDeleteByIdAndWait(resId, "2023-01-01"))).code).toBe("ScopeLocked");
      await rm.resourceGroups.update("doomed", { tags: { allowed: "yes" } });

      await locks.managementLocks.deleteAtResourceGroupLevel("doomed", "nodelete");
      await rm.resourceGroups.beginDeleteAndWait("doomed");
      expect((await rm.resourceGroups.checkExistence("doomed")).body).toBe(false);
    });

    it("refuses deleting a group because of a lock on a child resource inside it, naming that resource", async () => {
      await rm.resourceGroups.createOrUpdate("nested", { location: "westeurope" });
      const acct = `/subscriptions/${SUB}/resourceGroups/nested/providers/Microsoft.Storage/storageAccounts/acct`;
      await rm.resources.beginCreateOrUpdateByIdAndWait(acct, "2023-01-01", { location: "westeurope" });
      await rm.resources.beginCreateOrUpdateByIdAndWait(`${acct}/blobServices/default`, "2023-01-01", { properties: {} });
      await locks.managementLocks.createOrUpdateAtResourceLevel("nested", "Microsoft.Storage", "storageAccounts/acct", "blobServices", "default", "deep", {
        level: "CanNotDelete",
      });
      const refused = await failure(rm.resourceGroups.beginDeleteAndWait("nested"));
      expect(refused.statusCode).toBe(409);
      expect(refused.code).toBe("ScopeLocked");
      expect(refused.message).toContain(`following scope(s) are locked: '${acct}/blobServices/default'`);
      expect((await rm.resources.getById(`${acct}/blobServices/default`, "2023-01-01")).id).toBeDefined();

      await locks.managementLocks.deleteAtResourceLevel("nested", "Microsoft.Storage", "storageAccounts/acct", "blobServices", "default", "deep");
      await rm.resourceGroups.beginDeleteAndWait("nested");
      expect((await rm.resourceGroups.checkExistence("nested")).body).toBe(false);
    });

    it("refuses a tag update under a ReadOnly lock, changing nothing, while lock operations still work", async () => {
      await rm.resourceGroups.createOrUpdate("frozen", { location: "westeurope", tags: { v: "1" } });
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel("frozen", "ro", { level: "ReadOnly" });

      const patch = await failure(rm.resourceGroups.update("frozen", { tags: { v: "2" } }));
      expect(patch.statusCode).toBe(409);
      expect(patch.code).toBe("ScopeLocked");
      expect(patch.message).toContain("cannot perform write operation");
      expect((await rm.resourceGroups.get("frozen")).tags).toEqual({ v: "1" });

      const put = await failure(
        rm.resources.beginCreateOrUpdateByIdAndWait(
          `/subscriptions/${SUB}/resourceGroups/frozen/providers/Microsoft.Storage/storageAccounts/new`,
          "2023-01-01",
          {
            location: "westeurope",
          },
        ),
      );
      expect(put.code).toBe("ScopeLocked");
      expect((await rm.resourceGroups.checkExistence("frozen")).body).toBe(true);
      expect(await all(rm.resources.listByResourceGroup("frozen"))).toEqual([]);
      expect((await failure(rm.resourceGroups.beginDeleteAndWait("frozen"))).code).toBe("ScopeLocked");

      // A lock is never blocked by a lock.
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel("frozen", "second", { level: "CanNotDelete" });
      await locks.managementLocks.deleteAtResourceGroupLevel("frozen", "second");
      await locks.managementLocks.deleteAtResourceGroupLevel("frozen", "ro");

      await rm.resourceGroups.update("frozen", { tags: { v: "2" } });
      expect((await rm.resourceGroups.get("frozen")).tags).toEqual({ v: "2" });
    });

    it("applies a subscription lock to every group in it", async () => {
      await rm.resourceGroups.createOrUpdate("under-sub", { location: "westeurope" });
      await locks.managementLocks.createOrUpdateAtSubscriptionLevel("sub-ro", { level: "ReadOnly" });
      const refused = await failure(rm.resourceGroups.update("under-sub", { tags: { a: "b" } }));
      expect(refused.code).toBe("ScopeLocked");
      expect(refused.message).toContain(`following scope(s) are locked: '/subscriptions/${SUB}'`);
      const create = await failure(rm.resourceGroups.createOrUpdate("brand-new", { location: "westeurope" }));
      expect(create.code).toBe("ScopeLocked");
      await locks.managementLocks.deleteAtSubscriptionLevel("sub-ro");
      await rm.resourceGroups.update("under-sub", { tags: { a: "b" } });
    });

    it("refuses a role assignment under a ReadOnly lock, as Azure does", async () => {
      await rm.resourceGroups.createOrUpdate("ra-ro", { location: "westeurope" });
      const scope = `/subscriptions/${SUB}/resourceGroups/ra-ro`;
      await locks.managementLocks.createOrUpdateByScope(scope, "ro", { level: "ReadOnly" });
      const res = await azmi.request(
        "PUT",
        `${scope}/providers/Microsoft.Authorization/roleAssignments/6b1b7c1a-8a52-4f49-9b3b-3a7d5c1e0f11?api-version=2022-04-01`,
        {
          properties: {
            roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
            principalId: "11111111-2222-3333-4444-555555555555",
            principalType: "ServicePrincipal",
          },
        },
      );
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("ScopeLocked");
      await locks.managementLocks.deleteByScope(scope, "ro");
    });

    it("lets a ReadOnly lock on a resource stop the group's delete but not writes to the group", async () => {
      await rm.resourceGroups.createOrUpdate("short-lived", { location: "westeurope" });
      const acct = `/subscriptions/${SUB}/resourceGroups/short-lived/providers/Microsoft.Storage/storageAccounts/a`;
      await rm.resources.beginCreateOrUpdateByIdAndWait(acct, "2023-01-01", { location: "westeurope" });
      await locks.managementLocks.createOrUpdateByScope(acct, "ro", { level: "ReadOnly" });
      await rm.resourceGroups.update("short-lived", { tags: { a: "b" } });
      expect((await failure(rm.resourceGroups.beginDeleteAndWait("short-lived"))).code).toBe("ScopeLocked");
      expect((await failure(rm.resources.beginCreateOrUpdateByIdAndWait(acct, "2023-01-01", { location: "westeurope", tags: { x: "y" } }))).code).toBe(
        "ScopeLocked",
      );
      await locks.managementLocks.deleteByScope(acct, "ro");
      await rm.resourceGroups.beginDeleteAndWait("short-lived");
    });

    it("drops the locks of a scope when that scope is deleted", async () => {
      await rm.resourceGroups.createOrUpdate("event-rg", { location: "westeurope" });
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel("event-rg", "gone-with-it", { level: "CanNotDelete" });
      const { parseResourceId } = await import("@azmi/arm-core");
      // Every lock at or below a scope refuses its delete through ARM, so the reaction is driven directly.
      azmi.services.events.emit({ type: "scopeDeleted", scope: parseResourceId(`/subscriptions/${SUB}/resourceGroups/event-rg`) });
      expect(await all(locks.managementLocks.listAtResourceGroupLevel("event-rg"))).toEqual([]);
      await rm.resourceGroups.beginDeleteAndWait("event-rg");
    });
  });
});
