import { TestBed } from '@angular/core/testing';
import type { RoleGrant } from '../core/api.models';
import { RoleList } from './role-list';

const GRANTS: RoleGrant[] = [
  {
    id: 'g1',
    role: 'VAN_THU',
    organisationId: 'qn-vpubnd',
    organisationName: 'Văn phòng UBND tỉnh',
    unitId: 'qn-vp-vt',
    unitName: 'Bộ phận Văn thư',
  },
  { id: 'g2', role: 'CHUYEN_VIEN', organisationId: 'qn-stc', organisationName: 'Sở Tài chính', unitId: null, unitName: null },
];

function render(inputs: { grants: RoleGrant[]; showScope?: boolean }) {
  const fixture = TestBed.createComponent(RoleList);
  for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
  fixture.detectChanges();
  return Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('li.chip'));
}

describe('RoleList', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('shows each grant as its translated role with the unit and organisation it applies to', () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const chips = render({ grants: GRANTS });
    expect(chips.map((c) => c.querySelector('.chip-role')?.textContent)).toEqual(['Văn thư', 'Chuyên viên']);
    expect(chips.map((c) => c.querySelector('.chip-scope')?.textContent)).toEqual(['Bộ phận Văn thư, Văn phòng UBND tỉnh', 'Sở Tài chính']);
    expect(chips[0].title).toBe('Bộ phận Văn thư, Văn phòng UBND tỉnh');
  });

  it('in English, and with the scope only as a tooltip when asked to hide it', () => {
    localStorage.setItem('vanthu.lang', 'en');
    const chips = render({ grants: GRANTS, showScope: false });
    expect(chips.map((c) => c.textContent?.trim())).toEqual(['Clerk', 'Specialist']);
    expect(chips[0].querySelector('.chip-scope')).toBeNull();
    expect(chips[1].title).toBe('Sở Tài chính');
  });
});
