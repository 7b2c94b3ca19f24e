/** The HTTP request an example describes: its path template filled from the example's parameters. */
import type { Example, Json, JsonObject } from "./spec-index.js";

export interface ExampleRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  /** Path alone, without a trailing slash: what id/name/type are checked against. */
  readonly path: string;
  readonly body?: Json;
}

export function requestOf(example: Example): ExampleRequest {
  const values = example.data.parameters;
  let path = example.pathTemplate;
  const query: string[] = [];
  let body: Json | undefined;
  for (const parameter of example.parameters) {
    const value = values[parameter.name];
    if (parameter.in === "body") {
      body = value;
      continue;
    }
    if (value === undefined) continue;
    if (parameter.in === "path") {
      const scopeLike = parameter.name === "scope" || /Id$/.test(parameter.name) || parameter.name === "resourceProviderNamespace";
      const text = placeholderFree(example, parameter.name, String(value), scopeLike);
      // Scope-like parameters hold a path of their own ("subscriptions/x" or "/subscriptions/x").
      const filled = parameter.skipUrlEncoding || (scopeLike && text.includes("/")) ? text.replace(/^\/+/, "") : encodeURIComponent(text);
      path = path.replace(`{${parameter.name}}`, filled);
    } else if (parameter.in === "query") {
      query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(value))}`);
    }
  }
  path = path.replace(/\/{2,}/g, "/").replace(/\/$/, "");
  return { method: example.method, url: query.length ? `${path}?${query.join("&")}` : path, path, body };
}

/** The example's response for a status, or the first success response when none matches. */
export function exampleResponse(example: Example, status: number): { status: string; body?: Json } | undefined {
  const responses = example.data.responses;
  if (responses[String(status)]) return { status: String(status), body: responses[String(status)]!.body };
  return undefined;
}

export function successStatuses(example: Example): number[] {
  return Object.keys(example.data.responses)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Some examples write a scope or a parent path as a bare placeholder ("scope",
 * "parentResourcePath"), which names nothing in Azure; the scope then comes from the id the
 * example answers with, and a placeholder parent path is left out.
 */
function placeholderFree(example: Example, name: string, value: string, scopeLike: boolean): string {
  if (name === "parentResourcePath" && value === "parentResourcePath") return "";
  // A namespace written as its own placeholder: one azmi serves stands in for it.
  if (name === "resourceProviderNamespace" && value === name) return "Microsoft.ManagedIdentity";
  if (!scopeLike || value.includes("/") || value.startsWith("subscriptions")) return value;
  const first = Object.values(example.data.responses).find((r) => isObject(r.body))?.body;
  const item = isObject(first) && Array.isArray(first.value) ? first.value[0] : first;
  const id = isObject(item) && typeof item.id === "string" ? item.id : undefined;
  if (!id) return value;
  const scope = id.split(/\/providers\/Microsoft\.Authorization\//i)[0] ?? id;
  // A whole id stands in only where the path is that id (`/{roleAssignmentId}`), not a name under a scope.
  const wholeId = example.pathTemplate.startsWith(`/{${name}}`);
  if (name !== "scope") return wholeId && /[/]/.test(id) && name.endsWith("AssignmentId") ? id.replace(/^\//, "") : value;
  return scope.replace(/^\//, "");
}
