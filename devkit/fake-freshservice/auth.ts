/**
 * API keys and what their agents may do (reference §1). HTTP Basic with the key as the username
 * and any password; username/password logins were retired in 2023 and fail like a bad key.
 * Permissions follow the agent's role: an admin may read agents, an agent may read and write
 * tickets, a restricted agent may only read (and still call /agents/me, COMM403).
 */
import type { AgentRole } from './model.ts';

/** How the call log names a caller: the three seeded keys, the background integrations, or nobody. */
export type CallerLabel = 'admin' | 'agent' | 'restricted' | 'others' | 'unknown';

export interface Identity {
  key: string;
  label: CallerLabel;
  agentId: number;
  role: AgentRole;
}

export type Permission = 'read' | 'write' | 'admin';

export class KeyRing {
  readonly #keys = new Map<string, Identity>();
  readonly #revoked = new Set<string>();

  add(identity: Identity): void {
    this.#keys.set(identity.key, identity);
  }

  /** A revoked key answers 401 from its next call on. */
  revoke(key: string): void {
    if (!this.#keys.has(key)) throw new Error(`revokeKey: no such API key ${mask(key)}`);
    this.#revoked.add(key);
  }

  restore(key: string): void {
    this.#revoked.delete(key);
  }

  /** The identity behind an `Authorization` header, or undefined for a missing/unknown/revoked key. */
  authenticate(header: string | undefined): Identity | undefined {
    const key = basicUsername(header);
    if (key === undefined || this.#revoked.has(key)) return undefined;
    return this.#keys.get(key);
  }

  /** Label for the call log even when authentication fails (a revoked key keeps its label). */
  labelOf(header: string | undefined): CallerLabel {
    const key = basicUsername(header);
    return (key !== undefined && this.#keys.get(key)?.label) || 'unknown';
  }
}

export function may(identity: Identity, permission: Permission): boolean {
  if (permission === 'read') return true;
  if (permission === 'write') return identity.role !== 'restricted';
  return identity.role === 'admin';
}

function basicUsername(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon === -1 ? decoded : decoded.slice(0, colon);
  return username === '' ? undefined : username;
}

/** Keys never appear whole in messages. */
export function mask(key: string): string {
  return key.length <= 4 ? '****' : `${key.slice(0, 4)}…`;
}
