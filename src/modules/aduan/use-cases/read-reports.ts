import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { workingCalendar } from '../../../platform/calendar/index.ts';
import type { Status } from '../db.ts';
import { seesQueue, staffScope } from '../access.ts';
import { findApp, findService, type KatalogRef } from '../katalog-link.ts';
import {
  figureRows,
  findReportByTracking,
  listAttachments,
  listEvents,
  overdueCounts,
  reportsOfUser,
  searchPublicReports,
  searchStaffReports,
  type AttachmentRow,
  type EventRow,
  type ReportRow,
} from '../repo.ts';
import { isPublishedReport } from '../present.ts';
import { reportForReporter, reportForStaff, type AduanDeps, type ReporterProof } from './common.ts';

export const PAGE_SIZE = 25;

export interface ReportDetail {
  report: ReportRow;
  events: EventRow[];
  attachments: AttachmentRow[];
  service: KatalogRef | undefined;
  app: KatalogRef | undefined;
}

async function detail(deps: AduanDeps, report: ReportRow, publicOnly: boolean): Promise<ReportDetail> {
  const [events, attachments, service, app] = await Promise.all([
    listEvents(deps.db, report.id, { publicOnly }),
    listAttachments(deps.db, report.id, { publicOnly }),
    report.katalog_service_id ? findService(deps.db, { id: report.katalog_service_id }) : undefined,
    report.katalog_app_id ? findApp(deps.db, { id: report.katalog_app_id }) : undefined,
  ]);
  return { report, events, attachments, service, app };
}

/** A published report with its public timeline; anything else is not found. */
export async function getPublicReport(deps: AduanDeps, trackingId: string): Promise<ReportDetail> {
  const report = await findReportByTracking(deps.db, trackingId);
  if (!report || !isPublishedReport(report)) throw new AppError('not_found', 'error.not_found');
  return detail(deps, report, true);
}

export async function listPublicReports(deps: AduanDeps, filter: { opdId?: string; categoryCode?: string; status?: Status; regionCode?: string; from?: Date; to?: Date; page: number }) {
  const rows = await searchPublicReports(deps.db, { ...filter, limit: PAGE_SIZE + 1, offset: (filter.page - 1) * PAGE_SIZE });
  return { items: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE };
}

/** The reporter's own view (secret link or their account): everything but other people's data. */
export async function getReporterReport(deps: AduanDeps, trackingId: string, proof: ReporterProof): Promise<ReportDetail> {
  // The whole timeline (the decline reason too) and every attachment: all of it is about them.
  return detail(deps, await reportForReporter(deps.db, trackingId, proof), false);
}

/** A report as staff see it; the caller presents the reporter's identity only to the handling chain. */
export async function getStaffReport(deps: AduanDeps, actor: Actor | null, reportId: string) {
  const { report, access } = await reportForStaff(deps.db, actor, reportId, 'read');
  return { ...(await detail(deps, report, false)), access };
}

export async function listStaffReports(deps: AduanDeps, actor: Actor | null, filter: { status?: Status; overdue?: boolean; search?: string; opdId?: string; categoryCode?: string; page: number }) {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  if (!seesQueue(actor)) throw new AppError('forbidden', 'error.forbidden');
  const scope = await staffScope(deps.db, actor);
  const rows = await searchStaffReports(deps.db, { ...filter, scope, now: deps.clock.now(), limit: PAGE_SIZE + 1, offset: (filter.page - 1) * PAGE_SIZE });
  return { items: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE };
}

export async function listMyReports(deps: AduanDeps, actor: Actor | null, page: number) {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'error.forbidden');
  const rows = await reportsOfUser(deps.db, actor.userId, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  return { items: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE };
}

export interface AgencyFigures {
  opdId: string;
  opdCode: string;
  opdName: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  /** Share answered within the follow-up deadline, 0–100 (null when nothing was received). */
  onTimeRate: number | null;
  /** Median working days from disposition to the first answer (null without answers). */
  medianFirstAnswerDays: number | null;
  reopened: number;
  /** Share of answered reports the reporter reopened, 0–100. */
  reopenRate: number | null;
  overdueNow: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * Per agency, over reports disposed to it in [from, to): how many it received, how many it
 * answered within the follow-up deadline, the median time to its first answer in working days,
 * how often reporters reopened, and how many of its reports are past a deadline now. Figures
 * count secret reports too (they are numbers, not contents).
 */
export async function agencyFigures(deps: AduanDeps, period: { from: Date; to: Date }, onlyOpdId?: string): Promise<AgencyFigures[]> {
  const [rows, overdue, calendar] = await Promise.all([figureRows(deps.db, period.from, period.to), overdueCounts(deps.db, deps.clock.now()), workingCalendar(deps)]);
  const byOpd = new Map<string, AgencyFigures & { waits: number[] }>();
  for (const r of rows) {
    if (!r.opd_id || (onlyOpdId && r.opd_id !== onlyOpdId)) continue;
    let f = byOpd.get(r.opd_id);
    if (!f) {
      f = { opdId: r.opd_id, opdCode: r.opd_code, opdName: r.opd_name, received: 0, answered: 0, answeredOnTime: 0, onTimeRate: null, medianFirstAnswerDays: null, reopened: 0, reopenRate: null, overdueNow: 0, waits: [] };
      byOpd.set(r.opd_id, f);
    }
    f.received++;
    if (r.first_response_at && r.disposed_at) {
      f.answered++;
      if (r.first_follow_up_due_at && r.first_response_at <= r.first_follow_up_due_at) f.answeredOnTime++;
      f.waits.push(calendar.workingDaysBetween(r.disposed_at, r.first_response_at));
      if (r.reopen_count > 0) f.reopened++;
    }
  }
  const late = new Map(overdue.map((o) => [o.opd_id!, Number(o.n)]));
  return [...byOpd.values()]
    .map(({ waits, ...f }) => ({
      ...f,
      onTimeRate: percent(f.answeredOnTime, f.received),
      medianFirstAnswerDays: median(waits),
      reopenRate: percent(f.reopened, f.answered),
      overdueNow: late.get(f.opdId) ?? 0,
    }))
    .sort((a, b) => b.received - a.received || a.opdName.localeCompare(b.opdName));
}
