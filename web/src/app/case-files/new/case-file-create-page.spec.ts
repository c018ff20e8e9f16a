import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { caseFile } from '../../testing/case-file-fixtures';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { CaseFileCreatePage } from './case-file-create-page';

describe('CaseFileCreatePage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CaseFileCreatePage>;
  let el: HTMLElement;
  let navigate: ReturnType<typeof vi.spyOn>;
  const settle = () => fixture.whenStable();
  const year = new Date().getFullYear();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [CaseFileCreatePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CaseFileCreatePage);
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/organisations').flush({ items: [] });
    http
      .expectOne((r) => r.url === '/api/case-files/catalogue' && r.params.get('year') === String(year))
      .flush({
        organisationId: 'qn-snv',
        organisationName: 'Sở Nội vụ',
        year,
        headings: [{ id: 'h1', code: 'TCBC', title: 'Tổ chức, biên chế', ordinal: 1 }],
        items: [],
        totals: { permanent: 0, limited: 0 },
      });
    await settle();
  });

  verifyHttpAfterEach();

  it('opens a case file under a heading of the year’s catalogue and goes to it', async () => {
    choose(el, '[data-testid="case-file-heading"]', 'h1');
    type(el, '[data-testid="case-file-notation"]', '05.TCBC');
    type(el, '[data-testid="case-file-title-input"]', 'Hồ sơ tuyển dụng viên chức');
    choose(el, '[data-testid="case-file-retention-input"]', 'permanent');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="case-file-create-submit"]').click();
    await settle();
    const req = http.expectOne('/api/case-files');
    expect(req.request.body).toMatchObject({
      year,
      notation: '05.TCBC',
      title: 'Hồ sơ tuyển dụng viên chức',
      retentionYears: null,
      headingId: 'h1',
      unitId: null,
      rights: 'Công khai',
    });
    req.flush(caseFile({ id: 'cf9' }));
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/case-files', 'cf9']);
  });

  it('shows why the server refused, next to the notation', async () => {
    type(el, '[data-testid="case-file-notation"]', '01.TCBC');
    type(el, '[data-testid="case-file-title-input"]', 'Trùng');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="case-file-create-submit"]').click();
    await settle();
    http
      .expectOne('/api/case-files')
      .flush(problem(409, 'case_file.code_taken', 'Số và ký hiệu hồ sơ đã có trong danh mục năm', 'exists'), {
        status: 409,
        statusText: 'Conflict',
        headers: PROBLEM_HEADERS,
      });
    await settle();
    expect(text(el, '[data-testid="case-file-create-error"]')).toContain('Số và ký hiệu hồ sơ đã có');
    expect(navigate).not.toHaveBeenCalled();
  });
});
