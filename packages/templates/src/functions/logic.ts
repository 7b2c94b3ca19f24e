/** Logical, comparison and numeric functions. `if` is lazy and lives in the evaluator. */
import { badArguments, EvaluationError } from "../evaluation-errors.js";
import { deepEqual, typeName, type Json } from "../json-value.js";
import { bool, fn, int, num, type FunctionTable } from "./function.js";

function ordered(args: readonly Json[], name: string): number {
  const [a, b] = args;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw badArguments(name, `the arguments must both be integers or both be strings, not '${typeName(a)}' and '${typeName(b)}'`);
}

function integerOf(value: Json | undefined, name: string): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  throw badArguments(name, `the value '${String(value)}' cannot be converted to an integer`);
}

export const logicFunctions: FunctionTable = {
  equals: fn(2, 2, (args) => deepEqual(args[0], args[1])),
  not: fn(1, 1, (args, _s, name) => !bool(args, 0, name)),
  and: fn(2, undefined, (args, _s, name) => args.every((_, i) => bool(args, i, name))),
  or: fn(2, undefined, (args, _s, name) => args.map((_, i) => bool(args, i, name)).some((x) => x)),
  greater: fn(2, 2, (args, _s, name) => ordered(args, name) > 0),
  greaterorequals: fn(2, 2, (args, _s, name) => ordered(args, name) >= 0),
  less: fn(2, 2, (args, _s, name) => ordered(args, name) < 0),
  lessorequals: fn(2, 2, (args, _s, name) => ordered(args, name) <= 0),
  coalesce: fn(1, undefined, (args) => args.find((a) => a !== null) ?? null),
  true: fn(0, 0, () => true),
  false: fn(0, 0, () => false),
  bool: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    throw badArguments(name, `the value '${String(v)}' cannot be converted to a boolean`);
  }),
  add: fn(2, 2, (args, _s, name) => int(args, 0, name) + int(args, 1, name)),
  sub: fn(2, 2, (args, _s, name) => int(args, 0, name) - int(args, 1, name)),
  mul: fn(2, 2, (args, _s, name) => int(args, 0, name) * int(args, 1, name)),
  div: fn(2, 2, (args, _s, name) => {
    const d = int(args, 1, name);
    if (d === 0) throw new EvaluationError("The template function 'div' cannot divide by zero. Please see https://aka.ms/arm-functions for usage details.");
    return Math.trunc(int(args, 0, name) / d);
  }),
  mod: fn(2, 2, (args, _s, name) => {
    const d = int(args, 1, name);
    if (d === 0) throw new EvaluationError("The template function 'mod' cannot divide by zero. Please see https://aka.ms/arm-functions for usage details.");
    return int(args, 0, name) % d;
  }),
  int: fn(1, 1, (args, _s, name) => integerOf(args[0], name)),
  float: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === "number") return v;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return num(args, 0, name);
  }),
};
