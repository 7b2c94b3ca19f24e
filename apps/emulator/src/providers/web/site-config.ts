/**
 * Microsoft.Web/sites/config: every `sites/{name}/config/{section}` GET/PUT/PATCH/DELETE and
 * `config/{section}/list` POST. `web` is the site's SiteConfig (stored in the site itself, so
 * a site GET and a config GET never disagree); the other sections are satellite documents that
 * answer Azure's defaults until written. `publishingcredentials/list` hands out the site's
 * deployment user; `backup` is 404 until configured (azurerm expects exactly that).
 */
import {
  WEB_API_VERSIONS,
  configBodySchema,
  connectionStringMapSchema,
  siteConfigSchema,
  stringMapSchema,
  configExistsOnlyOnceWritten,
  defaultConfigProperties,
  SiteDocuments,
  mergeSiteConfig,
  webErrors,
  requireSite,
  type StoredSite,
} from "@azmi/app-service";
import { writeInlineSettings } from "@azmi/app-service";
import { parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { listPublishingCredentials, PUBLISHING_CREDENTIALS } from "./publishing.js";

type Json = Record<string, unknown>;

const WEB = "web";

export const siteConfigHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Web/sites/config",
  apiVersions: WEB_API_VERSIONS,

  get(ctx, id) {
    return read(ctx, id);
  },

  put(ctx, id) {
    return write(ctx, id, "replace");
  },

  patch(ctx, id) {
    return write(ctx, id, "merge");
  },

  delete(ctx, id): ArmResult {
    const site = requireSite(ctx.services, id.parent!);
    const section = id.name!;
    if (section.toLowerCase() !== WEB) {
      ctx.services.store.transaction(() => new SiteDocuments(ctx.services.store).delete(id.parent!, "config", section));
    }
    return { status: 200, body: render(site, section, defaultConfigProperties(section)) };
  },

  /** GET sites/{name}/config: the one SiteConfig resource, `web`. */
  list(ctx, parent) {
    const site = requireSite(ctx.services, parent);
    return { status: 200, body: { value: [render(site, WEB, site.properties.siteConfig)], nextLink: null } };
  },

  actions: {
    /** POST config/{section}/list: the same document as GET (secrets included, which is why it is a POST). */
    list(ctx, id) {
      if (id.name!.toLowerCase() === PUBLISHING_CREDENTIALS) return listPublishingCredentials(ctx, id.parent!);
      return read(ctx, id);
    },
  },
};

function read(ctx: ArmContext, id: ResourceId): ArmResult {
  const site = requireSite(ctx.services, id.parent!);
  const section = id.name!;
  if (section.toLowerCase() === WEB) return { status: 200, body: render(site, WEB, site.properties.siteConfig) };
  const stored = new SiteDocuments(ctx.services.store).get(id.parent!, "config", section);
  if (stored === undefined && configExistsOnlyOnceWritten(section)) throw webErrors.backupNotConfigured(site.name);
  return { status: 200, body: render(site, stored?.name ?? section, stored?.properties ?? defaultConfigProperties(section)) };
}

function write(ctx: ArmContext, id: ResourceId, mode: "replace" | "merge"): ArmResult {
  const { services } = ctx;
  const siteId = id.parent!;
  const site = requireSite(services, siteId);
  const section = id.name!;
  const body = parseRequestContent(configBodySchema, ctx.body ?? {});
  const sent: Json = body.properties ?? {};

  if (section.toLowerCase() === WEB) {
    // PUT and PATCH alike only change the settings they carry: SiteConfig has no "unset".
    const config = parseRequestContent(siteConfigSchema, sent);
    const siteConfig = mergeSiteConfig(site.name, site.properties.reserved === true, site.properties.siteConfig, config);
    const updated: StoredSite = { ...site, properties: { ...site.properties, siteConfig } };
    services.store.transaction(() => {
      writeInlineSettings(new SiteDocuments(services.store), siteId, config);
      services.resources.put(siteId, updated);
    });
    return { status: 200, body: render(updated, WEB, siteConfig) };
  }

  validateSection(section, sent);
  const docs = new SiteDocuments(services.store);
  const before = docs.get(siteId, "config", section)?.properties ?? defaultConfigProperties(section);
  const properties = mode === "merge" ? { ...before, ...sent } : sent;
  const doc = services.store.transaction(() => docs.put(siteId, "config", section, properties));
  return { status: 200, body: render(site, doc.name, doc.properties) };
}

/** App settings and metadata are string maps; connection strings map names to {value, type}. */
function validateSection(section: string, properties: Json): void {
  switch (section.toLowerCase()) {
    case "appsettings":
    case "metadata":
      parseRequestContent(stringMapSchema, properties);
      return;
    case "connectionstrings":
      parseRequestContent(connectionStringMapSchema, properties);
      return;
  }
}

/** A config section as Azure answers it; `web` carries the site's name, the others their own. */
function render(site: StoredSite, section: string, properties: Readonly<Json>): Json {
  return {
    id: `${site.id}/config/${section}`,
    name: section.toLowerCase() === WEB ? site.name : section,
    type: "Microsoft.Web/sites/config",
    location: site.location,
    properties,
  };
}
