/**
 * The gateway's error taxonomy. Every error Padu itself makes on /r1/ has an X-Road-Error type;
 * its first part says who must act:
 *
 * - `Client.*` (HTTP 400): the calling system sent something Padu refuses — fix the call or its
 *   credentials, ask for access, slow down.
 * - `Server.ClientProxy.*` (HTTP 500): Padu itself failed (gateway).
 * - `Server.ServerProxy.*` (HTTP 500): the providing system failed (provider) or could not be
 *   reached in time (network).
 *
 * Responses made by the provider pass through untouched and never carry X-Road-Error, so a
 * 4xx/5xx without that header is the provider's own answer (the protocol's category 1).
 */
export type ErrorCategory = 'client' | 'gateway' | 'provider' | 'network';
export const ERROR_CATEGORIES = ['client', 'gateway', 'provider', 'network'] as const satisfies readonly ErrorCategory[];

export const ERROR_TYPES = {
  'Client.BadRequest': { category: 'client', message: 'The request does not follow the X-Road Message Protocol for REST (r1).' },
  'Client.MissingHeader': { category: 'client', message: 'The X-Road-Client header is required.' },
  'Client.InvalidClientIdentifier': { category: 'client', message: 'X-Road-Client must name a registered subsystem: INSTANCE/CLASS/MEMBER/SUBSYSTEM.' },
  'Client.AuthenticationFailed': {
    category: 'client',
    message: 'Send a valid API token of the subsystem named in X-Road-Client (Authorization: Bearer padu_…, scope gerbang:call), or, on the TLS port, its client certificate from Padu’s CA.',
  },
  'Client.UnknownService': { category: 'client', message: 'No such service.' },
  'Client.ServiceDisabled': { category: 'client', message: 'The service is retired, or its providing subsystem is disabled.' },
  'Client.AccessDenied': { category: 'client', message: 'The client has no access right to this service or endpoint.' },
  'Client.PurposeRequired': {
    category: 'client',
    message: 'This service carries personal data: send X-Padu-Purpose and X-Padu-Legal-Basis (codes of 1-100 characters: letters, digits, . _ : / -).',
  },
  'Client.RateLimitExceeded': { category: 'client', message: 'Rate limit for this client and service exceeded; retry later.' },
  'Client.QuotaExceeded': { category: 'client', message: 'Daily quota for this client and service used up.' },
  'Client.RequestTooLarge': { category: 'client', message: 'The request body is larger than the service accepts.' },
  'Server.ClientProxy.InternalError': { category: 'gateway', message: 'Internal error in the gateway.' },
  'Server.ClientProxy.LoggingFailed': { category: 'gateway', message: 'The exchange could not be written to the evidence log.' },
  'Server.ServerProxy.ServiceFailed': { category: 'provider', message: 'The provider service did not give a valid response.' },
  'Server.ServerProxy.ResponseTooLarge': { category: 'provider', message: 'The provider response is larger than the service allows.' },
  'Server.ServerProxy.CircuitOpen': { category: 'provider', message: 'The provider is failing; calls are paused for a moment (circuit breaker open).' },
  'Server.ServerProxy.NetworkError': { category: 'network', message: 'The provider service could not be reached.' },
  'Server.ServerProxy.Timeout': { category: 'network', message: 'The provider service did not answer in time.' },
} as const satisfies Record<string, { category: ErrorCategory; message: string }>;

export type ErrorType = keyof typeof ERROR_TYPES;

export function errorStatus(type: ErrorType): 400 | 500 {
  return type.startsWith('Client.') ? 400 : 500;
}

export function errorCategory(type: string): ErrorCategory | undefined {
  return (ERROR_TYPES as Record<string, { category: ErrorCategory }>)[type]?.category;
}

/** A refusal or failure decided by the gateway, carried to the one place that answers it. */
export class GatewayError extends Error {
  constructor(
    readonly type: ErrorType,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${type}${detail ? `: ${detail}` : ''}`);
    this.name = 'GatewayError';
  }
}
