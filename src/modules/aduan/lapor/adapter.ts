/**
 * The boundary to SP4N-LAPOR!, the national complaints system: reports about central-government
 * matters are forwarded there. The national integration is arranged per agency with KemenPANRB,
 * so Padu speaks to it through this interface; the HTTP implementation posts JSON to a configured
 * endpoint (an integration gateway or LAPOR!'s own API behind an adapter service).
 */
export interface LaporReport {
  /** Padu's tracking id, so both sides can refer to the same report. */
  trackingId: string;
  type: string;
  title: string;
  description: string;
  category: { code: string; name: string };
  region: { code: string; name: string };
  district: { code: string; name: string } | null;
  location: { lat: number; lon: number } | null;
  /** The reporter asked that their name not be published. */
  anonymous: boolean;
  /** The reporter asked that the report not be published at all. */
  confidential: boolean;
  reporter: { name: string | null; email: string | null; phone: string | null };
  receivedAt: string;
  /** Where the report can be followed in Padu. */
  url: string;
}

export interface LaporAdapter {
  readonly name: string;
  /** Hands the report over; resolves with LAPOR!'s reference number, or throws. */
  forward(report: LaporReport): Promise<{ reference: string }>;
}

export class LaporError extends Error {
  override readonly name = 'LaporError';
}

/**
 * POSTs the report as JSON to `<url>/laporan` with a bearer credential; expects 200/201 with
 * `{ "reference": "…" }` (or `id`). Anything else is an error the sweep retries later.
 */
export function createLaporHttpAdapter(options: { url: string; token?: string; timeoutMs?: number; fetch?: typeof fetch }): LaporAdapter {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'http',
    async forward(report) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let res: Response;
      try {
        res = await doFetch(`${options.url}/laporan`, {
          method: 'POST',
          headers,
          body: JSON.stringify(report),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new LaporError(`SP4N-LAPOR! endpoint unreachable: ${(error as Error).message}`, { cause: error });
      }
      const text = await res.text();
      if (res.status !== 200 && res.status !== 201) throw new LaporError(`SP4N-LAPOR! answered ${res.status}: ${text.slice(0, 200)}`);
      let body: { reference?: unknown; id?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new LaporError('SP4N-LAPOR! answered with something other than JSON');
      }
      const reference = body.reference ?? body.id;
      if ((typeof reference !== 'string' && typeof reference !== 'number') || String(reference).length === 0 || String(reference).length > 100) {
        throw new LaporError('SP4N-LAPOR! answered without a reference number');
      }
      return { reference: String(reference) };
    },
  };
}
