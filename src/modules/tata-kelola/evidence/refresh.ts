import type { Kysely } from 'kysely';
import type { Deps } from '../../../platform/deps.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { MessageKey, MessageParams } from '../../../platform/i18n/index.ts';
import { upsertAutoEvidence } from '../assessment/repo.ts';
import { providersForInstrument, type EvidenceMeasurement } from './registry.ts';
import './providers.ts';

/** What an automatic evidence item stores: the measurement, and which module measured it. */
export interface StoredMeasurement extends EvidenceMeasurement {
  module: string;
  provider: string;
}

export interface RefreshResult {
  items: number;
  providers: { key: string; hasData: boolean; indicators: number[] }[];
}

/**
 * Measures every provider that supports an indicator of the assessment's instrument and replaces
 * each automatic evidence item with the new figures and time, all items in one transaction. A
 * provider that fails is recorded as an item without data (with the error's name in its figures),
 * so one broken module never stops the others' evidence from being kept current.
 */
export async function refreshAutoEvidence(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>,
  assessment: { id: string; year: number; instrument_id: string },
  /** Runs in the transaction that writes the items (the audit row of a refresh someone asked for). */
  inTransaction?: (tx: Kysely<DB>, result: RefreshResult) => Promise<void>,
): Promise<RefreshResult> {
  const now = deps.clock.now();
  const result: RefreshResult = { items: 0, providers: [] };
  const measured: { provider: string; titleKey: string; indicators: number[]; stored: StoredMeasurement }[] = [];
  for (const provider of providersForInstrument(assessment.instrument_id)) {
    let measurement: EvidenceMeasurement;
    try {
      measurement = await provider.measure({ db: deps.db, year: assessment.year, now, timeZone: deps.config.timeZone });
    } catch (error) {
      deps.logger.warn({ err: error, provider: provider.key }, 'evidence provider failed');
      measurement = { hasData: false, summaryKey: 'tata_kelola.evidence.failed' as MessageKey, params: { module: provider.module } as MessageParams, figures: { error: (error as Error).name }, sources: [], link: null };
    }
    const indicators = provider.indicators[assessment.instrument_id] ?? [];
    measured.push({ provider: provider.key, titleKey: provider.titleKey, indicators, stored: { ...measurement, module: provider.module, provider: provider.key } });
    result.items += indicators.length;
    result.providers.push({ key: provider.key, hasData: measurement.hasData, indicators });
  }
  // Providers only read, outside any transaction; the items are replaced together.
  await deps.db.transaction().execute(async (tx) => {
    for (const m of measured) {
      for (const indicator of m.indicators) {
        await upsertAutoEvidence(tx, { id: deps.ids.uuid(), assessmentId: assessment.id, indicator, provider: m.provider, title: m.titleKey, measurement: m.stored, at: now });
      }
    }
    await inTransaction?.(tx, result);
  });
  return result;
}
