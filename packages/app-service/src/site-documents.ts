/**
 * A site's satellite documents: its config sections (appsettings, connectionstrings, logs,
 * publishingcredentials ...) and its basic-publishing-credentials policies. They are proxy
 * resources, not tracked ones, so they live beside the ResourceStore rather than in it (they
 * must not show up in /resources listings), keyed under the site's id so that deleting the
 * site or any scope above it can sweep them by prefix.
 */
import type { ResourceId, Store } from "@azmi/arm-core";

const COLLECTION = "web-site-documents";

export type SiteDocumentKind = "config" | "basicPublishingCredentialsPolicies";

export interface SiteDocument {
  /** The name as first written, e.g. authsettingsV2. */
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export class SiteDocuments {
  constructor(private readonly store: Store) {}

  get(site: ResourceId, kind: SiteDocumentKind, name: string): SiteDocument | undefined {
    return this.store.get<SiteDocument>(COLLECTION, key(site, kind, name));
  }

  put(site: ResourceId, kind: SiteDocumentKind, name: string, properties: Readonly<Record<string, unknown>>): SiteDocument {
    const doc: SiteDocument = { name: this.get(site, kind, name)?.name ?? name, properties };
    this.store.put(COLLECTION, key(site, kind, name), doc);
    return doc;
  }

  delete(site: ResourceId, kind: SiteDocumentKind, name: string): boolean {
    return this.store.delete(COLLECTION, key(site, kind, name));
  }

  /** Every document of the sites at or below `scope` (a site, a group, a subscription). */
  deleteBelow(scope: ResourceId): void {
    const prefix = scope.key === "/" ? "/" : `${scope.key}/`;
    for (const item of this.store.list(COLLECTION, { prefix })) this.store.delete(COLLECTION, item.key);
  }
}

function key(site: ResourceId, kind: SiteDocumentKind, name: string): string {
  return `${site.key}/${kind.toLowerCase()}/${name.toLowerCase()}`;
}
