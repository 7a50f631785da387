/**
 * X-Road style identifiers. A client is `INSTANCE/CLASS/MEMBER/SUBSYSTEM`, a service adds
 * `/SERVICECODE`. On the wire each part is UTF-8, percent-encoded on its own, and joined with
 * `/` (X-Road Message Protocol for REST, 4.2); Padu's canonical string is that encoded form.
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The codes of X-Road's REST metadata services, which no service may take. */
export const METADATA_SERVICE_CODES = ['listMethods', 'allowedMethods', 'getOpenAPI'] as const;

export function encodePart(part: string): string {
  return encodeURIComponent(part);
}

/** Decodes one percent-encoded part; undefined when it is not valid UTF-8 percent-encoding. */
export function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function joinIdentifier(parts: readonly string[]): string {
  return parts.map(encodePart).join('/');
}

export function subsystemIdentifier(instance: string, memberClass: string, memberCode: string, subsystemCode: string): string {
  return joinIdentifier([instance, memberClass, memberCode, subsystemCode]);
}

export function serviceIdentifier(subsystem: string, serviceCode: string): string {
  return `${subsystem}/${encodePart(serviceCode)}`;
}

/**
 * Parses an `X-Road-Client` value into its canonical form. Padu's clients are always
 * subsystems, so the optional subsystem part of the protocol is required here.
 */
export function parseClientHeader(value: string): { canonical: string; parts: string[] } | undefined {
  const raw = value.trim().split('/');
  if (raw.length !== 4) return undefined;
  const parts: string[] = [];
  for (const r of raw) {
    const decoded = decodePart(r);
    if (!decoded || decoded.length > 255) return undefined;
    parts.push(decoded);
  }
  return { canonical: joinIdentifier(parts), parts };
}
