import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, notFound } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { InstrumentFormatError, parseInstrument, type Instrument } from '../../instruments/instrument.ts';
import { sha256Of, storeInstrument } from '../../instruments/load.ts';
import { instrumentInUse, listInstrumentRows, loadInstrument } from '../../instruments/repo.ts';

export interface InstrumentSummary {
  id: string;
  title: string;
  indexName: string;
  confirmed: boolean;
  source: string;
  loadedAt: Date;
  domains: number;
  aspects: number;
  indicators: number;
  bands: { label: string; min: number; max: number; maxInclusive: boolean }[];
  inUse: boolean;
}

function summarise(row: { id: string; source: string; loaded_at: Date }, i: Instrument, inUse: boolean): InstrumentSummary {
  return {
    id: i.id,
    title: i.title,
    indexName: i.indexName,
    confirmed: i.confirmed,
    source: row.source,
    loadedAt: row.loaded_at,
    domains: i.domains.length,
    aspects: i.aspects.length,
    indicators: i.indicators.length,
    bands: [...i.bands].reverse().map((b) => ({ label: b.label, min: b.min, max: b.max, maxInclusive: b.maxInclusive })),
    inUse,
  };
}

/** The instruments loaded (from reference/ or added through the API), oldest first. */
export async function listInstruments(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<InstrumentSummary[]> {
  ensure(actor, tataKelolaPolicy.readAll(actor));
  const rows = await listInstrumentRows(deps.db);
  return Promise.all(rows.map(async (r) => summarise(r, (await loadInstrument(deps.db, r.id))!, await instrumentInUse(deps.db, r.id))));
}

/** One instrument in full (domains, aspects, indicators, weights, labels, bands). */
export async function getInstrument(deps: Pick<Deps, 'db'>, actor: Actor | null, id: string): Promise<Instrument> {
  ensure(actor, tataKelolaPolicy.readAll(actor));
  const instrument = await loadInstrument(deps.db, id);
  if (!instrument) throw notFound();
  return instrument;
}

/**
 * Adds a later instrument (or corrects one no assessment uses yet) from its JSON. A malformed
 * file is refused with every problem as a field error; an instrument already used by an
 * assessment is never changed (a corrected file needs a new id).
 */
export async function addInstrument(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, json: unknown): Promise<{ id: string; outcome: 'added' | 'updated' | 'unchanged' }> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageInstruments(actor));
  let instrument: Instrument;
  try {
    instrument = parseInstrument(json, 'upload');
  } catch (error) {
    if (!(error instanceof InstrumentFormatError)) throw error;
    throw new AppError('validation', 'tata_kelola.instrument.invalid', {
      fields: error.problems.map((p) => ({ field: 'definition', messageKey: `tata_kelola.instrument.problem.${p.code}` as MessageKey, params: p.params })),
    });
  }
  return deps.db.transaction().execute(async (tx) => {
    const outcome = await storeInstrument(tx, { instrument, json, sha256: sha256Of(json), source: 'upload' }, deps.clock.now());
    if (outcome === 'kept') throw new AppError('conflict', 'tata_kelola.instrument.in_use', { params: { id: instrument.id } });
    if (outcome !== 'unchanged') {
      await recordAudit(tx, deps.clock, audit, {
        action: `tata_kelola.instrument.${outcome}`,
        targetType: 'tata_kelola_instrument',
        targetId: instrument.id,
        after: { id: instrument.id, title: instrument.title, indicators: instrument.indicators.length },
      });
    }
    return { id: instrument.id, outcome };
  });
}
