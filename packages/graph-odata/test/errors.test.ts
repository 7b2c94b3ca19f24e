import { describe, expect, it } from "vitest";
import { GraphError, graphErrorBody, graphErrors } from "../src/errors.js";

describe("graphErrorBody", () => {
  it("renders Graph's envelope with a zone-less date", () => {
    const err = graphErrors.resourceNotFound("abc");
    expect(err).toBeInstanceOf(GraphError);
    expect(err.status).toBe(404);
    expect(graphErrorBody(err, "req-1", "client-1", new Date("2021-04-20T17:22:30.456Z"))).toEqual({
      error: {
        code: "Request_ResourceNotFound",
        message: "Resource 'abc' does not exist or one of its queried reference-property objects are not present.",
        innerError: { date: "2021-04-20T17:22:30", "request-id": "req-1", "client-request-id": "client-1" },
      },
    });
  });

  it("pairs each code with its status", () => {
    expect([graphErrors.authorizationDenied().status, graphErrors.authorizationDenied().code]).toEqual([403, "Authorization_RequestDenied"]);
    expect([graphErrors.unsupportedQuery("x").status, graphErrors.unsupportedQuery("x").code]).toEqual([400, "Request_UnsupportedQuery"]);
    expect(graphErrors.invalidAuthenticationToken().status).toBe(401);
  });
});
