import crypto from 'node:crypto';
import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { Problem } from '../http/problem';
import { organisations, units } from '../organisations/schema';
import { roleGrants, users } from '../users/schema';
import { changeOwnPassword, roleGrantColumns } from '../users/service';
import type { Actor, AuthContext, RoleGrantView } from './context';
import { decoyHash, verifyPassword } from './password';
import { sessions } from './schema';
import { problem } from '../http/problems';

export interface AuthSettings {
  sessionTtlHours: number;
  maxFailures: number;
  lockMinutes: number;
  ratePerMinute: number;
  /** Namespace for this installation's Redis keys. */
  keyPrefix: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly settings: AuthSettings,
  ) {}

  /**
   * Checks the password and opens a session. Throttled per client address, and an account
   * is locked for a while after repeated failures (counted for unknown names and disabled accounts too, so the
   * answer reveals neither which names exist nor which are disabled).
   */
  async login(input: { username: string; password: string; ip: string; userAgent?: string }) {
    const username = input.username.trim().toLowerCase();
    await this.throttleAddress(input.ip);
    await this.assertNotLocked(username);
    const [user] = await this.db.select().from(users).where(eq(users.username, username));
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
    // A disabled account answers exactly as a wrong password (and counts as a failure): a distinct answer to the
    // right password only would confirm that password to whoever tries it.
    if (!user || !ok || user.disabledAt) {
      await this.recordFailure(username);
      throw problem('auth.invalid_credentials');
    }
    await this.redis.del(this.failKey(username));
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(Date.now() + this.settings.sessionTtlHours * 3_600_000);
    await this.db.insert(sessions).values({
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300),
    });
    return { token, csrfToken, userId: user.id, expiresAt };
  }

  /**
   * Đổi mật khẩu: a wrong current password counts as a failed login against the same lock, so a session left open
   * (or stolen) cannot be used to guess the password at leisure. Once locked, the change answers 423 like the login.
   */
  async changePassword(
    actor: Actor & { username: string },
    sessionTokenHash: string,
    input: { currentPassword: string; newPassword: string },
  ) {
    await this.assertNotLocked(actor.username);
    try {
      const me = await changeOwnPassword(this.db, actor, sessionTokenHash, input);
      await this.redis.del(this.failKey(actor.username));
      return me;
    } catch (e) {
      if (e instanceof Problem && e.code === 'auth.wrong_password') await this.recordFailure(actor.username);
      throw e;
    }
  }

  private failKey(username: string) {
    return `${this.settings.keyPrefix}:login:fail:${username}`;
  }

  private async recordFailure(username: string) {
    const key = this.failKey(username);
    await this.redis
      .multi()
      .incr(key)
      .pexpire(key, this.settings.lockMinutes * 60_000)
      .exec();
  }

  private async assertNotLocked(username: string) {
    const key = this.failKey(username);
    const failures = Number(await this.redis.get(key)) || 0;
    if (failures >= this.settings.maxFailures) {
      const ttlMs = Math.max(await this.redis.pttl(key), 1000);
      const minutes = Math.ceil(ttlMs / 60000);
      throw problem('auth.locked', { minutes }, { headers: { 'Retry-After': String(Math.ceil(ttlMs / 1000)) } });
    }
  }

  private async throttleAddress(ip: string) {
    const key = `${this.settings.keyPrefix}:login:ip:${ip}`;
    const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, 60_000, 'NX').exec()) as [[null, number]];
    if (count > this.settings.ratePerMinute) {
      throw problem('rate_limited', {}, { headers: { 'Retry-After': '60' } });
    }
  }

  /** The caller behind a session cookie, or undefined when the session is unknown, expired or the user disabled. */
  async resolveSession(token: string): Promise<AuthContext | undefined> {
    const tokenHash = sha256(token);
    // The session and the roles in one statement (one row per role grant): every request runs it.
    const rows = await this.db
      .select({
        userId: users.id,
        username: users.username,
        csrfToken: sessions.csrfToken,
        mustChangePassword: users.mustChangePassword,
        grant: roleGrantColumns,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, roleGrants.organisationId))
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
      .orderBy(asc(roleGrants.createdAt));
    if (rows.length === 0) return undefined;
    const { grant: _first, ...row } = rows[0];
    // A grant's organisation always exists (foreign key): the left join only lets a user without grants through.
    const roles = rows.flatMap(({ grant: g }) => (g?.id ? [g as RoleGrantView] : []));
    return { ...row, sessionTokenHash: tokenHash, roles, isAdmin: roles.some((g) => g.role === 'QUAN_TRI') };
  }

  async logout(sessionTokenHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, sessionTokenHash));
  }
}

/** Run by the maintenance worker; idempotent, so a retried job does no harm. */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ h: sessions.tokenHash });
  return deleted.length;
}
