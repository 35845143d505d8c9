import { z } from 'zod';
import { ROLES, type Role } from '../auth/permissions.ts';

export { ROLES, type Role } from '../auth/permissions.ts';
import { gridCodeSchema } from '../grids/grids-contract.ts';

/**
 * The administration API as both sides see it: accounts, and the credentials issued to
 * displays and to Open311 clients.
 */

/** Body of POST /api/admin/users (only these fields are accepted). */
export const createUserSchema = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{3,40}$/),
    displayName: z.string().trim().min(1).max(60),
    role: z.enum(ROLES),
    areaCode: gridCodeSchema,
  })
  .strict();

/** Body of PATCH /api/admin/users/:id (only these fields are accepted). */
export const updateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(60).optional(),
    role: z.enum(ROLES).optional(),
    areaCode: gridCodeSchema.optional(),
    disabled: z.boolean().optional(),
    /** The member of staff this account belongs to (null unlinks): the responsible worker of key-group members. */
    staffId: z.number().int().positive().nullable().optional(),
  })
  .strict();

/** An account as an administrator sees it. */
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  areaName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  locked: boolean;
  staffId: number | null;
  staffName: string | null;
}

/**
 * The two kinds of issued credential: a wall token (a display's sign-in for an area) and an
 * API key (an Open311 client acting as an account). Both are shown once, listed, and revoked.
 */
export const CREDENTIAL_KINDS = {
  wallToken: { path: '/wall-tokens', secret: 'token' },
  apiKey: { path: '/api-keys', secret: 'key' },
} as const;

/** A kind of issued credential. */
export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

const credentialName = z.string().trim().min(1).max(60);

/** Bodies of POST /api/wall-tokens and /api/api-keys: a name saying who holds it, and what it acts as. */
export const issueCredentialSchemas = {
  wallToken: z.object({ name: credentialName, areaCode: gridCodeSchema }).strict(),
  apiKey: z.object({ name: credentialName, userId: z.coerce.number().int().positive() }).strict(),
} as const;

/** What issuing answers: the credential's id and its secret, shown this once. */
export type IssuedCredential<K extends CredentialKind> = { id: number } & Record<(typeof CREDENTIAL_KINDS)[K]['secret'], string>;

/** What every issued credential lists with. */
interface CredentialRowBase {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string;
}

/** A listed credential of each kind (the secret itself is never listed). */
export interface CredentialRows {
  wallToken: CredentialRowBase & { areaCode: string; areaName: string };
  apiKey: CredentialRowBase & { username: string; role: Role; areaCode: string };
}
