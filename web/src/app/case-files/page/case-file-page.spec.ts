import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { caseFile, caseFileSummary } from '../../testing/case-file-fixtures';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import type { CaseFile } from '../case-files.models';
import { CaseFilePage } from './case-file-page';

const documents: CaseFile['documents'] = [
  {
    entryId: 'e1',
    ordinal: 1,
    kind: 'INCOMING',
    documentId: 'in1',
    visible: true,
    numberAndSymbol: '07/UBND-VX',
    issuedDate: '2025-01-09',
    organName: 'UBND tỉnh',
    subject: 'V/v triển khai',
    typeName: 'Công văn',
    pageAmount: 2,
    files: [],
  },
  {
    entryId: 'e2',
    ordinal: 2,
    kind: 'OUTGOING',
    documentId: 'out1',
    visible: false,
    numberAndSymbol: null,
    issuedDate: null,
    organName: null,
    subject: null,
    typeName: null,
    pageAmount: null,
    files: [],
  },
];

describe('CaseFilePage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CaseFilePage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const testIds = (selector: string) => Array.from(el.querySelectorAll(selector)).map((b) => b.getAttribute('data-testid'));

  async function open(file: CaseFile): Promise<void> {
    fixture = TestBed.createComponent(CaseFilePage);
    fixture.componentRef.setInput('id', 'cf1');
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/case-files/cf1').flush(file);
    await settle();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [CaseFilePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('shows the metadata and documents by ordinal, hides what the caller may not open, and closes with end date and re-assessed retention', async () => {
    await open(caseFile({ documents, docTotal: 2, pageTotal: 2, allowedActions: ['edit', 'file', 'unfile', 'close', 'export'] }));
    expect(text(el, '[data-testid="case-file-code"]')).toBe('000.00.03.H49.2025.01.TCBC');
    expect(text(el, '[data-testid="case-file-status"]')).toBe('Đang lập');
    expect(text(el, '[data-testid="case-file-totals"]')).toBe('2 / 2');
    const rows = el.querySelectorAll('[data-testid="case-file-document"]');
    expect(Array.from(rows).map((r) => r.getAttribute('data-ordinal'))).toEqual(['1', '2']);
    expect(q<HTMLAnchorElement>(rows[0] as HTMLElement, 'a').getAttribute('href')).toBe('/incoming/in1');
    expect(rows[1].textContent).toContain('Bạn không được xem văn bản này');
    expect(testIds('[data-testid="case-file-actions"] [data-testid]')).toEqual(['case-file-close', 'case-file-edit', 'case-file-export']);
    expect(q<HTMLAnchorElement>(el, '[data-testid="case-file-export"]').getAttribute('href')).toBe('/api/case-files/cf1/export');
    expect(el.querySelector('[data-testid="document-file"]')).toBeNull();

    q<HTMLButtonElement>(el, '[data-testid="case-file-close"]').click();
    await settle();
    type(el, '[data-testid="close-end-date"]', '2025-12-31');
    choose(el, '[data-testid="close-retention"]', '20');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="close-submit"]').click();
    await settle();
    const req = http.expectOne('/api/case-files/cf1/close');
    expect(req.request.body).toEqual({ endDate: '2025-12-31', retentionYears: 20 });
    req.flush(
      caseFile({
        status: 'CLOSED',
        endDate: '2025-12-31',
        retentionYears: 20,
        maintenance: '20 năm',
        transfer: { dueDate: '2026-12-31', state: 'SOON' },
        documents,
        allowedActions: ['transfer', 'export'],
      }),
    );
    await settle();
    expect(text(el, '[data-testid="case-file-status"]')).toBe('Đã kết thúc');
    expect(q(el, '[data-testid="transfer-badge"]').getAttribute('data-state')).toBe('SOON');
    expect(testIds('[data-testid="case-file-actions"] [data-testid]')).toEqual(['case-file-transfer', 'case-file-export']);
  });

  it('edits the metadata and moves a document to another open case file of the organisation', async () => {
    await open(caseFile({ documents, retentionYears: 10, maintenance: '10 năm', allowedActions: ['edit', 'file', 'unfile', 'move'] }));
    q<HTMLButtonElement>(el, '[data-testid="case-file-edit"]').click();
    await settle();
    expect(q<HTMLSelectElement>(el, '[data-testid="edit-retention"]').value).toBe('10');
    type(el, '[data-testid="edit-title"]', 'Hồ sơ thẩm định đề án (sửa)');
    choose(el, '[data-testid="edit-retention"]', 'permanent');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="edit-submit"]').click();
    await settle();
    const patch = http.expectOne('/api/case-files/cf1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({
      title: 'Hồ sơ thẩm định đề án (sửa)',
      retentionYears: null,
      rights: 'Công khai',
      description: null,
    });
    patch.flush(caseFile({ title: 'Hồ sơ thẩm định đề án (sửa)', documents, allowedActions: ['edit', 'file', 'unfile', 'move'] }));
    await settle();
    expect(text(el, '[data-testid="case-file-title"]')).toBe('Hồ sơ thẩm định đề án (sửa)');
    expect(el.querySelector('[data-testid="edit-dialog"]')).toBeNull();

    (el.querySelectorAll('[data-testid="document-move"]')[0] as HTMLButtonElement).click();
    await settle();
    const list = http.expectOne((r) => r.url === '/api/case-files');
    expect(list.request.params.get('status')).toBe('OPEN');
    expect(list.request.params.get('organisationId')).toBe('qn-snv');
    list.flush({
      items: [
        caseFileSummary(),
        caseFileSummary({
          id: 'cf2',
          title: 'Hồ sơ khác',
          fileCode: { organId: '000.00.03.H49', fileCatalog: 2025, fileNotation: '02.TCBC' },
        }),
      ],
      total: 2,
    });
    await settle();
    const options = Array.from(el.querySelectorAll<HTMLOptionElement>('[data-testid="move-target"] option')).map((o) => o.value);
    expect(options).toEqual(['cf2']);
    choose(el, '[data-testid="move-target"]', 'cf2');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="move-submit"]').click();
    await settle();
    const move = http.expectOne('/api/case-files/cf1/documents/e1/move');
    expect(move.request.body).toEqual({ toCaseFileId: 'cf2' });
    move.flush(caseFile({ documents: [{ ...documents[1], ordinal: 1 }], allowedActions: ['edit', 'file', 'unfile', 'move'] }));
    await settle();
    expect(el.querySelectorAll('[data-testid="case-file-document"]')).toHaveLength(1);
  });

  it('shows the read-only note after transfer, the disposal approvals, and explains a refused approval', async () => {
    const approvals = [
      {
        capacity: 'ARCHIVIST' as const,
        user: { id: 'u-lt', fullName: 'Tạ Thị Hồng' },
        reason: 'Hết giá trị',
        approvedAt: '2026-11-20T02:00:00Z',
      },
    ];
    const imported = {
      ...documents[0],
      entryId: 'e3',
      ordinal: 3,
      documentId: null,
      files: [{ name: 'Công văn.pdf', mediaType: 'application/pdf', sha256: 'ab'.repeat(32) }],
    };
    await open(
      caseFile({
        status: 'TRANSFERRED',
        retentionYears: 10,
        maintenance: '10 năm',
        endDate: '2014-12-31',
        disposalReviewDate: '2024-12-31',
        documents: [...documents, imported],
        disposal: { approvals },
        allowedActions: ['approve_disposal'],
      }),
    );
    expect(q<HTMLAnchorElement>(el, '[data-testid="document-file"]').getAttribute('href')).toBe('/api/case-files/cf1/documents/e3/files/0');
    expect(el.querySelector('[data-testid="case-file-read-only"]')).not.toBeNull();
    expect(q(el, '[data-testid="disposal-approval"]').getAttribute('data-capacity')).toBe('ARCHIVIST');
    expect(el.querySelector('[data-testid="document-unfile"]')).toBeNull();
    type(el, '[data-testid="disposal-reason"]', 'Đồng ý hủy');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="disposal-approve"]').click();
    await settle();
    const req = http.expectOne('/api/case-files/cf1/disposal/approve');
    expect(req.request.body).toEqual({ reason: 'Đồng ý hủy' });
    req.flush(
      problem(
        409,
        'case_file.same_approver',
        'Việc hủy cần hai người khác nhau phê duyệt (lưu trữ và lãnh đạo)',
        'second approval must come from another person',
      ),
      {
        status: 409,
        statusText: 'Conflict',
        headers: PROBLEM_HEADERS,
      },
    );
    await settle();
    expect(text(el, '[data-testid="case-file-error"]')).toContain('hai người khác nhau');
  });

  it('while held, shows the hold with its reason and offers no action that would change the file', async () => {
    const holds: CaseFile['holds'] = [
      {
        id: 'h1',
        scope: 'CASE_FILE',
        year: null,
        reason: 'Phục vụ thanh tra theo Quyết định 12/QĐ-TTr',
        placedAt: '2026-12-01T02:00:00Z',
        placedByName: 'Tạ Thị Hồng',
      },
      {
        id: 'h2',
        scope: 'ORGANISATION_YEAR',
        year: 2025,
        reason: 'Kiểm toán năm 2025',
        placedAt: '2026-12-02T02:00:00Z',
        placedByName: 'Quản trị',
      },
    ];
    // The server offers only export while held.
    await open(caseFile({ documents, docTotal: 2, holds, allowedActions: ['export'] }));
    const banner = text(el, '[data-testid="case-file-held"]');
    expect(banner).toContain('Hồ sơ đang bị phong toả');
    expect(
      Array.from(el.querySelectorAll('[data-testid="case-file-hold"]')).map((h) => [
        h.getAttribute('data-scope'),
        h.textContent!.trim().split(' — ')[0],
      ]),
    ).toEqual([
      ['CASE_FILE', 'Phong toả hồ sơ: Phục vụ thanh tra theo Quyết định 12/QĐ-TTr'],
      ['ORGANISATION_YEAR', 'Phong toả toàn bộ năm 2025 của cơ quan: Kiểm toán năm 2025'],
    ]);
    expect(banner).toContain('Tạ Thị Hồng');
    expect(testIds('[data-testid="case-file-actions"] [data-testid]')).toEqual(['case-file-export']);
    for (const refused of ['document-unfile', 'document-move', 'case-file-close', 'case-file-edit'])
      expect(el.querySelector(`[data-testid="${refused}"]`)).toBeNull();
  });
});
