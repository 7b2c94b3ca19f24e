/**
 * Federated identity credentials of user-assigned identities (tokens-and-graph.md §5): at most
 * 20 per identity, issuer + subject unique per identity, exactly one audience, https issuers.
 * Stored under the identity's key, so deleting the identity (or its group) is a prefix delete.
 */
import { z } from "zod";
import { armErrors, childResource, parseResourceId, type Actor, type ResourceId, type SystemData } from "@azmi/arm-core";
import { createdData, modifiedData } from "./system-data.js";
import { FEDERATED_CREDENTIAL_TYPE, hasClaimsMatchingExpression } from "./api-versions.js";
import type { IdentityContext } from "./context.js";
import { checkFederatedCredentialName } from "./names.js";
import type { UserAssignedIdentities, UserAssignedIdentity } from "./user-assigned-identities.js";

export const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
export const MAX_FEDERATED_CREDENTIALS = 20;
const MAX_LENGTH = 600;

const claimsMatchingExpression = z.object({
  languageVersion: z.number().int(),
  value: z.string(),
});

/** PUT body. */
export const federatedCredentialPut = z.object({
  properties: z
    .object({
      issuer: z.string().nullish(),
      subject: z.string().nullish(),
      audiences: z.array(z.string()).nullish(),
      claimsMatchingExpression: claimsMatchingExpression.nullish(),
    })
    .nullish(),
});
export type FederatedCredentialPut = z.infer<typeof federatedCredentialPut>;

export interface FederatedCredentialProperties {
  readonly issuer: string;
  /** Empty for a flexible credential matched by claimsMatchingExpression. */
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly claimsMatchingExpression?: { readonly languageVersion: number; readonly value: string };
}

export interface FederatedCredential {
  readonly id: string;
  readonly name: string;
  readonly type: typeof FEDERATED_CREDENTIAL_TYPE;
  readonly properties: FederatedCredentialProperties;
  /** Absent on credentials stored before azmi recorded it. */
  readonly systemData?: SystemData;
}

const COLLECTION = "federatedIdentityCredentials";

const bad = (message: string) => armErrors.badRequest(message);

function validIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Checks one PUT body and returns the properties to store. */
function validate(input: FederatedCredentialPut, apiVersion: string): FederatedCredentialProperties {
  const p = input.properties;
  if (p === undefined || p === null || Object.values(p).every((v) => v === undefined || v === null)) {
    throw bad("Federated Identity Credential from HTTP body has empty properties.");
  }
  const flexible = hasClaimsMatchingExpression(apiVersion) && p.claimsMatchingExpression != null;
  const issuer = p.issuer ?? "";
  const subject = p.subject ?? "";
  if (issuer === "" || (subject === "" && !flexible)) {
    throw bad("The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'.");
  }
  if (flexible && subject !== "") {
    throw bad("The request format was unexpected. Federated Identity Credential must specify either 'subject' or 'claimsMatchingExpression', not both.");
  }
  if (issuer.length > MAX_LENGTH || !validIssuer(issuer)) {
    throw bad(`Federated Identity Credential issuer '${issuer}' is invalid. The issuer must be a valid https URL of at most ${MAX_LENGTH} characters.`);
  }
  if (subject.length > MAX_LENGTH) throw bad(`Federated Identity Credential subject is too long. The maximum length is ${MAX_LENGTH} characters.`);
  const audiences = p.audiences ?? [DEFAULT_AUDIENCE];
  if (audiences.length !== 1 || audiences[0] === "") throw bad("Federated identity credentials must have exactly one audience.");
  if (audiences[0]!.length > MAX_LENGTH) throw bad(`Federated Identity Credential audience is too long. The maximum length is ${MAX_LENGTH} characters.`);
  for (const [field, value] of [
    ["issuer", issuer],
    ["subject", subject],
    ["audience", audiences[0]!],
  ] as const) {
    if (value.includes("*")) throw bad(`Wildcard characters are not supported in the Federated Identity Credential ${field}.`);
  }
  const out: FederatedCredentialProperties = { issuer, subject, audiences: [...audiences] };
  return flexible ? { ...out, claimsMatchingExpression: { ...p.claimsMatchingExpression! } } : out;
}

export class FederatedCredentials {
  constructor(
    private readonly ctx: IdentityContext,
    private readonly identities: UserAssignedIdentities,
  ) {}

  /** GET: the credential or 404 (parent missing → ParentResourceNotFound). */
  get(id: ResourceId): FederatedCredential {
    this.parentOf(id);
    const doc = this.ctx.store.get<FederatedCredential>(COLLECTION, id.key);
    if (doc === undefined) throw armErrors.resourceNotFound(FEDERATED_CREDENTIAL_TYPE, `${id.parent?.name}/${id.name}`, id.resourceGroup);
    return doc;
  }

