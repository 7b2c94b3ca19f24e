/** Microsoft.Resources/tenants: `GET /tenants` lists the one tenant azmi serves (--tenant). */
import { TENANT_DOMAIN } from "@azmi/identity";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";

export const tenantsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/tenants",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx) {
    const tenantId = ctx.services.config.tenantId;
    return {
      status: 200,
      body: {
        value: [
          {
            id: `/tenants/${tenantId}`,
            tenantId,
            countryCode: "US",
            displayName: "azmi",
            domains: [TENANT_DOMAIN],
            tenantCategory: "Home",
            defaultDomain: TENANT_DOMAIN,
            tenantType: "AAD",
          },
        ],
      },
    };
  },
};
