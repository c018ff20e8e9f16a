/** Roles that read an organisation's handling report (the API's LEADER_ROLES in api/src/incoming/access.ts). */
export const REPORT_ROLES = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'] as const;

/** The organisations where the user may read the handling report, with their names. */
export function reportOrganisations(
  roles: { role: string; organisationId: string; organisationName: string }[],
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const g of roles) if ((REPORT_ROLES as readonly string[]).includes(g.role)) seen.set(g.organisationId, g.organisationName);
  return [...seen].map(([id, name]) => ({ id, name }));
}
