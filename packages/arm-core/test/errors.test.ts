import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArmError, armErrors, isArmError } from "../src/index.js";

describe("ArmError", () => {
  it("carries status, code and message, and renders ARM's envelope", () => {
    const err = new ArmError(409, "Conflict", "busy");
    expect(err).toBeInstanceOf(Error);
    expect(isArmError(err)).toBe(true);
    expect(isArmError(new Error("x"))).toBe(false);
    expect(err.status).toBe(409);
    expect(err.toBody()).toEqual({ error: { code: "Conflict", message: "busy" } });
    expect(JSON.parse(JSON.stringify(err.toBody()))).toEqual({ error: { code: "Conflict", message: "busy" } });
  });

  it("renders target and details only when given", () => {
    const err = new ArmError(400, "InvalidTemplate", "bad", {
      target: "properties.level",
      details: [{ code: "Inner", message: "why" }],
    });
    expect(err.toBody()).toEqual({
      error: { code: "InvalidTemplate", message: "bad", target: "properties.level", details: [{ code: "Inner", message: "why" }] },
    });
    expect(Object.keys(new ArmError(400, "X", "y").toBody().error)).toEqual(["code", "message"]);
  });
});

describe("the catalogue", () => {
  it("has one factory per Azure code", () => {
    // Read from the source: a second factory for a code (a free-form door) is what this guards against.
    const source = readFileSync(new URL("../src/errors.ts", import.meta.url), "utf8");
    const codes = [...source.matchAll(/new ArmError\(\s*[^,]+,\s*"([A-Za-z]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
    expect(source).not.toMatch(/new ArmError\(\s*[^,]+,\s*code\b/);
  });

  it("answers NoRegisteredProviderFound with one status, naming the supported versions only when there are some", () => {
    const known = armErrors.noRegisteredProviderFound("1999-01-01", "Microsoft.Web/sites", ["2022-03-01", "2021-02-01"]);
    const unknown = armErrors.noRegisteredProviderFound("2020-01-01", "Microsoft.Nope/things");
    expect([known.status, unknown.status]).toEqual([400, 400]);
    expect(known.message).toBe(
      "No registered resource provider found for location 'global' and API version '1999-01-01' for type 'Microsoft.Web/sites'. The supported api-versions are '2022-03-01, 2021-02-01'. The supported locations are ''.",
    );
    expect(unknown.message).toBe("No registered resource provider found for location 'global' and API version '2020-01-01' for type 'Microsoft.Nope/things'.");
  });

  it("names the supported versions and the type in InvalidApiVersionParameter", () => {
    const err = armErrors.invalidApiVersion("2099-01-01", "Microsoft.Authorization/locks", ["2020-05-01", "2016-09-01"]);
    expect(err.message).toBe(
      "The api-version '2099-01-01' is invalid. The supported versions are '2020-05-01,2016-09-01'. The resource type is 'Microsoft.Authorization/locks'.",
    );
  });

  it("words ScopeLocked as Azure does", () => {
    const scope = "/subscriptions/s/resourceGroups/rg";
    expect(armErrors.scopeLocked(scope, "delete", [`${scope}/providers/Microsoft.Web/sites/app`]).message).toBe(
      `The scope '${scope}' cannot perform delete operation because following scope(s) are locked: '${scope}/providers/Microsoft.Web/sites/app'. Please remove the lock and try again.`,
    );
    expect(armErrors.scopeLocked(scope, "write", [scope]).message).toBe(
      `The scope '${scope}' cannot perform write operation because following scope(s) are locked: '${scope}'. Please remove the lock and try again.`,
    );
  });

  it("names the group in ResourceGroupNotFound and ResourceNotFound", () => {
    expect(armErrors.resourceGroupNotFound("Rg1").message).toBe("Resource group 'Rg1' could not be found.");
    expect(armErrors.resourceNotFound("Microsoft.Web/sites", "app", "Rg1").message).toContain(
      "The Resource 'Microsoft.Web/sites/app' under resource group 'Rg1' was not found.",
    );
  });
});
