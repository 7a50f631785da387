/** What a token row looks like outside authentication: never its hash. */
export interface TokenRecord {
  id: string;
  opd_id: string;
  name: string;
  token_prefix: string;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const TOKEN_STATUSES = ['active', 'revoked', 'expired'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** Revoked wins over expired: it is the deliberate act people look for. */
export function tokenStatus(token: Pick<TokenRecord, 'expires_at' | 'revoked_at'>, now: Date): TokenStatus {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at && token.expires_at <= now) return 'expired';
  return 'active';
}

export type TokenWithStatus = TokenRecord & { status: TokenStatus };

export function withStatus(token: TokenRecord, now: Date): TokenWithStatus {
  return { ...token, status: tokenStatus(token, now) };
}
