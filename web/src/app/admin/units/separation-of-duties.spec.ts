import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, org, problem } from '../../testing/fixtures';
import { q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { OrganisationsService } from '../../core/organisations.service';
import { SeparationOfDuties } from './separation-of-duties';

describe('SeparationOfDuties', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SeparationOfDuties>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [SeparationOfDuties], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SeparationOfDuties);
    fixture.componentRef.setInput('organisation', org({ id: 'qn-stc', name: 'Sở Tài chính' }));
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('turns it off only with a reason, and shows the refusal of the server', async () => {
    expect(text(el, '[data-testid="separation-state"]')).toContain('Đang áp dụng');
    expect(q<HTMLButtonElement>(el, '[data-testid="separation-toggle"]').disabled).toBe(true);
    type(el, '[data-testid="separation-reason"]', 'Xã nhỏ, chủ tịch tự soạn và ký');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="separation-toggle"]').click();
    const req = http.expectOne('/api/admin/organisations/qn-stc/separation-of-duties');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ enforced: false, reason: 'Xã nhỏ, chủ tịch tự soạn và ký' });
    req.flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'You do not administer organisation qn-stc'), {
      status: 403,
      statusText: 'Forbidden',
      headers: PROBLEM_HEADERS,
    });
    await settle();
    expect(el.textContent).toContain('Bạn không có quyền thực hiện thao tác này');
  });

  it('records the new setting in the organisation list', async () => {
    const orgs = TestBed.inject(OrganisationsService);
    const spy = vi.spyOn(orgs, 'setSeparationOfDuties');
    type(el, '[data-testid="separation-reason"]', 'Xã nhỏ, chủ tịch tự soạn và ký');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="separation-toggle"]').click();
    http.expectOne('/api/admin/organisations/qn-stc/separation-of-duties').flush({ organisationId: 'qn-stc', separationOfDuties: false });
    await settle();
    expect(spy).toHaveBeenCalledWith('qn-stc', false);
  });
});
