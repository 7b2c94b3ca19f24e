/**
 * Microsoft.Web/sites (web apps). PUT answers 200 on create as on update (the CLI's SDK fails
 * on 201). A site's identity block goes through the identity rules on PUT and PATCH; its
 * satellite documents (config sections, publishing credentials) are created with it and
 * swept with it; `deleteEmptyServerFarm` (Azure's default: true) takes an emptied plan along.
 */
import {
  buildSite,
  findSiteByName,
  getPlan,
  getSite,
  isValidSiteName,
  listOfType,
  mergeSiteConfig,
  newPublishingCredentials,
  parsePlanId,
  requireEnclosingScopes,
  requireSite,
  resolvePlan,
  SITE_TYPE,
  SiteDocuments,
  siteKind,
  sitePatchBodySchema,
  sitePutBodySchema,
  sitesOfPlan,
  WEB_API_VERSIONS,
  webErrors,
  withoutNulls,
  writeInlineSettings,
  type SitePatchBody,
  type StoredSite,
} from "@azmi/app-service";
import { armErrors, parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { publishXml, PUBLISHING_CREDENTIALS } from "./publishing.js";
import { deletePlan } from "./serverfarms.js";

export const sitesHandler: ResourceTypeHandler = {
  resourceType: SITE_TYPE,
  apiVersions: WEB_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: requireSite(ctx.services, id) };
  },

  put(ctx, id) {
    requireEnclosingScopes(ctx.services, id);
    const body = parseRequestContent(sitePutBodySchema, ctx.body ?? {});
    const location = body.location ?? "";
    if (location === "") throw armErrors.locationRequired();
    const site = writeSite(ctx, id, { ...body, location, tags: body.tags ?? {} }, getSite(ctx.services, id));
    return { status: 200, body: site };
  },

  patch(ctx, id) {
    const previous = requireSite(ctx.services, id);
    const body = parseRequestContent(sitePatchBodySchema, ctx.body ?? {});
    const site = writeSite(ctx, id, { ...body, location: previous.location, tags: body.tags ?? previous.tags ?? {} }, previous);
    return { status: 200, body: site };
  },

  delete(ctx, id): ArmResult {
    const site = requireSite(ctx.services, id);
    const { services } = ctx;
    const deleteEmptyPlan = (ctx.query.get("deleteEmptyServerFarm") ?? "true").toLowerCase() !== "false";
    services.store.transaction(() => {
      services.resources.delete(id);
      // Everything hanging off the site reacts to this: its config documents (see index.ts),
      // its system-assigned principal, role assignments and locks on it.
      services.events.emit({ type: "scopeDeleted", scope: id });
      const planId = parsePlanId(site.properties.serverFarmId);
      if (deleteEmptyPlan && planId !== undefined && getPlan(services, planId) !== undefined && sitesOfPlan(services, planId).length === 0) {
        deletePlan(services, planId);
      }
    });
    return { status: 200 };
  },

  list(ctx, parent) {
    const sites = listOfType<StoredSite>(ctx.services, parent, SITE_TYPE);
    return { status: 200, body: { value: sites, nextLink: null } };
  },

  actions: {
    publishxml: publishXml,
    start: (ctx, id) => setState(ctx, id, "Running"),
    stop: (ctx, id) => setState(ctx, id, "Stopped"),
    restart(ctx, id) {
      requireSite(ctx.services, id);
      return { status: 200 };
    },
  },
};

interface SiteRequest extends SitePatchBody {
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
}

function writeSite(ctx: ArmContext, id: ResourceId, request: SiteRequest, previous: StoredSite | undefined): StoredSite {
  const { services } = ctx;
  const name = id.name!;
  if (previous === undefined) {
    if (!isValidSiteName(name)) throw webErrors.invalidSiteName(name);
    if (findSiteByName(services, name) !== undefined) throw webErrors.siteNameTaken(name);
  }
  const { siteConfig: sentConfig, serverFarmId, ...sentProperties } = request.properties ?? {};
  const plan = resolvePlan(services, serverFarmId ?? previous?.properties.serverFarmId);
  const linux = plan.properties.reserved;
  const siteConfig = mergeSiteConfig(name, linux, previous?.properties.siteConfig, sentConfig);
  const kind = previous !== undefined && (request.kind ?? null) === null ? previous.kind : siteKind(request.kind, plan, siteConfig);
  const docs = new SiteDocuments(services.store);

  return services.store.transaction(() => {
    const identity = services.identities.applyResourceIdentity(id, request.identity, previous?.identity);
    const site = buildSite({
      id,
      location: request.location,
      kind,
      tags: request.tags,
      plan,
      sent: withoutNulls(sentProperties),
      siteConfig,
      identity,
      previous,
      now: new Date(),
    });
    if (previous === undefined) {
      // Documents left by a site of the same id that went with its resource group.
      docs.deleteBelow(id);
      docs.put(id, "config", PUBLISHING_CREDENTIALS, { ...newPublishingCredentials(name) });
    }
    writeInlineSettings(docs, id, sentConfig ?? undefined);
    services.resources.put(id, site);
    return site;
  });
}

function setState(ctx: ArmContext, id: ResourceId, state: "Running" | "Stopped"): ArmResult {
  const site = requireSite(ctx.services, id);
  const updated: StoredSite = { ...site, properties: { ...site.properties, state } };
  ctx.services.store.transaction(() => ctx.services.resources.put(id, updated));
  return { status: 200 };
}
