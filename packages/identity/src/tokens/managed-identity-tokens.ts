/**
 * Issuing managed-identity tokens to the resource that asks. The endpoint secret (App Service
 * header, or the path of the IMDS base URL) names the asking resource; the selector picks one
 * of the identities that resource holds; the token is signed with azmi's key. Everything the
 * IMDS and App Service routes need beyond parsing and rendering.
 */
import { parseResourceId, type ResourceId, type ResourceStore, type TrackedResource } from "@azmi/arm-core";
import type { IdentityBinding } from "../identity-bindings.js";
import type { GrantClaims } from "../directory-access/token-grants.js";
import type { EndpointSecrets } from "./endpoint-secrets.js";
import { managedIdentityEndpointErrors, selectIdentity, type AttachedIdentities, type IdentitySelector } from "./identity-selection.js";
import { issueManagedIdentityToken, type ClaimsSigner, type IssuedToken, type TokenIdentity } from "./managed-identity-token.js";
import type { TokenRevocations } from "./token-revocations.js";

export interface ManagedIdentityTokensOptions {
  readonly resources: ResourceStore;
  /** Finds the identity owned by a resource id (IdentityService.findByResourceId). */
  readonly identities: { findByResourceId(id: ResourceId): IdentityBinding | undefined };
  readonly secrets: EndpointSecrets;
  readonly signer: ClaimsSigner;
  /** The authorization claims (`roles`, `wids`) the directory holds for a principal and audience. */
  readonly grants?: (principalId: string, audience: string) => GrantClaims;
  /** A token for an identity whose tokens were revoked this second counts as issued after the revocation. */
  readonly revocations?: Pick<TokenRevocations, "issueTime">;
}

export interface ManagedIdentityTokenAsk {
  /** The secret the request carried; names the asking resource. */
  readonly secret: string;
  readonly selector: IdentitySelector;
  /** The `resource` query value: the token's audience. */
  readonly resource: string;
}

export interface ManagedIdentityTokenAnswer extends IssuedToken {
  readonly identity: TokenIdentity;
  readonly resource: string;
}

interface IdentityBlock {
  readonly userAssignedIdentities?: Readonly<Record<string, unknown>>;
}

export class ManagedIdentityTokens {
  constructor(private readonly options: ManagedIdentityTokensOptions) {}

  /** The identities a resource holds now: its system-assigned one, and the user-assigned ones attached to it. */
  attachedIdentities(resourceId: string): AttachedIdentities {
    const { identities, resources } = this.options;
    const id = tryParse(resourceId);
    if (id === undefined) return { userAssigned: [] };
    const own = identities.findByResourceId(id);
    const systemAssigned = own?.kind === "SystemAssigned" ? toIdentity(own) : undefined;
    const document = resources.get<TrackedResource & { identity?: IdentityBlock }>(id);
    const userAssigned: TokenIdentity[] = [];
    for (const uaiId of Object.keys(document?.identity?.userAssignedIdentities ?? {})) {
      const uai = tryParse(uaiId);
      const binding = uai === undefined ? undefined : identities.findByResourceId(uai);
      if (binding?.kind === "UserAssigned") userAssigned.push(toIdentity(binding));
    }
    return systemAssigned === undefined ? { userAssigned } : { systemAssigned, userAssigned };
  }

  /** The resource a secret belongs to, or undefined. */
  resourceForSecret(secret: string): string | undefined {
    return this.options.secrets.resourceFor(secret);
  }

  async issue(ask: ManagedIdentityTokenAsk): Promise<ManagedIdentityTokenAnswer> {
    if (ask.resource === "") throw managedIdentityEndpointErrors.resourceMissing();
    const askingResourceId = this.options.secrets.resourceFor(ask.secret);
    // An unknown secret cannot name a resource, so no identity can be found for it.
    if (askingResourceId === undefined) throw managedIdentityEndpointErrors.identityNotFound();
    const identity = selectIdentity(this.attachedIdentities(askingResourceId), ask.selector);
    const extraClaims = this.options.grants?.(identity.principalId, ask.resource);
    const now = Math.floor(Date.now() / 1000);
    const token = await issueManagedIdentityToken(this.options.signer, {
      now: this.options.revocations?.issueTime(identity.principalId, now) ?? now,
      identity,
      resource: ask.resource,
      askingResourceId,
      ...(extraClaims === undefined ? {} : { extraClaims }),
    });
    return { ...token, identity, resource: ask.resource };
  }
}

function tryParse(id: string): ResourceId | undefined {
  try {
    return parseResourceId(id);
  } catch {
    return undefined;
  }
}

function toIdentity(binding: { resourceId: string; principalId: string; clientId: string; tenantId: string }): TokenIdentity {
  return { resourceId: binding.resourceId, principalId: binding.principalId, clientId: binding.clientId, tenantId: binding.tenantId };
}
