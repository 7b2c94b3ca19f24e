/**
 * One Graph request as the route handlers see it: plain values, no Koa. The path below the
 * version segment is split into segments, and an OData key in parentheses —
 * `servicePrincipals(appId='…')` or `servicePrincipals('…')` — becomes a segment of its own.
 */
import type { Services } from "../services.js";
import type { GraphCaller } from "./caller.js";

export interface EntityKey {
  /** "id", or an alternate key such as "appId". */
  readonly property: string;
  readonly value: string;
}

export type PathSegment = { readonly kind: "name"; readonly name: string } | { readonly kind: "key"; readonly key: EntityKey };

export interface GraphRequest {
  readonly method: string;
  /** "v1.0" or "beta", as the client wrote it. */
  readonly version: string;
  readonly segments: readonly PathSegment[];
  /** The path below the version as the client spelled it (no leading slash), for @odata.nextLink. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly consistencyLevel: string | undefined;
  /** scheme://host/v1.0 as the client reached Graph. */
  readonly serviceRoot: string;
  readonly caller: GraphCaller;
  readonly services: Services;
}

export interface GraphAnswer {
  readonly status: number;
  /** JSON body; absent for 204. */
  readonly body?: unknown;
  /** A text/plain body (the /$count segment). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Splits `servicePrincipals(appId='a''b')` into the name and its key; answers undefined for a plain name. */
function splitKey(segment: string): { name: string; key: EntityKey } | undefined {
  const open = segment.indexOf("(");
  if (open <= 0 || !segment.endsWith(")")) return undefined;
  const name = segment.slice(0, open);
  let inner = segment.slice(open + 1, -1).trim();
  let property = "id";
  const equals = inner.indexOf("=");
  const quote = inner.indexOf("'");
  if (equals > 0 && (quote === -1 || equals < quote)) {
    property = inner.slice(0, equals).trim();
    inner = inner.slice(equals + 1).trim();
  }
  let value = inner;
  if (inner.length >= 2 && inner.startsWith("'") && inner.endsWith("'")) value = inner.slice(1, -1).split("''").join("'");
  return { name, key: { property, value } };
}

export function parseSegments(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // a malformed escape stays as sent; no route will match it
    }
    const keyed = splitKey(segment);
    if (keyed === undefined) out.push({ kind: "name", name: segment });
    else out.push({ kind: "name", name: keyed.name }, { kind: "key", key: keyed.key });
  }
  return out;
}

/** A route's handler: the request, the key of the entity its path addresses, and the key below it (an owner, an assignment). */
export type GraphHandler = (request: GraphRequest, key: EntityKey, innerKey: EntityKey | undefined) => GraphAnswer;
