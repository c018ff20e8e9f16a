import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { sendNotifications, type NewNotification } from './service';

/**
 * What services use to notify people. Called after the change has committed, so nobody is told about
 * something that was rolled back; a failure here leaves the change itself in place.
 */
export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  send(items: NewNotification[]) {
    return sendNotifications(this.db, this.redis, this.prefix, items);
  }
}
