/** Why a revoked token (revokeTokens) is refused, in the words ARM, Key Vault and the console share. */
export function revokedMessage(verdict: { readonly principalId: string; readonly revokedAt: Date }): string {
  return `The token was revoked: the tokens of principal '${verdict.principalId}' issued before ${verdict.revokedAt.toISOString()} were revoked (revokeTokens). Get a new token.`;
}
