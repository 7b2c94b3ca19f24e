/** String functions: concat, format, replace, split, substring, base64, uri, uniqueString, guid ... */
import { randomUUID } from "node:crypto";
import { deterministicGuid, uniqueString } from "../deterministic-names.js";
import { badArguments, EvaluationError } from "../evaluation-errors.js";
import { deepEqual, getProperty, isObject, typeName, type Json } from "../json-value.js";
import { arr, fn, int, str, toText, type FunctionTable } from "./function.js";

const allStrings = (args: readonly Json[], name: string): string[] =>
  args.map((a, i) => {
    if (typeof a !== "string") throw badArguments(name, `the argument ${i + 1} must be of type 'String', but is of type '${typeName(a)}'`);
    return a;
  });

/** .NET composite formatting: {0}, {1:N2}, {{ and }}. */
function composite(format: string, values: readonly Json[], name: string): string {
  return format.replace(/\{\{|\}\}|\{(\d+)(?:,(-?\d+))?(?::([^}]*))?\}/g, (match, index?: string, align?: string, spec?: string) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    const i = Number(index);
    if (i >= values.length) throw badArguments(name, "index (zero based) must be greater than or equal to zero and less than the size of the argument list");
    let text = formatOne(values[i]!, spec);
    if (align !== undefined) {
      const width = Number(align);
      text = width < 0 ? text.padEnd(-width) : text.padStart(width);
    }
    return text;
  });
}

function formatOne(value: Json, spec: string | undefined): string {
  if (spec === undefined || spec === "" || typeof value !== "number") return toText(value);
  const kind = spec[0]!.toUpperCase();
  const digits = spec.length > 1 ? Number(spec.slice(1)) : undefined;
  switch (kind) {
    case "D":
      return String(Math.trunc(Math.abs(value)))
        .padStart(digits ?? 0, "0")
        .replace(/^/, value < 0 ? "-" : "");
    case "N":
      return value.toLocaleString("en-US", { minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2 });
    case "F":
      return value.toFixed(digits ?? 2);
    case "X":
      return (spec[0] === "x" ? value.toString(16) : value.toString(16).toUpperCase()).padStart(digits ?? 0, "0");
    case "P":
      return `${(value * 100).toFixed(digits ?? 2)} %`;
    default:
      if (/^0+$/.test(spec)) return String(value).padStart(spec.length, "0");
      return toText(value);
  }
}

function indexInsensitive(haystack: string, needle: string, last: boolean): number {
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  return last ? h.lastIndexOf(n) : h.indexOf(n);
}

const fromBase64 = (value: string) => Buffer.from(value, "base64").toString("utf8");

