/**
 * Microsoft.Web/sites/basicPublishingCredentialsPolicies/{ftp|scm}: whether basic-auth
 * deployment is allowed. Read by azurerm after every create, written by `--basic-auth`.
 * Allowed until someone says otherwise, as for a site created through ARM.
 */
import { WEB_API_VERSIONS, publishingPolicyBodySchema, SiteDocuments, webErrors, requireSite, type StoredSite } from "@azmi/app-service";
import { parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import type { Services } from "../../services.js";

const POLICIES = ["ftp", "scm"] as const;
const TYPE = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";

export const publishingPoliciesHandler: ResourceTypeHandler = {
  resourceType: TYPE,
  apiVersions: WEB_API_VERSIONS,

  get(ctx, id) {
    const site = requireSite(ctx.services, id.parent!);
    return { status: 200, body: render(site, policyName(id), allowed(ctx.services, id.parent!, policyName(id))) };
  },

  put(ctx, id) {
    const site = requireSite(ctx.services, id.parent!);
    const name = policyName(id);
    const { allow } = parseRequestContent(publishingPolicyBodySchema, ctx.body ?? {}).properties;
    const docs = new SiteDocuments(ctx.services.store);
    ctx.services.store.transaction(() => docs.put(id.parent!, "basicPublishingCredentialsPolicies", name, { allow }));
    return { status: 200, body: render(site, name, allow) };
  },

  list(ctx, parent) {
    const site = requireSite(ctx.services, parent);
    const value = POLICIES.map((name) => render(site, name, allowed(ctx.services, parent, name)));
    return { status: 200, body: { value, nextLink: null } };
  },
};

function policyName(id: ResourceId): (typeof POLICIES)[number] {
  const lower = id.name!.toLowerCase();
  const name = POLICIES.find((p) => p === lower);
  if (name === undefined) throw webErrors.unknownPublishingPolicy(id.name!);
  return name;
}

function allowed(services: Services, site: ResourceId, name: string): boolean {
  const stored = new SiteDocuments(services.store).get(site, "basicPublishingCredentialsPolicies", name);
  return stored === undefined ? true : stored.properties.allow === true;
}

function render(site: StoredSite, name: string, allow: boolean) {
  return {
    id: `${site.id}/basicPublishingCredentialsPolicies/${name}`,
    name,
    type: TYPE,
    location: site.location,
    properties: { allow },
  };
}
