/** Who sent a request, as the bearer token says (ARM and in-process calls; Graph adds its own details). */
export interface Caller {
  /** oid of the token, or a fixed anonymous principal in permissive mode without a token. */
  readonly objectId: string;
  /** appid of the token. */
  readonly clientId: string;
  readonly tenantId: string;
  readonly authenticated: boolean;
}
