/**
 * The $filter of a deny assignment list, as Azure offers it: `atScope()`, `assignedTo('{id}')`,
 * `principalId eq '{id}'`, `gdprExportPrincipalId eq '{id}'` (the same question, asked for a
 * data export) and `denyAssignmentName eq '{name}'`, joined with `and`. Anything else is
 * InvalidFilterInQueryString.
 */
import { armErrors } from "@azmi/arm-core";
import { parseFilter } from "./filter.js";

export interface DenyListQuery {
  readonly atScope: boolean;
  readonly principalId?: string;
  readonly denyAssignmentName?: string;
}

export function parseDenyFilter(filter: string | null | undefined): DenyListQuery {
  let atScope = false;
  let principalId: string | undefined;
  let denyAssignmentName: string | undefined;
  for (const term of parseFilter(filter)) {
    if (term.kind === "atScope") atScope = true;
    else if (term.kind === "assignedTo") principalId = term.value;
    else if (term.field === "principalid" || term.field === "gdprexportprincipalid") principalId = term.value;
    else if (term.field === "denyassignmentname") denyAssignmentName = term.value;
    else throw armErrors.invalidFilterInQueryString(filter ?? "");
  }
  return { atScope, ...(principalId === undefined ? {} : { principalId }), ...(denyAssignmentName === undefined ? {} : { denyAssignmentName }) };
}
