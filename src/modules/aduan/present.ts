import type { Static } from 'typebox';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import { PUBLIC_STATUSES, type OverdueStage, type Status } from './db.ts';
import type { ReportAccess } from './access.ts';
import type { AttachmentRow, EventRow, ReportRow } from './repo.ts';
import type { ReportDetail } from './use-cases/read-reports.ts';
import type * as S from './schemas.ts';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** One timeline entry in words ("Follow-up from Dinas Kesehatan"), for pages, feeds and Open311 notes. */
export function eventText(t: Translator, e: { kind: string; opd_name: string | null; data: unknown }): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const params: Record<string, string | number> = { agency: e.opd_name ?? (typeof data.opdName === 'string' ? data.opdName : '—') };
  if (typeof data.duplicateOf === 'string') params.original = data.duplicateOf;
  if (typeof data.reference === 'string') params.reference = data.reference;
  if (typeof data.rating === 'number') params.rating = data.rating;
  if (typeof data.stage === 'string') params.stage = t(`aduan.overdue.${data.stage}` as MessageKey);
  if (typeof data.channel === 'string') params.channel = t(`aduan.channel.${data.channel}` as MessageKey);
  return t(`aduan.event.${e.kind}` as MessageKey, params);
}

/** Shown to the public: verified, not declined, not secret. */
export function isPublishedReport(r: { rahasia: boolean; status: Status }): boolean {
  return !r.rahasia && (PUBLIC_STATUSES as readonly Status[]).includes(r.status);
}

/** Which deadlines a report is past right now (verification, the agency's follow-up, resolution). */
export function overdueStages(r: Pick<ReportRow, 'status' | 'verify_due_at' | 'follow_up_due_at' | 'resolution_due_at'>, now: Date): OverdueStage[] {
  const stages: OverdueStage[] = [];
  if (r.status === 'menunggu_verifikasi' && r.verify_due_at && r.verify_due_at < now) stages.push('verify');
  if ((r.status === 'diproses' || r.status === 'dibuka_kembali') && r.follow_up_due_at && r.follow_up_due_at < now) stages.push('follow_up');
  if ((r.status === 'diproses' || r.status === 'ditanggapi' || r.status === 'dibuka_kembali') && r.resolution_due_at && r.resolution_due_at < now) stages.push('resolution');
  return stages;
}

/** The deadline the report is waiting on now, for work queues. */
export function currentDue(r: Pick<ReportRow, 'status' | 'verify_due_at' | 'follow_up_due_at' | 'auto_close_at'>): Date | null {
  if (r.status === 'menunggu_verifikasi') return r.verify_due_at;
  if (r.status === 'diproses' || r.status === 'dibuka_kembali') return r.follow_up_due_at;
  if (r.status === 'ditanggapi') return r.auto_close_at;
  return null;
}

/** The name shown publicly: none when the reporter asked to be anonymous. */
export function publicReporterName(r: Pick<ReportRow, 'anonim' | 'reporter_name'>): string | null {
  return r.anonim ? null : r.reporter_name;
}

export const attachmentUrl = (a: Pick<AttachmentRow, 'id'>) => `/aduan/lampiran/${a.id}`;

function agencyOf(r: ReportRow) {
  return r.opd_id && r.opd_name && r.opd_code ? { id: r.opd_id, code: r.opd_code, name: r.opd_name } : null;
}

