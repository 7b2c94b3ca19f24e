/**
 * The `$filter` language of Resource Manager's own lists (`/resources`, `/resourcegroups`):
 * clauses joined by `and`, each `field eq 'value'` (fields resourceType, name, location,
 * resourceGroup, tagName, tagValue) or `substringof('text', name)`. Resource group lists take
 * only the tag clauses. Anything else is InvalidFilterInQueryString, as on Azure.
 */
import { armErrors } from "./errors.js";
import { normalizeLocation } from "./locations.js";
import { tagValue, type Tags } from "./tags.js";

export interface ResourceFilter {
  readonly resourceType?: string;
  readonly name?: string;
  readonly nameContains?: string;
  readonly location?: string;
  readonly resourceGroup?: string;
  readonly tagName?: string;
  readonly tagValue?: string;
}

type Field = keyof ResourceFilter;

const FIELDS: Readonly<Record<string, Field>> = {
  resourcetype: "resourceType",
  name: "name",
  location: "location",
  resourcegroup: "resourceGroup",
  tagname: "tagName",
  tagvalue: "tagValue",
};

const QUOTED = "'((?:[^']|'')*)'";
const EQ_CLAUSE = new RegExp(`^(\\w+)\\s+eq\\s+${QUOTED}`, "i");
const SUBSTRINGOF = new RegExp(`^substringof\\(\\s*${QUOTED}\\s*,\\s*name\\s*\\)`, "i");
const AND = /^\s+and\s+/i;

const unquote = (s: string) => s.replace(/''/g, "'");

/** Parses `$filter`; `allowed` limits the fields (a resource group list allows only the tag fields). */
export function parseResourceFilter(filter: string | null | undefined, allowed?: readonly Field[]): ResourceFilter {
  if (filter === null || filter === undefined || filter.trim() === "") return {};
  const out: Partial<Record<Field, string>> = {};
  const fail = () => armErrors.invalidFilterInQueryString(filter);
  let rest = filter.trim();
  for (;;) {
    let field: Field | undefined;
    let value: string;
    const eq = EQ_CLAUSE.exec(rest);
    const sub = eq === null ? SUBSTRINGOF.exec(rest) : null;
    if (eq !== null) {
      field = FIELDS[eq[1]!.toLowerCase()];
      value = unquote(eq[2]!);
      rest = rest.slice(eq[0].length);
    } else if (sub !== null) {
      field = "nameContains";
      value = unquote(sub[1]!);
      rest = rest.slice(sub[0].length);
    } else {
      throw fail();
    }
    if (field === undefined || out[field] !== undefined) throw fail();
    if (allowed !== undefined && !allowed.includes(field)) throw fail();
    out[field] = value;
    if (rest.trim() === "") break;
    const and = AND.exec(rest);
    if (and === null) throw fail();
    rest = rest.slice(and[0].length);
  }
  if (out.tagValue !== undefined && out.tagName === undefined) throw fail();
  return out;
}

export interface FilterableResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location?: string;
  readonly tags?: Tags;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The resource group segment of an id, if any. */
function resourceGroupOf(id: string): string | undefined {
  const m = /\/resourcegroups\/([^/]+)/i.exec(id);
  return m?.[1];
}

/** True when `resource` passes every clause. Names, types and tag names compare case-insensitively; tag values exactly. */
export function matchesResourceFilter(resource: FilterableResource, filter: ResourceFilter): boolean {
  if (filter.resourceType !== undefined && !same(resource.type, filter.resourceType)) return false;
  if (filter.name !== undefined && !same(resource.name, filter.name)) return false;
  if (filter.nameContains !== undefined && !resource.name.toLowerCase().includes(filter.nameContains.toLowerCase())) return false;
  if (filter.location !== undefined && !same(resource.location && normalizeLocation(resource.location), normalizeLocation(filter.location))) {
    return false;
  }
  if (filter.resourceGroup !== undefined && !same(resourceGroupOf(resource.id), filter.resourceGroup)) return false;
  if (filter.tagName !== undefined) {
    const value = tagValue(resource.tags, filter.tagName);
    if (value === undefined) return false;
    if (filter.tagValue !== undefined && value !== filter.tagValue) return false;
  }
  return true;
}
