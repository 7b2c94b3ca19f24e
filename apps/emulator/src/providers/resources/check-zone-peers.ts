/** `POST /subscriptions/{s}/providers/Microsoft.Resources/checkZonePeers` (2022-12-01 on): this subscription's zones next to other subscriptions'. */
import { armErrors, AZURE_REGIONS, checkZonePeersBody, findRegion, parseRequestContent, peerSubscriptionId, zonePeers } from "@azmi/arm-core";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { requireSubscription } from "./scope-checks.js";

const RESOURCE_TYPE = "Microsoft.Resources/checkZonePeers";

export const checkZonePeersHandler: ResourceTypeHandler = {
  resourceType: RESOURCE_TYPE,
  // The operation came with the subscriptions API of 2022-12-01.
  apiVersions: ["2022-12-01"],

  post(ctx, parent) {
    const subscriptionId = requireSubscription(ctx, parent.subscriptionId);
    const body = parseRequestContent(checkZonePeersBody, ctx.body ?? {});
    if (body.location === undefined) throw armErrors.locationRequired();
    const region = findRegion(body.location);
    if (region === undefined)
      throw armErrors.locationNotAvailableForResourceType(
        body.location,
        RESOURCE_TYPE,
        AZURE_REGIONS.map((r) => r.name),
      );
    const peers = (body.subscriptionIds ?? []).map((entry) => requireSubscription(ctx, peerSubscriptionId(entry)));
    return { status: 200, body: { subscriptionId, location: region.name, availabilityZonePeers: zonePeers(region, peers) } };
  },
};
