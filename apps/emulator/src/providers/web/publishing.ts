/**
 * Publishing a site: its deployment credentials (`config/publishingcredentials/list`) and its
 * publish profile (`POST sites/{name}/publishxml`, answered in XML as Azure does).
 */
import {
  newPublishingCredentials,
  publishProfileXml,
  type PublishingCredentials,
  publishProfileBodySchema,
  SiteDocuments,
  requireSite,
  type StoredSite,
} from "@azmi/app-service";
import { parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ArmResult } from "../../arm/contract.js";
import type { Services } from "../../services.js";

export const PUBLISHING_CREDENTIALS = "publishingcredentials";

/** Issued with the site; a site that somehow lacks them gets new ones on first read. */
function credentialsOf(services: Services, id: ResourceId, site: StoredSite): PublishingCredentials {
  const docs = new SiteDocuments(services.store);
  const stored = docs.get(id, "config", PUBLISHING_CREDENTIALS);
  if (stored !== undefined) return stored.properties as unknown as PublishingCredentials;
  const fresh = newPublishingCredentials(site.name);
  services.store.transaction(() => docs.put(id, "config", PUBLISHING_CREDENTIALS, { ...fresh }));
  return fresh;
}

/** POST sites/{name}/config/publishingcredentials/list */
export function listPublishingCredentials(ctx: ArmContext, siteId: ResourceId): ArmResult {
  const site = requireSite(ctx.services, siteId);
  return {
    status: 200,
    body: {
      id: `${site.id}/publishingcredentials/$${site.name}`,
      name: site.name,
      type: "Microsoft.Web/sites/publishingcredentials",
      location: site.location,
      properties: credentialsOf(ctx.services, siteId, site),
    },
  };
}

/** POST sites/{name}/publishxml with {"format":"WebDeploy"|"FileZilla3"|"Ftp"} */
export function publishXml(ctx: ArmContext, siteId: ResourceId): ArmResult {
  parseRequestContent(publishProfileBodySchema, ctx.body ?? {});
  const site = requireSite(ctx.services, siteId);
  const credentials = credentialsOf(ctx.services, siteId, site);
  const xml = publishProfileXml({
    siteName: site.name,
    userName: credentials.publishingUserName,
    password: credentials.publishingPassword,
    ftpsHostName: String(site.properties.ftpsHostName),
  });
  return { status: 200, body: xml, headers: { "Content-Type": "application/xml" } };
}
