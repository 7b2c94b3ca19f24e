/**
 * Microsoft's first-party service principals exist in every tenant and belong to Microsoft: no
 * principal of the tenant may change them, delete them or make itself their owner, not even the
 * operator (Global Administrator). Written from the attacker's side: taking over Microsoft
 * Graph's principal would let a caller rewrite what Graph's permissions mean.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID } from "../../src/tokens/operator.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { GRAPH_SCOPE, operatorToken } from "../support/sign-in.js";

const FIRST_PARTY = {
  "Microsoft Graph": "00000003-0000-0000-c000-000000000000",
  "Azure Service Management": "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  "Azure Key Vault": "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
  "Azure Storage": "e406a681-f3d4-42a8-90b6-c2b029497af1",
};

let azmi: TestAzmi;
let token: string;
let operatorObjectId: string;

const graph = (method: string, path: string, body?: unknown) => azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${token}` });

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  token = await operatorToken(azmi, GRAPH_SCOPE);
  operatorObjectId = (await graph("GET", `/servicePrincipals(appId='${DEFAULT_OPERATOR_CLIENT_ID}')`)).json.id;
});
afterAll(() => azmi?.stop());

describe("Microsoft's first-party service principals cannot be changed by tenant principals", () => {
  it.each(Object.entries(FIRST_PARTY))("%s: PATCH, DELETE and owners are refused with 403, even to a Global Administrator", async (_name, appId) => {
    const before = await graph("GET", `/servicePrincipals(appId='${appId}')`);
    expect(before.status).toBe(200);
    const id = before.json.id as string;

    const patched = await graph("PATCH", `/servicePrincipals/${id}`, { appRoleAssignmentRequired: true, tags: ["pwned"] });
    expect(patched.status).toBe(403);
    expect(patched.json.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });

    const owned = await graph("POST", `/servicePrincipals/${id}/owners/$ref`, {
      "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${operatorObjectId}`,
    });
    expect(owned.status).toBe(403);
    expect(owned.json.error.code).toBe("Authorization_RequestDenied");

    const deleted = await graph("DELETE", `/servicePrincipals/${id}`);
    expect(deleted.status).toBe(403);
    expect(deleted.json.error.code).toBe("Authorization_RequestDenied");

    const after = await graph("GET", `/servicePrincipals/${id}`);
    expect(after.status).toBe(200);
    expect(after.json).toEqual(before.json);
    expect((await graph("GET", `/servicePrincipals/${id}/owners`)).json.value).toEqual([]);
  });
});
