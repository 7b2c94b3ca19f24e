import { describe, expect, it } from "vitest";
import { MemoryStore, ResourceStore, SqliteStore, parseResourceId, type Store, type TrackedResource } from "../src/index.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = `/subscriptions/${SUB}/resourceGroups/Rg1`;

function doc(id: string): TrackedResource {
  const parsed = parseResourceId(id);
  return { id: parsed.id, name: parsed.name!, type: parsed.resourceType!, location: "westeurope" };
}

function suite(name: string, open: () => Store): void {
  describe(`ResourceStore on ${name}`, () => {
    const ids = (list: TrackedResource[]) => list.map((r) => r.id);
    const seed = () => {
      const resources = new ResourceStore(open());
      for (const id of [
        `${RG}/providers/Microsoft.Web/sites/app`,
        `${RG}/providers/Microsoft.Web/sites/app/slots/staging`,
        `${RG}/providers/Microsoft.Web/serverfarms/plan`,
        `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi`,
        `/subscriptions/${SUB}/resourceGroups/Rg2/providers/Microsoft.Web/sites/other`,
      ]) {
        resources.put(parseResourceId(id), doc(id));
      }
      return resources;
    };

    it("gets by id whatever the casing and keeps the creation casing", () => {
      const resources = seed();
      expect(resources.get(parseResourceId(`${RG}/providers/microsoft.web/SITES/APP`.toUpperCase()))?.id).toBe(`${RG}/providers/Microsoft.Web/sites/app`);
      expect(resources.delete(parseResourceId(`${RG}/providers/Microsoft.Web/sites/APP`))).toBe(true);
      expect(resources.get(parseResourceId(`${RG}/providers/Microsoft.Web/sites/app`))).toBeUndefined();
    });

    it("lists a group's resources at any depth, optionally of one type, and not another group's", () => {
      const resources = seed();
      const group = parseResourceId(RG.toLowerCase());
      expect(ids(resources.listInResourceGroup(group)).sort()).toEqual(
        [
          `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi`,
          `${RG}/providers/Microsoft.Web/serverfarms/plan`,
          `${RG}/providers/Microsoft.Web/sites/app`,
          `${RG}/providers/Microsoft.Web/sites/app/slots/staging`,
        ].sort(),
      );
      expect(ids(resources.listInResourceGroup(group, "microsoft.web/SITES"))).toEqual([`${RG}/providers/Microsoft.Web/sites/app`]);
    });

    it("lists a subscription's resources, optionally of one type", () => {
      const resources = seed();
      expect(resources.listInSubscription(SUB)).toHaveLength(5);
      expect(ids(resources.listInSubscription(SUB.toUpperCase(), "Microsoft.Web/sites")).sort()).toEqual(
        [`${RG}/providers/Microsoft.Web/sites/app`, `/subscriptions/${SUB}/resourceGroups/Rg2/providers/Microsoft.Web/sites/other`].sort(),
      );
    });

    it("lists direct children only", () => {
      const resources = seed();
      expect(ids(resources.listChildren(parseResourceId(RG)))).not.toContain(`${RG}/providers/Microsoft.Web/sites/app/slots/staging`);
      expect(ids(resources.listChildren(parseResourceId(`${RG}/providers/Microsoft.Web/sites/app`)))).toEqual([
        `${RG}/providers/Microsoft.Web/sites/app/slots/staging`,
      ]);
      expect(resources.listChildren(parseResourceId(RG), "Microsoft.Web/serverfarms")).toHaveLength(1);
    });

    it("lists what is below a scope, children before their parents, and nothing of a look-alike sibling", () => {
      const resources = seed();
      resources.put(parseResourceId(`${RG}0/providers/Microsoft.Web/sites/x`), doc(`${RG}0/providers/Microsoft.Web/sites/x`));
      const below = ids(resources.listBelow(parseResourceId(RG)));
      expect(below).toHaveLength(4);
      expect(below.indexOf(`${RG}/providers/Microsoft.Web/sites/app/slots/staging`)).toBeLessThan(below.indexOf(`${RG}/providers/Microsoft.Web/sites/app`));
      expect(below).not.toContain(`${RG}0/providers/Microsoft.Web/sites/x`);
    });
  });
}

suite("MemoryStore", () => new MemoryStore());
suite("SqliteStore", () => new SqliteStore(":memory:"));
