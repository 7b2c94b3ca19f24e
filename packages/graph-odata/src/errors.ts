/**
 * The Microsoft Graph error catalogue for directory endpoints. Every failure a client can
 * cause is a GraphError carrying Graph's status and code; the emulator renders it once with
 * graphErrorBody. Codes are the directory family (Request_*, Authorization_*), not ARM's.
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "GraphError";
    this.status = status;
    this.code = code;
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

/** Graph's innerError.date is UTC without fraction or zone suffix: 2021-04-20T17:22:30. */
export function graphErrorDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function graphErrorBody(err: Pick<GraphError, "code" | "message">, requestId: string, clientRequestId: string, date: Date = new Date()): GraphErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      innerError: { date: graphErrorDate(date), "request-id": requestId, "client-request-id": clientRequestId },
    },
  };
}

const advancedQueryHint =
  "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

/** One factory per code; the status lives beside the code so no caller can pair them wrongly. */
export const graphErrors = {
  badRequest: (message: string) => new GraphError(400, "Request_BadRequest", message),
  unsupportedQuery: (message: string) => new GraphError(400, "Request_UnsupportedQuery", message),
  /** A $filter that does not parse or does not type-check; `detail` names the problem and where. */
  invalidFilter: (detail: string) => new GraphError(400, "Request_BadRequest", `Invalid filter clause: ${detail}`),
  invalidOrderBy: (detail: string) => new GraphError(400, "Request_BadRequest", `Invalid $orderby clause: ${detail}`),
  invalidSelect: (detail: string) => new GraphError(400, "Request_BadRequest", `Parsing OData Select and Expand failed: ${detail}`),
  invalidSearch: (detail: string) => new GraphError(400, "Request_BadRequest", `Invalid $search clause: ${detail}`),
  invalidPageSize: (value: string) =>
    new GraphError(400, "Request_BadRequest", `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`),
  invalidTop: (value: string) =>
    new GraphError(
      400,
      "Request_BadRequest",
      `Invalid value '${value}' for $top query option found. The $top query option requires a non-negative integer value.`,
    ),
  invalidSkiptoken: () => new GraphError(400, "Request_BadRequest", "The specified page token value has expired or is invalid."),
  duplicateQueryOption: (name: string) =>
    new GraphError(400, "Request_BadRequest", `Query option '${name}' was specified more than once, but it must be specified at most once.`),
  unsupportedQueryOption: (name: string) => new GraphError(400, "Request_BadRequest", `'${name}' is not supported by the service.`),
  unknownProperty: (property: string, typeName: string) =>
    new GraphError(400, "Request_BadRequest", `Could not find a property named '${property}' on type '${typeName}'.`),
  /** The property exists but is not indexed for this operator. */
  unsupportedFilterProperty: (property: string, resourceName: string) =>
    new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resourceName}'.`,
    ),
  /** ne, not, endsWith without ConsistencyLevel: eventual and $count=true. */
  advancedOperator: (operator: string) =>
    new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Operator '${operator}' is not supported because the required parameters might be missing. ${advancedQueryHint}`,
    ),
  searchNeedsConsistency: () =>
    new GraphError(
      400,
      "Request_UnsupportedQuery",
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ),
  /** $orderby on an advanced-only property, or $filter with $orderby, without the advanced query parameters. */
  sortingNotSupported: () => new GraphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query."),
  /** The /$count segment without ConsistencyLevel: eventual (Graph documents this exact answer). */
  countNotSupported: () => new GraphError(400, "Request_BadRequest", "$count is not currently supported."),
  tooManyOrClauses: (count: number, max: number) =>
    new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Too many child clauses specified in search filter expression containing 'OR' operators: ${count}. Max allowed: ${max}.`,
    ),
  resourceNotFound: (id: string) =>
    new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  /** A create that would give a second object the same unique key (e.g. a second service principal for one appId). */
  multipleObjectsWithSameKeyValue: (message: string) => new GraphError(409, "Request_MultipleObjectsWithSameKeyValue", message),
  authorizationDenied: () => new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
  invalidAuthenticationToken: (message = "Access token is empty.") => new GraphError(401, "InvalidAuthenticationToken", message),
};
