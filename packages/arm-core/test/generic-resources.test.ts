import { describe, expect, it } from "vitest";
import { ArmError, genericResourceFromPatch, genericResourceFromPut, isExtensionResource, jsonMergePatch, parseResourceId } from "../src/index.js";

const id = parseResourceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/SA1");
const actor = { id: "client", type: "Application" as const };

describe("generic resources", () => {
  it("wraps the body in ARM's envelope with provisioningState Succeeded and a normalized location", () => {
    const doc = genericResourceFromPut(
      { location: "West Europe", tags: { a: "b" }, sku: { name: "Standard_LRS" }, kind: "StorageV2", properties: { x: 1 } },
      { id, previous: undefined, actor, now: "2026-01-01T00:00:00Z", locationRequired: true },
    );
    expect(doc).toMatchObject({
      id: id.id,
      name: "SA1",
      type: "Microsoft.Storage/storageAccounts",
      location: "westeurope",
      tags: { a: "b" },
      sku: { name: "Standard_LRS" },
      kind: "StorageV2",
      properties: { x: 1, provisioningState: "Succeeded" },
    });
    expect(doc.systemData.createdAt).toBe("2026-01-01T00:00:00Z");
  });

  it("requires a location for top-level resources only", () => {
    const put = (locationRequired: boolean) => () => genericResourceFromPut({ properties: {} }, { id, previous: undefined, actor, now: "t", locationRequired });
    expect(put(true)).toThrow(expect.objectContaining({ code: "LocationRequired", status: 400 }) as ArmError);
    expect(put(false)).not.toThrow();
  });

  it("refuses reserved characters in tag names", () => {
    expect(() =>
      genericResourceFromPut({ location: "westeurope", tags: { "a/b": "c" } }, { id, previous: undefined, actor, now: "t", locationRequired: true }),
    ).toThrow(expect.objectContaining({ code: "InvalidTagNameCharacters" }) as ArmError);
  });

  it("keeps creation time and id casing across a PUT and merges a PATCH's properties", () => {
    const created = genericResourceFromPut(
      { location: "eastus", properties: { a: 1, nested: { b: 2, c: 3 } } },
      { id, previous: undefined, actor, now: "t1", locationRequired: true },
    );
    const recased = parseResourceId(id.id.toUpperCase());
    const updated = genericResourceFromPut(
      { location: "eastus", properties: { a: 2 } },
      { id: recased, previous: created, actor, now: "t2", locationRequired: true },
    );
    expect(updated.id).toBe(id.id);
    expect(updated.systemData).toMatchObject({ createdAt: "t1", lastModifiedAt: "t2" });
    const patched = genericResourceFromPatch(created, { tags: { t: "v" }, properties: { nested: { b: null, d: 4 } } }, { id, actor, now: "t3" });
    expect(patched.tags).toEqual({ t: "v" });
    expect(patched.properties).toEqual({ a: 1, nested: { c: 3, d: 4 }, provisioningState: "Succeeded" });
  });

  it("merges per RFC 7396", () => {
    expect(jsonMergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: [1] } })).toEqual({ a: 1, b: { d: [1] } });
    expect(jsonMergePatch({ a: 1 }, [1])).toEqual([1]);
  });

  it("tells extension resources from child resources", () => {
    expect(isExtensionResource(parseResourceId(`${id.id}/blobServices/default`))).toBe(false);
    expect(isExtensionResource(parseResourceId(`${id.id}/providers/Microsoft.Insights/diagnosticSettings/d`))).toBe(true);
    expect(isExtensionResource(id)).toBe(false);
  });
});
