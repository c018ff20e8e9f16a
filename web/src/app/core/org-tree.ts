import type { Organisation } from './api.models';

export interface OrgNode {
  org: Organisation;
  depth: number;
  dissolved: boolean;
}

/** True when the organisation's `validTo` date lies before `today` (the date in Vietnam, as the server counts it). */
export function isDissolved(org: Pick<Organisation, 'validTo'>, today: Date = new Date()): boolean {
  if (!org.validTo) return false;
  return org.validTo.slice(0, 10) < today.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/**
 * Order a flat organisation list as a tree using `parentId` (depth-first, siblings keep their
 * original order). Organisations whose parent is missing are treated as roots; cycles are cut.
 */
export function buildOrgTree(items: Organisation[], today: Date = new Date()): OrgNode[] {
  const ids = new Set(items.map((o) => o.id));
  const children = new Map<string | null, Organisation[]>();
  for (const org of items) {
    const parent = org.parentId && ids.has(org.parentId) && org.parentId !== org.id ? org.parentId : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(org);
    children.set(parent, siblings);
  }
  const result: OrgNode[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const org of children.get(parent) ?? []) {
      if (seen.has(org.id)) continue;
      seen.add(org.id);
      result.push({ org, depth, dissolved: isDissolved(org, today) });
      visit(org.id, depth + 1);
    }
  };
  visit(null, 0);
  // Members of a parent cycle are unreachable from a root: list them flat at the end.
  for (const org of items) {
    if (!seen.has(org.id)) {
      seen.add(org.id);
      result.push({ org, depth: 0, dissolved: isDissolved(org, today) });
    }
  }
  return result;
}

/** Label for a `<select>` option: indented by depth, with the dissolved suffix when needed. */
export function orgOptionLabel(node: OrgNode, dissolvedSuffix: string): string {
  const indent = '\u00a0\u00a0\u00a0'.repeat(node.depth);
  return `${indent}${node.org.name}${node.dissolved ? ` ${dissolvedSuffix}` : ''}`;
}
