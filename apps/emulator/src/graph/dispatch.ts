/**
 * Finds the route for a request's segments and method (and the keys its path holds): Graph's 400 for a path it does not
 * serve ("Resource not found for the segment …"), 405 for a method the path does not allow.
 */
import { GraphError } from "@azmi/graph-odata";
import type { EntityKey, GraphAnswer, GraphRequest, PathSegment } from "./request.js";
import { graphRoutes, type GraphRoute } from "./routes.js";

interface CompiledRoute {
  readonly route: GraphRoute;
  readonly parts: readonly string[];
}

const compiled: readonly CompiledRoute[] = graphRoutes.map((route) => ({ route, parts: route.path.split("/").map((p) => p.toLowerCase()) }));

function literalMatches(literal: string, segment: PathSegment): boolean {
  if (segment.kind !== "name") return false;
  const name = segment.name.toLowerCase();
  return name === literal || name === `microsoft.graph.${literal}`;
}

/** The keys a route's `{key}`s captured, in order, or null when the route does not match. */
function match(parts: readonly string[], segments: readonly PathSegment[]): EntityKey[] | null {
  if (parts.length !== segments.length) return null;
  const keys: EntityKey[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part === "{key}") {
      keys.push(segment.kind === "key" ? segment.key : { property: "id", value: segment.name });
    } else if (!literalMatches(part, segment)) {
      return null;
    }
  }
  return keys;
}

function unknownSegment(segments: readonly PathSegment[]): GraphError {
  // Name the first segment no route knows at that position, as Graph does.
  let depth = 0;
  for (const { parts } of compiled) {
    let i = 0;
    while (i < parts.length && i < segments.length && (parts[i] === "{key}" || literalMatches(parts[i]!, segments[i]!))) i++;
    depth = Math.max(depth, i);
  }
  const segment = segments[Math.min(depth, segments.length - 1)];
  const name = segment === undefined ? "" : segment.kind === "name" ? segment.name : segment.key.value;
  return new GraphError(400, "BadRequest", `Resource not found for the segment '${name}'.`);
}

export interface MatchedRoute {
  readonly route: GraphRoute;
  /** The entity the path addresses (its first key), and the one below it (e.g. an owner of it). */
  readonly key: EntityKey;
  readonly innerKey: EntityKey | undefined;
}

const NO_KEY: EntityKey = { property: "id", value: "" };

export function matchRoute(request: GraphRequest): MatchedRoute {
  let pathMatched = false;
  for (const { route, parts } of compiled) {
    const keys = match(parts, request.segments);
    if (keys === null) continue;
    pathMatched = true;
    if (route.method === request.method) return { route, key: keys[0] ?? NO_KEY, innerKey: keys[1] };
  }
  if (pathMatched) throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  throw unknownSegment(request.segments);
}

export function dispatch(request: GraphRequest, matched: MatchedRoute = matchRoute(request)): GraphAnswer {
  return matched.route.handle(request, matched.key, matched.innerKey);
}
