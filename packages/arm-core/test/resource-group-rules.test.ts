import { describe, expect, it } from "vitest";
import { ArmError, resourceGroupLocation, validateResourceGroupName } from "../src/index.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof ArmError ? `${e.status} ${e.code}` : String(e);
  }
}

describe("resource group names", () => {
  it.each(["rg", "a", "my-rg_1.(test)", "ÄpfelGruppe", "日本語", "x".repeat(90)])("accepts %s", (name) => {
    expect(codeOf(() => validateResourceGroupName(name))).toBeUndefined();
  });

  it.each([
    ["bad*name", "invalid characters: '*'"],
    ["with space", "invalid characters: ' '"],
    ["ends.", "cannot end with a period"],
    ["x".repeat(91), "between 1 and 90"],
    ["", "between 1 and 90"],
  ])("refuses %j", (name, why) => {
    let error: ArmError | undefined;
    try {
      validateResourceGroupName(name);
    } catch (e) {
      error = e as ArmError;
    }
    expect(error?.status).toBe(400);
    expect(error?.code).toBe("InvalidResourceGroup");
    expect(error?.message).toContain(why);
  });

  it("names each bad character once", () => {
    expect(() => validateResourceGroupName("a*b*c#")).toThrow("invalid characters: '*#'");
  });
});

describe("resource group locations", () => {
  it("resolves names and display names to the canonical region", () => {
    expect(resourceGroupLocation("westeurope")).toBe("westeurope");
    expect(resourceGroupLocation("West Europe")).toBe("westeurope");
    expect(resourceGroupLocation("EASTUS2")).toBe("eastus2");
  });

  it("refuses a region Azure does not offer", () => {
    expect(codeOf(() => resourceGroupLocation("moon"))).toBe("400 LocationNotAvailableForResourceGroup");
  });
});
