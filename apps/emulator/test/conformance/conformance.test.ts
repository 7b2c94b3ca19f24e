/**
 * Microsoft's own REST examples (azure-rest-api-specs x-ms-examples, stored beside this file with
 * their NOTICE) replayed against azmi: one test per example, each on a fresh state with the parents
 * it needs seeded. An answer must match the example's status, body shape, id/name/type, echo and
 * swagger schema. A difference is allowed only when written down: example-faults.json (the example
 * is wrong against Azure, with the evidence) or open-differences.json (azmi is wrong, not fixed yet).
 * A written-down difference that no longer occurs fails too, so both lists stay true.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { echoDifferences, identityDifferences, SchemaCheck, shapeDifferences } from "./compare.js";
import { exampleResponse, isObject, requestOf, successStatuses } from "./request-of.js";
import type { DenyAssignmentInput } from "@azmi/rbac";
import { Seeder } from "./seed.js";
import { loadExamples, SPECS_ROOT, type Example, type Json, type JsonObject } from "./spec-index.js";

interface Listed {
  /** The start of the difference as the suite words it, or a regular expression with `pattern`. */
  readonly difference: string;
  readonly pattern?: boolean;
  readonly evidence: string;
}
type Listing = Record<string, readonly Listed[]>;

const here = join(SPECS_ROOT, "..");
const exampleFaults = JSON.parse(readFileSync(join(here, "example-faults.json"), "utf8")) as Listing;
const openDifferences = JSON.parse(readFileSync(join(here, "open-differences.json"), "utf8")) as Listing;

const examples = loadExamples();
/** Every subscription the examples name, so azmi is started knowing them all. */
const subscriptions = [
  ...new Set(
    examples.flatMap((e) => [
      ...[...JSON.stringify(e.data).matchAll(/subscriptions\/([0-9a-f-]{36})/gi)].map((m) => m[1]!.toLowerCase()),
      ...(typeof e.data.parameters.subscriptionId === "string" ? [e.data.parameters.subscriptionId.toLowerCase()] : []),
    ]),
  ),
];

let azmi: TestAzmi;
let schemas: SchemaCheck;
/** Requests carry the operator's token, as a client's would: answers about "the caller" are about it. */
let send: TestAzmi["request"];
const matched: string[] = [];
/** AZMI_CONFORMANCE_REPORT=file.json writes every difference found, listed or not. */
const report: Record<string, string[]> = {};

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { subscriptions: ["00000000-0000-0000-0000-000000000000", ...subscriptions] } });
  schemas = new SchemaCheck();
  const token = (await azmi.credential.getToken("https://management.azure.com/.default"))!.token;
  send = (method, path, body, headers = {}) => azmi.request(method, path, body, { authorization: `Bearer ${token}`, ...headers });
});
afterAll(async () => {
  console.log(`conformance: ${matched.length}/${examples.length} examples match (${((100 * matched.length) / examples.length).toFixed(1)}%)`);
  if (process.env.AZMI_CONFORMANCE_REPORT) writeFileSync(process.env.AZMI_CONFORMANCE_REPORT, JSON.stringify(report, null, 2));
  await azmi?.stop();
});

/** A deny assignment an example shows, as Azure would have made it. */
function seedDenyAssignment(item: JsonObject): void {
  const properties = isObject(item.properties) ? item.properties : {};
  const scope = String(item.id).split(/\/providers\/Microsoft\.Authorization\/denyAssignments\//i)[0] || "/";
  // The id, not the name field, is what the replay made a GUID of.
  azmi.services.rbac.denyAssignments.put({ ...(properties as object), name: String(item.id).split("/").pop()!, scope } as DenyAssignmentInput);
}

/** What an example needs beyond its parents and the resources its answer shows. */
async function prepare(example: Example, seeder: Seeder, path: string): Promise<void> {
  const name = example.file.split("/").pop()!;
  if (/DeletedVault/i.test(name)) {
    const p = example.data.parameters;
    const vault = `/subscriptions/${p.subscriptionId}/resourceGroups/seeded-rg/providers/Microsoft.KeyVault/vaults/${p.vaultName}`;
    await seeder.chain(vault, true, { location: p.location ?? "westus" });
    await send("DELETE", `${vault}?api-version=2023-07-01`);
  }
  const body = example.data.parameters;
  const sent = Object.values(body).find(isObject);
  if (isObject(sent) && isObject(sent.properties) && typeof sent.properties.roleDefinitionId === "string" && typeof sent.properties.principalId === "string") {
    await seeder.roleDefinition(sent.properties.roleDefinitionId);
  }
  // A management group the request names as the new parent, or a name the example reports as taken.
  const parentGroup = isObject(sent)
    ? (sent.parentGroupId ??
      (isObject(sent.properties) && isObject(sent.properties.details) && isObject(sent.properties.details.parent)
        ? sent.properties.details.parent.id
        : undefined))
    : undefined;
  if (typeof parentGroup === "string") await seeder.chain(parentGroup, true);
  const answer = exampleResponse(example, 200)?.body;
  if (
    isObject(sent) &&
    typeof sent.name === "string" &&
    /^Microsoft\.Management\/managementGroups$/i.test(String(sent.type)) &&
    isObject(answer) &&
    answer.reason === "AlreadyExists"
  ) {
    await seeder.chain(`/providers/Microsoft.Management/managementGroups/${sent.name}`, true);
  }
  if (example.method === "PUT") await seeder.chain(path, false);
  else if (example.method === "POST") await seeder.chain(path, false);
  else await seeder.chain(path, true, example.method === "GET" ? (exampleResponse(example, 200)?.body as JsonObject | undefined) : undefined);
}

/** Every difference between azmi's answer and the example. */
async function replay(example: Example): Promise<string[]> {
  azmi.services.reset();
  const request = requestOf(example);
  const seeder = new Seeder(send, azmi.tenantId, seedDenyAssignment);
  const statuses = successStatuses(example);
  const shown = exampleResponse(example, statuses[0]!)?.body;
  await prepare(example, seeder, request.path);
  await seeder.shown(example.method === "GET" ? shown : undefined);
  const res = await send(request.method, request.url, request.body);
  const body = (res.json ?? undefined) as Json | undefined;
  if (!statuses.includes(res.status)) {
    const code = isObject(body) && isObject(body.error) ? ` ${String(body.error.code)}` : "";
    return [`status: example ${statuses.join("|")}, azmi ${res.status}${code}`, ...seeder.refused];
  }
  const expected = exampleResponse(example, res.status)?.body;
  return [
    ...shapeDifferences(expected, body),
    ...identityDifferences(request, body, expected),
    ...(request.method === "PUT" || request.method === "PATCH" ? echoDifferences(request.body, expected, body) : []),
    ...schemas.differences(example.responses[String(res.status)], res.status === 204 ? undefined : body),
  ];
}

describe("azure-rest-api-specs examples", () => {
  for (const example of examples) {
    it(`${example.operationId} ${example.file}`, async () => {
      const found = await replay(example);
      report[example.file] = found;
      const listed = [...(exampleFaults[example.file] ?? []), ...(openDifferences[example.file] ?? [])];
      const covers = (l: Listed, d: string) => (l.pattern ? new RegExp(l.difference).test(d) : d.startsWith(l.difference));
      const unexplained = found.filter((d) => !listed.some((l) => covers(l, d)));
      const stale = listed.filter((l) => !found.some((d) => covers(l, d)));
      if (found.every((d) => exampleFaults[example.file]?.some((l) => covers(l, d)))) matched.push(example.file);
      expect({ unexplained, stale }).toEqual({ unexplained: [], stale: [] });
    });
  }
});
