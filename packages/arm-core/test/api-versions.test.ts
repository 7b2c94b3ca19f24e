import { describe, expect, it } from "vitest";
import { ApiVersionRegistry, ArmError } from "../src/index.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ArmError);
    expect((err as ArmError).status).toBe(400);
    return (err as ArmError).code;
  }
}

describe("ApiVersionRegistry", () => {
  const registry = new ApiVersionRegistry();
  registry.register("Microsoft.ManagedIdentity/userAssignedIdentities", ["2023-01-31", "2022-01-31-preview", "2018-11-30"]);
  registry.register("Microsoft.Authorization/locks", ["2016-09-01", "2015-01-01"]);
  registry.register("microsoft.authorization/LOCKS", ["2020-05-01", "2016-09-01"]);

  it("accepts every registered version, old and preview ones included, whatever the casing of the type", () => {
    expect(registry.check("Microsoft.ManagedIdentity/userAssignedIdentities", "2022-01-31-preview")).toBe("2022-01-31-preview");
    expect(registry.check("microsoft.managedidentity/userassignedidentities", "2018-11-30")).toBe("2018-11-30");
    expect(registry.check("Microsoft.Authorization/locks", "2015-01-01")).toBe("2015-01-01");
    expect(registry.check("Microsoft.ManagedIdentity/userAssignedIdentities", "2022-01-31-PREVIEW")).toBe("2022-01-31-PREVIEW");
  });

  it("merges repeated registrations, newest first, without duplicates", () => {
    expect(registry.supported("MICROSOFT.AUTHORIZATION/locks")).toEqual(["2020-05-01", "2016-09-01", "2015-01-01"]);
  });

  it("refuses a missing api-version with MissingApiVersionParameter", () => {
    for (const v of [undefined, null, ""]) {
      expect(codeOf(() => registry.check("Microsoft.Authorization/locks", v))).toBe("MissingApiVersionParameter");
      expect(codeOf(() => registry.check("Some.Unknown/type", v))).toBe("MissingApiVersionParameter");
    }
  });

  it("refuses a provider type's unknown version with NoRegisteredProviderFound naming the supported ones, oldest first", () => {
    try {
      registry.check("Microsoft.Authorization/locks", "2099-01-01");
      expect.unreachable();
    } catch (err) {
      const e = err as ArmError;
      expect(e.code).toBe("NoRegisteredProviderFound");
      expect(e.status).toBe(400);
      expect(e.message).toContain("'2099-01-01' for type 'locks'");
      expect(e.message).toContain("2015-01-01, 2016-09-01, 2020-05-01");
    }
  });

  it("refuses Resource Manager's own types' unknown versions with InvalidApiVersionParameter", () => {
    registry.register("Microsoft.Resources/resourceGroups", ["2021-04-01"]);
    expect(codeOf(() => registry.check("Microsoft.Resources/resourceGroups", "2099-01-01"))).toBe("InvalidApiVersionParameter");
  });

  it("accepts any well-formed version for a type nobody registered, and refuses garbage", () => {
    expect(registry.check("Microsoft.Storage/storageAccounts", "2023-05-01")).toBe("2023-05-01");
    expect(registry.check("Microsoft.Storage/storageAccounts", "2023-05-01-preview")).toBe("2023-05-01-preview");
    expect(registry.supported("Microsoft.Storage/storageAccounts")).toBeUndefined();
    expect(codeOf(() => registry.check("Microsoft.Storage/storageAccounts", "latest"))).toBe("InvalidApiVersionParameter");
  });
});
