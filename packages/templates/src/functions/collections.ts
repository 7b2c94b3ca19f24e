/** Array and object functions, including the lambda-taking ones Bicep emits (filter, map, reduce, sort, toObject). */
import { badArguments } from "../evaluation-errors.js";
import { deepEqual, getProperty, isObject, typeName, type Json, type JsonObject } from "../json-value.js";
import { arr, fn, int, obj, str, toText, Lambda, type FunctionTable, type TemplateFunction, type Value } from "./function.js";

function sizeOf(value: Json | undefined, name: string): number {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  throw badArguments(name, `the argument must be an array, an object or a string, but is of type '${typeName(value)}'`);
}

function isEmpty(value: Json | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** union() of objects merges nested objects deeply; later values win. */
function mergeObjects(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] = isObject(existing) && isObject(v) ? mergeObjects(existing, v) : v;
  }
  return out;
}

function lambdaArg(args: readonly Value[], i: number, name: string, parameters: number): Lambda {
  const v = args[i];
  if (!(v instanceof Lambda) || v.parameterCount !== parameters)
    throw badArguments(name, `the argument ${i + 1} must be a lambda with ${parameters} parameter(s)`);
  return v;
}

function jsonArg(args: readonly Value[], i: number, name: string): Json[] {
  const v = args[i];
  if (v instanceof Lambda) throw badArguments(name, `the argument ${i + 1} must not be a lambda`);
  return arr(args as Json[], i, name);
}

function higherOrder(min: number, max: number, run: (args: readonly Value[], name: string) => Promise<Json>): TemplateFunction {
  return { min, max, run: (args, _scope, name) => run(args, name) };
}

