import { describe, expect, it } from "vitest";
import { renderFederatedCredential } from "../src/index.js";
import { NEW, OLD, W, ficId, setup, snapshot, uaiId, refusal } from "./support.js";

function withIdentity() {
  const env = setup();
  const { identity } = env.identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
  const put = (name: string, properties: Record<string, unknown>, apiVersion = NEW) =>
    env.identities.federatedCredentials.createOrUpdate(ficId("rg", "mi1", name), { properties } as never, { apiVersion });
  return { ...env, identity, put };
}

const ok = { issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:ref:refs/heads/main" };

describe("federated identity credentials", () => {
  it("creates with the default audience, answers the ARM shape, and updates in place", () => {
    const { put, identities, identity } = withIdentity();
    const created = put("gh-main", ok);
    expect(created.created).toBe(true);
    expect(created.credential).toEqual({
      id: `${identity.id}/federatedIdentityCredentials/gh-main`,
      name: "gh-main",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      properties: { ...ok, audiences: ["api://AzureADTokenExchange"] },
      systemData: expect.objectContaining({ createdByType: "Application", createdAt: expect.any(String) }),
    });
    const updated = put("GH-MAIN", { ...ok, subject: "repo:o/r:environment:prod", audiences: ["api://custom"] });
    expect(updated.created).toBe(false);
    expect(updated.credential.name).toBe("gh-main");
    expect(identities.federatedCredentials.get(ficId("rg", "mi1", "gh-main")).properties).toEqual({
      ...ok,
      subject: "repo:o/r:environment:prod",
      audiences: ["api://custom"],
    });
  });

  it("shows a credential under its identity's creation casing, whatever casing the path used", () => {
    const { identities } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "MI-Case"), { location: "westeurope" }, W);
    const { credential } = identities.federatedCredentials.createOrUpdate(ficId("RG", "mi-case", "Fic-1"), { properties: ok }, W);
    expect(credential.id).toBe(`${identity.id}/federatedIdentityCredentials/Fic-1`);
    expect(identities.federatedCredentials.get(ficId("rg", "MI-CASE", "fic-1")).name).toBe("Fic-1");
  });

  it("lists, gets and deletes", () => {
    const { put, identities } = withIdentity();
    put("fic-b", { ...ok, subject: "b" });
    put("fic-a", { ...ok, subject: "a" });
    expect(identities.federatedCredentials.list(uaiId("rg", "mi1")).map((c) => c.name)).toEqual(["fic-a", "fic-b"]);
    expect(identities.federatedCredentials.delete(ficId("rg", "mi1", "fic-a"))).toBe(true);
    expect(identities.federatedCredentials.delete(ficId("rg", "mi1", "fic-a"))).toBe(false);
    expect(refusal(() => identities.federatedCredentials.get(ficId("rg", "mi1", "fic-a")))).toMatchObject({ status: 404, code: "ResourceNotFound" });
  });

  it("answers 404 when the parent identity does not exist", () => {
    const { identities } = setup();
    expect(refusal(() => identities.federatedCredentials.createOrUpdate(ficId("rg", "ghost", "fic"), { properties: ok }, W))).toMatchObject({
      status: 404,
      code: "ParentResourceNotFound",
    });
    expect(refusal(() => identities.federatedCredentials.list(uaiId("rg", "ghost")))).toMatchObject({ status: 404 });
  });

  it.each([
    ["an http issuer", { ...ok, issuer: "http://issuer.example" }, /issuer/],
    ["an issuer that is no URL", { ...ok, issuer: "not a url" }, /issuer/],
    ["an issuer over 600 characters", { ...ok, issuer: `https://x.example/${"a".repeat(600)}` }, /issuer/],
    ["two audiences", { ...ok, audiences: ["api://AzureADTokenExchange", "api://other"] }, /exactly one audience/],
    ["no audience", { ...ok, audiences: [] }, /exactly one audience/],
    ["no subject", { issuer: ok.issuer }, /must specify 'issuer', 'subject'/],
    ["no issuer", { subject: "s" }, /must specify 'issuer', 'subject'/],
    ["empty properties", {}, /empty properties/],
    ["a wildcard subject", { ...ok, subject: "repo:o/*" }, /Wildcard/],
    ["a subject over 600 characters", { ...ok, subject: "s".repeat(601) }, /subject/],
  ])("refuses %s with 400 BadRequest and stores nothing", (_why, properties, message) => {
    const { put, store } = withIdentity();
    const before = snapshot(store);
    const r = refusal(() => put("fic-x", properties));
    expect(r).toMatchObject({ status: 400, code: "BadRequest" });
    expect(r.message).toMatch(message);
    expect(snapshot(store)).toBe(before);
  });

  it.each(["ab", "-abc", "a".repeat(121), "a.b.c"])("refuses the name %s", (name) => {
    const { put } = withIdentity();
    const r = refusal(() => put(name, ok));
    expect(r).toMatchObject({ status: 400, code: "BadRequest" });
    expect(r.message).toContain(`Federated Identity Credential name '${name}' is invalid`);
  });

  it("refuses a duplicate issuer + subject on the same identity, not on another one", () => {
    const { put, store, identities } = withIdentity();
    put("first", ok);
    const before = snapshot(store);
    const r = refusal(() => put("second", ok));
    expect(r).toMatchObject({ status: 400, code: "BadRequest", message: "Issuer and subject combination already exists for this Managed Identity." });
    expect(snapshot(store)).toBe(before);
    // Re-putting the same credential is an update, not a duplicate.
    expect(put("first", ok).created).toBe(false);
    identities.userAssigned.createOrUpdate(uaiId("rg", "mi2"), { location: "westeurope" }, W);
    expect(identities.federatedCredentials.createOrUpdate(ficId("rg", "mi2", "second"), { properties: ok }, W).created).toBe(true);
  });

  it("allows 20 credentials per identity and refuses the 21st, but still updates existing ones", () => {
    const { put, store } = withIdentity();
    for (let i = 0; i < 20; i++) put(`fic-${i}`, { ...ok, subject: `s${i}` });
    const before = snapshot(store);
    const r = refusal(() => put("fic-20", { ...ok, subject: "s20" }));
    expect(r).toMatchObject({ status: 400, code: "BadRequest" });
    expect(r.message).toMatch(/maximum number of Federated Identity Credentials per Managed Identity is 20/);
    expect(snapshot(store)).toBe(before);
    expect(put("fic-3", { ...ok, subject: "changed" }).created).toBe(false);
  });

  it("keeps claimsMatchingExpression on 2025-01-31-preview only", () => {
    const { put } = withIdentity();
    const expression = { languageVersion: 1, value: "claims['sub'] matches 'repo:o/r:*'" };
    const flexible = put("flex", { issuer: ok.issuer, claimsMatchingExpression: expression }, "2025-01-31-preview").credential;
    expect(flexible.properties.claimsMatchingExpression).toEqual(expression);
    expect(renderFederatedCredential(flexible, "2025-01-31-preview").properties).toHaveProperty("claimsMatchingExpression");
    expect(renderFederatedCredential(flexible, NEW).properties).not.toHaveProperty("claimsMatchingExpression");
    // An older version does not know the field: without a subject the body is incomplete.
    expect(refusal(() => put("flex2", { issuer: ok.issuer, claimsMatchingExpression: expression }, OLD)).code).toBe("BadRequest");
    expect(refusal(() => put("flex3", { ...ok, claimsMatchingExpression: expression }, "2025-01-31-preview")).message).toMatch(/not both/);
  });

  it("finds the credentials of an identity by its clientId", () => {
    const { put, identities, identity } = withIdentity();
    put("gh-main", ok);
    expect(identities.federatedCredentialsOfClientId(identity.properties.clientId).map((c) => c.properties.subject)).toEqual([ok.subject]);
    expect(identities.federatedCredentialsOfClientId("nope")).toEqual([]);
  });
});
