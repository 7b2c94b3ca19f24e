import { describe, expect, it } from "vitest";
import { acceptedAudiences, advertisedResources, audienceForms, PUBLIC_CLOUD_URLS, type CloudUrls } from "../src/tokens/service-audiences.js";
import { audienceFromResource, audienceFromScope } from "../src/tokens/access-token.js";

const direct: CloudUrls = { resourceManager: "https://127.0.0.1:48227/", login: "https://127.0.0.1:48227/", graph: "https://127.0.0.1:48227/" };
const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

describe("accepted audiences per service", () => {
  it("ARM under Azure's names accepts exactly the four audiences ARM's own 401 lists", () => {
    expect(acceptedAudiences(PUBLIC_CLOUD_URLS).resourceManager).toEqual([
      "https://management.core.windows.net/",
      "https://management.core.windows.net",
      "https://management.azure.com/",
      "https://management.azure.com",
    ]);
  });

  it("every audience a client derives from the advertised document is accepted by the service it names", () => {
    const table = acceptedAudiences(direct);
    const advertised = advertisedResources(direct);
    // az: activeDirectoryResourceId = audiences[0], scope `X/.default` (trailing slash kept: `X//.default`).
    // Terraform and the SDKs: resourceManager as the resource, or `resourceManager/.default`.
    for (const resource of [...advertised.armAudiences, advertised.resourceManager]) {
      for (const derived of [
        audienceFromScope(`${resource}/.default`)!,
        audienceFromScope(`${resource.replace(/\/$/, "")}/.default`)!,
        audienceFromResource(resource),
      ]) {
        expect(lower(table.resourceManager)).toContain(derived.toLowerCase());
      }
    }
    for (const resource of [advertised.graphAudience, advertised.microsoftGraphResourceId]) {
      expect(lower(table.graph)).toContain(audienceFromScope(`${resource}/.default`)!.toLowerCase());
      expect(lower(table.graph)).toContain(audienceFromResource(resource).toLowerCase());
    }
    expect(table.keyVault).toContain(audienceFromScope(`https://${advertised.keyVaultDns}/.default`));
    expect(table.managedHsm).toContain(audienceFromScope(`${advertised.managedHsmResourceId}/.default`));
  });

  it("the origin azmi advertises at a direct port is an audience of ARM and of Graph, in both slash forms", () => {
    const table = acceptedAudiences(direct);
    for (const service of ["resourceManager", "graph"] as const) {
      expect(table[service]).toContain("https://127.0.0.1:48227");
      expect(table[service]).toContain("https://127.0.0.1:48227/");
    }
  });

  it("nothing else: another service's audience, another port, another host or Graph's id are refused by ARM", () => {
    const arm = lower(acceptedAudiences(direct).resourceManager);
    for (const foreign of [
      "https://graph.microsoft.com",
      "00000003-0000-0000-c000-000000000000",
      "https://vault.azure.net",
      "https://storage.azure.com",
      "https://127.0.0.1:48228",
      "https://localhost:48227",
      "http://127.0.0.1:48227/",
      "api://AzureADTokenExchange",
    ]) {
      expect(arm).not.toContain(foreign.toLowerCase());
    }
    const graph = lower(acceptedAudiences(PUBLIC_CLOUD_URLS).graph);
    expect(graph).toEqual(["https://graph.microsoft.com/", "https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"]);
    expect(graph).not.toContain("https://management.azure.com/");
  });

  it("the data planes accept their resource ids and first-party application ids, and nothing of ARM's", () => {
    const table = acceptedAudiences(PUBLIC_CLOUD_URLS);
    expect(table.keyVault).toEqual(["https://vault.azure.net/", "https://vault.azure.net", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"]);
    expect(table.storage).toEqual(["https://storage.azure.com/", "https://storage.azure.com", "e406a681-f3d4-42a8-90b6-c2b029497af1"]);
    expect(table.managedHsm).toEqual(["https://managedhsm.azure.net/", "https://managedhsm.azure.net"]);
    expect(table.keyVault).not.toContain("https://management.azure.com/");
  });

  it("a resource id's forms are its bare and slashed spellings", () => {
    expect(audienceForms("https://x.example//")).toEqual(["https://x.example/", "https://x.example"]);
  });
});
