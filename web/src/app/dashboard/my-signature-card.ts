import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal, type OnInit } from '@angular/core';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import { ProblemMessage } from '../shared/problem-message';

export const mySignatureTexts = {
  vi: {
    title: 'Chữ ký của tôi',
    help: 'Ảnh chữ ký tay (PNG nền trong suốt hoặc JPEG, tối đa 1 MB) hiển thị trong chữ ký số của bạn trên văn bản.',
    none: 'Chưa có ảnh chữ ký: chữ ký số hiển thị họ tên và chức vụ.',
    preview: 'Ảnh chữ ký hiện tại',
    upload: 'Tải ảnh chữ ký lên',
    replace: 'Thay ảnh chữ ký',
    remove: 'Xóa ảnh chữ ký',
    saved: 'Đã lưu ảnh chữ ký.',
    removed: 'Đã xóa ảnh chữ ký.',
  },
  en: {
    title: 'My signature',
    help: 'Your handwritten signature image (PNG with a transparent background, or JPEG, at most 1 MB), shown in your digital signatures on documents.',
    none: 'No signature image yet: your digital signature shows your name and title.',
    preview: 'Current signature image',
    upload: 'Upload a signature image',
    replace: 'Replace the signature image',
    remove: 'Remove the signature image',
    saved: 'Signature image saved.',
    removed: 'Signature image removed.',
  },
} as const;

/** Roles whose holders sign documents (ND 30/2020): they get the card. */
export const SIGNING_ROLES = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG', 'TRUONG_PHONG'] as const;

const URL_PATH = '/api/me/signature-image';

/** The signer's handwritten signature image: preview, upload (PUT multipart "image"), remove. */
@Component({
  selector: 'vt-my-signature-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemMessage],
  // A class, not a style attribute: the Content-Security-Policy allows no inline styles.
  styles: `
    .signature-preview {
      max-width: 260px;
      max-height: 110px;
      border: 1px solid #ddd;
      background: #fff;
    }
  `,
  templateUrl: './my-signature-card.html',
})
export class MySignatureCard implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(TranslationService);
  protected readonly tx = computed(() => mySignatureTexts[this.i18n.lang()]);
  protected readonly image = signal<string | null>(null);
  protected readonly loaded = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
  }

  private load(): void {
    this.http.get(URL_PATH, { responseType: 'blob', observe: 'response' }).subscribe({
      // 204: no image yet (the fetch backend hands 204 over as an empty blob, not null).
      next: (res) => {
        const blob = res.body;
        if (res.status === 204 || !blob?.size) {
          this.image.set(null);
          this.loaded.set(true);
          return;
        }
        const reader = new FileReader();
        reader.onload = () => {
          this.image.set(reader.result as string);
          this.loaded.set(true);
        };
        reader.readAsDataURL(blob);
      },
      error: () => {
        this.image.set(null);
        this.loaded.set(true);
      },
    });
  }

  protected upload(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append('image', file, file.name);
    this.run(this.http.put(URL_PATH, form), this.tx().saved);
    input.value = '';
  }

  protected remove(): void {
    this.run(this.http.delete(URL_PATH), this.tx().removed);
  }

  private run(request: ReturnType<HttpClient['delete']>, done: string): void {
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    request.subscribe({
      next: () => {
        this.working.set(false);
        this.notice.set(done);
        this.load();
      },
      error: (e: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(e));
      },
    });
  }
}
