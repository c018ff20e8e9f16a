import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { routes } from './app.routes';
import { AuthService } from './core/auth.service';
import { provideApiHttpClient } from './core/http.providers';
import { TranslationService } from './i18n/translation.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideApiHttpClient(),
    // Apply the stored language to <html lang> and ask the server who is signed in; GET /api/me
    // also makes the server set the XSRF-TOKEN cookie before the first POST (login).
    provideAppInitializer(() => {
      inject(TranslationService);
      return firstValueFrom(inject(AuthService).refresh()).then(() => undefined);
    }),
  ],
};
