/**
 * The decision point: token verification, then the RBAC decision for the token's principal.
 * An invalid token is a refusal that says what was wrong with it, not an error: the question was
 * well formed, the answer is no. A question that cannot be asked (an operation whose audience is
 * unknown and not given, a scope that is no resource id) is ARM's InvalidRequestContent.
 */
import { armErrors, parseResourceId, type ResourceId } from "@azmi/arm-core";
import type { BuiltInCatalogue } from "@azmi/rbac";
import type { AuthorizationRequest } from "./authorization-request.js";
import { decide, type Considered, type RoleAssignmentsReader } from "./decision.js";
import type { DenyAssignmentSource } from "@azmi/rbac";
import type { KeySource } from "./key-sources.js";
import { OperationKinds } from "./operation-kinds.js";
import { audiencesFor } from "./service-audiences.js";
import { verifyToken, type PrincipalKind, type TokenErrorCode } from "./token-verification.js";

export interface AuthorizerOptions {
  /** The RBAC the decision is made with: azmi's, or an embedder's own createRbac over its store. */
  readonly rbac: RoleAssignmentsReader & { readonly catalogue: BuiltInCatalogue };
  /** The keys that sign the tokens the data plane accepts. */
  readonly keys: KeySource;
  /** The tenant the data plane belongs to; tokens of other tenants are refused. */
  readonly tenantId?: string;
  /** Where deny assignments are read; defaults to the RBAC's own (azmi's store). */
  readonly denyAssignments?: DenyAssignmentSource;
  /** The embedder's own data actions (operation names no built-in role lists). */
  readonly dataActions?: readonly string[];
  /** Seconds since the epoch, for tests; defaults to the clock. */
  readonly now?: () => number;
}

export type AuthorizationDecision =
  | {
      readonly allowed: boolean;
      readonly principalId: string;
      readonly principalType: PrincipalKind;
      readonly reason: string;
      readonly considered: readonly Considered[];
    }
  | { readonly allowed: false; readonly tokenError: TokenErrorCode; readonly reason: string };

export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<AuthorizationDecision>;
}

export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const kinds = new OperationKinds(options.rbac.catalogue, options.dataActions);
  return {
    async authorize(request) {
      const kind = request.kind ?? kinds.kindOf(request.action);
      const given = request.audience === undefined ? undefined : typeof request.audience === "string" ? [request.audience] : request.audience;
      const audiences = given ?? audiencesFor(request.action, kind);
      if (audiences === undefined) {
        throw armErrors.invalidRequestContent(
          `Invalid value for 'audience': the data action '${request.action}' belongs to no data plane whose audience azmi knows; say which audience its tokens carry`,
        );
      }
      const scope = scopeOf(request.scope);
      const token = await verifyToken(request.token, {
        keys: options.keys,
        audiences,
        tenantId: options.tenantId,
        ...(options.now === undefined ? {} : { now: options.now() }),
      });
      if (!token.ok) return { allowed: false, tokenError: token.error, reason: `invalid token: ${token.message}` };
      const { principalId, principalType } = token.principal;
      const decision = decide(options.rbac, options.denyAssignments ?? options.rbac.denyAssignments, { principalId, operation: request.action, kind, scope });
      return { allowed: decision.allowed, principalId, principalType, reason: decision.reason, considered: decision.considered };
    },
  };
}

function scopeOf(id: string): ResourceId {
  try {
    return parseResourceId(id);
  } catch {
    throw armErrors.invalidRequestContent(`Invalid value for 'scope': '${id}' is not a resource id or scope (/subscriptions/{id}/..., /providers/...)`);
  }
}
