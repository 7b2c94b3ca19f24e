import { describe, expect, it } from "vitest";
import {
  ArmError,
  EventBus,
  LockStore,
  MemoryStore,
  SqliteStore,
  decideLocks,
  lockOperationOfAction,
  lockOperation,
  makeLock,
  parseLockBody,
  parseResourceId,
  validateLockName,
  type CoreEvent,
  type LockLevel,
  type ManagementLock,
  type Store,
} from "../src/index.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = `${SUB}/resourceGroups/Prod`;
const MI = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi`;
const SITE = `${RG}/providers/Microsoft.Web/sites/app`;
const SLOT = `${SITE}/slots/staging`;
const LOCKS = "providers/Microsoft.Authorization/locks";

function lockAt(scope: string, level: LockLevel, name = "L"): ManagementLock {
  return makeLock(parseResourceId(`${scope}/${LOCKS}/${name}`), { level });
}

function errorOf(fn: () => unknown): ArmError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArmError);
    return err as ArmError;
  }
  throw new Error("expected an ArmError");
}

describe("lockOperation: how a lock sees each request", () => {
  const table: Array<[string, string, "none" | "write" | "delete"]> = [
    ["GET", "Microsoft.Web/sites", "none"],
    ["HEAD", "Microsoft.Resources/resourceGroups", "none"],
    ["get", "Microsoft.Web/sites", "none"],
    ["PUT", "Microsoft.Web/sites", "write"],
    ["PATCH", "Microsoft.Resources/resourceGroups", "write"],
    ["POST", "Microsoft.Storage/storageAccounts/listKeys", "write"],
    ["POST", "Microsoft.Web/sites/config/list", "write"],
    ["DELETE", "Microsoft.Web/sites", "delete"],
    ["delete", "Microsoft.Authorization/roleAssignments", "delete"],
    ["PUT", "Microsoft.Authorization/roleAssignments", "write"],
    ["PUT", "Microsoft.Authorization/locks", "none"],
    ["DELETE", "microsoft.authorization/LOCKS", "none"],
    ["GET", "Microsoft.Authorization/locks", "none"],
  ];
  it.each(table)("%s %s → %s", (method, resourceType, expected) => {
    expect(lockOperation({ method, resourceType })).toBe(expected);
  });
});

describe("decideLocks: the rule", () => {
  type Row = [label: string, method: string, resourceType: string, above: LockLevel[], below: LockLevel[], allowed: boolean];
  const table: Row[] = [
    ["no locks: delete", "DELETE", "Microsoft.Web/sites", [], [], true],
    ["no locks: write", "PUT", "Microsoft.Web/sites", [], [], true],
    ["CanNotDelete refuses DELETE", "DELETE", "Microsoft.Web/sites", ["CanNotDelete"], [], false],
    ["CanNotDelete allows PUT", "PUT", "Microsoft.Web/sites", ["CanNotDelete"], [], true],
    ["CanNotDelete allows PATCH", "PATCH", "Microsoft.Web/sites", ["CanNotDelete"], [], true],
    ["CanNotDelete allows POST actions", "POST", "Microsoft.Web/sites", ["CanNotDelete"], [], true],
    ["CanNotDelete allows reads", "GET", "Microsoft.Web/sites", ["CanNotDelete"], [], true],
    ["ReadOnly refuses PUT", "PUT", "Microsoft.Web/sites", ["ReadOnly"], [], false],
    ["ReadOnly refuses PATCH", "PATCH", "Microsoft.Resources/resourceGroups", ["ReadOnly"], [], false],
    ["ReadOnly refuses DELETE", "DELETE", "Microsoft.Web/sites", ["ReadOnly"], [], false],
    ["ReadOnly refuses POST listKeys", "POST", "Microsoft.Storage/storageAccounts/listKeys", ["ReadOnly"], [], false],
    ["ReadOnly allows GET", "GET", "Microsoft.Web/sites", ["ReadOnly"], [], true],
    ["ReadOnly allows HEAD", "HEAD", "Microsoft.Resources/resourceGroups", ["ReadOnly"], [], true],
    ["ReadOnly refuses a role assignment PUT", "PUT", "Microsoft.Authorization/roleAssignments", ["ReadOnly"], [], false],
    ["CanNotDelete allows a role assignment PUT", "PUT", "Microsoft.Authorization/roleAssignments", ["CanNotDelete"], [], true],
    ["CanNotDelete refuses a role assignment DELETE", "DELETE", "Microsoft.Authorization/roleAssignments", ["CanNotDelete"], [], false],
    ["ReadOnly never blocks a lock PUT", "PUT", "Microsoft.Authorization/locks", ["ReadOnly"], [], true],
    ["CanNotDelete never blocks a lock DELETE", "DELETE", "Microsoft.Authorization/locks", ["CanNotDelete", "ReadOnly"], [], true],
    ["a lock below refuses a DELETE", "DELETE", "Microsoft.Resources/resourceGroups", [], ["CanNotDelete"], false],
    ["a ReadOnly lock below refuses a DELETE", "DELETE", "Microsoft.Resources/resourceGroups", [], ["ReadOnly"], false],
    ["a ReadOnly lock below does not refuse a PUT", "PUT", "Microsoft.Resources/resourceGroups", [], ["ReadOnly"], true],
    ["mixed levels: only the ReadOnly one refuses a PUT", "PUT", "Microsoft.Web/sites", ["CanNotDelete", "ReadOnly"], [], false],
  ];

  it.each(table)("%s", (_label, method, resourceType, above, below, allowed) => {
    const decision = decideLocks(
      { method, resourceType },
      {
        atOrAbove: above.map((level, i) => lockAt(RG, level, `above${i}`)),
        below: below.map((level, i) => lockAt(SITE, level, `below${i}`)),
      },
    );
    expect(decision.allowed).toBe(allowed);
  });

  it("names only the locks that refuse", () => {
    const decision = decideLocks(
      { method: "PUT", resourceType: "Microsoft.Web/sites" },
      { atOrAbove: [lockAt(SITE, "CanNotDelete", "a"), lockAt(RG, "ReadOnly", "b")], below: [] },
    );
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.operation).toBe("write");
      expect(decision.blocking.map((l) => l.name)).toEqual(["b"]);
    }
  });
});

describe("the lock model", () => {
  it("accepts Azure's lock bodies, normalizing the level's casing", () => {
    expect(parseLockBody({ properties: { level: "CanNotDelete" } })).toEqual({ level: "CanNotDelete" });
    expect(parseLockBody({ properties: { level: "readonly", notes: "n", owners: [{ applicationId: "app" }] } })).toEqual({
      level: "ReadOnly",
      notes: "n",
      owners: [{ applicationId: "app" }],
    });
    expect(parseLockBody({ name: "ignored", properties: { level: "ReadOnly", notes: null } }).level).toBe("ReadOnly");
  });

  const bad: Array<[string, unknown]> = [
    ["no body", undefined],
    ["no properties", {}],
    ["no level", { properties: {} }],
    ["unknown level", { properties: { level: "NotSpecified" } }],
    ["level not a string", { properties: { level: 1 } }],
    ["notes too long", { properties: { level: "ReadOnly", notes: "x".repeat(513) } }],
    ["owners not a list", { properties: { level: "ReadOnly", owners: { applicationId: "a" } } }],
  ];
  it.each(bad)("refuses a body with %s: 400 InvalidRequestContent", (_label, body) => {
    const err = errorOf(() => parseLockBody(body));
    expect(err.status).toBe(400);
    expect(err.code).toBe("InvalidRequestContent");
  });

  it("accepts notes of exactly 512 characters", () => {
    expect(parseLockBody({ properties: { level: "ReadOnly", notes: "x".repeat(512) } }).notes).toHaveLength(512);
  });

  it.each(["lock", "my-lock_1", "lock.v2", "with space", "x".repeat(260), "Zoë"])("accepts the lock name %j", (name) => {
    expect(() => validateLockName(name)).not.toThrow();
  });

  it.each(["a<b", "a>b", "a*b", "a%b", "a&b", "a:b", "a\\b", "a?b", "a+b", "a/b", "tab\there", "ends.", "ends ", "", "x".repeat(261)])(
    "refuses the lock name %j with 400 InvalidResourceName",
    (name) => {
      const err = errorOf(() => validateLockName(name));
      expect(err.status).toBe(400);
      expect(err.code).toBe("InvalidResourceName");
    },
  );

  it("builds the ARM object without empty fields", () => {
    expect(makeLock(parseResourceId(`${RG}/${LOCKS}/L1`), { level: "ReadOnly", notes: null })).toEqual({
      id: `${RG}/providers/Microsoft.Authorization/locks/L1`,
      name: "L1",
      type: "Microsoft.Authorization/locks",
      properties: { level: "ReadOnly" },
    });
  });
});

function lockStoreSuite(name: string, open: () => Store): void {
  describe(`LockStore on ${name}`, () => {
    const fresh = () => new LockStore(open());
    const put = (locks: LockStore, scope: string, level: LockLevel, lockName = "L") => locks.put(parseResourceId(`${scope}/${LOCKS}/${lockName}`), { level });
    const names = (list: ManagementLock[]) => list.map((l) => l.name);

    it("creates, updates, reads and deletes a lock, case-insensitively by id", () => {
      const locks = fresh();
      const id = parseResourceId(`${RG}/${LOCKS}/Guard`);
      const first = locks.put(id, { level: "CanNotDelete", notes: "keep" });
      expect(first.created).toBe(true);
      expect(first.lock).toEqual({
        id: `${RG}/providers/Microsoft.Authorization/locks/Guard`,
        name: "Guard",
        type: "Microsoft.Authorization/locks",
        properties: { level: "CanNotDelete", notes: "keep" },
      });
      const second = locks.put(parseResourceId(`${RG.toLowerCase()}/${LOCKS}/GUARD`), { level: "ReadOnly" });
      expect(second.created).toBe(false);
      // An update keeps the casing of the create.
      expect(second.lock.name).toBe("Guard");
      expect(locks.get(parseResourceId(`${RG}/${LOCKS}/guard`))?.properties).toEqual({ level: "ReadOnly" });
      expect(locks.delete(id)).toBe(true);
      expect(locks.get(id)).toBeUndefined();
      expect(locks.delete(id)).toBe(false);
    });

    it("refuses an invalid name without storing anything", () => {
      const locks = fresh();
      expect(() => put(locks, RG, "ReadOnly", "bad.")).toThrow(ArmError);
      expect(locks.atOrBelow(parseResourceId(SUB))).toEqual([]);
    });

    it("finds locks at and above a scope, nearest first", () => {
      const locks = fresh();
      put(locks, SUB, "CanNotDelete", "sub");
      put(locks, RG, "ReadOnly", "rg");
      put(locks, SITE, "CanNotDelete", "site");
      put(locks, SLOT, "CanNotDelete", "slot");
      put(locks, `${SUB}/resourceGroups/Other`, "ReadOnly", "other");
      expect(names(locks.atOrAbove(parseResourceId(SLOT)))).toEqual(["slot", "site", "rg", "sub"]);
      expect(names(locks.atOrAbove(parseResourceId(`${SITE}/config/web`)))).toEqual(["site", "rg", "sub"]);
      expect(names(locks.atOrAbove(parseResourceId(RG)))).toEqual(["rg", "sub"]);
      expect(names(locks.at(parseResourceId(SITE)))).toEqual(["site"]);
      // Siblings whose names start alike are not above.
      expect(names(locks.atOrAbove(parseResourceId(`${SUB}/resourceGroups/Prod2`)))).toEqual(["sub"]);
    });

    it("finds locks at and below a scope", () => {
      const locks = fresh();
      put(locks, SUB, "CanNotDelete", "sub");
      put(locks, RG, "ReadOnly", "rg");
      put(locks, SLOT, "CanNotDelete", "slot");
      put(locks, `${SUB}/resourceGroups/Prod2`, "ReadOnly", "prod2");
      expect(names(locks.atOrBelow(parseResourceId(RG))).sort()).toEqual(["rg", "slot"]);
      expect(names(locks.below(parseResourceId(RG)))).toEqual(["slot"]);
      expect(names(locks.atOrBelow(parseResourceId(SUB))).sort()).toEqual(["prod2", "rg", "slot", "sub"]);
    });

    it("lists as ARM does: at, above and below; atScope() at and above", () => {
      const locks = fresh();
      put(locks, SUB, "CanNotDelete", "sub");
      put(locks, RG, "ReadOnly", "rg");
      put(locks, SITE, "CanNotDelete", "site");
      put(locks, SLOT, "CanNotDelete", "slot");
      put(locks, MI, "CanNotDelete", "mi");
      expect(names(locks.listFor(parseResourceId(SUB))).sort()).toEqual(["mi", "rg", "site", "slot", "sub"]);
      expect(names(locks.listFor(parseResourceId(SITE))).sort()).toEqual(["rg", "site", "slot", "sub"]);
      expect(names(locks.listFor(parseResourceId(SITE), { atScopeOnly: true }))).toEqual(["sub", "rg", "site"]);
      expect(names(locks.listFor(parseResourceId(SUB), { atScopeOnly: true }))).toEqual(["sub"]);
    });

    it("refuses a resource group delete because of a lock on a child resource, naming that resource", () => {
      const locks = fresh();
      put(locks, SLOT, "CanNotDelete", "slot");
      const err = errorOf(() => locks.check({ method: "DELETE", target: parseResourceId(RG), resourceType: "Microsoft.Resources/resourceGroups" }));
      expect(err.status).toBe(409);
      expect(err.code).toBe("ScopeLocked");
      expect(err.message).toBe(
        `The scope '${RG}' cannot perform delete operation because following scope(s) are locked: '${SLOT}'. Please remove the lock and try again.`,
      );
      // Writing to the group is fine; deleting an unrelated sibling is fine.
      locks.check({ method: "PATCH", target: parseResourceId(RG), resourceType: "Microsoft.Resources/resourceGroups" });
      locks.check({ method: "DELETE", target: parseResourceId(MI), resourceType: "Microsoft.ManagedIdentity/userAssignedIdentities" });
    });

    it("refuses a write under a ReadOnly lock above, naming the locked scope once", () => {
      const locks = fresh();
      put(locks, RG, "ReadOnly", "a");
      put(locks, RG, "ReadOnly", "b");
      const err = errorOf(() => locks.check({ method: "PUT", target: parseResourceId(MI), resourceType: "Microsoft.ManagedIdentity/userAssignedIdentities" }));
      expect(err.message).toBe(
        `The scope '${MI}' cannot perform write operation because following scope(s) are locked: '${RG}'. Please remove the lock and try again.`,
      );
      expect(locks.decide({ method: "POST", target: parseResourceId(SITE), resourceType: "Microsoft.Web/sites", action: "restart" }).allowed).toBe(false);
      expect(locks.decide({ method: "PUT", target: parseResourceId(`${RG}/${LOCKS}/c`), resourceType: "Microsoft.Authorization/locks" }).allowed).toBe(true);
    });

    it("is allowed again once the lock is gone", () => {
      const locks = fresh();
      const { lock } = put(locks, SUB, "CanNotDelete", "sub");
      const request = { method: "DELETE", target: parseResourceId(RG), resourceType: "Microsoft.Resources/resourceGroups" };
      expect(locks.decide(request).allowed).toBe(false);
      locks.delete(parseResourceId(lock.id));
      expect(locks.decide(request).allowed).toBe(true);
    });

    it("removes the locks of a deleted scope and of everything beneath it, and nothing else", () => {
      const store = open();
      const locks = new LockStore(store);
      const events = new EventBus<CoreEvent>();
      events.on("scopeDeleted", (e) => locks.removeAtOrBelow(e.scope));
      put(locks, SUB, "CanNotDelete", "sub");
      put(locks, SITE, "CanNotDelete", "site");
      put(locks, SLOT, "CanNotDelete", "slot");
      put(locks, MI, "CanNotDelete", "mi");
      events.emit({ type: "scopeDeleted", scope: parseResourceId(SITE) });
      expect(names(locks.atOrBelow(parseResourceId(SUB))).sort()).toEqual(["mi", "sub"]);
      events.emit({ type: "scopeDeleted", scope: parseResourceId(RG) });
      expect(names(locks.atOrBelow(parseResourceId(SUB)))).toEqual(["sub"]);
    });
  });
}

lockStoreSuite("MemoryStore", () => new MemoryStore());
lockStoreSuite("SqliteStore", () => new SqliteStore(":memory:"));

describe("lockOperationOfAction: how a lock sees an RBAC operation", () => {
  it.each([
    ["Microsoft.Web/sites/read", "none"],
    ["Microsoft.Web/sites/write", "write"],
    ["Microsoft.Web/sites/restart/action", "write"],
    ["Microsoft.Resources/subscriptions/resourceGroups/delete", "delete"],
    ["Microsoft.Authorization/locks/delete", "none"],
  ])("%s is %s", (action, operation) => {
    expect(lockOperationOfAction(action)).toBe(operation);
  });
});
