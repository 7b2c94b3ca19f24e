/**
 * The directory's replication clock (--replication-delay): a new service principal is
 * unreplicated until the delay has passed; objects azmi never noted (provisioned at start, made
 * with the delay off) are replicated; eventual-consistency reads see everything.
 */
import { MemoryStore } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { Directory, DirectoryReplication, insertApplicationServicePrincipal, isReplicatedAt } from "../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const PRINCIPAL = {
  clientId: "c0000000-0000-0000-0000-000000000001",
  tenantId: TENANT,
  displayName: "id",
  resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
  explicit: true,
};

function directoryWithDelay(delayMs: number) {
  const store = new MemoryStore();
  let clock = 1_000_000;
  const directory = new Directory(store, new DirectoryReplication(store, { delayMs, now: () => clock }));
  return { directory, advance: (ms: number) => (clock += ms) };
}

describe("directory replication", () => {
  it("is replicated once the delay has passed, not a millisecond before", () => {
    expect(isReplicatedAt(1_000, 10_999, 10_000)).toBe(false);
    expect(isReplicatedAt(1_000, 11_000, 10_000)).toBe(true);
  });

  it("keeps a new managed identity's principal unreplicated for the delay; a re-provisioned one does not start again", () => {
    const { directory, advance } = directoryWithDelay(10_000);
    const sp = directory.servicePrincipals.provisionManagedIdentity({ ...PRINCIPAL, principalId: "A0000000-0000-0000-0000-000000000001" });
    expect(directory.replication.isReplicated(sp.id)).toBe(false);
    expect(directory.replication.isReplicated(sp.id.toUpperCase())).toBe(false);
    advance(9_999);
    expect(directory.replication.isReplicated(sp.id)).toBe(false);
    advance(1);
    expect(directory.replication.isReplicated(sp.id)).toBe(true);
    directory.servicePrincipals.provisionManagedIdentity({ ...PRINCIPAL, principalId: sp.id, displayName: "renamed" });
    expect(directory.replication.isReplicated(sp.id)).toBe(true);
  });

  it("keeps an application's new principal unreplicated, but not objects it never noted", () => {
    const { directory, advance } = directoryWithDelay(5_000);
    directory.put({ "@odata.type": "#microsoft.graph.application", id: "app-object", appId: "app-1", displayName: "app" });
    const sp = insertApplicationServicePrincipal(directory, { appId: "app-1" }, TENANT);
    expect(directory.replication.isReplicated(sp.id)).toBe(false);
    expect(directory.replication.isReplicated("app-object")).toBe(true);
    expect(directory.replication.isVisibleToRead(sp.id, undefined)).toBe(false);
    expect(directory.replication.isVisibleToRead(sp.id, "Eventual")).toBe(true);
    expect(directory.replication.isVisibleToRead(sp.id, "session")).toBe(false);
    advance(5_000);
    expect(directory.replication.isVisibleToRead(sp.id, undefined)).toBe(true);
  });

  it("records nothing and sees everything when the delay is off (the default)", () => {
    const store = new MemoryStore();
    const directory = new Directory(store);
    const sp = directory.servicePrincipals.provisionManagedIdentity({ ...PRINCIPAL, principalId: "a0000000-0000-0000-0000-000000000002" });
    expect(directory.replication.enabled).toBe(false);
    expect(directory.replication.isReplicated(sp.id)).toBe(true);
    expect(store.list("directory.replication")).toEqual([]);
  });

  it("forgets a deleted principal, so an object made again under its id starts its own wait", () => {
    const { directory, advance } = directoryWithDelay(1_000);
    const id = "a0000000-0000-0000-0000-000000000003";
    directory.servicePrincipals.provisionManagedIdentity({ ...PRINCIPAL, principalId: id });
    directory.delete(id);
    advance(500);
    directory.servicePrincipals.provisionManagedIdentity({ ...PRINCIPAL, principalId: id });
    advance(600);
    expect(directory.replication.isReplicated(id)).toBe(false);
    advance(400);
    expect(directory.replication.isReplicated(id)).toBe(true);
  });
});
