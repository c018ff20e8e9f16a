import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { TranslationService } from '../i18n/translation.service';
import { formatDateTime, formatRelative } from './notification-time';
import { type AppNotification, NotificationsService } from './notifications.service';

/** Refresh "5 minutes ago" labels this often while the panel is open. */
const CLOCK_MS = 30_000;

/**
 * Header bell with the unread count; toggles a panel with the recent notifications.
 * Escape or a click outside closes the panel; clicking an item marks it read and follows its link.
 */
@Component({
  selector: 'vt-notifications-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notifications-bell.html',
  styleUrl: './notifications-bell.css',
  host: {
    '(document:click)': 'onDocumentClick($event)',
    '(document:keydown.escape)': 'onEscape()',
  },
})
export class NotificationsBell {
  protected readonly i18n = inject(TranslationService);
  protected readonly notifications = inject(NotificationsService);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly bell = viewChild.required<ElementRef<HTMLButtonElement>>('bell');

  protected readonly open = signal(false);
  protected readonly now = signal(Date.now());
  private clock: ReturnType<typeof setInterval> | null = null;

  protected readonly badge = computed(() => {
    const count = this.notifications.unread();
    return count > 99 ? '99+' : String(count);
  });

  protected readonly label = computed(() => {
    const count = this.notifications.unread();
    return count > 0 ? this.i18n.t('notifications.bellLabelUnread', { count }) : this.i18n.t('notifications.bellLabel');
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopClock());
  }

  protected toggle(): void {
    if (this.open()) {
      this.close();
    } else {
      this.open.set(true);
      this.now.set(Date.now());
      this.stopClock();
      this.clock = setInterval(() => this.now.set(Date.now()), CLOCK_MS);
      this.notifications.load();
    }
  }

  protected title(item: AppNotification): string {
    return this.i18n.lang() === 'en' ? item.titleEn : item.titleVi;
  }

  protected relativeTime(item: AppNotification): string {
    return formatRelative(item.createdAt, this.i18n.lang(), this.now()) ?? this.i18n.t('notifications.justNow');
  }

  protected fullTime(item: AppNotification): string {
    return formatDateTime(item.createdAt, this.i18n.lang());
  }

  protected select(item: AppNotification): void {
    this.notifications.markRead(item.id);
    if (item.link) {
      this.close();
      void this.router.navigateByUrl(item.link);
    }
  }

  protected markAllRead(): void {
    this.notifications.markAllRead();
  }

  protected retry(): void {
    this.notifications.load();
  }

  protected onDocumentClick(event: MouseEvent): void {
    if (!this.open()) return;
    const target = event.target;
    // Detached targets (e.g. a list entry re-rendered by the click itself) count as inside.
    if (target instanceof Node && (this.host.nativeElement.contains(target) || !target.isConnected)) return;
    this.close();
  }

  protected onEscape(): void {
    if (!this.open()) return;
    this.close();
    this.bell().nativeElement.focus();
  }

  private close(): void {
    this.open.set(false);
    this.stopClock();
  }

  private stopClock(): void {
    if (this.clock !== null) clearInterval(this.clock);
    this.clock = null;
  }
}