  createOrUpdate(
    id: ResourceId,
    input: FederatedCredentialPut,
    options: { apiVersion: string; actor?: Actor },
  ): { created: boolean; credential: FederatedCredential } {
    const parent = this.parentOf(id);
    checkFederatedCredentialName(id.name!);
    const properties = validate(input, options.apiVersion);
    return this.ctx.store.transaction(() => {
      const siblings = this.all(parent).filter((c) => c.id.toLowerCase() !== id.key);
      const previous = this.ctx.store.get<FederatedCredential>(COLLECTION, id.key);
      if (previous === undefined && siblings.length >= MAX_FEDERATED_CREDENTIALS) {
        throw bad(
          `Too many Federated Identity Credentials are written to Managed Identity '${parent.id}'. The maximum number of Federated Identity Credentials per Managed Identity is ${MAX_FEDERATED_CREDENTIALS}.`,
        );
      }
      if (properties.subject !== "" && siblings.some((c) => c.properties.issuer === properties.issuer && c.properties.subject === properties.subject)) {
        throw bad("Issuer and subject combination already exists for this Managed Identity.");
      }
      // Shown under the identity as it was created (its casing), whatever casing the path used.
      const canonicalId = childResource(parseResourceId(parent.id), "federatedIdentityCredentials", id.name!);
      const credential: FederatedCredential = {
        id: previous?.id ?? canonicalId.id,
        name: previous?.name ?? id.name!,
        type: FEDERATED_CREDENTIAL_TYPE,
        properties,
      };
      const actor = options.actor ?? { id: "00000000-0000-0000-0000-000000000000", type: "Application" as const };
      const now = this.ctx.now();
      const stamped: FederatedCredential = {
        ...credential,
        systemData: previous?.systemData === undefined ? createdData(now, actor) : modifiedData(previous.systemData, now, actor),
      };
      this.ctx.store.put(COLLECTION, id.key, stamped, { parent: parent.id.toLowerCase() });
      return { created: previous === undefined, credential: stamped };
    });
  }

  /** Returns false when there was nothing to delete. */
  delete(id: ResourceId): boolean {
    this.parentOf(id);
    return this.ctx.store.delete(COLLECTION, id.key);
  }

  /** Every credential of the identity, in id order (404 when the identity does not exist). */
  list(identityId: ResourceId): FederatedCredential[] {
    return this.all(this.identities.get(identityId));
  }

  /** Every credential of an identity, in key order. */
  all(identity: Pick<UserAssignedIdentity, "id">): FederatedCredential[] {
    return this.ctx.store.findByIndex<FederatedCredential>(COLLECTION, "parent", identity.id.toLowerCase()).map((r) => r.value);
  }

  /** Removes every credential at or below a scope (the identity or an enclosing group). */
  deleteAtOrBelow(scopeKey: string): number {
    const prefix = scopeKey === "/" ? "/" : `${scopeKey}/`;
    const keys = this.ctx.store.list(COLLECTION, { prefix }).map((r) => r.key);
    for (const key of keys) this.ctx.store.delete(COLLECTION, key);
    return keys.length;
  }

  private parentOf(id: ResourceId): UserAssignedIdentity {
    const parentId = parseParent(id);
    const parent = this.identities.find(parentId);
    if (parent === undefined) throw armErrors.parentResourceNotFound(`Microsoft.ManagedIdentity/userAssignedIdentities/${parentId.name}`);
    return parent;
  }
}

function parseParent(id: ResourceId): ResourceId {
  if (id.parent === undefined || id.parent.kind !== "resource") throw armErrors.invalidResourceId(id.id);
  return id.parent;
}

/** The credential as answered on `apiVersion`: claimsMatchingExpression only where that version has it. */
export function renderFederatedCredential(credential: FederatedCredential, apiVersion: string): Record<string, unknown> {
  const { claimsMatchingExpression: expression, ...base } = credential.properties;
  const properties = hasClaimsMatchingExpression(apiVersion) && expression !== undefined ? { ...base, claimsMatchingExpression: expression } : base;
  const body: Record<string, unknown> = { id: credential.id, name: credential.name, type: credential.type, properties };
  // The 2022-01-31-preview and later schemas declare it (ProxyResource with systemData).
  if (credential.systemData !== undefined && apiVersion >= "2022-01-31-preview") body.systemData = credential.systemData;
  return body;
}
