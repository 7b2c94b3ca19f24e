/** Reading the ids a client sends: the first value of a header, empty counted as none. */
import type { IncomingHttpHeaders } from "node:http";

/** At most `maxLength` characters of the header's first value; undefined when absent or empty. */
export function headerText(headers: IncomingHttpHeaders, name: string, maxLength = Infinity): string | undefined {
  const value = headers[name];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined || one === "" ? undefined : one.slice(0, maxLength);
}
