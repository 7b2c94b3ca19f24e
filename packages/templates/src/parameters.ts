/**
 * Template parameters: the values given at deployment time checked against their
 * definitions (type, allowedValues, minLength/maxLength, minValue/maxValue, nullable), with
 * defaultValue expressions evaluated for the rest. Secure values are never echoed back.
 */
import { EvaluationError } from "./evaluation-errors.js";
import { evaluateValue } from "./evaluator.js";
import { deepEqual, getProperty, isObject, typeName, type Json, type JsonObject } from "./json-value.js";
import { rootScope, type Host } from "./scope.js";
import { at, invalidTemplate, partFailure, type Locator } from "./template-errors.js";

const PARAMETER_FILE_HELP = "Please see https://aka.ms/resource-manager-parameter-files for usage details.";

export interface ResolvedParameter {
  /** ARM's spelling for deployment.properties.parameters: String, SecureString, Int, Bool, Object, SecureObject, Array. */
  readonly type: string;
  readonly value: Json;
  readonly secure: boolean;
}

const TYPES: Readonly<Record<string, { display: string; expected: string; check: (v: Json) => boolean }>> = {
  string: { display: "String", expected: "String, Uri", check: (v) => typeof v === "string" },
  securestring: { display: "SecureString", expected: "String, Uri", check: (v) => typeof v === "string" },
  int: { display: "Int", expected: "Integer", check: (v) => typeof v === "number" && Number.isInteger(v) },
  bool: { display: "Bool", expected: "Boolean", check: (v) => typeof v === "boolean" },
  object: { display: "Object", expected: "Object", check: (v) => isObject(v) },
  secureobject: { display: "SecureObject", expected: "Object", check: (v) => isObject(v) },
  array: { display: "Array", expected: "Array", check: (v) => Array.isArray(v) },
};

/** Checks the template's parameter definitions themselves (validate reports these before any value). */
export function checkParameterDefinitions(definitions: JsonObject, locate: Locator): void {
  for (const [name, definition] of Object.entries(definitions)) {
    const location = locate(`parameters.${name}`);
    if (!isObject(definition))
      throw invalidTemplate(`The template parameter '${name}'${at(location)} is not valid: the definition must be an object.`, location);
    const type = definition.type;
    if (typeof type !== "string" && definition.$ref === undefined) {
      throw invalidTemplate(`The template parameter '${name}'${at(location)} is not valid: the 'type' property is missing.`, location);
    }
    if (typeof type === "string" && TYPES[type.toLowerCase()] === undefined) {
      throw invalidTemplate(
        `The template parameter '${name}'${at(location)} has an invalid type '${type}'. The supported types are 'String, SecureString, Int, Bool, Object, SecureObject, Array'. Please see https://aka.ms/arm-syntax-parameters for usage details.`,
        location,
      );
    }
  }
}

/**
 * Resolves every parameter. `hostFor(lookup)` builds the host default values are evaluated
 * with; its parameter() must call `lookup` so defaults may name other parameters in any order.
 */
