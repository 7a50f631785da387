import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { rolesFromClaims } from './role-mapping.ts';

/**
 * What the browser carries between `/auth/oidc/start` and the callback, in a short-lived
 * HttpOnly cookie rather than process memory, so any Padu process behind the load balancer can
 * finish a sign-in another one started.
 */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

export function encodePending(p: PendingSignIn): string {
  return Buffer.from(JSON.stringify([p.state, p.nonce, p.codeVerifier, p.next])).toString('base64url');
}

export function decodePending(value: string | undefined): PendingSignIn | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((v) => typeof v === 'string' && v.length > 0 && v.length < 2048)) return null;
    const [state, nonce, codeVerifier, next] = parsed as string[];
    return { state: state!, nonce: nonce!, codeVerifier: codeVerifier!, next: next! };
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The relying-party side of OpenID Connect, over openid-client. */
export interface OidcClient {
  readonly redirectUri: string;
  /** Where to send the browser, and what to remember until it comes back. */
  begin(next: string): Promise<{ url: URL; pending: PendingSignIn }>;
  /**
   * Checks the authorization response (state, PKCE, ID token signature, issuer, audience, nonce,
   * expiry: all by openid-client), and returns the issuer with the ID token claims completed
   * from userinfo.
   */
  complete(callbackQuery: string, pending: PendingSignIn): Promise<{ issuer: string; claims: Record<string, unknown> }>;
  /** The IdP's RP-initiated logout URL, when it publishes an end_session_endpoint. */
  endSessionUrl(postLogoutRedirectUri: string): Promise<URL | null>;
}

export function createOidcClient(oidc: OidcConfig, baseUrl: string): OidcClient {
  const issuerUrl = new URL(oidc.issuer);
  // openid-client refuses plain HTTP; allow it only for an IdP on this machine (development, tests).
  const insecure = issuerUrl.protocol === 'http:' && LOOPBACK.has(issuerUrl.hostname);
  const redirectUri = `${baseUrl}/auth/oidc/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  // Discovered at first use, not at start, so Padu starts even while the IdP is down; a failed
  // discovery is forgotten so the next sign-in tries again.
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(issuerUrl, oidc.clientId, { client_secret: oidc.clientSecret }, client.ClientSecretBasic(), insecure ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  return {
    redirectUri,
    async begin(next) {
      const config = await configuration();
      const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), next };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },
    async complete(callbackQuery, pending) {
      const config = await configuration();
      // openid-client derives the redirect_uri it sends to the token endpoint from this URL, so it
      // is built from the configured base URL, never from request headers.
      const currentUrl = new URL(redirectUri);
      currentUrl.search = callbackQuery;
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      // Keycloak and others often keep email or roles out of the ID token; userinfo (checked to be
      // about the same subject) fills the gaps, and the signed ID token wins where both speak.
      if (claims.email === undefined || rolesFromClaims(claims, oidc.rolesClaim).length === 0) {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      }
      return { issuer: config.serverMetadata().issuer, claims };
    },
    async endSessionUrl(postLogoutRedirectUri) {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, { client_id: oidc.clientId, post_logout_redirect_uri: postLogoutRedirectUri });
    },
  };
}
