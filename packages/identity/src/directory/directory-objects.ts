/**
 * The directory: every Entra object azmi knows (service principals today; applications, users
 * and groups can live here too) as Graph-shaped documents keyed by object id. The Graph routes
 * serve these documents as they are and run OData over them, so a document holds exactly the
 * fields Graph returns, including "@odata.type".
 */
import type { Store } from "@azmi/arm-core";
import { DirectoryReplication } from "./replication.js";

export interface DirectoryObject {
  readonly id: string;
  /** e.g. "#microsoft.graph.servicePrincipal". */
  readonly "@odata.type": string;
  readonly [field: string]: unknown;
}

/** The short type name Graph uses in paths and in getByIds `types`: servicePrincipal, user, group, application. */
export type DirectoryObjectKind = "servicePrincipal" | "application" | "user" | "group" | (string & {});

const COLLECTION = "directoryObjects";
/**
 * Which index entries put() writes. Documents a data dir holds from before an index existed are
 * re-indexed once when the directory opens it (2: the lower-cased displayName).
 */
const INDEX_VERSION = 2;
const META = { collection: "directoryIndexVersion", key: "current" } as const;

export function odataType(kind: DirectoryObjectKind): string {
  return `#microsoft.graph.${kind}`;
}

export function kindOf(object: DirectoryObject): string {
  return object["@odata.type"].replace(/^#microsoft\.graph\./, "");
}

export interface DirectoryListOptions {
  /** Only objects of this kind (case-insensitive). */
  readonly kind?: DirectoryObjectKind;
  /** Only ids strictly after this one (lower-case key order), for paging. */
  readonly afterId?: string;
  readonly limit?: number;
}

export class DirectoryObjects {
  /** When new principals reach every replica (--replication-delay); off unless given. */
  readonly replication: DirectoryReplication;

  constructor(
    private readonly store: Store,
    replication?: DirectoryReplication,
  ) {
    this.replication = replication ?? new DirectoryReplication(store);
    this.reindexIfOutdated();
  }

  private reindexIfOutdated(): void {
    if (this.store.get<number>(META.collection, META.key) === INDEX_VERSION) return;
    this.store.transaction(() => {
      for (const { value } of this.store.list<DirectoryObject>(COLLECTION)) this.put(value);
      this.store.put(META.collection, META.key, INDEX_VERSION);
    });
  }

  get<T extends DirectoryObject = DirectoryObject>(id: string): T | undefined {
    return this.store.get<T>(COLLECTION, id.toLowerCase());
  }

  /**
   * Inserts or replaces; the document is stored as given (frozen) and indexed by kind, appId,
   * servicePrincipalNames and lower-cased displayName (Graph's eq and startswith ignore case).
   */
  put(object: DirectoryObject): void {
    const index: Record<string, string | string[]> = { kind: kindOf(object).toLowerCase() };
    if (typeof object.appId === "string") index.appId = object.appId.toLowerCase();
    if (typeof object.displayName === "string") index.displayName = object.displayName.toLowerCase();
    if (Array.isArray(object.servicePrincipalNames)) {
      index.spn = object.servicePrincipalNames.filter((n): n is string => typeof n === "string").map((n) => n.toLowerCase());
    }
    this.store.put(COLLECTION, object.id.toLowerCase(), object, index);
  }

  delete(id: string): boolean {
    this.replication.forget(id);
    return this.store.delete(COLLECTION, id.toLowerCase());
  }

  /** Objects whose appId is `appId` (case-insensitive), optionally of one kind. */
  findByAppId<T extends DirectoryObject = DirectoryObject>(appId: string, kind?: DirectoryObjectKind): T[] {
    return this.store
      .findByIndex<T>(COLLECTION, "appId", appId.toLowerCase())
      .map((r) => r.value)
      .filter((o) => kind === undefined || kindOf(o).toLowerCase() === kind.toLowerCase());
  }

  /** Service principals (or other objects) carrying `name` among their servicePrincipalNames (case-insensitive). */
  findByServicePrincipalName<T extends DirectoryObject = DirectoryObject>(name: string): T[] {
    return this.store.findByIndex<T>(COLLECTION, "spn", name.toLowerCase()).map((r) => r.value);
  }

  /** Objects whose displayName is `name` (case-insensitive), in id order. */
  findByDisplayName<T extends DirectoryObject = DirectoryObject>(name: string): T[] {
    return this.store.findByIndex<T>(COLLECTION, "displayName", name.toLowerCase()).map((r) => r.value);
  }

  /** Objects whose displayName starts with `prefix` (case-insensitive: both lower-cased whole), in id order. */
  findByDisplayNamePrefix<T extends DirectoryObject = DirectoryObject>(prefix: string): T[] {
    return this.store.findByIndexPrefix<T>(COLLECTION, "displayName", prefix.toLowerCase()).map((r) => r.value);
  }

  /** In id order. With a kind, reads that kind's index only. */
  list<T extends DirectoryObject = DirectoryObject>(options: DirectoryListOptions = {}): T[] {
    const afterKey = options.afterId?.toLowerCase();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (options.kind === undefined) {
      const items = this.store.list<T>(COLLECTION, {
        ...(afterKey === undefined ? {} : { after: afterKey }),
        ...(Number.isFinite(limit) ? { limit } : {}),
      });
      return items.map((r) => r.value);
    }
    const out: T[] = [];
    for (const r of this.store.findByIndex<T>(COLLECTION, "kind", options.kind.toLowerCase())) {
      if (afterKey !== undefined && r.key <= afterKey) continue;
      if (out.length >= limit) break;
      out.push(r.value);
    }
    return out;
  }

  count(kind?: DirectoryObjectKind): number {
    if (kind === undefined) return this.store.count(COLLECTION);
    return this.store.findByIndex(COLLECTION, "kind", kind.toLowerCase()).length;
  }
}
