import { z } from 'zod';
import { roles } from './roles';

export const roleGrantSchema = z
  .object({
    id: z.string(),
    role: z.enum(roles),
    organisationId: z.string(),
    organisationName: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
  })
  .meta({ id: 'RoleGrant' });

export const meSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    position: z.string(),
    organisation: z.object({ id: z.string(), name: z.string(), shortName: z.string() }),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    roles: z.array(roleGrantSchema),
    isAdmin: z.boolean(),
    mustChangePassword: z.boolean().describe('an administrator set the password: every other request is refused until the user changes it'),
  })
  .meta({ id: 'Me' });

/** `GET /api/me`: the signed-in user, or that nobody is (the login page asks before anyone has signed in). */
export const meAnswerSchema = z
  .discriminatedUnion('authenticated', [meSchema.extend({ authenticated: z.literal(true) }), z.object({ authenticated: z.literal(false) })])
  .meta({ id: 'MeAnswer' });

export const adminUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    position: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    organisationShortName: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    roles: z.array(roleGrantSchema),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminUser' });

const id = z.string().trim().min(1).max(100);
/** Field messages are English like every detail; the web shows its own Vietnamese text per field. */
const password = z.string().min(10, 'at least 10 characters').max(200);
const email = z.string().trim().max(200).pipe(z.email('not an e-mail address'));
const phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^\+?[0-9 .()-]{6,}$/, 'digits, spaces, dots, brackets or hyphens, optionally after +');

export const roleGrantInputSchema = z.object({
  role: z.enum(roles),
  organisationId: id,
  unitId: id.nullish(),
});

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen only'),
  fullName: z.string().trim().min(2).max(200),
  position: z.string().trim().min(1).max(200),
  organisationId: id,
  unitId: id.nullish(),
  password,
  email: email.optional(),
  phone: phone.optional(),
  roles: z.array(roleGrantInputSchema).max(20).optional(),
});

export const userUpdateSchema = z
  .object({
    fullName: z.string().trim().min(2).max(200).optional(),
    position: z.string().trim().min(1).max(200).optional(),
    unitId: id.nullable().optional(),
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const passwordResetSchema = z.object({ password: password.optional().describe('the temporary password; generated when omitted') });
export const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password });

export const userIdParams = z.object({ id });
export const grantParams = z.object({ id, grantId: id });
export const userListQuery = z.object({
  organisationId: id.optional(),
  q: z.string().trim().max(100).optional(),
});
