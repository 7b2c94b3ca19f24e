import { describe, expect, it } from "vitest";
import { countCollection, entityResponse, queryCollection, type CollectionRequest } from "../src/collection-query.js";
import { GraphError } from "../src/errors.js";
import type { ObjectSource } from "../src/query-plan.js";
import { idsOf, objects, schema } from "./fixtures.js";

const serviceRoot = "https://graph.microsoft.com/v1.0";

function request(query: string, extra: Partial<CollectionRequest> = {}): CollectionRequest {
  return { items: objects, params: new URLSearchParams(query), serviceRoot, entitySet: "servicePrincipals", schema, ...extra };
}

function refusal(fn: () => unknown): GraphError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error("expected a GraphError");
}

/** n objects with ids id-0000 … in a shuffled order, so the engine must order them itself. */
function many(n: number) {
  const list = Array.from({ length: n }, (_, i) => ({ id: `id-${String(i).padStart(4, "0")}`, displayName: `sp ${i % 7}`, n: i }));
  for (let i = list.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** Follows @odata.nextLink the way a client does: the link is all it has. */
function allPages(first: CollectionRequest, consistencyLevel?: string) {
  const pages: Array<ReturnType<typeof queryCollection>> = [];
  let page = queryCollection(first);
  pages.push(page);
  while (page["@odata.nextLink"] !== undefined) {
    const url = new URL(page["@odata.nextLink"]);
    expect(`${url.origin}${url.pathname}`).toBe(`${serviceRoot}/servicePrincipals`);
    page = queryCollection({ ...first, params: url.searchParams, consistencyLevel });
    pages.push(page);
  }
  return pages;
}

describe("@odata.context and $select", () => {
  it("names the entity set, and the selected properties", () => {
    expect(queryCollection(request(""))["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals");
    const body = queryCollection(request("$select=id,AppId&$filter=displayName eq 'mi-web'"));
    expect(body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId)");
    expect(body.value).toEqual([{ id: "00000000-0000-0000-0000-00000000000a", appId: "aaaaaaaa-0000-0000-0000-000000000001" }]);
  });

  it("answers null for a selected property the object lacks, and keeps @odata annotations", () => {
    const body = queryCollection(
      request("$select=homepage", { items: [{ "@odata.type": "#microsoft.graph.servicePrincipal", id: "x", homepage: undefined }] }),
    );
    expect(body.value).toEqual([{ "@odata.type": "#microsoft.graph.servicePrincipal", homepage: null }]);
  });

  it("refuses unknown properties", () => {
    const err = refusal(() => queryCollection(request("$select=id,nope")));
    expect([err.status, err.code]).toEqual([400, "Request_BadRequest"]);
    expect(err.message).toContain("Could not find a property named 'nope' on type 'microsoft.graph.servicePrincipal'.");
  });

  it("keeps a client-chosen name such as __proto__ as plain data without a schema", () => {
    const body = queryCollection(request("$select=__proto__,id", { schema: undefined }));
    const first = body.value[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.keys(first)).toEqual(["__proto__", "id"]);
  });

  it("shapes one entity with /$entity", () => {
    const body = entityResponse(objects[0]!, { params: new URLSearchParams("$select=id,displayName"), serviceRoot, entitySet: "directoryObjects", schema });
    expect(body).toEqual({
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id,displayName)/$entity",
      id: objects[0]!.id,
      displayName: "mi-web",
    });
    expect(entityResponse(objects[0]!, { params: [], serviceRoot, entitySet: "servicePrincipals" })["@odata.context"]).toBe(
      "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity",
    );
  });
});

describe("paging", () => {
  it("serves 100 per page by default and follows nextLink through 250 objects exactly once each", () => {
    const items = many(250);
    const pages = allPages({ ...request(""), items, schema: undefined });
    expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    expect(pages.at(-1)!["@odata.nextLink"]).toBeUndefined();
    const seen = pages.flatMap((p) => p.value.map((v) => (v as { id: string }).id));
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...seen].sort());
  });

  it("carries $filter, $select and $top in the absolute nextLink", () => {
    const items = many(50);
    const first = queryCollection({ ...request("$filter=displayName eq 'SP 3'&$select=id&$top=2"), items, schema: undefined });
    const link = new URL(first["@odata.nextLink"]!);
    expect(link.searchParams.get("$filter")).toBe("displayName eq 'SP 3'");
    expect(link.searchParams.get("$select")).toBe("id");
    expect(link.searchParams.get("$top")).toBe("2");
    expect(link.searchParams.get("$skiptoken")).toMatch(/^azmi1\./);
    const pages = allPages({ ...request("$filter=displayName eq 'SP 3'&$select=id&$top=2"), items, schema: undefined });
    const ns = pages.flatMap((p) => p.value.map((v) => Number((v as { id: string }).id.slice(3))));
    expect(ns).toEqual([3, 10, 17, 24, 31, 38, 45]);
    expect(pages.every((p) => p.value.every((v) => Object.keys(v as object).join() === "id"))).toBe(true);
  });

  it("resumes after the last object served even when objects are added or removed between pages", () => {
    const items = many(10);
    const first = queryCollection({ ...request("$top=4"), items, schema: undefined });
    const next = new URL(first["@odata.nextLink"]!).searchParams;
    const changed = items
      .filter((o) => o.id !== "id-0002" && o.id !== "id-0005")
      .concat([
        { id: "id-0001a", displayName: "new", n: -1 },
        { id: "id-0004a", displayName: "new", n: -1 },
      ]);
    const second = queryCollection({ ...request(""), params: next, items: changed, schema: undefined });
    expect(idsOf(first.value)).toEqual(["0", "1", "2", "3"]);
    expect(second.value.map((v) => (v as { id: string }).id)).toEqual(["id-0004", "id-0004a", "id-0006", "id-0007"]);
  });

  it("pages through a sort on a non-unique key without repeating or losing anything", () => {
    const items = many(30);
    const pages = allPages({ ...request("$orderby=displayName desc&$top=4"), items, schema: undefined });
    const seen = pages.flatMap((p) => p.value.map((v) => v as { id: string; displayName: string }));
    expect(new Set(seen.map((v) => v.id)).size).toBe(30);
    const names = seen.map((v) => v.displayName);
    expect(names).toEqual([...names].sort().reverse());
  });

  it("refuses a token that is not one, or was made for another order", () => {
    expect(refusal(() => queryCollection(request("$skiptoken=garbage"))).code).toBe("Request_BadRequest");
    expect(refusal(() => queryCollection(request("$skiptoken=azmi1.!!!"))).code).toBe("Request_BadRequest");
    const items = many(10);
    const first = queryCollection({ ...request("$top=2"), items, schema: undefined });
    const token = new URL(first["@odata.nextLink"]!).searchParams.get("$skiptoken")!;
    const err = refusal(() => queryCollection({ ...request(`$orderby=displayName&$skiptoken=${encodeURIComponent(token)}`), items, schema: undefined }));
    expect(err.message).toBe("The specified page token value has expired or is invalid.");
  });

  const badTops: Array<[string, string]> = [
    ["0", "Invalid page size specified: '0'. Must be between 1 and 999 inclusive."],
    ["1000", "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."],
    ["-1", "Invalid page size specified: '-1'. Must be between 1 and 999 inclusive."],
    ["abc", "Invalid value 'abc' for $top query option found. The $top query option requires a non-negative integer value."],
    ["1.5", "Invalid value '1.5' for $top query option found."],
  ];
  it.each(badTops)("refuses $top=%s", (top, message) => {
    const err = refusal(() => queryCollection(request(`$top=${top}`)));
    expect([err.status, err.code]).toEqual([400, "Request_BadRequest"]);
    expect(err.message).toContain(message);
  });

  it("accepts $top=1 and $top=999", () => {
    expect(queryCollection(request("$top=1")).value).toHaveLength(1);
    expect(queryCollection({ ...request("$top=999"), items: many(1200), schema: undefined }).value).toHaveLength(999);
  });
});

