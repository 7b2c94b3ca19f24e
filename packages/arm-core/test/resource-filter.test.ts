import { describe, expect, it } from "vitest";
import { ArmError, matchesResourceFilter, parseResourceFilter } from "../src/index.js";

const invalid = (filter: string, allowed?: Parameters<typeof parseResourceFilter>[1]) => {
  try {
    parseResourceFilter(filter, allowed);
    return "accepted";
  } catch (e) {
    return (e as ArmError).code;
  }
};

describe("$filter parsing", () => {
  it("reads a tag name and value", () => {
    expect(parseResourceFilter("tagName eq 'env' and tagValue eq 'prod'")).toEqual({ tagName: "env", tagValue: "prod" });
  });

  it("reads field names in any case and doubled quotes inside values", () => {
    expect(parseResourceFilter("TAGNAME eq 'it''s'")).toEqual({ tagName: "it's" });
    expect(parseResourceFilter("resourceType eq 'Microsoft.Storage/storageAccounts'")).toEqual({
      resourceType: "Microsoft.Storage/storageAccounts",
    });
  });

  it("reads substringof on name and combined clauses", () => {
    expect(parseResourceFilter("substringof('web', name) and location eq 'westeurope'")).toEqual({
      nameContains: "web",
      location: "westeurope",
    });
  });

  it("treats an empty filter as no filter", () => {
    expect(parseResourceFilter(null)).toEqual({});
    expect(parseResourceFilter("  ")).toEqual({});
  });

  it.each([
    "tagValue eq 'x'",
    "tagName eq x",
    "tagName ne 'x'",
    "unknownField eq 'x'",
    "tagName eq 'a' or tagValue eq 'b'",
    "tagName eq 'a' and tagName eq 'b'",
    "tagName eq 'a' and",
  ])("refuses %j with InvalidFilterInQueryString", (filter) => {
    expect(invalid(filter)).toBe("InvalidFilterInQueryString");
  });

  it("refuses fields outside the allowed set (resource group lists take tags only)", () => {
    expect(invalid("resourceType eq 'x'", ["tagName", "tagValue"])).toBe("InvalidFilterInQueryString");
    expect(invalid("tagName eq 'x'", ["tagName", "tagValue"])).toBe("accepted");
  });
});

describe("$filter matching", () => {
  const sa = {
    id: "/subscriptions/s/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/webdata",
    name: "webdata",
    type: "Microsoft.Storage/storageAccounts",
    location: "westeurope",
    tags: { Env: "Prod" },
  };

  it("matches types, groups and names case-insensitively", () => {
    expect(matchesResourceFilter(sa, { resourceType: "microsoft.storage/STORAGEACCOUNTS" })).toBe(true);
    expect(matchesResourceFilter(sa, { resourceGroup: "rg1" })).toBe(true);
    expect(matchesResourceFilter(sa, { nameContains: "WEB" })).toBe(true);
    expect(matchesResourceFilter(sa, { resourceType: "Microsoft.Web/sites" })).toBe(false);
  });

  it("matches a location by display name", () => {
    expect(matchesResourceFilter(sa, { location: "West Europe" })).toBe(true);
    expect(matchesResourceFilter(sa, { location: "eastus" })).toBe(false);
  });

  it("matches tag names case-insensitively and tag values exactly", () => {
    expect(matchesResourceFilter(sa, { tagName: "env" })).toBe(true);
    expect(matchesResourceFilter(sa, { tagName: "env", tagValue: "Prod" })).toBe(true);
    expect(matchesResourceFilter(sa, { tagName: "env", tagValue: "prod" })).toBe(false);
    expect(matchesResourceFilter({ ...sa, tags: undefined }, { tagName: "env" })).toBe(false);
  });
});
