import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { MessageKey, MessageParams } from '../../../platform/i18n/index.ts';

/**
 * Automatic evidence: figures the platform already holds (the katalog's apps, gerbang's services
 * and traffic, aduan's complaints, the portal's online services, the roadmap), measured for an
 * assessment and attached to the indicators they support. Each module can contribute providers
 * with `registerEvidenceProvider` (tata kelola ships the ones below; a module that registers a
 * provider with the same key replaces the built-in one). A provider reads only; it must never fail
 * because its module is not installed: it then answers `hasData: false` and says so.
 */
export interface EvidenceContext {
  db: Kysely<DB>;
  /** The assessment year: figures for that calendar year where they are counted per period. */
  year: number;
  now: Date;
  /** The province's time zone, for counting per calendar year. */
  timeZone: string;
}

export interface EvidenceMeasurement {
  /** False when the module is absent or holds nothing to measure. */
  hasData: boolean;
  /** What was measured, as a sentence with the figures (rendered in the reader's language). */
  summaryKey: MessageKey;
  params: MessageParams;
  /** The raw figures, for the API and the CSV export. */
  figures: Record<string, number | string | null>;
  /** The tables (or other sources) read, for the reader to check. */
  sources: string[];
  /** A page in Padu that shows the underlying records. */
  link: string | null;
}

export interface EvidenceProvider {
  /** Stable key, `<module>.<what>` (`katalog.apps`). */
  key: string;
  module: string;
  titleKey: MessageKey;
  /** Indicator numbers per instrument id that this evidence supports. */
  indicators: Record<string, number[]>;
  measure(ctx: EvidenceContext): Promise<EvidenceMeasurement>;
}

const providers = new Map<string, EvidenceProvider>();

/** Adds (or replaces, by key) a provider. Call at import time of the contributing module. */
export function registerEvidenceProvider(provider: EvidenceProvider): void {
  providers.set(provider.key, provider);
}

export function evidenceProviders(): EvidenceProvider[] {
  return [...providers.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The providers that attach evidence to some indicator of this instrument. */
export function providersForInstrument(instrumentId: string): EvidenceProvider[] {
  return evidenceProviders().filter((p) => (p.indicators[instrumentId]?.length ?? 0) > 0);
}
