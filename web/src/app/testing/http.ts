import { HttpTestingController } from '@angular/common/http/testing';
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
