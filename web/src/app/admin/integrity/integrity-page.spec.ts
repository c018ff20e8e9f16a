import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { TranslationService } from '../../i18n/translation.service';
import { formatBytes, IntegrityPage } from './integrity-page';
import type { IntegrityCheck, IntegrityReport } from './integrity-api.service';

const SHA_LOST = 'a'.repeat(64);
const SHA_ALTERED = 'b'.repeat(64);
const SHA_FOUND = 'c'.repeat(64);
const CLEAN: IntegrityCheck = {
  id: 'k1',
  startedAt: '2026-03-04T01:00:00Z',
  finishedAt: '2026-03-04T01:00:07Z',
  blobsChecked: 120,
  bytesChecked: 13_107_200,
  missing: 0,
  mismatched: 0,
};
const DAMAGED: IntegrityCheck = {
  ...CLEAN,
  id: 'k2',
  startedAt: '2026-03-05T01:00:00Z',
  finishedAt: '2026-03-05T01:00:42Z',
  missing: 1,
  mismatched: 1,
};

describe('IntegrityPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IntegrityPage>;
  let el: HTMLElement;

  const load = async (report: IntegrityReport) => {
    http.expectOne('/api/admin/integrity').flush(report);
    await fixture.whenStable();
  };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [IntegrityPage], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IntegrityPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });

  verifyHttpAfterEach();

  it('lists the missing and altered files of the latest check with where they are used, and the earlier checks', async () => {
    await load({
      runs: [DAMAGED, CLEAN],
      findings: [
        { sha256: SHA_ALTERED, problem: 'MISMATCH', actualSha256: SHA_FOUND, tables: ['incoming_files', 'outgoing_documents'] },
        { sha256: SHA_LOST, problem: 'MISSING', actualSha256: null, tables: ['some_future_table'] },
      ],
    });
    expect(text(el, '[data-testid="integrity-problems"]')).toBe('Phát hiện 1 tệp bị mất và 1 tệp bị thay đổi trong 120 tệp đã kiểm tra.');
    expect(el.querySelector('[data-testid="integrity-ok"]')).toBeNull();
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="finding-row"]'));
    expect(rows.map((r) => r.getAttribute('data-problem'))).toEqual(['MISMATCH', 'MISSING']);
    expect(rows[0].textContent).toContain('Bị thay đổi');
    expect(text(rows[0], '[data-testid="finding-sha"]')).toBe(SHA_ALTERED);
    expect(rows[0].textContent).toContain(SHA_FOUND);
    expect(text(rows[0], '[data-testid="finding-used-by"]')).toBe('Tệp văn bản đến, Văn bản đi đã ký / ban hành');
    expect(rows[1].textContent).toContain('Bị mất');
    // A table this screen does not know yet is named as it is rather than hidden.
    expect(text(rows[1], '[data-testid="finding-used-by"]')).toBe('some_future_table');

    const runs = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="run-row"]'));
    expect(
      runs.map((r) =>
        Array.from(r.querySelectorAll('td'))
          .slice(1)
          .map((td) => td.textContent?.trim()),
      ),
    ).toEqual([
      ['42 giây', '120', '12,5 MB', '1', '1'],
      ['7 giây', '120', '12,5 MB', '0', '0'],
    ]);
    expect(runs[0].classList).toContain('row-problem');
    expect(runs[1].classList).not.toContain('row-problem');
  });

  it('names only the kinds of problem found: no "0 tệp bị mất" beside altered files (and in English)', async () => {
    await load({ runs: [{ ...DAMAGED, missing: 0, mismatched: 3 }], findings: [] });
    expect(text(el, '[data-testid="integrity-problems"]')).toBe('Phát hiện 3 tệp bị thay đổi trong 120 tệp đã kiểm tra.');

    TestBed.inject(TranslationService).setLang('en');
    fixture = TestBed.createComponent(IntegrityPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
    await load({ runs: [{ ...DAMAGED, missing: 2, mismatched: 0 }], findings: [] });
    expect(text(el, '[data-testid="integrity-problems"]')).toBe('Found 2 missing among the 120 files checked.');
  });

  it('says so when the latest check found nothing, and when none has run yet', async () => {
    await load({ runs: [CLEAN], findings: [] });
    expect(text(el, '[data-testid="integrity-ok"]')).toBe('Không phát hiện sai lệch: 120 tệp (12,5 MB) đều đúng mã băm.');
    expect(el.querySelector('[data-testid="integrity-findings"]')).toBeNull();

    fixture = TestBed.createComponent(IntegrityPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
    await load({ runs: [], findings: [] });
    expect(q(el, '[data-testid="integrity-never"]').textContent).toContain('Chưa có lần kiểm tra nào');
    expect(el.querySelector('[data-testid="integrity-runs"]')).toBeNull();
  });

  it('shows the refusal to an administrator of a lower organisation', async () => {
    http
      .expectOne('/api/admin/integrity')
      .flush(
        problem(
          403,
          'forbidden',
          'Bạn không có quyền thực hiện thao tác này',
          'Only administrators of a top-level organisation read the integrity report',
        ),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: PROBLEM_HEADERS,
        },
      );
    await fixture.whenStable();
    expect(el.textContent).toContain('Bạn không có quyền thực hiện thao tác này');
  });
});

describe('formatBytes', () => {
  it('formats sizes in the reader’s number format', () => {
    expect(formatBytes(512, 'vi-VN')).toBe('512 B');
    expect(formatBytes(1536, 'vi-VN')).toBe('1,5 KB');
    expect(formatBytes(3 * 1024 ** 3, 'en-GB')).toBe('3 GB');
  });
});
