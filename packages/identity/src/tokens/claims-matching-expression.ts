/**
 * Flexible federated identity credentials (preview, api-version 2025-01-31-preview): instead of
 * one subject, a `claimsMatchingExpression` such as
 *   claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['job_workflow_ref'] eq 'x'
 * Terms are `claims['<name>'] (eq|matches) <value>` joined by `and`; values may be single-quoted;
 * in `matches`, `*` stands for any run of characters and `?` for one. Comparison is
 * case-sensitive, like every federated match.
 */
export interface ClaimsTerm {
  readonly claim: string;
  readonly operator: "eq" | "matches";
  readonly value: string;
}

const TERM = /^claims\[\s*'([^']+)'\s*\]\s+(eq|matches)\s+(?:'((?:[^']|'')*)'|(\S+))$/i;

/** Parses an expression; undefined when it is not in the supported form (it then matches nothing). */
export function parseClaimsMatchingExpression(expression: string): ClaimsTerm[] | undefined {
  const terms: ClaimsTerm[] = [];
  for (const part of expression.trim().split(/\s+and\s+/i)) {
    const m = TERM.exec(part.trim());
    if (m === null) return undefined;
    terms.push({ claim: m[1]!, operator: m[2]!.toLowerCase() as "eq" | "matches", value: m[3] !== undefined ? m[3].replace(/''/g, "'") : m[4]! });
  }
  return terms.length === 0 ? undefined : terms;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

export function claimsMatch(expression: string, claims: Readonly<Record<string, unknown>>): boolean {
  const terms = parseClaimsMatchingExpression(expression);
  if (terms === undefined) return false;
  return terms.every((term) => {
    const value = claims[term.claim];
    if (typeof value !== "string") return false;
    return term.operator === "eq" ? value === term.value : globToRegExp(term.value).test(value);
  });
}
