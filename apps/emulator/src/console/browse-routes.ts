/**
 * The pages that browse what ARM and Graph hold: the resource tree, roles (list and one role),
 * the directory (its queries and one object) and the token decoder. Each reads through the
 * console's reads (reads.ts), as the operator, and changes nothing.
 */
import type Router from "@koa/router";
import type Koa from "koa";
import { requestOrigin } from "../http/origin.js";
import type { Services } from "../services.js";
import { directoryQuerySchema, readDirectory } from "./directory-queries.js";
import { readInventory } from "./inventory.js";
import { Directory, DirectoryObjectPage } from "./pages/directory.js";
import { NotFound } from "./pages/layout.js";
import { Resources } from "./pages/resources.js";
import { Role } from "./pages/role.js";
import { Roles } from "./pages/roles.js";
import { TokenDecoder } from "./pages/token.js";
import type { ConsoleReads } from "./reads.js";
import { resourceTree } from "./resource-tree.js";
import { page, text } from "./respond.js";
import { readRoles, roleMatches } from "./role-catalogue.js";
import { checkToken } from "./token-check.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mountBrowsePages(router: Router, services: Services, readsFor: (ctx: Koa.Context) => ConsoleReads): void {
  router.get("/console/resources", async (ctx) => {
    page(ctx, Resources({ tree: resourceTree(await readInventory(readsFor(ctx))) }));
  });

  router.get("/console/roles", async (ctx) => {
    const reads = readsFor(ctx);
    const roles = await readRoles(reads, await readInventory(reads));
    const search = text(ctx.query["q"]);
    const type = text(ctx.query["type"]);
    const shown = roles.filter((r) => roleMatches(r, search) && (type === "" || r.definition.properties.type.toLowerCase() === type.toLowerCase()));
    page(ctx, Roles({ roles: shown, search, type, total: roles.length }));
  });

  router.get("/console/roles/:guid", async (ctx) => {
    const reads = readsFor(ctx);
    const guid = (ctx.params["guid"] ?? "").toLowerCase();
    const role = (await readRoles(reads, await readInventory(reads))).find((r) => r.guid === guid);
    if (role === undefined) {
      page(ctx, NotFound({ what: `No role definition has the id '${ctx.params["guid"] ?? ""}'.` }), 404);
      return;
    }
    page(ctx, Role({ role }));
  });

  router.get("/console/directory", (ctx) => {
    const query = directoryQuerySchema.parse(ctx.query);
    page(ctx, Directory({ query, sections: readDirectory(readsFor(ctx), query) }));
  });

  router.get("/console/directory/:id", (ctx) => {
    const id = ctx.params["id"] ?? "";
    const read = GUID.test(id) ? readsFor(ctx).graph<Record<string, unknown>>(`directoryObjects/${id}`) : undefined;
    if (read === undefined || !read.ok) {
      page(ctx, NotFound({ what: `The directory holds no object with the id '${id}'.` }), 404);
      return;
    }
    page(ctx, DirectoryObjectPage({ id, object: read.value }));
  });

  router.get("/console/token", async (ctx) => {
    const pasted = text(ctx.query["token"]);
    const reading = pasted.trim() === "" ? undefined : await checkToken(services, readsFor(ctx), requestOrigin(ctx), pasted);
    page(ctx, TokenDecoder({ pasted, reading }));
  });
}
