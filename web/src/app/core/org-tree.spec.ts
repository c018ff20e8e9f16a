import { org } from '../testing/fixtures';
import { buildOrgTree, isDissolved, orgOptionLabel } from './org-tree';

describe('organisation tree', () => {
  const today = new Date(2026, 10, 25);

  it('orders organisations depth-first by parentId, whatever the input order', () => {
    const items = [
      org({ id: 'c2', parentId: 'b', name: 'C2' }),
      org({ id: 'b', parentId: 'a', name: 'B' }),
      org({ id: 'a', name: 'A' }),
      org({ id: 'd', parentId: 'a', name: 'D' }),
      org({ id: 'c1', parentId: 'b', name: 'C1' }),
      org({ id: 'orphan', parentId: 'missing', name: 'Orphan' }),
    ];
    const tree = buildOrgTree(items, today);
    expect(tree.map((n) => `${n.org.id}:${n.depth}`)).toEqual(['a:0', 'b:1', 'c2:2', 'c1:2', 'd:1', 'orphan:0']);
  });

  it('keeps members of a parent cycle instead of dropping them', () => {
    const tree = buildOrgTree([org({ id: 'x', parentId: 'y', name: 'X' }), org({ id: 'y', parentId: 'x', name: 'Y' })], today);
    expect(tree.map((n) => n.org.id).sort()).toEqual(['x', 'y']);
  });

  it('marks organisations whose validTo is in the past as dissolved', () => {
    expect(isDissolved({ validTo: '2025-02-28' }, today)).toBe(true);
    expect(isDissolved({ validTo: '2026-11-25' }, today)).toBe(false);
    expect(isDissolved({ validTo: '2027-01-01T00:00:00Z' }, today)).toBe(false);
    expect(isDissolved({ validTo: null }, today)).toBe(false);
  });

  it('labels options with indentation and the dissolved suffix', () => {
    const [root, child] = buildOrgTree(
      [org({ id: 'a', name: 'UBND' }), org({ id: 'b', parentId: 'a', name: 'Sở TT&TT', validTo: '2025-02-28' })],
      today,
    );
    expect(orgOptionLabel(root, '(đã giải thể)')).toBe('UBND');
    expect(orgOptionLabel(child, '(đã giải thể)')).toBe('\u00a0\u00a0\u00a0Sở TT&TT (đã giải thể)');
  });
});
