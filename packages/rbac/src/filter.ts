/**
 * The small $filter language of Microsoft.Authorization lists: a conjunction of
 * `atScope()`, `assignedTo('id')`, and `field eq 'value'` terms. Quoted values may hold
 * spaces and the word "and" ('' escapes a quote), so this scans rather than splits.
 */
import { armErrors } from "@azmi/arm-core";

export type FilterTerm =
  | { readonly kind: "atScope" }
  | { readonly kind: "assignedTo"; readonly value: string }
  | { readonly kind: "eq"; readonly field: string; readonly value: string };

export function parseFilter(filter: string | null | undefined): FilterTerm[] {
  if (filter === null || filter === undefined || filter.trim() === "") return [];
  const fail = () => armErrors.invalidFilterInQueryString(filter);
  const terms: FilterTerm[] = [];
  let i = 0;
  const s = filter;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const word = (): string => {
    skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
    if (m === null) throw fail();
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    skipSpace();
    if (s[i] !== "'") throw fail();
    i++;
    let out = "";
    for (;;) {
      if (i >= s.length) throw fail();
      const c = s[i]!;
      if (c === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      out += c;
      i++;
    }
  };
  const expect = (c: string) => {
    skipSpace();
    if (s[i] !== c) throw fail();
    i++;
  };

  for (;;) {
    const name = word();
    const lower = name.toLowerCase();
    skipSpace();
    if (s[i] === "(") {
      i++;
      if (lower === "atscope") {
        expect(")");
        terms.push({ kind: "atScope" });
      } else if (lower === "assignedto") {
        const value = quoted();
        expect(")");
        terms.push({ kind: "assignedTo", value });
      } else throw fail();
    } else {
      if (word().toLowerCase() !== "eq") throw fail();
      terms.push({ kind: "eq", field: lower, value: quoted() });
    }
    skipSpace();
    if (i >= s.length) return terms;
    if (word().toLowerCase() !== "and") throw fail();
  }
}
