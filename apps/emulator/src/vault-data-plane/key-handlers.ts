/** The keys operations: thin calls into @azmi/keyvault's VaultKeys. */
import type { DataOperation, KeyCryptoOperation } from "@azmi/keyvault";
import type { VaultHandlerContext, VaultOperationHandler } from "./exchange.js";
import { listAnswer, pageRequest } from "./list-answer.js";

const keys = (ctx: VaultHandlerContext) => ctx.services.keyVaultData.keys;

/** sign, verify, encrypt ... on /keys/{name}/{version}/{operation}; an empty version is the latest. */
const cryptoOperation = (operation: KeyCryptoOperation & DataOperation): VaultOperationHandler => ({
  operation,
  itemParam: 0,
  // the answer is computed, nothing is stored
  writes: false,
  handle: (c) => ({ status: 200, body: keys(c).operate(c.vault, c.params[0]!, c.params[1], operation, c.body, c.now, c.base) }),
});

export const keyHandlers = {
  create: {
    operation: "createKey",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: keys(c).create(c.vault, c.params[0]!, c.body, c.now, c.base) }),
  },
  import: {
    operation: "importKey",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: keys(c).import(c.vault, c.params[0]!, c.body, c.now, c.base) }),
  },
  rotate: { operation: "rotateKey", itemParam: 0, writes: true, handle: (c) => ({ status: 200, body: keys(c).rotate(c.vault, c.params[0]!, c.now, c.base) }) },
  getRotationPolicy: {
    operation: "getKeyRotationPolicy",
    itemParam: 0,
    writes: false,
    handle: (c) => ({ status: 200, body: keys(c).getRotationPolicy(c.vault, c.params[0]!, c.base) }),
  },
  setRotationPolicy: {
    operation: "setKeyRotationPolicy",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: keys(c).setRotationPolicy(c.vault, c.params[0]!, c.body, c.now, c.base) }),
  },
  get: { operation: "getKey", itemParam: 0, writes: false, handle: (c) => ({ status: 200, body: keys(c).get(c.vault, c.params[0]!, c.params[1], c.base) }) },
  update: {
    operation: "updateKey",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: keys(c).update(c.vault, c.params[0]!, c.params[1], c.body, c.now, c.base) }),
  },
  list: { operation: "listKeys", writes: false, handle: (c) => listAnswer(c, "/keys", keys(c).list(c.vault, pageRequest(c), c.base)) },
  listVersions: {
    operation: "listKeyVersions",
    itemParam: 0,
    writes: false,
    handle: (c) => listAnswer(c, `/keys/${c.params[0]}/versions`, keys(c).listVersions(c.vault, c.params[0]!, pageRequest(c), c.base)),
  },
  delete: { operation: "deleteKey", itemParam: 0, writes: true, handle: (c) => ({ status: 200, body: keys(c).delete(c.vault, c.params[0]!, c.now, c.base) }) },
  getDeleted: {
    operation: "getDeletedKey",
    itemParam: 0,
    writes: false,
    handle: (c) => ({ status: 200, body: keys(c).getDeleted(c.vault, c.params[0]!, c.base) }),
  },
  listDeleted: {
    operation: "listDeletedKeys",
    writes: false,
    handle: (c) => listAnswer(c, "/deletedkeys", keys(c).listDeleted(c.vault, pageRequest(c), c.base)),
  },
  recover: { operation: "recoverKey", itemParam: 0, writes: true, handle: (c) => ({ status: 200, body: keys(c).recover(c.vault, c.params[0]!, c.base) }) },
  purge: {
    operation: "purgeKey",
    itemParam: 0,
    writes: true,
    handle: (c) => {
      keys(c).purge(c.vault, c.params[0]!);
      return { status: 204 };
    },
  },
  backup: { operation: "backupKey", itemParam: 0, writes: false, handle: (c) => ({ status: 200, body: keys(c).backup(c.vault, c.params[0]!) }) },
  restore: { operation: "restoreKey", writes: true, handle: (c) => ({ status: 200, body: keys(c).restore(c.vault, c.body, c.base) }) },
  sign: cryptoOperation("sign"),
  verify: cryptoOperation("verify"),
  encrypt: cryptoOperation("encrypt"),
  decrypt: cryptoOperation("decrypt"),
  wrapKey: cryptoOperation("wrapKey"),
  unwrapKey: cryptoOperation("unwrapKey"),
} satisfies Record<string, VaultOperationHandler>;
