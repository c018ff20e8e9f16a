import { provideHttpClient, withFetch, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import type { EnvironmentProviders } from '@angular/core';
import { unauthorizedInterceptor } from './unauthorized.interceptor';

/**
 * HttpClient as the app uses it: fetch backend, XSRF header from the `XSRF-TOKEN` cookie on
 * mutating relative-URL requests (Angular's built-in interceptor), and the 401 interceptor.
 */
export function provideApiHttpClient(): EnvironmentProviders {
  return provideHttpClient(
    withFetch(),
    withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
    withInterceptors([unauthorizedInterceptor]),
  );
}
