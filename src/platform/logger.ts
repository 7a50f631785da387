import pino, { type Logger } from 'pino';

/**
 * JSON logs with request ids. Secrets and personal numbers are redacted by path, and any
 * 16-digit run (the shape of a NIK) or phone number that slips into a message is masked.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.confirmPassword',
  '*.token',
  '*.nik',
  '*.phone',
  '*.telepon',
  '*.no_hp',
  '*.secret',
];

const NIK = /\b\d{16}\b/g;
const PHONE = /(\+62|62|0)8\d{7,11}\b/g;

export function maskPersonalNumbers(text: string): string {
  return text.replace(NIK, '****************').replace(PHONE, '08**********');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalNumbers(a) : a)) as Parameters<typeof method>;
          return method.apply(this, masked);
        },
      },
      serializers: {
        req(req: { id: string; method: string; url: string; ip?: string }) {
          return { id: req.id, method: req.method, url: maskPersonalNumbers(req.url), ip: req.ip };
        },
      },
    },
    destination,
  );
}
