import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { notesAccess, NOTES_READER, NOTES_WRITER } from "../src/access.js";
import { createIssuer, type Issuer } from "../src/issuer.js";
import { NOTES_AUDIENCE, startNotesService, type RunningNotes } from "../src/notes-service.js";

const TENANT = "5f2b7c2e-0c8a-4d9e-8f11-0a1b2c3d4e5f";
const SUBSCRIPTION = "9a1d1e0c-3b52-4a8f-9e6d-2c4b6a8d0e1f";
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/notes`;
const READER_APP = "11111111-aaaa-4aaa-8aaa-111111111111";
const WRITER_APP = "22222222-bbbb-4bbb-8bbb-222222222222";
const STRANGER = "33333333-cccc-4ccc-8ccc-333333333333";

let issuer: Issuer;
let service: RunningNotes;

const call = async (method: string, path: string, token?: string, body?: string) => {
  const res = await fetch(`${service.url}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
};
const tokenOf = (principalId: string, audience = NOTES_AUDIENCE) => issuer.mint({ principalId, audience, tenantId: TENANT });

before(async () => {
  issuer = await createIssuer();
  const access = notesAccess(TENANT, SUBSCRIPTION);
  access.grant(`${GROUP}/providers/Contoso.Notes/notebooks/team`, READER_APP, NOTES_READER);
  access.grant(GROUP, WRITER_APP, NOTES_WRITER);
  service = await startNotesService({ rbac: access.rbac, keys: issuer.jwks, tenantId: TENANT, resourceGroupId: GROUP });
});

after(() => service.close());

describe("notes guarded by role assignments", () => {
  it("a writer at the resource group writes and reads any notebook's notes", async () => {
    const token = await tokenOf(WRITER_APP);
    assert.equal((await call("PUT", "/notebooks/team/notes/plan", token, "ship it")).status, 200);
    assert.deepEqual((await call("GET", "/notebooks/team/notes/plan", token)).json, { notebook: "team", note: "plan", text: "ship it" });
  });

  it("a reader at one notebook reads there, cannot write, and cannot read another notebook", async () => {
    const token = await tokenOf(READER_APP);
    assert.equal((await call("GET", "/notebooks/team/notes/plan", token)).json.text, "ship it");
    const write = await call("PUT", "/notebooks/team/notes/plan", token, "changed");
    assert.equal(write.status, 403);
    assert.match(write.json.error.message, /Contoso\.Notes\/notebooks\/notes\/write/);
    const elsewhere = await call("GET", "/notebooks/private/notes/plan", token);
    assert.equal(elsewhere.status, 403);
    assert.match(elsewhere.json.error.message, /no role assignment of the principal applies/);
  });

  it("a principal without any assignment is refused", async () => {
    assert.equal((await call("GET", "/notebooks/team/notes/plan", await tokenOf(STRANGER))).status, 403);
  });

  it("no token, a token for another audience, or one of other keys is 401 with a challenge", async () => {
    const none = await call("GET", "/notebooks/team/notes/plan");
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), `Bearer authorization="https://login.microsoftonline.com/${TENANT}", resource="${NOTES_AUDIENCE}"`);
    const foreignAudience = await call("GET", "/notebooks/team/notes/plan", await tokenOf(WRITER_APP, "https://vault.azure.net"));
    assert.equal(foreignAudience.status, 401);
    assert.match(foreignAudience.json.error.message, /audience/);
    const forger = await createIssuer();
    const forged = await forger.mint({ principalId: WRITER_APP, audience: NOTES_AUDIENCE, tenantId: TENANT });
    assert.equal((await call("GET", "/notebooks/team/notes/plan", forged)).status, 401);
  });
});
