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
  const cases: Array<[string, ArmError, number, string]> = [
    ["missing api-version", armErrors.missingApiVersion(), 400, "MissingApiVersionParameter"],
    ["invalid api-version", armErrors.invalidApiVersion("1999-01-01", "resourceGroups", ["2021-04-01"]), 400, "InvalidApiVersionParameter"],
    ["no provider", armErrors.noRegisteredProviderFound("1999-01-01", "Microsoft.Web/sites", ["2022-03-01"]), 400, "NoRegisteredProviderFound"],
    ["bad namespace", armErrors.invalidResourceNamespace("Microsoft.Nope"), 404, "InvalidResourceNamespace"],
    ["bad type", armErrors.invalidResourceType("nope", "Microsoft.Web", "2022-03-01"), 404, "InvalidResourceType"],
    ["resource not found", armErrors.resourceNotFound("Microsoft.Web/sites", "app", "rg"), 404, "ResourceNotFound"],
    ["group not found", armErrors.resourceGroupNotFound("rg"), 404, "ResourceGroupNotFound"],
    ["subscription not found", armErrors.subscriptionNotFound("s"), 404, "SubscriptionNotFound"],
    ["bad json", armErrors.invalidRequestContent("Unexpected token"), 400, "InvalidRequestContent"],
    ["bad name", armErrors.invalidResourceName("a/b", "Microsoft.Web/sites"), 400, "InvalidResourceName"],
    ["no location", armErrors.locationRequired(), 400, "LocationRequired"],
    ["forbidden", armErrors.authorizationFailed("app", "oid", "Microsoft.Web/sites/write", "/subscriptions/s"), 403, "AuthorizationFailed"],
    ["locked", armErrors.scopeLocked("/subscriptions/s/resourceGroups/rg", "delete", ["/subscriptions/s/resourceGroups/rg"]), 409, "ScopeLocked"],
    ["conflict", armErrors.conflict("The resource already exists."), 409, "Conflict"],
    ["too large", armErrors.requestTooLarge(4 * 1024 * 1024), 413, "RequestEntityTooLarge"],
    ["method", armErrors.methodNotAllowed("PATCH", "/x"), 405, "MethodNotAllowed"],
    ["internal", armErrors.internal(), 500, "InternalServerError"],
  ];

  it.each(cases)("%s has its status and code", (_label, err, status, code) => {
    expect(err).toBeInstanceOf(ArmError);
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.toBody().error.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
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
