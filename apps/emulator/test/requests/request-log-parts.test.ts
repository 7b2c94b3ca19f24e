/**
 * The request log's parts on their own: the ring buffer keeps exactly the newest items and never
 * reuses a number, clients are told from real User-Agent strings, and masking leaves no secret.
 */
import { describe, expect, it } from "vitest";
import { clientOf } from "../../src/requests/client-of.js";
import { maskBody, maskHeaders, maskQuery } from "../../src/requests/masking.js";
import { RingBuffer } from "../../src/requests/ring-buffer.js";

describe("ring buffer", () => {
  it("keeps the newest `capacity` items, newest first, and forgets older ones", () => {
    const ring = new RingBuffer<string>(3);
    for (const item of ["a", "b", "c", "d", "e"]) ring.push(item);
    expect(ring.newestFirst()).toEqual([
      { seq: 5, item: "e" },
      { seq: 4, item: "d" },
      { seq: 3, item: "c" },
    ]);
    expect(ring.get(2)).toBeUndefined();
    expect(ring.get(3)).toBe("c");
    expect(ring.get(6)).toBeUndefined();
    expect(ring.lastSeq()).toBe(5);
  });

  it("after a clear, numbers keep counting and old ones name nothing", () => {
    const ring = new RingBuffer<string>(4);
    ring.push("a");
    ring.push("b");
    ring.clear();
    expect(ring.newestFirst()).toEqual([]);
    expect(ring.get(1)).toBeUndefined();
    expect(ring.push("c")).toBe(3);
    expect(ring.newestFirst()).toEqual([{ seq: 3, item: "c" }]);
  });
});

describe("client from the user agent", () => {
  it.each([
    ["AZURECLI/2.61.0 (DEB) azsdk-python-core/1.28.0 Python/3.11.2 (Linux-6.1)", "az 2.61.0"],
    [
      "Go/go1.22.5 (amd64-linux) go-autorest/v14.2.1 HashiCorp Terraform/1.9.0 (+https://www.terraform.io) terraform-provider-azurerm/v4.2.0 pid-222c6c49-1b0a-5959-a213-6608f9eb8820",
      "terraform (azurerm v4.2.0)",
    ],
    ["azsdk-js-arm-resources/7.0.0 core-rest-pipeline/1.19.0 Node/20.20.2 OS/(x64-Linux-6.1)", "SDK (JS: arm-resources)"],
    ["azsdk-go-armresources/v1.2.0 (go1.22.5; linux)", "SDK (Go: armresources)"],
    ["curl/8.5.0", "curl 8.5.0"],
    [undefined, "unknown"],
  ])("%s → %s", (userAgent, client) => {
    expect(clientOf(userAgent)).toBe(client);
  });
});

describe("masking", () => {
  const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl";

  it("masks credential headers but keeps the scheme, and JWTs in any header", () => {
    const shown = Object.fromEntries(
      maskHeaders({
        authorization: `Bearer ${jwt}`,
        "x-identity-header": "abc",
        cookie: "s=1",
        "x-other": `see ${jwt}`,
        host: "localhost",
        "x-azmi-authorization": "considered 1 assignment(s)",
      }),
    );
    expect(shown).toEqual({
      authorization: "Bearer ***",
      "x-identity-header": "***",
      cookie: "***",
      "x-other": "see eyJhbG…***",
      host: "localhost",
      "x-azmi-authorization": "considered 1 assignment(s)",
    });
  });

  it("masks secret form fields, JSON members, Key Vault secret values and endpoint secrets, nothing else", () => {
    expect(
      maskBody(`grant_type=client_credentials&client_secret=hunter2&client_assertion=${jwt}`, "application/x-www-form-urlencoded", "/t/oauth2/v2.0/token"),
    ).toBe("grant_type=client_credentials&client_secret=***&client_assertion=***");
    const token = JSON.parse(maskBody(JSON.stringify({ access_token: jwt, token_type: "Bearer", expires_in: 3599 }), "application/json", "/x")) as object;
    expect(token).toEqual({ access_token: "***", token_type: "***", expires_in: 3599 });
    const secret = JSON.parse(
      maskBody(JSON.stringify({ value: "p4ss", id: "https://v.vault.azure.net/secrets/s/1" }), "application/json", "/secrets/s"),
    ) as object;
    expect(secret).toEqual({ value: "***", id: "https://v.vault.azure.net/secrets/s/1" });
    const list = JSON.parse(maskBody(JSON.stringify({ value: [{ name: "rg" }] }), "application/json", "/subscriptions/x/resourcegroups")) as object;
    expect(list).toEqual({ value: [{ name: "rg" }] });
    const env = JSON.parse(
      maskBody(
        JSON.stringify({ IDENTITY_HEADER: "s3", AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://h/_azmi/imds/s3" }),
        "application/json",
        "/_azmi/identity-endpoint",
      ),
    ) as object;
    expect(env).toEqual({ IDENTITY_HEADER: "***", AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://h/_azmi/imds/***" });
  });

  it("masks secret query parameters", () => {
    expect(maskQuery("api-version=1&client_secret=x")).toBe("api-version=1&client_secret=***");
    expect(maskQuery("api-version=2021-04-01")).toBe("api-version=2021-04-01");
  });
});