function compare(a: Json, b: Json): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = toText(a);
  const y = toText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const collectionFunctions: FunctionTable = {
  empty: fn(1, 1, (args) => isEmpty(args[0])),
  length: fn(1, 1, (args, _s, name) => sizeOf(args[0], name)),
  first: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === "string") return v.slice(0, 1);
    return arr(args, 0, name)[0] ?? null;
  }),
  last: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === "string") return v.slice(-1);
    const a = arr(args, 0, name);
    return a[a.length - 1] ?? null;
  }),
  take: fn(2, 2, (args, _s, name) => {
    const n = Math.max(0, int(args, 1, name));
    const v = args[0];
    if (typeof v === "string") return v.slice(0, n);
    return arr(args, 0, name).slice(0, n);
  }),
  skip: fn(2, 2, (args, _s, name) => {
    const n = Math.max(0, int(args, 1, name));
    const v = args[0];
    if (typeof v === "string") return v.slice(n);
    return arr(args, 0, name).slice(n);
  }),
  array: fn(1, 1, (args) => (Array.isArray(args[0]) ? args[0] : [args[0]!])),
  createarray: fn(0, undefined, (args) => [...args]),
  createobject: fn(0, undefined, (args, _s, name) => {
    if (args.length % 2 !== 0) throw badArguments(name, "the function requires an even number of arguments (name, value pairs)");
    const out: JsonObject = {};
    for (let i = 0; i < args.length; i += 2)
      Object.defineProperty(out, str(args, i, name), { value: args[i + 1], enumerable: true, writable: true, configurable: true });
    return out;
  }),
  union: fn(1, undefined, (args, _s, name) => {
    if (args.every(Array.isArray)) {
      const out: Json[] = [];
      for (const a of args as Json[][]) for (const v of a) if (!out.some((x) => deepEqual(x, v))) out.push(v);
      return out;
    }
    if (args.every(isObject)) return (args as JsonObject[]).reduce((acc, o) => mergeObjects(acc, o), {});
    throw badArguments(name, "the arguments must all be arrays or all be objects");
  }),
  intersection: fn(1, undefined, (args, _s, name) => {
    if (args.every(Array.isArray)) {
      const [first, ...rest] = args as Json[][];
      const out: Json[] = [];
      for (const v of first!) if (rest.every((r) => r.some((x) => deepEqual(x, v))) && !out.some((x) => deepEqual(x, v))) out.push(v);
      return out;
    }
    if (args.every(isObject)) {
      const [first, ...rest] = args as JsonObject[];
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(first!)) if (rest.every((r) => Object.hasOwn(r, k) && deepEqual(r[k], v))) out[k] = v;
      return out;
    }
    throw badArguments(name, "the arguments must all be arrays or all be objects");
  }),
  range: fn(2, 2, (args, _s, name) => {
    const start = int(args, 0, name);
    const count = int(args, 1, name);
    if (count < 0 || count > 10000) throw badArguments(name, `the count '${count}' must be between 0 and 10000`);
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  items: fn(1, 1, (args, _s, name) =>
    Object.entries(obj(args, 0, name))
      .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
  ),
  objectkeys: fn(1, 1, (args, _s, name) => Object.keys(obj(args, 0, name))),
  json: fn(1, 1, (args, _s, name) => {
    const text = str(args, 0, name);
    try {
      return JSON.parse(text) as Json;
    } catch {
      throw badArguments(name, `the argument '${text}' is not valid JSON`);
    }
  }),
  null: fn(0, 0, () => null),
  flatten: fn(1, 1, (args, _s, name) => arr(args, 0, name).flatMap((v) => (Array.isArray(v) ? v : [v]))),
  shallowmerge: fn(1, 1, (args, _s, name) => Object.assign({}, ...arr(args, 0, name).filter(isObject))),
  tryget: fn(2, undefined, (args) => {
    let cur: Json | undefined = args[0];
    for (const key of args.slice(1)) {
      if (Array.isArray(cur) && typeof key === "number") cur = cur[key];
      else if (isObject(cur) && typeof key === "string") cur = getProperty(cur, key);
      else return null;
      if (cur === undefined) return null;
    }
    return cur ?? null;
  }),
  filter: higherOrder(2, 2, async (args, name) => {
    const items = jsonArg(args, 0, name);
    const predicate = lambdaArg(args, 1, name, 1);
    const out: Json[] = [];
    for (const item of items) if ((await predicate.invoke([item])) === true) out.push(item);
    return out;
  }),
  map: higherOrder(2, 2, async (args, name) => {
    const items = jsonArg(args, 0, name);
    const mapper = args[1] instanceof Lambda && args[1].parameterCount === 2 ? args[1] : lambdaArg(args, 1, name, 1);
    const out: Json[] = [];
    for (let i = 0; i < items.length; i++) out.push(await mapper.invoke([items[i]!, i]));
    return out;
  }),
  reduce: higherOrder(3, 3, async (args, name) => {
    const items = jsonArg(args, 0, name);
    const reducer = lambdaArg(args, 2, name, 2);
    let acc = args[1] as Json;
    for (const item of items) acc = await reducer.invoke([acc, item]);
    return acc;
  }),
  sort: higherOrder(2, 2, async (args, name) => {
    const items = [...jsonArg(args, 0, name)];
    const less = lambdaArg(args, 1, name, 2);
    // Insertion sort: the comparator is asynchronous.
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && (await less.invoke([items[j]!, items[j - 1]!])) === true; j--) [items[j - 1], items[j]] = [items[j]!, items[j - 1]!];
    }
    return items;
  }),
  toobject: higherOrder(2, 3, async (args, name) => {
    const items = jsonArg(args, 0, name);
    const key = lambdaArg(args, 1, name, 1);
    const value = args.length > 2 ? lambdaArg(args, 2, name, 1) : undefined;
    const out: JsonObject = {};
    for (const item of items) {
      const k = await key.invoke([item]);
      if (typeof k !== "string") throw badArguments(name, "the key lambda must return a string");
      Object.defineProperty(out, k, { value: value === undefined ? item : await value.invoke([item]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }),
  mapvalues: higherOrder(2, 2, async (args, name) => {
    const source = args[0];
    if (!isObject(source as Json)) throw badArguments(name, "the argument 1 must be of type 'Object'");
    const mapper = lambdaArg(args, 1, name, 1);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(source as JsonObject)) out[k] = await mapper.invoke([v]);
    return out;
  }),
  min: fn(1, undefined, (args, _s, name) => extreme(args, name, Math.min)),
  max: fn(1, undefined, (args, _s, name) => extreme(args, name, Math.max)),
};

function extreme(args: readonly Json[], name: string, pick: (...values: number[]) => number): number {
  const values = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (values.length === 0) throw badArguments(name, "the array must not be empty");
  return pick(
    ...values.map((v) => {
      if (typeof v !== "number") throw badArguments(name, `the values must be integers, not '${typeName(v)}'`);
      return v;
    }),
  );
}

export { compare };
