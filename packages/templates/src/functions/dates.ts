/** Date functions: utcNow (parameter defaults only), dateTimeAdd, dateTimeToEpoch, dateTimeFromEpoch. .NET format strings. */
import { badArguments, EvaluationError } from "../evaluation-errors.js";
import { fn, int, str, type FunctionTable } from "./function.js";

const STANDARD: Readonly<Record<string, string>> = {
  u: "yyyy-MM-dd HH:mm:ssZ",
  s: "yyyy-MM-ddTHH:mm:ss",
  o: "yyyy-MM-ddTHH:mm:ss.fffffffK",
  O: "yyyy-MM-ddTHH:mm:ss.fffffffK",
  d: "M/d/yyyy",
  g: "M/d/yyyy h:mm tt",
  G: "M/d/yyyy h:mm:ss tt",
  t: "h:mm tt",
  T: "h:mm:ss tt",
};

/** Formats a UTC date with a .NET date format string (standard one-letter or custom). */
export function formatDotNet(date: Date, format: string): string {
  const pattern = STANDARD[format] ?? format;
  const two = (n: number) => String(n).padStart(2, "0");
  const tokens: Array<[RegExp, () => string]> = [
    [/^yyyy/, () => String(date.getUTCFullYear()).padStart(4, "0")],
    [/^yy/, () => two(date.getUTCFullYear() % 100)],
    [/^MM/, () => two(date.getUTCMonth() + 1)],
    [/^M/, () => String(date.getUTCMonth() + 1)],
    [/^dd/, () => two(date.getUTCDate())],
    [/^d/, () => String(date.getUTCDate())],
    [/^HH/, () => two(date.getUTCHours())],
    [/^H/, () => String(date.getUTCHours())],
    [/^hh/, () => two(date.getUTCHours() % 12 || 12)],
    [/^h/, () => String(date.getUTCHours() % 12 || 12)],
    [/^mm/, () => two(date.getUTCMinutes())],
    [/^ss/, () => two(date.getUTCSeconds())],
    [/^f{1,7}/, () => ""],
    [/^tt/, () => (date.getUTCHours() < 12 ? "AM" : "PM")],
    [/^K/, () => "Z"],
  ];
  let out = "";
  let rest = pattern;
  outer: while (rest.length > 0) {
    if (rest[0] === "'" || rest[0] === '"') {
      const end = rest.indexOf(rest[0], 1);
      out += rest.slice(1, end < 0 ? undefined : end);
      rest = end < 0 ? "" : rest.slice(end + 1);
      continue;
    }
    for (const [re, render] of tokens) {
      const m = re.exec(rest);
      if (m === null) continue;
      out += m[0][0] === "f" ? String(date.getUTCMilliseconds()).padStart(3, "0").padEnd(7, "0").slice(0, m[0].length) : render();
      rest = rest.slice(m[0].length);
      continue outer;
    }
    out += rest[0];
    rest = rest.slice(1);
  }
  return out;
}

function parseDate(text: string, name: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(text) ? text.replace(" ", "T") : text;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw badArguments(name, `the value '${text}' is not a valid date time`);
  return date;
}

/** Adds an ISO 8601 duration (P1Y2M3DT4H5M6S, -P1D) to a date. */
function addDuration(date: Date, duration: string, name: string): Date {
  const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (m === null || duration === "P" || duration.endsWith("T")) throw badArguments(name, `the duration '${duration}' is not a valid ISO 8601 duration`);
  const sign = m[1] === undefined ? 1 : -1;
  const n = (i: number) => Number(m[i] ?? 0) * sign;
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + n(2), out.getUTCMonth() + n(3), out.getUTCDate() + n(4) * 7 + n(5));
  out.setTime(out.getTime() + ((n(6) * 60 + n(7)) * 60 + n(8)) * 1000);
  return out;
}

export const dateFunctions: FunctionTable = {
  utcnow: fn(0, 1, (args, scope, name) => {
    if (!scope.host.inParameterDefaults) {
      throw new EvaluationError(
        "The template function 'utcNow' is not expected at this location. It can only be used with the default value of a parameter. Please see https://aka.ms/arm-functions for usage details.",
      );
    }
    return formatDotNet(scope.host.now, args.length > 0 ? str(args, 0, name) : "yyyyMMddTHHmmssZ");
  }),
  datetimeadd: fn(2, 3, (args, _s, name) => {
    const date = addDuration(parseDate(str(args, 0, name), name), str(args, 1, name), name);
    return formatDotNet(date, args.length > 2 ? str(args, 2, name) : "yyyy-MM-ddTHH:mm:ssZ");
  }),
  datetimetoepoch: fn(1, 1, (args, _s, name) => Math.floor(parseDate(str(args, 0, name), name).getTime() / 1000)),
  datetimefromepoch: fn(1, 1, (args, _s, name) => formatDotNet(new Date(int(args, 0, name) * 1000), "yyyy-MM-ddTHH:mm:ssZ")),
};
