/**
 * The question a data plane asks: may the bearer of this token perform this operation at this
 * scope? `kind` and `audience` are needed only when the operation does not tell them (an
 * emulator's own data actions, a data plane azmi does not know the audience of).
 */
import { z } from "zod";

export const authorizationRequestSchema = z.object({
  token: z.string(),
  action: z.string().min(1).max(1024),
  scope: z.string().min(1).max(2048),
  kind: z.enum(["action", "dataAction"]).optional(),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
});

export type AuthorizationRequest = z.infer<typeof authorizationRequestSchema>;
