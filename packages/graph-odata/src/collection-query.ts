/**
 * The whole engine behind one call, for a collection endpoint such as GET /servicePrincipals:
 * parse the query options, plan, run, and shape the OData answer (@odata.context reflecting
 * $select, @odata.count, an absolute @odata.nextLink that carries the rest of the query).
 * Knows URLs only as strings; nothing here is HTTP.
 */
import { parseQueryOptions, type QueryOptions } from "./query-options.js";
import { countMatches, planQuery, runQuery, type Items, type QueryPlan } from "./query-plan.js";
import type { EntitySchema } from "./schema.js";
import { parseSelect, project, type Selection } from "./select.js";

export interface CollectionRequest {
  /** The objects, or a source whose indexes can answer exact-match filters. */
  readonly items: Items;
  readonly params: Iterable<readonly [string, string]>;
  readonly consistencyLevel?: string | undefined;
  readonly schema?: EntitySchema | undefined;
  /** e.g. https://graph.microsoft.com/v1.0 (no trailing slash). */
  readonly serviceRoot: string;
  /** The entity set named in @odata.context, e.g. servicePrincipals. */
  readonly entitySet: string;
  /** The request path below serviceRoot for @odata.nextLink, as the client spelled it. Default: entitySet. */
  readonly path?: string;
  readonly keyProperty?: string;
}

export interface CollectionResponse {
  "@odata.context": string;
  "@odata.count"?: number;
  "@odata.nextLink"?: string;
  value: unknown[];
}

export function contextUrl(serviceRoot: string, entitySet: string, selection: Selection | undefined, entity = false): string {
  const selected = selection === undefined ? "" : `(${selection.names.join(",")})`;
  return `${serviceRoot}/$metadata#${entitySet}${selected}${entity ? "/$entity" : ""}`;
}

/** The query string of the next page: every option the client gave except the old token. */
function nextLink(request: CollectionRequest, options: QueryOptions, skiptoken: string): string {
  const parts: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(value)}`);
  };
  add("$filter", options.filter?.text);
  add("$search", options.search?.text);
  add("$select", options.select);
  add("$orderby", options.orderby?.text);
  if (options.count) add("$count", "true");
  if (options.top !== undefined) add("$top", String(options.top));
  add("$skiptoken", skiptoken);
  const path = (request.path ?? request.entitySet).replace(/^\/+/, "");
  return `${request.serviceRoot}/${path}?${parts.join("&")}`;
}

function plan(request: CollectionRequest, countSegment: boolean): QueryPlan {
  const options = parseQueryOptions({ params: request.params, consistencyLevel: request.consistencyLevel });
  return planQuery(options, { schema: request.schema, keyProperty: request.keyProperty, countSegment });
}

/** GET on a collection. Throws GraphError for any query Graph would refuse. */
export function queryCollection(request: CollectionRequest): CollectionResponse {
  const queryPlan = plan(request, false);
  const page = runQuery(queryPlan, request.items);
  // Key order as Graph sends it: context, count, nextLink, then the page.
  const body = { "@odata.context": contextUrl(request.serviceRoot, request.entitySet, queryPlan.selection) } as CollectionResponse;
  if (page.count !== undefined) body["@odata.count"] = page.count;
  if (page.nextSkiptoken !== undefined) body["@odata.nextLink"] = nextLink(request, queryPlan.options, page.nextSkiptoken);
  body.value = page.value;
  return body;
}

/** GET on the collection's /$count segment: the number of matches (answered as text/plain). */
export function countCollection(request: CollectionRequest): number {
  return countMatches(plan(request, true), request.items);
}

export interface EntityRequest {
  readonly params: Iterable<readonly [string, string]>;
  readonly schema?: EntitySchema | undefined;
  readonly serviceRoot: string;
  readonly entitySet: string;
}

/** GET on one entity: only $select applies; the context ends in /$entity. */
export function entityResponse(item: Record<string, unknown>, request: EntityRequest): Record<string, unknown> {
  let selectText: string | undefined;
  for (const [name, value] of request.params) if (name.toLowerCase() === "$select") selectText = value;
  const selection = selectText === undefined ? undefined : parseSelect(selectText, request.schema);
  const projected = project(item, selection) as Record<string, unknown>;
  return { "@odata.context": contextUrl(request.serviceRoot, request.entitySet, selection, true), ...projected };
}
