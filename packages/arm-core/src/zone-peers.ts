/**
 * `checkZonePeers`: which logical zone of another subscription is the same physical zone as each
 * logical zone of this one. Azure shuffles the logical-to-physical mapping per subscription;
 * azmi maps zone n to physical zone n everywhere (availabilityZoneMappings), so a peer's zone is
 * found through the same physical zone and comes out equal, as it would for two subscriptions
 * whose mappings agree.
 */
import { z } from "zod";
import { availabilityZoneMappings, type AzureRegion } from "./locations.js";

export const checkZonePeersBody = z.object({
  location: z.string().optional(),
  /** As Azure's examples write them, `subscriptions/{id}`; a bare id is taken too. */
  subscriptionIds: z.array(z.string()).optional(),
});

/** The subscription id of an entry of `subscriptionIds`. */
export function peerSubscriptionId(entry: string): string {
  return entry.replace(/^\/?subscriptions\//i, "");
}

export function zonePeers(region: AzureRegion, peerSubscriptions: readonly string[]) {
  const own = availabilityZoneMappings(region);
  return own.map(({ logicalZone, physicalZone }) => ({
    availabilityZone: logicalZone,
    peers: peerSubscriptions.map((subscriptionId) => ({
      subscriptionId,
      availabilityZone: availabilityZoneMappings(region).find((m) => m.physicalZone === physicalZone)!.logicalZone,
    })),
  }));
}
