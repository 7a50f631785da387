import { recordAudit } from '../../../platform/audit/record-audit.ts';
import type { LaporAdapter, LaporReport } from '../lapor/adapter.ts';
import { findReport, lockReport, updateReport } from '../repo.ts';
import { addEvent, type AduanDeps } from './common.ts';

/** After this many failed attempts the sweep stops retrying; the coordinator sees the failure. */
export const LAPOR_MAX_ATTEMPTS = 10;

const SYSTEM = { actor: null, system: 'aduan-lapor' } as const;

/**
 * Hands one report marked for SP4N-LAPOR! to the adapter. Without an adapter the report simply
 * stays marked (a province that has not arranged the national integration forwards by hand).
 * A failure is recorded and retried by the sweep.
 */
export async function forwardToLapor(deps: AduanDeps, adapter: LaporAdapter | null, reportId: string): Promise<'sent' | 'failed' | 'skipped'> {
  if (!adapter) return 'skipped';
  const report = await findReport(deps.db, reportId);
  if (!report || report.status !== 'diteruskan_lapor' || report.lapor_state === 'terkirim') return 'skipped';
  const payload: LaporReport = {
    trackingId: report.tracking_id,
    type: report.type,
    title: report.title,
    description: report.description,
    category: { code: report.category_code, name: report.category_name },
    region: { code: report.region_code, name: report.region_name },
    district: report.district_code ? { code: report.district_code, name: report.district_name ?? report.district_code } : null,
    location: report.lat !== null && report.lon !== null ? { lat: report.lat, lon: report.lon } : null,
    anonymous: report.anonim,
    confidential: report.rahasia,
    reporter: { name: report.reporter_name, email: report.reporter_email, phone: report.reporter_phone },
    receivedAt: (report.received_at ?? report.created_at).toISOString(),
    url: `${deps.config.baseUrl}/aduan/laporan/${report.tracking_id}`,
  };
  let outcome: { reference: string } | { error: string };
  try {
    outcome = await adapter.forward(payload);
  } catch (error) {
    outcome = { error: (error as Error).message.slice(0, 500) };
  }
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || row.lapor_state === 'terkirim') return 'skipped' as const;
    const now = deps.clock.now();
    if ('reference' in outcome) {
      await updateReport(tx, row.id, { lapor_state: 'terkirim', lapor_reference: outcome.reference, lapor_sent_at: now, lapor_attempts: row.lapor_attempts + 1, lapor_last_error: null, updated_at: now });
      await addEvent(tx, deps, { reportId: row.id, kind: 'terkirim_lapor', actorKind: 'sistem', public: true, data: { reference: outcome.reference } });
      await recordAudit(tx, deps.clock, SYSTEM, { action: 'aduan.forwarded_to_lapor', targetType: 'aduan_report', targetId: row.id, after: { reference: outcome.reference } });
      return 'sent' as const;
    }
    await updateReport(tx, row.id, { lapor_state: 'gagal', lapor_attempts: row.lapor_attempts + 1, lapor_last_error: outcome.error, updated_at: now });
    await recordAudit(tx, deps.clock, SYSTEM, { action: 'aduan.lapor_failed', targetType: 'aduan_report', targetId: row.id, after: { attempts: row.lapor_attempts + 1, error: outcome.error } });
    return 'failed' as const;
  });
}
