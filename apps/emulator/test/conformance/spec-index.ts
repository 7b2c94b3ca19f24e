/**
 * Reads the stored swagger files of azure-rest-api-specs and pairs each x-ms-examples file with
 * the operation that names it: method, path template, parameters (resolved through $ref into
 * other files) and response schemas.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SPECS_ROOT = join(dirname(fileURLToPath(import.meta.url)), "azure-rest-api-specs");

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "body" | "header";
  readonly skipUrlEncoding: boolean;
  readonly schema?: SchemaRef;
}

/** A schema node together with the file it lives in, so relative $refs inside it resolve. */
export interface SchemaRef {
  readonly file: string;
  readonly node: JsonObject;
}

export interface Example {
  /** Path of the example file under SPECS_ROOT (the key of the known-differences list). */
  readonly file: string;
  readonly title: string;
  readonly swagger: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly responses: Readonly<Record<string, SchemaRef | undefined>>;
  readonly longRunning: boolean;
  readonly data: { parameters: JsonObject; responses: Record<string, { body?: Json; headers?: JsonObject }> };
}

const documents = new Map<string, JsonObject>();

export function loadDocument(file: string): JsonObject {
  let doc = documents.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as JsonObject;
    documents.set(file, doc);
  }
  return doc;
}

/** Follows a "$ref" (relative file and/or JSON pointer) from `file`. */
export function follow(file: string, ref: string): SchemaRef {
  const [path, pointer = ""] = ref.split("#");
  const target = path ? resolve(dirname(file), path) : file;
  let node: Json = loadDocument(target);
  for (const part of pointer.split("/").filter(Boolean)) {
    const next: Json | undefined = (node as JsonObject)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (next === undefined) throw new Error(`unresolved $ref ${ref} from ${file}`);
    node = next;
  }
  return { file: target, node: node as JsonObject };
}

/** Follows $ref chains until a node without one. */
export function deref(at: SchemaRef): SchemaRef {
  let current = at;
  while (typeof current.node.$ref === "string") current = follow(current.file, current.node.$ref);
  return current;
}

function parameterOf(file: string, raw: JsonObject): Parameter {
  const { file: at, node } = deref({ file, node: raw });
  return {
    name: String(node.name),
    in: node.in as Parameter["in"],
    skipUrlEncoding: node["x-ms-skip-url-encoding"] === true,
    schema: node.schema ? { file: at, node: node.schema as JsonObject } : undefined,
  };
}

function swaggerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "examples" ? [] : swaggerFiles(full);
    return entry.endsWith(".json") && !full.includes(`${join("common-types")}`) ? [full] : [];
  });
}

const METHODS = ["get", "put", "patch", "post", "delete", "head"];

/** Every example referenced by an operation of the stored swagger files, in a stable order. */
export function loadExamples(): Example[] {
  const examples: Example[] = [];
  for (const swagger of swaggerFiles(join(SPECS_ROOT, "specification")).sort()) {
    const doc = loadDocument(swagger);
    if (!doc.swagger || !doc.paths) continue;
    for (const [pathTemplate, item] of Object.entries(doc.paths as Record<string, JsonObject>)) {
      const shared = ((item.parameters ?? []) as JsonObject[]).map((p) => parameterOf(swagger, p));
      for (const method of METHODS) {
        const op = item[method] as JsonObject | undefined;
        if (!op) continue;
        const own = ((op.parameters ?? []) as JsonObject[]).map((p) => parameterOf(swagger, p));
        const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name)), ...own];
        const responses: Record<string, SchemaRef | undefined> = {};
        for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, JsonObject>)) {
          const resolved = deref({ file: swagger, node: response });
          responses[status] = resolved.node.schema ? { file: resolved.file, node: resolved.node.schema as JsonObject } : undefined;
        }
        for (const [title, ref] of Object.entries((op["x-ms-examples"] ?? {}) as Record<string, JsonObject>)) {
          const exampleFile = resolve(dirname(swagger), String(ref.$ref));
          // Only the examples of operations azmi serves are stored (NOTICE.md says which).
          if (!existsSync(exampleFile)) continue;
          examples.push({
            file: relative(SPECS_ROOT, exampleFile),
            title,
            swagger: relative(SPECS_ROOT, swagger),
            method: method.toUpperCase(),
            pathTemplate,
            operationId: String(op.operationId),
            parameters,
            responses,
            longRunning: op["x-ms-long-running-operation"] === true,
            data: normalized(loadDocument(exampleFile)) as unknown as Example["data"],
          });
        }
      }
    }
  }
  return examples;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID made from a placeholder, the same each time, so one example stays self-consistent. */
function guidOf(placeholder: string): string {
  let hash = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${placeholder.toLowerCase()}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(hash.toString(16).padStart(8, "0"));
  }
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Parameters Azure only accepts as GUIDs; the examples sometimes write placeholders there. */
const NAMED_BY_GUID = /^(roleDefinitionId|roleAssignmentName|denyAssignmentId)$/;

/**
 * Examples write subscriptions as placeholders ("subId", "subscriptionId"); Azure has only GUIDs
 * there, so each placeholder becomes a GUID of its own, in parameters and bodies alike.
 */
function normalized(data: Json): Json {
  const subscription = (text: string) => (GUID.test(text) ? text : guidOf(text));
  const walk = (node: Json, key?: string): Json => {
    if (Array.isArray(node)) return node.map((n) => walk(n));
    if (node !== null && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    if (typeof node !== "string") return node;
    if (key === "subscriptionId") return subscription(node);
    if (key !== undefined && NAMED_BY_GUID.test(key) && !node.includes("/")) return subscription(node);
    return node
      .replace(/(\/?subscriptions\/)([^/?&"]+)/gi, (_m, prefix: string, id: string) => `${prefix}${subscription(id)}`)
      .replace(/(\/(?:roleDefinitions|roleAssignments|denyAssignments)\/)([^/?&"]+)/gi, (_m, prefix: string, id: string) => `${prefix}${subscription(id)}`);
  };
  return walk(data);
}