describe("$orderby", () => {
  const sorted: Array<[string, string]> = [
    ["keyCount", "bdac"],
    ["keyCount desc", "cadb"],
    ["keyCount asc", "bdac"],
  ];
  it.each(sorted)("%s", (orderby, expected) => {
    expect(idsOf(queryCollection(request(`$orderby=${orderby}`)).value).join("")).toBe(expected);
  });

  it("sorts strings ignoring case, on several keys, nulls first", () => {
    const items = [
      { id: "1", a: "b", b: 2 },
      { id: "2", a: "B", b: 1 },
      { id: "3", a: "a", b: 9 },
      { id: "4", b: 0 },
    ];
    const ids = (q: string) =>
      queryCollection({ ...request(q), items, schema: undefined })
        .value.map((v) => (v as { id: string }).id)
        .join("");
    expect(ids("$orderby=a,b")).toBe("4321");
    expect(ids("$orderby=a desc, b desc")).toBe("1234");
  });

  it("refuses sorting a property the schema does not sort, a bad clause, an unknown property", () => {
    expect(refusal(() => queryCollection(request("$orderby=appId"))).message).toBe("Sorting not supported for current query.");
    expect(refusal(() => queryCollection(request("$orderby=keyCount sideways"))).message).toContain("'asc', 'desc', ',' or end of input expected");
    expect(refusal(() => queryCollection(request("$orderby=nope"))).code).toBe("Request_BadRequest");
  });
});

