/**
 * `listAssociatedResources` of a user-assigned identity (2021-09-30-preview, 2022-01-31-preview,
 * 2023-07-31-preview): the resources whose identity block names it, as Azure answers them from
 * its resource graph (lower-cased type, the group and subscription they sit in), queried with
 * OData $filter and $orderby over those fields, $skip and $top, and a $skiptoken for the next page.
 */
import { armErrors, parseResourceId, type TrackedResource } from "@azmi/arm-core";
import { compileFilter, FilterSyntaxError, isGraphError, parseFilter, parseOrderBy } from "@azmi/graph-odata";

export const ASSOCIATED_RESOURCES_API_VERSIONS: readonly string[] = ["2021-09-30-preview", "2022-01-31-preview", "2023-07-31-preview"];

/** Azure's page when $top is not given, and the most one page holds. */
export const ASSOCIATED_RESOURCES_PAGE = 100;

export interface AssociatedResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly subscriptionDisplayName: string;
}

export interface AssociatedResourcesQuery {
  readonly filter?: string | undefined;
  readonly orderby?: string | undefined;
  readonly skip?: string | undefined;
  readonly top?: string | undefined;
  readonly skiptoken?: string | undefined;
}

export interface AssociatedResourcesPage {
  readonly totalCount: number;
  readonly value: readonly AssociatedResource[];
  /** The $skiptoken of the next page, when there is one. */
  readonly nextSkiptoken?: string;
}

/** True when the resource's identity block lists the user-assigned identity `identityId`. */
export function holdsUserAssignedIdentity(resource: TrackedResource, identityId: string): boolean {
  const identity = (resource as { identity?: { userAssignedIdentities?: Record<string, unknown> } }).identity;
  const wanted = identityId.toLowerCase();
  return Object.keys(identity?.userAssignedIdentities ?? {}).some((key) => key.toLowerCase() === wanted);
}

export function associatedResource(resource: TrackedResource, subscriptionDisplayName: string): AssociatedResource {
  const id = parseResourceId(resource.id);
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type.toLowerCase(),
    resourceGroup: id.resourceGroup ?? "",
    subscriptionId: id.subscriptionId ?? "",
    subscriptionDisplayName,
  };
}

function count(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text)) throw armErrors.badRequest(`The value of ${name} must be a non-negative integer, not '${text}'.`);
  return Number(text);
}

/** An OData mistake in $filter or $orderby is the caller's: a 400 naming it. */
function odata<T>(option: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FilterSyntaxError || isGraphError(err)) throw armErrors.badRequest(`Invalid ${option}: ${err.message}`);
    throw err;
  }
}

function decodeSkiptoken(token: string): number {
  try {
    const skip = (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { skip?: unknown }).skip;
    if (typeof skip === "number" && Number.isInteger(skip) && skip >= 0) return skip;
  } catch {
    // falls through to the error below
  }
  throw armErrors.badRequest(`The $skiptoken '${token}' is not valid.`);
}

export function associatedResourcesPage(all: readonly AssociatedResource[], query: AssociatedResourcesQuery): AssociatedResourcesPage {
  let rows = [...all];
  if (query.filter) {
    const text = query.filter;
    const { predicate } = odata("$filter", () => compileFilter(parseFilter(text), { text }));
    rows = rows.filter(predicate);
  }
  const order = query.orderby ? odata("$orderby", () => parseOrderBy(query.orderby!)) : [{ path: ["name"], descending: false }];
  rows.sort((a, b) => {
    for (const item of order) {
      const key = item.path[0] as keyof AssociatedResource;
      const [x, y] = [String(a[key] ?? "").toLowerCase(), String(b[key] ?? "").toLowerCase()];
      const diff = x === y ? 0 : x < y ? -1 : 1;
      if (diff !== 0) return item.descending ? -diff : diff;
    }
    return a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1;
  });
  const start = query.skiptoken ? decodeSkiptoken(query.skiptoken) : (count(query.skip, "$skip") ?? 0);
  const top = Math.min(count(query.top, "$top") ?? ASSOCIATED_RESOURCES_PAGE, ASSOCIATED_RESOURCES_PAGE);
  const end = start + top;
  const value = rows.slice(start, end);
  const more = end < rows.length;
  return {
    totalCount: rows.length,
    value,
    ...(more ? { nextSkiptoken: Buffer.from(JSON.stringify({ skip: end })).toString("base64url") } : {}),
  };
}
