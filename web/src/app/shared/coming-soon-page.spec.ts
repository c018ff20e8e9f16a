import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { comingSoonRoutes } from './coming-soon-page';

describe('ComingSoonPage', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('titles the placeholder with the module named by its route and says it is coming', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'reports', children: comingSoonRoutes('nav.search') }], withComponentInputBinding())],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/reports');
    const el = harness.routeNativeElement as HTMLElement;
    // The route's titleKey, not the input's default (the dashboard).
    expect(el.querySelector('h1')?.textContent).toBe('Tra cứu');
    expect(el.querySelector('p')?.textContent).toBe('Chức năng này đang được xây dựng và sẽ sớm được đưa vào sử dụng.');
  });
});
