import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ORGANISATIONS, PROBLEM_HEADERS, USERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { chainTemplate } from '../../testing/outgoing-fixtures';
import { ApprovalChainsPage, fromDraft, toDraft } from './approval-chains-page';

describe('ApprovalChainsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ApprovalChainsPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const steps = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="chain-step"]'));

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ApprovalChainsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApprovalChainsPage);
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    http.expectOne('/api/outgoing/document-types').flush({ items: [{ code: 'QD', abbrev: 'QĐ', name: 'Quyết định' }] });
    await settle();
  });

  verifyHttpAfterEach();

  async function pickOrganisation(id: string): Promise<void> {
    choose(el, '[data-testid="chain-organisation"]', id);
    await settle();
    http.expectOne(`/api/admin/approval-chains?organisationId=${id}`).flush({ items: [chainTemplate()] });
    http.expectOne(`/api/admin/users?organisationId=${id}`).flush({ items: USERS });
    await settle();
  }

  it('maps steps between the API and the editor, both ways', () => {
    const [unitHead, signer] = chainTemplate().steps;
    expect(toDraft(unitHead)).toMatchObject({ kind: 'ROLE', role: 'TRUONG_PHONG', unit: 'author', optional: true });
    expect(fromDraft(toDraft(unitHead))).toEqual(unitHead);
    expect(fromDraft(toDraft(signer)).assignees).toEqual({ kind: 'ROLE', role: 'LANH_DAO_CO_QUAN', unitId: null });
    expect(fromDraft({ ...toDraft(signer), kind: 'USERS', userIds: ['u1'] }).assignees).toEqual({ kind: 'USERS', userIds: ['u1'] });
  });

  it('edits a chain: reorders steps, switches one to named users, and PUTs it; the last step is the signer', async () => {
    await pickOrganisation('qn-stc');
    expect(text(el, '[data-testid="chain-row"]')).toContain('Mặc định (mọi loại)');
    q<HTMLButtonElement>(el, '[data-testid="chain-edit"]').click();
    await settle();
    expect(steps()).toHaveLength(2);
    expect(steps()[1].querySelector('[data-testid="step-signer"]')).not.toBeNull();

    q<HTMLButtonElement>(el, '[data-testid="chain-add-step"]').click();
    await settle();
    const added = steps()[2];
    type(added, '[data-testid="step-label"]', 'Góp ý của Phó Giám đốc');
    choose(added, '[data-testid="step-kind"]', 'USERS');
    choose(added, '[data-testid="step-mode"]', 'ALL_OF');
    await settle();
    q<HTMLInputElement>(steps()[2], '[data-testid="step-user"][value="u1"]').click();
    await settle();
    // Move it up: the director's step stays last (signer).
    q<HTMLButtonElement>(steps()[2], '[data-testid="step-up"]').click();
    await settle();
    expect(steps().map((s) => (s.querySelector('[data-testid="step-label"]') as HTMLInputElement).value)).toEqual([
      'Lãnh đạo phòng kiểm tra nội dung',
      'Góp ý của Phó Giám đốc',
      'Lãnh đạo ký ban hành',
    ]);
    q<HTMLButtonElement>(el, '[data-testid="chain-save"]').click();
    await settle();
    const req = http.expectOne('/api/admin/approval-chains/t1');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({
      name: 'Quy trình duyệt văn bản đi',
      allowAddReviewers: true,
      afterReturn: 'RESTART',
      steps: [
        {
          label: 'Lãnh đạo phòng kiểm tra nội dung',
          assignees: { kind: 'ROLE', role: 'TRUONG_PHONG', authorUnit: true },
          mode: 'ANY_ONE',
          optional: true,
        },
        { label: 'Góp ý của Phó Giám đốc', assignees: { kind: 'USERS', userIds: ['u1'] }, mode: 'ALL_OF', optional: false },
        {
          label: 'Lãnh đạo ký ban hành',
          assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN', unitId: null },
          mode: 'ANY_ONE',
          optional: false,
        },
      ],
    });
    const warning = {
      step: 1,
      code: 'approval_chain.optional_step_unstaffed',
      title: 'Bước 1 ("Lãnh đạo phòng") hiện không có ai đảm nhận được; bước này sẽ được bỏ qua khi trình',
      detail: 'Nobody can take step 1',
    };
    req.flush(chainTemplate({ name: 'Đã sửa', warnings: [warning] }));
    await settle();
    expect(el.querySelector('[data-testid="chain-editor"]')).toBeNull();
    expect(text(el, '[data-testid="chain-notice"]')).toBe('Đã lưu quy trình.');
    // An optional step nobody can take is saved, with a warning in Vietnamese.
    expect(text(el, '[data-testid="chain-warning"]')).toBe(warning.title);
    expect(text(el, '[data-testid="chain-after-return"]')).toBe('Duyệt lại từ bước đầu');
    expect(text(el, '[data-testid="chain-row"]')).toContain('Đã sửa');
  });

  it('creates a chain for a document type; refuses a named-users step without users; shows a 409', async () => {
    await pickOrganisation('qn-stc');
    q<HTMLButtonElement>(el, '[data-testid="chain-new"]').click();
    await settle();
    type(el, '[data-testid="chain-name"]', 'Quy trình quyết định');
    choose(el, '[data-testid="chain-type"]', 'QD');
    choose(el, '[data-testid="chain-after-return-select"]', 'RESUME');
    type(steps()[0], '[data-testid="step-label"]', 'Giám đốc ký');
    choose(steps()[0], '[data-testid="step-kind"]', 'USERS');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="chain-save"]').click();
    await settle();
    http.expectNone('/api/admin/approval-chains');
    expect(text(el, '[data-testid="chain-editor"]')).toContain('Chọn ít nhất một người.');

    choose(steps()[0], '[data-testid="step-kind"]', 'ROLE');
    await settle();
    choose(steps()[0], '[data-testid="step-unit"]', 'stc-qlns');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="chain-save"]').click();
    await settle();
    const req = http.expectOne((r) => r.url === '/api/admin/approval-chains' && r.method === 'POST');
    expect(req.request.body).toEqual({
      name: 'Quy trình quyết định',
      allowAddReviewers: false,
      afterReturn: 'RESUME',
      organisationId: 'qn-stc',
      documentType: 'QD',
      steps: [
        {
          label: 'Giám đốc ký',
          assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN', unitId: 'stc-qlns' },
          mode: 'ANY_ONE',
          optional: false,
        },
      ],
    });
    req.flush(problem(409, 'approval_chain.exists', 'Đã có quy trình cho loại văn bản này', 'A chain exists for QD'), {
      status: 409,
      statusText: 'Conflict',
      headers: PROBLEM_HEADERS,
    });
    await settle();
    expect(text(el, '[data-testid="chain-error"]')).toBe('Đã có quy trình cho loại văn bản này');
    expect(el.querySelector('[data-testid="chain-editor"]')).not.toBeNull();
  });

  it('retires a chain', async () => {
    await pickOrganisation('qn-stc');
    q<HTMLButtonElement>(el, '[data-testid="chain-retire"]').click();
    await settle();
    const req = http.expectOne('/api/admin/approval-chains/t1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text(el, '[data-testid="chains-empty"]')).toBe('Cơ quan chưa có quy trình nào.');
  });
});
