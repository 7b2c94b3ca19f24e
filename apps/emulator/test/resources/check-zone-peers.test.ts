/** POST /subscriptions/{s}/providers/Microsoft.Resources/checkZonePeers, through @azure/arm-resources-subscriptions. */
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const PEER = "11111111-1111-1111-1111-111111111111";
const PATH = `/subscriptions/${SUB}/providers/Microsoft.Resources/checkZonePeers?api-version=2022-12-01`;

let azmi: TestAzmi;
let client: SubscriptionClient;
beforeAll(async () => {
  azmi = await startTestAzmi({ config: { subscriptions: [SUB, PEER] } });
  const o = azmi.sdkOptions();
  client = new SubscriptionClient(o.credential, o);
});
afterAll(() => azmi.stop());

describe("checkZonePeers", () => {
  it("pairs each zone of a zoned region with the peer's zone on the same physical zone", async () => {
    const result = await client.subscriptions.checkZonePeers(SUB, { location: "East US", subscriptionIds: [`subscriptions/${PEER}`] });
    expect(result.subscriptionId).toBe(SUB);
    expect(result.location).toBe("eastus");
    expect(result.availabilityZonePeers?.map((z) => [z.availabilityZone, z.peers?.map((p) => [p.subscriptionId, p.availabilityZone])])).toEqual([
      ["1", [[PEER, "1"]]],
      ["2", [[PEER, "2"]]],
      ["3", [[PEER, "3"]]],
    ]);
  });

  it("has no zones to compare in a region without availability zones", async () => {
    const result = await client.subscriptions.checkZonePeers(SUB, { location: "westcentralus", subscriptionIds: [PEER] });
    expect(result.availabilityZonePeers).toEqual([]);
  });

  it("refuses a missing or unknown location, and a peer subscription azmi does not know", async () => {
    const missing = await azmi.request("POST", PATH, { subscriptionIds: [PEER] });
    expect([missing.status, missing.json.error.code]).toEqual([400, "LocationRequired"]);
    const unknown = await azmi.request("POST", PATH, { location: "moon", subscriptionIds: [PEER] });
    expect([unknown.status, unknown.json.error.code]).toEqual([400, "LocationNotAvailableForResourceType"]);
    const stranger = await azmi.request("POST", PATH, { location: "eastus", subscriptionIds: ["subscriptions/22222222-2222-2222-2222-222222222222"] });
    expect([stranger.status, stranger.json.error.code]).toEqual([404, "SubscriptionNotFound"]);
  });
});
