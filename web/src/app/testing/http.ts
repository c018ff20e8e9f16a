import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

/**
 * After each test, fail if an HTTP request was left unanswered, and always reset TestBed, even
 * when verify() throws: otherwise the instantiated module leaks into the next tests, which then
 * fail with "Cannot configure the test module when the test module has already been instantiated".
 */
export function verifyHttpAfterEach(): void {
  afterEach(() => {
    try {
      TestBed.inject(HttpTestingController).verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });
}

/**
 * A spec's HTTP set-up, in a beforeEach: the real HttpClient over the testing backend, the interface in
 * Vietnamese unless told otherwise; returns the controller that answers the requests.
 */
export function httpTestBed(lang: 'vi' | 'en' = 'vi'): HttpTestingController {
  localStorage.setItem('vanthu.lang', lang);
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  return TestBed.inject(HttpTestingController);
}
