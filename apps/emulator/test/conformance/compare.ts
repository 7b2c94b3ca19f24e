/**
 * What a replayed answer is held to: the example's body shape (names and casing, JSON types,
 * nesting, value envelopes), id/name/type against the request path, the echo of what was sent,
 * and the swagger schema. Values that vary by nature (GUIDs, times, etags) are compared by type only.
 */
import { Ajv, type ValidateFunction } from "ajv";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isObject, type ExampleRequest } from "./request-of.js";
import { resourceChain } from "./seed.js";
import { loadDocument, SPECS_ROOT, type Json, type JsonObject, type SchemaRef } from "./spec-index.js";

function kind(value: Json | undefined): string {
  if (value === undefined) return "absent";
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Differences in shape between the example's body and azmi's. */
export function shapeDifferences(expected: Json | undefined, actual: Json | undefined, at = "body"): string[] {
  if (expected === null || expected === undefined) return [];
  // The next page link is there only when a next page is.
  if (at.endsWith(".nextLink") && actual === undefined) return [];
  if (actual === undefined) return [`missing ${at}`];
  if (kind(expected) !== kind(actual)) return [`type ${at}: example ${kind(expected)}, azmi ${kind(actual)}`];
  // Tags are the caller's own keys, not part of the shape.
  if (at.endsWith(".tags")) return [];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return [];
    if (actual.length === 0) return at.endsWith(".value") ? [`empty ${at}`] : [];
    const first = expected[0];
    const name = isObject(first) ? first.name : undefined;
    const twin = actual.find((a) => isObject(a) && typeof name === "string" && String(a.name).toLowerCase() === name.toLowerCase()) ?? actual[0];
    return shapeDifferences(first, twin, `${at}[]`);
  }
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const [key, value] of Object.entries(expected)) {
      if (key in actual) {
        out.push(...shapeDifferences(value, actual[key], `${at}.${key}`));
        continue;
      }
      if (key === "nextLink") continue;
      const other = Object.keys(actual).find((k) => k.toLowerCase() === key.toLowerCase());
      if (other) out.push(`casing ${at}.${key}: azmi ${other}`);
      else if (value !== null) out.push(`missing ${at}.${key}`);
    }
    return out;
  }
  return [];
}

/** id, name and type of a single resource against the path it was asked at. */
export function identityDifferences(request: ExampleRequest, actual: Json | undefined, shown: Json | undefined): string[] {
  if (!isObject(actual) || typeof actual.id !== "string") return [];
  const chain = resourceChain(request.path);
  const last = chain[chain.length - 1];
  if (!last || last.path.toLowerCase() !== request.path.toLowerCase()) return [];
  const out: string[] = [];
  if (actual.id.toLowerCase() !== request.path.toLowerCase()) out.push(`id: azmi ${actual.id}, path ${request.path}`);
  const name = decodeURIComponent(request.path.split("/").pop()!);
  if (typeof actual.name === "string" && actual.name.toLowerCase() !== name.toLowerCase()) out.push(`name: azmi ${actual.name}, path ${name}`);
  // Types under locations/ are flat in Azure (Microsoft.KeyVault/deletedVaults): the example's type rules when it shows one.
  const type = isObject(shown) && typeof shown.type === "string" && shown.type.includes("/") ? shown.type.toLowerCase() : last.type;
  if (typeof actual.type === "string" && actual.type.toLowerCase() !== type) out.push(`type: azmi ${actual.type}, expected ${type}`);
  return out;
}

/** Values sent that the example's answer shows back must come back as sent. */
export function echoDifferences(sent: Json | undefined, shown: Json | undefined, actual: Json | undefined, at = "body"): string[] {
  if (sent === undefined || shown === undefined || shown === null) return [];
  if (isObject(sent) && isObject(shown)) {
    if (!isObject(actual)) return [];
    return Object.keys(sent).flatMap((key) => (key in shown ? echoDifferences(sent[key], shown[key], actual[key], `${at}.${key}`) : []));
  }
  // Where the example itself answers something other than what was sent, Azure transforms the value.
  if (JSON.stringify(sent) !== JSON.stringify(shown)) return [];
  if (Array.isArray(sent) || isObject(sent)) {
    return JSON.stringify(sent) === JSON.stringify(actual) ? [] : [`echo ${at}: sent ${JSON.stringify(sent)}, azmi ${JSON.stringify(actual)}`];
  }
  return sent === actual ? [] : [`echo ${at}: sent ${JSON.stringify(sent)}, azmi ${JSON.stringify(actual)}`];
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "examples" ? [] : jsonFiles(full);
    return entry.endsWith(".json") ? [full] : [];
  });
}

/** Swagger 2 marks nullable values with x-nullable; JSON Schema spells it as a type union. */
function nullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullable);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullable(value);
  if (node["x-nullable"] === true && typeof node.type === "string") out.type = [node.type, "null"];
  return out;
}

function absoluteRefs(node: Json, file: string): Json {
  if (Array.isArray(node)) return node.map((n) => absoluteRefs(n, file));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      const [path, pointer = ""] = value.split("#");
      out.$ref = `${pathToFileURL(path ? resolve(dirname(file), path) : file).href}#${pointer}`;
    } else {
      out[key] = absoluteRefs(value, file);
    }
  }
  return out;
}

export class SchemaCheck {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, validateSchema: false });
  private readonly compiled = new Map<SchemaRef["node"], ValidateFunction>();

  constructor() {
    for (const file of jsonFiles(join(SPECS_ROOT, "specification"))) {
      const doc = loadDocument(file);
      const { paths: _paths, parameters: _parameters, responses: _responses, ...schemas } = doc;
      this.ajv.addSchema(nullable(schemas) as object, pathToFileURL(file).href);
    }
  }

  differences(schema: SchemaRef | undefined, body: Json | undefined): string[] {
    if (!schema || body === undefined) return [];
    let validate = this.compiled.get(schema.node);
    if (!validate) {
      validate = this.ajv.compile(nullable(absoluteRefs(schema.node, schema.file)) as object);
      this.compiled.set(schema.node, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `schema ${e.instancePath || "/"}: ${e.message}${e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`,
    );
  }
}
