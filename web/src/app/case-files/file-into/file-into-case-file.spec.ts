import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { choose, q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { caseFile } from '../../testing/case-file-fixtures';
import { FileIntoCaseFile } from './file-into-case-file';

describe('FileIntoCaseFile', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<FileIntoCaseFile>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [FileIntoCaseFile],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FileIntoCaseFile);
    fixture.componentRef.setInput('kind', 'INCOMING');
    fixture.componentRef.setInput('documentId', 'in1');
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('offers the open case files the caller may file into and files the document', async () => {
    q<HTMLButtonElement>(el, '[data-testid="file-into-case-file"]').click();
    await settle();
    const targets = http.expectOne((r) => r.url === '/api/case-files/targets');
    expect(targets.request.params.get('kind')).toBe('INCOMING');
    expect(targets.request.params.get('documentId')).toBe('in1');
    targets.flush({ filedIn: [], items: [{ id: 'cf1', code: '000.00.03.H49.2025.01.TCBC', title: 'Hồ sơ thẩm định', year: 2025 }] });
    await settle();
    expect(q<HTMLButtonElement>(el, '[data-testid="file-submit"]').disabled).toBe(true);
    choose(el, '[data-testid="case-file-select"]', 'cf1');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="file-submit"]').click();
    await settle();
    const req = http.expectOne('/api/case-files/cf1/documents');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ kind: 'INCOMING', documentId: 'in1' });
    req.flush(caseFile());
    await settle();
    expect(text(el, '[data-testid="file-into-done"]')).toBe('Đã đưa văn bản vào hồ sơ 000.00.03.H49.2025.01.TCBC.');
  });

  it('says where the document already is, or that there is nothing to file into', async () => {
    q<HTMLButtonElement>(el, '[data-testid="file-into-case-file"]').click();
    await settle();
    http.expectOne((r) => r.url === '/api/case-files/targets').flush({ filedIn: ['cf9'], items: [] });
    await settle();
    expect(q<HTMLAnchorElement>(el, '[data-testid="file-into-filed"] a').getAttribute('href')).toBe('/case-files/cf9');
    expect(el.querySelector('[data-testid="case-file-select"]')).toBeNull();
  });
});
