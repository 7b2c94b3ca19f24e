import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

describe("test harness", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  it("serves SubscriptionClient directly over HTTPS, trusted through the test CA", async () => {
    const options = azmi.sdkOptions();
    const client = new SubscriptionClient(options.credential, options);
    const subscriptions = [];
    for await (const s of client.subscriptions.list()) subscriptions.push(s);
    expect(subscriptions.map((s) => s.subscriptionId)).toContain(azmi.subscriptionId);
  });

  it("serves SubscriptionClient through the forward proxy as management.azure.com", async () => {
    const options = azmi.sdkOptions({ via: "proxy" });
    const client = new SubscriptionClient(options.credential, options);
    const subscriptions = [];
    for await (const s of client.subscriptions.list()) subscriptions.push(s);
    expect(subscriptions.map((s) => s.subscriptionId)).toContain(azmi.subscriptionId);
  });

  it("makes NODE_EXTRA_CA_CERTS trust the emulator in workers (plain fetch over HTTPS)", async () => {
    const response = await fetch(`${azmi.url}/_azmi/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("lets @azure/identity's ClientSecretCredential (MSAL) log in against azmi's login endpoints", async () => {
    const credential = new ClientSecretCredential(azmi.tenantId, "harness-app", "any-secret", {
      authorityHost: azmi.url,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken("https://management.azure.com/.default");
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ appid: "harness-app", tid: azmi.tenantId, aud: "https://management.azure.com/" });
    const client = new SubscriptionClient(credential, { endpoint: azmi.url });
    const first = await client.subscriptions.list().next();
    expect(first.value?.subscriptionId).toBe(azmi.subscriptionId);
  });
});