export const stringFunctions: FunctionTable = {
  concat: fn(0, undefined, (args, _s, name) => {
    if (args.length > 0 && args.every((a) => Array.isArray(a) || a === null)) return args.flatMap((a) => (a === null ? [] : (a as Json[])));
    return args
      .map((a, i) => {
        if (Array.isArray(a) || isObject(a)) throw badArguments(name, `the argument ${i + 1} of type '${typeName(a)}' cannot be concatenated with strings`);
        return toText(a);
      })
      .join("");
  }),
  format: fn(1, undefined, (args, _s, name) => composite(str(args, 0, name), args.slice(1), name)),
  tolower: fn(1, 1, (args, _s, name) => str(args, 0, name).toLowerCase()),
  toupper: fn(1, 1, (args, _s, name) => str(args, 0, name).toUpperCase()),
  replace: fn(3, 3, (args, _s, name) => {
    const [s, from, to] = allStrings(args, name);
    if (from === "") throw badArguments(name, "the old value cannot be empty");
    return s!.split(from!).join(to!);
  }),
  split: fn(2, 2, (args, _s, name) => {
    const s = str(args, 0, name);
    const delimiters = Array.isArray(args[1]) ? allStrings(args[1], name) : [str(args, 1, name)];
    let parts = [s];
    for (const d of delimiters) if (d !== "") parts = parts.flatMap((p) => p.split(d));
    return parts;
  }),
  join: fn(2, 2, (args, _s, name) =>
    arr(args, 0, name)
      .map((v) => toText(v))
      .join(str(args, 1, name)),
  ),
  substring: fn(1, 3, (args, _s, name) => {
    const s = str(args, 0, name);
    const start = args.length > 1 ? int(args, 1, name) : 0;
    const length = args.length > 2 ? int(args, 2, name) : s.length - start;
    if (start < 0 || start > s.length) throw badArguments(name, `the start index '${start}' must be within the string of length '${s.length}'`);
    if (length < 0 || start + length > s.length) {
      throw badArguments(
        name,
        `the index and length parameters must refer to a location within the string. The index parameter: '${start}', the length parameter: '${length}', the length of the string parameter: '${s.length}'`,
      );
    }
    return s.substring(start, start + length);
  }),
  startswith: fn(2, 2, (args, _s, name) =>
    str(args, 0, name)
      .toLowerCase()
      .startsWith(str(args, 1, name).toLowerCase()),
  ),
  endswith: fn(2, 2, (args, _s, name) =>
    str(args, 0, name)
      .toLowerCase()
      .endsWith(str(args, 1, name).toLowerCase()),
  ),
  trim: fn(1, 1, (args, _s, name) => str(args, 0, name).trim()),
  padleft: fn(2, 3, (args, _s, name) => {
    const v = args[0];
    if (typeof v !== "string" && typeof v !== "number") throw badArguments(name, "the first argument must be a string or an integer");
    const pad = args.length > 2 ? str(args, 2, name) : " ";
    if (pad.length !== 1) throw badArguments(name, "the padding character must be a single character");
    return String(v).padStart(int(args, 1, name), pad);
  }),
  uniquestring: fn(1, undefined, (args, _s, name) => uniqueString(...allStrings(args, name))),
  guid: fn(1, undefined, (args, _s, name) => deterministicGuid(...allStrings(args, name))),
  newguid: fn(0, 0, (_a, scope) => {
    if (!scope.host.inParameterDefaults)
      throw new EvaluationError(
        "The template function 'newGuid' is not expected at this location. It can only be used with the default value of a parameter. Please see https://aka.ms/arm-functions for usage details.",
      );
    return randomUUID();
  }),
  base64: fn(1, 1, (args, _s, name) => Buffer.from(str(args, 0, name), "utf8").toString("base64")),
  base64tostring: fn(1, 1, (args, _s, name) => fromBase64(str(args, 0, name))),
  base64tojson: fn(1, 1, (args, _s, name) => JSON.parse(fromBase64(str(args, 0, name))) as Json),
  datauri: fn(1, 1, (args) => `data:text/plain;charset=utf8;base64,${Buffer.from(toText(args[0]!), "utf8").toString("base64")}`),
  datauritostring: fn(1, 1, (args, _s, name) => {
    const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(str(args, 0, name));
    if (m === null) throw badArguments(name, "the value is not a valid data URI");
    return m[1] === undefined ? decodeURIComponent(m[2]!) : fromBase64(m[2]!);
  }),
  uri: fn(2, 2, (args, _s, name) => {
    const [base, relative] = allStrings(args, name);
    try {
      return new URL(relative!, base!).toString();
    } catch {
      throw badArguments(name, `the base URI '${base}' is not a valid absolute URI`);
    }
  }),
  uricomponent: fn(1, 1, (args, _s, name) => encodeURIComponent(str(args, 0, name))),
  uricomponenttostring: fn(1, 1, (args, _s, name) => decodeURIComponent(str(args, 0, name))),
  string: fn(1, 1, (args) => toText(args[0]!)),
  indexof: fn(2, 2, (args, _s, name) => {
    if (Array.isArray(args[0])) return args[0].findIndex((v) => deepEqual(v, args[1]));
    return indexInsensitive(str(args, 0, name), str(args, 1, name), false);
  }),
  lastindexof: fn(2, 2, (args, _s, name) => {
    if (Array.isArray(args[0])) {
      for (let i = args[0].length - 1; i >= 0; i--) if (deepEqual(args[0][i], args[1])) return i;
      return -1;
    }
    return indexInsensitive(str(args, 0, name), str(args, 1, name), true);
  }),
  contains: fn(2, 2, (args, _s, name) => {
    const [container, item] = args;
    if (Array.isArray(container)) return container.some((v) => deepEqual(v, item ?? null));
    if (isObject(container)) return getProperty(container, toText(item ?? null)) !== undefined;
    if (typeof container === "string") return container.includes(toText(item ?? null));
    throw badArguments(name, `the first argument must be an array, an object or a string, but is of type '${typeName(container)}'`);
  }),
};
