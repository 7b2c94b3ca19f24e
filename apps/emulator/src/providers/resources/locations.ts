/**
 * Microsoft.Resources/locations: `GET /subscriptions/{s}/locations`, the regions azmi offers.
 * api-versions before 2020-01-01 answered the flat shape (latitude and longitude on the
 * location); later ones add regionalDisplayName and metadata, and 2022-12-01 on the zone mappings
 * of regions with availability zones.
 */
import { availabilityZoneMappings, AZURE_REGIONS, regionalDisplayName, type AzureRegion } from "@azmi/arm-core";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

function location(subscriptionId: string, region: AzureRegion, apiVersion: string) {
  const id = `/subscriptions/${subscriptionId}/locations/${region.name}`;
  if (apiVersion < "2020-01-01") {
    return { id, subscriptionId, name: region.name, displayName: region.displayName, latitude: region.latitude, longitude: region.longitude };
  }
  const zones = apiVersion >= "2022-12-01" ? availabilityZoneMappings(region) : [];
  return {
    id,
    name: region.name,
    type: "Region",
    displayName: region.displayName,
    regionalDisplayName: regionalDisplayName(region),
    metadata: {
      regionType: "Physical",
      regionCategory: region.recommended ? "Recommended" : "Other",
      geography: region.geography,
      geographyGroup: region.geographyGroup,
      longitude: region.longitude,
      latitude: region.latitude,
      physicalLocation: region.physicalLocation,
      pairedRegion:
        region.pairedRegion === undefined ? [] : [{ name: region.pairedRegion, id: `/subscriptions/${subscriptionId}/locations/${region.pairedRegion}` }],
    },
    ...(zones.length > 0 ? { availabilityZoneMappings: zones } : {}),
  };
}

export const locationsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/locations",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx, parent) {
    const subscriptionId = requireSubscription(ctx, parent.subscriptionId);
    return { status: 200, body: { value: AZURE_REGIONS.map((r) => location(subscriptionId, r, ctx.apiVersion)) } };
  },
};