export async function resolveParameters(
  definitions: JsonObject,
  provided: JsonObject,
  hostFor: (lookup: (name: string) => Json) => Host,
  locate: Locator,
  locateProvided: Locator,
): Promise<Map<string, ResolvedParameter>> {
  checkParameterDefinitions(definitions, locate);
  const names = Object.keys(definitions);
  const unknown = Object.keys(provided).filter((p) => !names.some((n) => n.toLowerCase() === p.toLowerCase()));
  if (unknown.length > 0) {
    throw invalidTemplate(
      `The template parameters '${unknown.join(", ")}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${names.join(", ")}'. ${PARAMETER_FILE_HELP}`,
    );
  }
  const resolved = new Map<string, ResolvedParameter>();
  const resolving = new Set<string>();

  const lookup = (name: string): Json => {
    const key = names.find((n) => n.toLowerCase() === name.toLowerCase());
    if (key === undefined)
      throw new EvaluationError(`The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`);
    const done = resolved.get(key);
    if (done !== undefined) return done.value;
    throw new NeedsParameter(key);
  };
  const host = hostFor(lookup);

  const resolveOne = async (name: string): Promise<void> => {
    if (resolved.has(name)) return;
    if (resolving.has(name))
      throw invalidTemplate(`The template parameter '${name}' has a circular reference in its default value.`, locate(`parameters.${name}`));
    resolving.add(name);
    const definition = definitions[name] as JsonObject;
    const location = locate(`parameters.${name}`);
    const given = providedEntry(provided, name, locateProvided);
    let value: Json | undefined = given;
    if (value === undefined && definition.defaultValue !== undefined) {
      for (;;) {
        try {
          value = await evaluateValue(definition.defaultValue, rootScope(host));
          break;
        } catch (error) {
          if (!(error instanceof NeedsParameter)) throw partFailure("parameter", name, location, error);
          await resolveOne(error.parameter);
        }
      }
    }
    const type = typeof definition.type === "string" ? definition.type.toLowerCase() : undefined;
    const info = type === undefined ? undefined : TYPES[type];
    if (value === undefined || (value === null && definition.nullable !== true && given === undefined && definition.defaultValue === undefined)) {
      if (definition.nullable === true) value = null;
      else throw invalidTemplate(`The value for the template parameter '${name}'${at(location)} is not provided. ${PARAMETER_FILE_HELP}`, location);
    }
    if (info !== undefined && !(value === null && definition.nullable === true)) {
      if (!info.check(value)) {
        throw invalidTemplate(
          `Template parameter JToken type is not valid. Expected '${info.expected}'. Actual '${typeName(value)}'. ${PARAMETER_FILE_HELP}`,
          location,
        );
      }
      checkConstraints(name, definition, value, location);
    }
    resolved.set(name, { type: info?.display ?? "Object", value, secure: type === "securestring" || type === "secureobject" });
    resolving.delete(name);
  };
  for (const name of names) await resolveOne(name);
  return resolved;
}

class NeedsParameter extends EvaluationError {
  constructor(readonly parameter: string) {
    super(`The template parameter '${parameter}' is not resolved yet.`);
  }
}

function providedEntry(provided: JsonObject, name: string, locate: Locator): Json | undefined {
  const entry = getProperty(provided, name);
  if (entry === undefined) return undefined;
  const location = locate(name);
  if (!isObject(entry))
    throw invalidTemplate(
      `The value for the template parameter '${name}'${at(location)} is not valid: it must be an object with a 'value' property.`,
      location,
    );
  if (entry.reference !== undefined) {
    throw invalidTemplate(
      `The template parameter '${name}'${at(location)} is a Key Vault reference; azmi has no Key Vault, so give the value inline. ${PARAMETER_FILE_HELP}`,
      location,
    );
  }
  return entry.value;
}

function checkConstraints(name: string, definition: JsonObject, value: Json, location: ReturnType<Locator>): void {
  const fail = (detail: string) => invalidTemplate(`The provided value for the template parameter '${name}'${at(location)} is not valid. ${detail}`, location);
  const allowed = definition.allowedValues;
  if (Array.isArray(allowed)) {
    const candidates = Array.isArray(value) ? value : [value];
    const bad = candidates.find((v) => !allowed.some((a) => deepEqual(a, v)));
    if (bad !== undefined) {
      throw invalidTemplate(
        `The provided value '${typeof bad === "string" ? bad : JSON.stringify(bad)}' for the template parameter '${name}'${at(location)} is not valid. The parameter value is not part of the allowed value(s): '${allowed.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(",")}'.`,
        location,
      );
    }
  }
  const length = typeof value === "string" || Array.isArray(value) ? value.length : undefined;
  if (length !== undefined && typeof definition.minLength === "number" && length < definition.minLength) {
    throw fail(`Length of the value should be greater than or equal to '${definition.minLength}'.`);
  }
  if (length !== undefined && typeof definition.maxLength === "number" && length > definition.maxLength) {
    throw fail(`Length of the value should be less than or equal to '${definition.maxLength}'.`);
  }
  if (typeof value === "number" && typeof definition.minValue === "number" && value < definition.minValue) {
    throw fail(`The value should be greater than or equal to '${definition.minValue}'.`);
  }
  if (typeof value === "number" && typeof definition.maxValue === "number" && value > definition.maxValue) {
    throw fail(`The value should be less than or equal to '${definition.maxValue}'.`);
  }
}

/** deployment.properties.parameters as Azure shows them: secure values without their value. */
export function parametersForDisplay(resolved: ReadonlyMap<string, ResolvedParameter>): JsonObject {
  const out: JsonObject = {};
  for (const [name, p] of resolved) out[name] = p.secure ? { type: p.type } : { type: p.type, value: p.value };
  return out;
}
