/**
 * The request log (/_azmi/console/requests) over HTTP, in strict mode: a refusal made by a real
 * token shows with its client, caller, status and azmi's decision, links to the access page
 * pre-filled with the refused action and scope, opens with its headers and bodies with the
 * bearer token and form secrets masked; filters narrow the log; the poll returns only newer rows;
 * the console's own pages stay out of it; a request no longer kept is a 404 page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { identityEnvironmentOf } from "../support/token-checks.js";
import { consolePage, makeConsoleScenario, type ConsoleScenario } from "./scenario.js";

let azmi: TestAzmi;
let scenario: ConsoleScenario;
let refusedToken: string;
const SECRET = "very-secret-client-secret-0192";

function rowSeqs(html: string): number[] {
  return [...html.matchAll(/<tr data-seq="(\d+)"/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  scenario = await makeConsoleScenario(azmi);
  refusedToken = await scenario.identityToken();
  const refused = await azmi.request(
    "PUT",
    `${scenario.groupId}?api-version=2021-04-01`,
    { location: "westeurope", tags: { a: "b" } },
    { authorization: `Bearer ${refusedToken}`, "user-agent": "AZURECLI/2.61.0 (DEB) azsdk-python-core/1.28.0 Python/3.11.2" },
  );
  expect(refused.status).toBe(403);
  // A token request whose form carries a client secret (refused: no such application).
  await fetch(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "azsdk-js-identity/4.11.2 core-rest-pipeline/1.19.0 Node/20" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "22222222-2222-2222-2222-222222222222",
      client_secret: SECRET,
      scope: "https://management.azure.com/.default",
    }),
  });
});

afterAll(async () => {
  await azmi?.stop();
});

describe("request log", () => {
  it("lists the refused PUT with its client, caller, status, azmi's decision and a link to the access page pre-filled", async () => {
    const { status, html } = await consolePage(azmi, "/_azmi/console/requests?status=403");
    expect(status).toBe(200);
    const row = /<tr data-seq="\d+" data-status="403"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(row).toContain(scenario.groupId);
    expect(row).toContain("PUT");
    expect(row).toContain("az 2.61.0");
    expect(row).toContain(scenario.uami.principalId);
    expect(row).toContain('data-refusal="AuthorizationFailed"');
    expect(row).toContain("'Reader'");
    const access = new URLSearchParams({
      principal: scenario.uami.principalId,
      action: "Microsoft.Resources/subscriptions/resourceGroups/write",
      scope: scenario.groupId,
    });
    expect(row).toContain(`href="/_azmi/console/access?${access.toString().replace(/&/g, "&amp;")}"`);
  });

  it("the access page the link opens explains the same refusal", async () => {
    const list = await consolePage(azmi, "/_azmi/console/requests?status=refused");
    const href = /data-explain="true" href="([^"]+)"/.exec(list.html)![1]!.replace(/&amp;/g, "&");
    const { html } = await consolePage(azmi, href);
    expect(html).toContain('data-verdict="denied"');
    expect(html).toMatch(/data-granted="false">.*Reader/);
  });

  it("a request opens with its headers and bodies, the bearer token and the client secret masked", async () => {
    const list = await consolePage(azmi, "/_azmi/console/requests?status=403");
    const seq = rowSeqs(list.html)[0]!;
    const { status, html } = await consolePage(azmi, `/_azmi/console/requests/${seq}`);
    expect(status).toBe(200);
    expect(html).toContain("Bearer ***");
    expect(html).not.toContain(refusedToken);
    expect(html).not.toContain(refusedToken.split(".")[1]!);
    expect(html).toContain("data-decision");
    // azmi's own decision header is shown, not masked as a credential.
    expect(html).toMatch(/data-header="x-azmi-authorization"><th>x-azmi-authorization<\/th><td><code class="id">considered 1 assignment/);
    expect(html).toContain("&quot;tags&quot;"); // the request body as sent
    expect(html).toContain("AuthorizationFailed"); // the answer's body

    const tokenRequests = await consolePage(azmi, "/_azmi/console/requests?path=oauth2/v2.0/token");
    const tokenSeq = rowSeqs(tokenRequests.html)[0]!;
    const detail = await consolePage(azmi, `/_azmi/console/requests/${tokenSeq}`);
    expect(detail.html).toContain("client_secret=***");
    expect(detail.html).not.toContain(SECRET);
    expect(detail.html).toContain("SDK (JS: identity)");
  });

  it("masks the managed-identity endpoint's secret in paths and in the answer that hands it out", async () => {
    const environment = await identityEnvironmentOf(azmi, scenario.vmId);
    const secret = new URL(environment.AZURE_POD_IDENTITY_AUTHORITY_HOST!).pathname.split("/")[3]!;
    expect(secret.length).toBeGreaterThan(10);
    const list = await consolePage(azmi, "/_azmi/console/requests?path=/_azmi/");
    expect(list.html).toContain("/_azmi/imds/***/metadata/identity/oauth2/token");
    expect(list.html).not.toContain(secret);
    const handedOut = await consolePage(
      azmi,
      `/_azmi/console/requests/${rowSeqs((await consolePage(azmi, "/_azmi/console/requests?path=identity-endpoint")).html)[0]!}`,
    );
    expect(handedOut.html).toContain("AZURE_POD_IDENTITY_AUTHORITY_HOST");
    expect(handedOut.html).not.toContain(secret);
    expect(handedOut.html).not.toContain(environment.IDENTITY_HEADER!);
  });

  it("filters by status, caller and path", async () => {
    const all = rowSeqs((await consolePage(azmi, "/_azmi/console/requests")).html);
    const ok = rowSeqs((await consolePage(azmi, "/_azmi/console/requests?status=2xx")).html);
    const byCaller = rowSeqs((await consolePage(azmi, `/_azmi/console/requests?caller=${scenario.uami.clientId}`)).html);
    const byPath = rowSeqs((await consolePage(azmi, "/_azmi/console/requests?path=FEDERATEDIDENTITY")).html);
    expect(all.length).toBeGreaterThan(5);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length).toBeLessThan(all.length);
    expect(byCaller).toHaveLength(1);
    expect(byPath).toEqual([]);
    expect(rowSeqs((await consolePage(azmi, "/_azmi/console/requests?path=Microsoft.Authorization/locks")).html)).toHaveLength(1);
  });

  it("the poll returns only rows newer than the page's, and the console's own pages are not logged", async () => {
    const { html } = await consolePage(azmi, "/_azmi/console/requests");
    const after = Number(/data-after="(\d+)"/.exec(html)![1]);
    const none = await fetch(`${azmi.url}/_azmi/console/requests/rows?&after=${after}`);
    expect(none.headers.get("x-azmi-last-seq")).toBe(String(after));
    expect(rowSeqs(await none.text())).toEqual([]);
    await scenario.refusedWrite();
    const some = await fetch(`${azmi.url}/_azmi/console/requests/rows?status=403&after=${after}`);
    const fresh = rowSeqs(await some.text());
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh.every((seq) => seq > after)).toBe(true);
    expect(html).not.toContain("/_azmi/console/requests</code>");
  });

  it("a request the log does not hold is a 404 page that says so", async () => {
    const { status, html } = await consolePage(azmi, "/_azmi/console/requests/999999");
    expect(status).toBe(404);
    expect(html).toContain("The request log holds no request '999999'");
  });
});
