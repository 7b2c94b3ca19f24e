/** The shape of a template function and the argument checks every family shares. */
import { badArguments } from "../evaluation-errors.js";
import { isObject, typeName, type Json, type JsonObject } from "../json-value.js";
import type { Scope } from "../scope.js";

/** lambda(...) evaluates to this; only the higher-order functions (filter, map ...) accept it. */
export class Lambda {
  constructor(
    readonly parameterCount: number,
    readonly invoke: (args: readonly Json[]) => Promise<Json>,
  ) {}
}

export type Value = Json | Lambda;

export interface TemplateFunction {
  readonly min: number;
  readonly max?: number;
  run(args: readonly Value[], scope: Scope, name: string): Json | Promise<Json>;
}

export type FunctionTable = Readonly<Record<string, TemplateFunction>>;

/** A function taking plain values only. */
export function fn(min: number, max: number | undefined, run: (args: readonly Json[], scope: Scope, name: string) => Json | Promise<Json>): TemplateFunction {
  return {
    min,
    ...(max === undefined ? {} : { max }),
    run(args, scope, name) {
      for (const a of args) if (a instanceof Lambda) throw badArguments(name, "a lambda is not expected here");
      return run(args as Json[], scope, name);
    },
  };
}

export function str(args: readonly Json[], i: number, name: string): string {
  const v = args[i];
  if (typeof v !== "string") throw badArguments(name, `the argument ${i + 1} must be of type 'String', but is of type '${typeName(v)}'`);
  return v;
}

export function int(args: readonly Json[], i: number, name: string): number {
  const v = args[i];
  if (typeof v !== "number" || !Number.isInteger(v))
    throw badArguments(name, `the argument ${i + 1} must be of type 'Integer', but is of type '${typeName(v)}'`);
  return v;
}

export function num(args: readonly Json[], i: number, name: string): number {
  const v = args[i];
  if (typeof v !== "number") throw badArguments(name, `the argument ${i + 1} must be a number, but is of type '${typeName(v)}'`);
  return v;
}

export function bool(args: readonly Json[], i: number, name: string): boolean {
  const v = args[i];
  if (typeof v !== "boolean") throw badArguments(name, `the argument ${i + 1} must be of type 'Boolean', but is of type '${typeName(v)}'`);
  return v;
}

export function arr(args: readonly Json[], i: number, name: string): Json[] {
  const v = args[i];
  if (!Array.isArray(v)) throw badArguments(name, `the argument ${i + 1} must be of type 'Array', but is of type '${typeName(v)}'`);
  return v;
}

export function obj(args: readonly Json[], i: number, name: string): JsonObject {
  const v = args[i];
  if (!isObject(v)) throw badArguments(name, `the argument ${i + 1} must be of type 'Object', but is of type '${typeName(v)}'`);
  return v;
}

/** How ARM turns a value into text (string(), concat(), format()): .NET's spelling of booleans, compact JSON for structures. */
export function toText(value: Json): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}