export function presentSummary(r: ReportRow, now: Date): Static<typeof S.ReportSummaryOut> {
  return {
    trackingId: r.tracking_id,
    type: r.type,
    title: r.title,
    category: { code: r.category_code, name: r.category_name },
    agency: agencyOf(r),
    region: { code: r.region_code, name: r.region_name },
    status: r.status,
    overdue: overdueStages(r, now),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function presentStaffSummary(r: ReportRow, now: Date): Static<typeof S.StaffReportSummaryOut> {
  return { ...presentSummary(r, now), id: r.id, rahasia: r.rahasia, dueAt: iso(currentDue(r)) };
}

function presentEvent(e: EventRow) {
  return { at: e.at.toISOString(), kind: e.kind, actor: e.actor_kind, agencyName: e.opd_name, body: e.body, data: (e.data ?? {}) as Record<string, unknown> };
}

function presentAttachment(a: AttachmentRow) {
  return { id: a.id, name: a.name, contentType: a.content_type, size: a.size, url: attachmentUrl(a) };
}

function publicPart(d: ReportDetail, now: Date, events: EventRow[], attachments: AttachmentRow[]) {
  const r = d.report;
  return {
    trackingId: r.tracking_id,
    type: r.type,
    title: r.title,
    description: r.description,
    category: { code: r.category_code, name: r.category_name },
    agency: agencyOf(r),
    region: { code: r.region_code, name: r.region_name },
    district: r.district_code ? { code: r.district_code, name: r.district_name ?? r.district_code } : null,
    location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
    address: r.address,
    status: r.status,
    overdue: overdueStages(r, now),
    reporterName: publicReporterName(r),
    receivedAt: iso(r.received_at),
    resolutionDueAt: iso(r.resolution_due_at),
    closedAt: iso(r.closed_at),
    rating: r.rating,
    reopenCount: r.reopen_count,
    duplicateOf: r.duplicate_of_tracking_id,
    laporReference: r.lapor_reference,
    katalogService: d.service ? { key: d.service.key, name: d.service.name } : null,
    katalogApp: d.app ? { key: d.app.key, name: d.app.name } : null,
    timeline: events.map(presentEvent),
    attachments: attachments.map(presentAttachment),
  };
}

export function presentPublicReport(d: ReportDetail, now: Date): Static<typeof S.PublicReportOut> {
  return publicPart(d, now, d.events.filter((e) => e.public), d.attachments.filter((a) => a.public));
}

/** What the reporter may do next, by status. */
export function reporterActions(r: Pick<ReportRow, 'status' | 'first_response_at' | 'opd_id'>) {
  return {
    confirm: r.status === 'menunggu_konfirmasi',
    reply: r.status === 'diproses' || r.status === 'ditanggapi' || r.status === 'dibuka_kembali',
    rate: (r.status === 'ditanggapi' || r.status === 'selesai') && !!r.first_response_at,
    reopen: (r.status === 'ditanggapi' || r.status === 'selesai') && !!r.opd_id,
  };
}

export function presentReporterReport(d: ReportDetail, now: Date): Static<typeof S.ReporterReportOut> {
  const r = d.report;
  // The reporter sees their own name even when it is hidden from the public.
  return { ...publicPart(d, now, d.events, d.attachments), reporterName: r.reporter_name, anonim: r.anonim, rahasia: r.rahasia, declineReason: r.decline_reason, can: reporterActions(r) };
}

/**
 * A report as staff see it. Outside the handling chain (admins, auditors) the reporter's identity
 * is withheld entirely, even when the public may see the name.
 */
export function presentStaffReport(d: ReportDetail & { access: ReportAccess }, now: Date): Static<typeof S.StaffReportOut> {
  const r = d.report;
  const hidden = !d.access.inChain;
  return {
    ...publicPart(d, now, d.events, d.attachments),
    reporterName: hidden ? null : r.reporter_name,
    id: r.id,
    channel: r.channel,
    anonim: r.anonim,
    rahasia: r.rahasia,
    identityHidden: hidden,
    reporter: hidden ? null : { name: r.reporter_name, email: r.reporter_email, phone: r.reporter_phone, hasAccount: !!r.reporter_user_id },
    competence: r.competence,
    tier: r.tier_code && r.tier_name ? { code: r.tier_code, name: r.tier_name } : null,
    deadlines: { verify: iso(r.verify_due_at), followUp: iso(r.follow_up_due_at), autoClose: iso(r.auto_close_at), resolution: iso(r.resolution_due_at) },
    declineReason: r.decline_reason,
    laporState: r.lapor_state,
    timeline: d.events.map((e) => ({ ...presentEvent(e), public: e.public })),
    attachments: d.attachments.map((a) => ({ ...presentAttachment(a), public: a.public })),
    can: { coordinate: d.access.coordinate && r.status === 'menunggu_verifikasi', handle: d.access.handle && ['diproses', 'ditanggapi', 'dibuka_kembali'].includes(r.status) },
  };
}

export const OPEN_STATUSES: readonly Status[] = ['menunggu_verifikasi', 'diproses', 'ditanggapi', 'dibuka_kembali'];
