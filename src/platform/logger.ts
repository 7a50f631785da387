import pino, { type Logger } from 'pino';

/**
 * JSON logs with request ids (Fastify adds `reqId` to every line of a request). Two layers keep
 * secrets and personal data out of them:
 *
 * 1. Values under sensitive keys (passwords, tokens, secrets, cookies, authorization, NIK, phone)
 *    are replaced by `[redacted]` at any depth: in logged objects, child-logger bindings and errors.
 * 2. Every finished line is checked for a 16-digit run (the shape of a NIK) or an Indonesian
 *    mobile number (08…, 62…, +62…) and those are masked wherever they are: the message, a URL,
 *    an error's message, detail or stack, a database error's key values.
 */
export const REDACTED = '[redacted]';

const SENSITIVE_KEY =
  /password|secret|authorization|cookie|token$|token_?hash$|tokens$|^_?csrf$|api_?key|^nik$|^nik_|_nik$|phone|telepon|^no_?(hp|telp)$|^hp$|whatsapp/i;
// `pemohonNik`, but not `klinik` or `teknik`.
const CAMEL_NIK = /[a-z]Nik$/;

/** Whether a property of that name is redacted in logs. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key) || CAMEL_NIK.test(key);
}

// A NIK: exactly 16 digits, not part of a longer number.
const NIK = /(?<!\d)\d{16}(?!\d)/g;
// An Indonesian mobile number: 08…, 62 8… or +62 8…, 9–12 digits after the country or trunk
// prefix, optionally grouped with spaces, dots or dashes (0812-3456-7890, +62 812 3456 7890).
// It must not touch letters or digits, nor be dash-joined to hex, so the digits inside a UUID or
// a hex hash are not taken for one ("Telp.0812…" still is).
const PHONE = /(?<![\w+]|[\da-fA-F]-)(?:\+62[ .-]?|62[ .-]?|0)8\d{2}(?:[ .-]?\d){6,9}(?!\w|-[\da-fA-F])/g;
export const MASKED_NIK = '****************';
export const MASKED_PHONE = '08**********';

/** Masks NIK-shaped numbers and Indonesian mobile numbers in free text. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(NIK, MASKED_NIK).replace(PHONE, MASKED_PHONE);
}

function hasPersonalNumber(text: string): boolean {
  NIK.lastIndex = 0;
  PHONE.lastIndex = 0;
  return NIK.test(text) || PHONE.test(text);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy with sensitive keys redacted at any depth; errors become plain objects first. */
function redactKeys(value: unknown, ancestors: object[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value) || ancestors.length > 10) return '[…]';
  if (value instanceof Error) {
    // Like pino's error serializer, but as a plain object all the way down (causes included), so
    // the key rule reaches fields such as a database error's parameters.
    const { name: _name, message: _message, stack: _stack, ...fields } = value as Error & Record<string, unknown>;
    const plain = { type: value.constructor.name, message: value.message, stack: value.stack, ...fields, ...(value.cause === undefined ? {} : { cause: value.cause }) };
    return redactKeys(plain, [...ancestors, value]);
  }
  if (Array.isArray(value)) return value.map((v) => redactKeys(v, [...ancestors, value]));
  // Other class instances (Fastify's request and reply) go to their serializers untouched.
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSensitiveKey(key) ? REDACTED : redactKeys(v, [...ancestors, value]);
  return out;
}

/** Masks personal numbers in every string (and number) of a parsed log line. */
function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalNumbers(value);
  if (typeof value === 'number') {
    const masked = maskPersonalNumbers(String(value));
    return masked === String(value) ? value : masked;
  }
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}

/**
 * The last step before a line is written. Most lines hold no such number and pass untouched;
 * the others are parsed and re-serialized, so masking never breaks the JSON.
 */
export function maskLogLine(line: string): string {
  if (!hasPersonalNumber(line)) return line;
  try {
    const trailing = line.endsWith('\n') ? '\n' : '';
    return JSON.stringify(maskDeep(JSON.parse(line))) + trailing;
  } catch {
    return maskPersonalNumbers(line);
  }
}

/** The application logger: JSON lines to stdout, or to `destination` (tests capture it there). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      formatters: { log: (object) => redactKeys(object) as Record<string, unknown> },
      hooks: { streamWrite: maskLogLine },
      serializers: {
        err: (error: unknown) => redactKeys(error),
        // Only what an operator needs: headers (cookies, authorization) stay out of the logs.
        req(req: { id: string; method: string; url: string; ip?: string }) {
          return { id: req.id, method: req.method, url: req.url, ip: req.ip };
        },
      },
    },
    destination,
  );
  // pino's bindings formatter does not reach child loggers (`logger.child({ email })`, Fastify's
  // per-request child), so redact their bindings here. Children inherit this method.
  type Child = (this: unknown, bindings: pino.Bindings, options?: object) => unknown;
  const child = logger.child as unknown as Child;
  const redactingChild: Child = function (bindings, options) {
    return child.call(this, redactKeys(bindings) as pino.Bindings, options);
  };
  logger.child = redactingChild as unknown as typeof logger.child;
  return logger;
}