describe("the advanced-query rule", () => {
  /** [query, ConsistencyLevel header, refusal code and message, or the ids answered]. */
  const table: Array<[string, string | undefined, string]> = [
    [
      "$filter=displayName ne 'mi-web'",
      undefined,
      "Request_UnsupportedQuery: Operator 'ne' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    ],
    ["$filter=displayName ne 'mi-web'", "eventual", "Request_UnsupportedQuery: Operator 'ne' is not supported"],
    ["$filter=displayName ne 'mi-web'&$count=true", undefined, "Request_UnsupportedQuery: Operator 'ne' is not supported"],
    ["$filter=displayName ne 'mi-web'&$count=true", "eventual", "bcd"],
    ["$filter=not(displayName eq 'mi-web')", undefined, "Request_UnsupportedQuery: Operator 'not' is not supported"],
    ["$filter=not(displayName eq 'mi-web')&$count=true", "Eventual", "bcd"],
    ["$filter=endswith(displayName,'app')", undefined, "Request_UnsupportedQuery: Operator 'endsWith' is not supported"],
    ["$filter=endswith(displayName,'app')&$count=true", "eventual", "b"],
    ["$filter=startswith(displayName,'mi')&$orderby=keyCount", undefined, "Request_UnsupportedQuery: Sorting not supported for current query."],
    ["$filter=startswith(displayName,'mi')&$orderby=keyCount&$count=true", "eventual", "ac"],
    ["$orderby=displayName", undefined, "Request_UnsupportedQuery: Sorting not supported for current query."],
    ["$orderby=displayName&$count=true", "eventual", "bdac"],
    ["$orderby=keyCount", undefined, "bdac"],
    [
      '$search="displayName:mi"',
      undefined,
      "Request_UnsupportedQuery: Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ],
    ['$search="displayName:mi"', "eventual", "ac"],
    ["$filter=startswith(displayName,'mi')", undefined, "ac"],
    ["$filter=servicePrincipalNames/any(c:c eq 'api://contoso')", undefined, "b"],
  ];
  it.each(table)("%s with ConsistencyLevel %s", (query, consistencyLevel, expected) => {
    const run = () => queryCollection(request(query, { consistencyLevel }));
    if (expected.startsWith("Request_")) {
      const err = refusal(run);
      expect(`${err.code}: ${err.message}`).toContain(expected);
      expect(err.status).toBe(400);
    } else {
      expect(idsOf(run().value).join("")).toBe(expected);
    }
  });
});

describe("$count", () => {
  it("adds @odata.count, the total across pages, in an advanced query", () => {
    const items = many(250);
    const body = queryCollection({ ...request("$count=true&$top=10"), items, schema: undefined, consistencyLevel: "eventual" });
    expect(body["@odata.count"]).toBe(250);
    expect(body.value).toHaveLength(10);
    expect(Object.keys(body)).toEqual(["@odata.context", "@odata.count", "@odata.nextLink", "value"]);
    expect(new URL(body["@odata.nextLink"]!).searchParams.get("$count")).toBe("true");
  });

  it("is silently ignored without ConsistencyLevel: eventual, as Graph documents", () => {
    const body = queryCollection(request("$count=true"));
    expect(body["@odata.count"]).toBeUndefined();
    expect(body.value).toHaveLength(4);
  });

  it("counts matches on the /$count segment, which needs the header", () => {
    expect(countCollection(request("$filter=startswith(displayName,'mi')", { consistencyLevel: "eventual" }))).toBe(2);
    expect(countCollection(request("$filter=displayName ne 'x'", { consistencyLevel: "eventual" }))).toBe(4);
    const err = refusal(() => countCollection(request("")));
    expect([err.status, err.code, err.message]).toEqual([400, "Request_BadRequest", "$count is not currently supported."]);
  });

  it("refuses a $count that is neither true nor false", () => {
    expect(refusal(() => queryCollection(request("$count=yes"))).code).toBe("Request_BadRequest");
  });
});

describe("$search", () => {
  const table: Array<[string, string]> = [
    ['"displayName:mi"', "ac"],
    ['"displayName:world"', "d"],
    ['"displayName:api"', "d"],
    ['"displayName:2"', "d"],
    ['"displayName:app"', "b"],
    ['"displayName:contoso app"', "b"],
    ['"displayName:orld"', ""],
    ['"displayName:mi" AND "displayName:worker"', "c"],
    ['"displayName:web" OR "displayName:hello"', "ad"],
    ['"displayName:contoso" OR "description:brien"', "b"],
  ];
  it.each(table)("%s", (search, expected) => {
    expect(idsOf(queryCollection(request(`$search=${encodeURIComponent(search)}`, { consistencyLevel: "eventual" })).value).join("")).toBe(expected);
  });

  it("refuses malformed clauses and properties that are not searchable", () => {
    expect(refusal(() => queryCollection(request("$search=displayName:mi", { consistencyLevel: "eventual" }))).code).toBe("Request_BadRequest");
    expect(refusal(() => queryCollection(request('$search="mi"', { consistencyLevel: "eventual" }))).code).toBe("Request_BadRequest");
    expect(refusal(() => queryCollection(request('$search="displayName:a" NEAR "displayName:b"', { consistencyLevel: "eventual" }))).code).toBe(
      "Request_BadRequest",
    );
    expect(refusal(() => queryCollection(request('$search="appId:a"', { consistencyLevel: "eventual" }))).code).toBe("Request_UnsupportedQuery");
  });
});

describe("query options", () => {
  it("match option names case-insensitively and refuse duplicates, $skip and unknown options", () => {
    expect(idsOf(queryCollection(request("$FILTER=displayName eq 'mi-web'")).value)).toEqual(["a"]);
    expect(refusal(() => queryCollection(request("$filter=a eq 1&$filter=b eq 2"))).message).toBe(
      "Query option '$filter' was specified more than once, but it must be specified at most once.",
    );
    expect(refusal(() => queryCollection(request("$skip=2"))).code).toBe("Request_BadRequest");
    expect(refusal(() => queryCollection(request("$bogus=2"))).code).toBe("Request_BadRequest");
    expect(queryCollection(request("api-version=1&foo=bar")).value).toHaveLength(4);
  });

  it("turns a syntax error into Request_BadRequest naming the problem and position", () => {
    const err = refusal(() => queryCollection(request("$filter=displayName eq")));
    expect([err.status, err.code, err.message]).toEqual([
      400,
      "Request_BadRequest",
      "Invalid filter clause: Expression expected at position 14 in 'displayName eq'.",
    ]);
  });
});

describe("index seeks", () => {
  function source() {
    const asked: string[] = [];
    const src: ObjectSource = {
      all: () => {
        asked.push("all");
        return objects;
      },
      lookup: (property, value) => {
        if (property !== "servicePrincipalNames" && property !== "appId") return undefined;
        asked.push(`${property}=${value}`);
        return objects.filter((o) => (property === "appId" ? [o.appId] : o.servicePrincipalNames).some((v) => v.toLowerCase() === value));
      },
    };
    return { src, asked };
  }

  it("answers the CLI's lookups from the source's index, still applying the whole filter", () => {
    const { src, asked } = source();
    const body = queryCollection(request("$filter=servicePrincipalNames/any(c:c eq 'API://contoso') and accountEnabled eq true", { items: src }));
    expect(asked).toEqual(["servicePrincipalNames=api://contoso"]);
    expect(body.value).toEqual([]);
    const hit = queryCollection(request("$filter=appId eq 'BBBBBBBB-0000-0000-0000-000000000002'", { items: src }));
    expect(idsOf(hit.value)).toEqual(["b"]);
  });

  /** A source with an ordered displayName index, as the directory has. */
  function orderedSource() {
    const asked: string[] = [];
    const lower = (o: (typeof objects)[number]) => o.displayName.toLowerCase();
    const src: ObjectSource = {
      all: () => {
        asked.push("all");
        return objects;
      },
      lookup: (property, value) => {
        if (property !== "displayName") return undefined;
        asked.push(`${property}=${value}`);
        return objects.filter((o) => lower(o) === value);
      },
      lookupPrefix: (property, prefix) => {
        if (property !== "displayName") return undefined;
        asked.push(`${property}^=${prefix}`);
        return objects.filter((o) => lower(o).startsWith(prefix));
      },
    };
    return { src, asked };
  }

  it("answers startswith from an ordered index, and prefers an equality seek to it", () => {
    const { src, asked } = orderedSource();
    expect(idsOf(queryCollection(request("$filter=startswith(displayName,'MI-')", { items: src })).value)).toEqual(["a", "c"]);
    expect(asked).toEqual(["displayName^=mi-"]);
    asked.length = 0;
    const both = queryCollection(request("$filter=startswith(displayName,'mi') and displayName eq 'MI-WORKER'", { items: src }));
    expect(idsOf(both.value)).toEqual(["c"]);
    expect(asked).toEqual(["displayName=mi-worker"]);
  });

  it("scans for startswith when the source has no ordered index, or the prefix ends in a final sigma", () => {
    const { src, asked } = source();
    expect(idsOf(queryCollection(request("$filter=startswith(displayName,'mi-')", { items: src })).value)).toEqual(["a", "c"]);
    expect(asked).toEqual(["all"]);
    const ordered = orderedSource();
    queryCollection(request("$filter=startswith(displayName,'ς')", { items: ordered.src }));
    // Under not or or, startswith is no seek either.
    queryCollection(request("$filter=startswith(displayName,'mi') or appId eq 'x'", { items: ordered.src }));
    expect(ordered.asked).toEqual(["all", "all"]);
  });

  it("falls back to every object when no index fits", () => {
    const { src, asked } = source();
    expect(idsOf(queryCollection(request("$filter=id eq '00000000-0000-0000-0000-00000000000c'", { items: src })).value)).toEqual(["c"]);
    expect(asked).toEqual(["all"]);
  });
});
