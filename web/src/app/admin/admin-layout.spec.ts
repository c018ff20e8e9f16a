import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { q } from '../testing/dom';
import { AdminLayout } from './admin-layout';

@Component({ template: '<p data-testid="tab-content">{{ name }}</p>' })
class Tab {
  name = 'content';
}

describe('AdminLayout', () => {
  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          {
            path: 'admin',
            component: AdminLayout,
            children: [
              { path: '', component: Tab },
              { path: 'units', component: Tab },
            ],
          },
        ]),
      ],
    });
  });
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  const tabs = (el: HTMLElement) =>
    Array.from(el.querySelectorAll<HTMLAnchorElement>('nav.tabs a')).map((a) => [a.textContent!.trim(), a.getAttribute('href')]);
  const current = (el: HTMLElement) => Array.from(el.querySelectorAll('nav.tabs a[aria-current="page"]')).map((a) => a.textContent!.trim());

  it('shows the administration tabs around the tab’s page, marking the current one only', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin/units');
    const el = harness.routeNativeElement!;
    expect(q(el, 'h1').textContent).toBe('Quản trị hệ thống');
    expect(tabs(el)).toEqual([
      ['Người dùng', '/admin'],
      ['Thêm người dùng', '/admin/users/new'],
      ['Đơn vị trực thuộc', '/admin/units'],
      ['Quy trình duyệt', '/admin/approval-chains'],
      ['Liên thông', '/admin/exchange'],
      ['Toàn vẹn dữ liệu', '/admin/integrity'],
    ]);
    // "/admin" is a prefix of every tab: it is current only on the users list itself.
    expect(current(el)).toEqual(['Đơn vị trực thuộc']);
    expect(q(el, '[data-testid="tab-content"]')).toBeTruthy();

    await harness.navigateByUrl('/admin');
    expect(current(el)).toEqual(['Người dùng']);
    expect(q(el, '[data-testid="admin-tab-users"]').classList).toContain('active');
    expect(q(el, '[data-testid="admin-tab-units"]').classList).not.toContain('active');
  });
});
