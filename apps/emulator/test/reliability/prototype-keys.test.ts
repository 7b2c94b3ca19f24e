/**
 * Keys a client chooses (`__proto__`, `constructor`, `prototype`) in bodies, tags, paths and
 * queries: never a 5xx, never a change to Object.prototype in the process that serves them,
 * and where Azure stores what it is sent (generic resource properties), such a key is kept as a
 * plain property rather than becoming an object's prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const PAYLOADS = [
  '{"__proto__":{"polluted":"yes"},"location":"westeurope"}',
  '{"constructor":{"prototype":{"polluted":"yes"}},"location":"westeurope"}',
  '{"location":"westeurope","tags":{"__proto__":{"polluted":"yes"}}}',
  '{"location":"westeurope","tags":{"__proto__":"x","constructor":"y"}}',
  '{"location":"westeurope","properties":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"location":"westeurope","identity":{"type":"UserAssigned","userAssignedIdentities":{"__proto__":{"polluted":"yes"}}}}',
];

describe("client-chosen prototype keys", () => {
  let azmi: TestAzmi;
  let group: string;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    azmi = await startTestAzmi();
    group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/proto`;
    expect((await azmi.request("PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
  });
  afterAll(() => azmi.stop());

  it("never pollute Object.prototype nor answer a 5xx", async () => {
    const targets = [
      `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/proto-id?api-version=2023-01-31`,
      `${group}/providers/Microsoft.Storage/storageAccounts/protosa?api-version=2023-01-01`,
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/proto2?api-version=2021-04-01`,
      `${group}/providers/Microsoft.Authorization/locks/proto-lock?api-version=2020-05-01`,
    ];
    for (const target of targets) {
      for (const payload of PAYLOADS) {
        for (const method of ["PUT", "PATCH"]) {
          const res = await azmi.request(method, target, payload);
          expect(res.status, `${method} ${target} ${payload}`).toBeLessThan(500);
        }
      }
    }
    for (const body of [
      '{"displayName":"p","__proto__":{"polluted":"yes"}}',
      '{"displayName":"p","tags":["x"],"constructor":{"prototype":{"polluted":"yes"}}}',
    ]) {
      expect((await azmi.request("POST", "/v1.0/applications", body)).status).toBeLessThan(500);
    }
    expect(
      (await azmi.request("GET", `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?__proto__[polluted]=yes&api-version=2023-01-31`)).status,
    ).toBeLessThan(500);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  });

  it("keeps a merged '__proto__' property of a generic resource as a plain property", async () => {
    const path = `${group}/providers/Microsoft.Storage/storageAccounts/protomerge?api-version=2023-01-01`;
    expect((await azmi.request("PUT", path, { location: "westeurope", properties: { kept: true } })).status).toBeLessThan(300);
    const patched = await azmi.request("PATCH", path, '{"properties":{"__proto__":{"injected":"yes"},"added":1}}');
    expect(patched.status).toBeLessThan(300);
    const got = await azmi.request("GET", path);
    expect(got.json.properties.kept).toBe(true);
    expect(got.json.properties.added).toBe(1);
    // Stored and answered as data (JSON.parse makes it an own key again), not taken as a prototype.
    expect(Object.hasOwn(got.json.properties, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(got.json.properties, "__proto__")?.value).toEqual({ injected: "yes" });
  });
});
