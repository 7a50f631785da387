import type { Actor } from '../../../platform/auth/actor.ts';
import { ensure, platformPolicy } from '../../../platform/auth/policy.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { validationError, type FieldError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import type { Channel, ReportType } from '../db.ts';
import { isPublicAttachment, MAX_ATTACHMENTS, type NewAttachment } from '../attachments.ts';
import { loadDeadlines } from '../deadlines.ts';
import { findApp, findService } from '../katalog-link.ts';
import { findCategory, findRegion, insertAttachments, insertReport, trackingIdExists } from '../repo.ts';
import { newTrackingId } from '../tracking.ts';
import { addEvent, mailReporter, reporterAudit, reportLink, type AduanDeps } from './common.ts';

export interface ReportFields {
  type: ReportType;
  title: string;
  description: string;
  categoryCode: string;
  katalogServiceId?: string | null;
  katalogAppId?: string | null;
  regionCode: string;
  districtCode?: string | null;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  anonim: boolean;
  rahasia: boolean;
}

export interface Reporter {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  locale: 'id' | 'en';
}

export type Intake =
  /** From the portal: signed in (the account is the reporter) or with an email to confirm. */
  | { via: 'portal'; account: Actor | null }
  /** Typed in by staff from a phone call, a visit, a letter… */
  | { via: 'staff'; channel: Exclude<Channel, 'portal' | 'open311'> }
  /** From a client system through the Open311 API (its key already checked). */
  | { via: 'open311'; clientId: string; meta: Record<string, unknown>; mediaUrl?: string | null; token?: boolean; attributes?: Record<string, unknown> };

export interface SubmitResult {
  reportId: string;
  trackingId: string;
  /** The follow-link secret; shown or mailed once, only its hash is kept. */
  secret: string;
  status: 'menunggu_konfirmasi' | 'menunggu_verifikasi';
  open311Token: string | null;
}

/** Checks what a form, the API or Open311 sent against the reference data; every problem at once. */
export async function checkReportFields(deps: AduanDeps, input: ReportFields, province: string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const category = await findCategory(deps.db, input.categoryCode);
  if (!category || !category.active) errors.push({ field: 'categoryCode', messageKey: 'aduan.error.category_unknown' });
  const region = await findRegion(deps.db, input.regionCode);
  if (!region || (region.kind !== 'kabupaten' && region.kind !== 'kota') || region.parent_code !== province) {
    errors.push({ field: 'regionCode', messageKey: 'aduan.error.region_unknown' });
  } else if (input.districtCode) {
    const district = await findRegion(deps.db, input.districtCode);
    if (!district || district.kind !== 'kecamatan' || district.parent_code !== region.code) errors.push({ field: 'districtCode', messageKey: 'aduan.error.district_outside' });
  }
  if ((input.lat === null || input.lat === undefined) !== (input.lon === null || input.lon === undefined)) {
    errors.push({ field: input.lat === null || input.lat === undefined ? 'lat' : 'lon', messageKey: 'aduan.error.point_incomplete' });
  }
  if (input.katalogServiceId && !(await findService(deps.db, { id: input.katalogServiceId }))) errors.push({ field: 'katalogServiceId', messageKey: 'aduan.error.service_unknown' });
  if (input.katalogAppId && !(await findApp(deps.db, { id: input.katalogAppId }))) errors.push({ field: 'katalogAppId', messageKey: 'aduan.error.app_unknown' });
  return errors;
}

/**
 * Takes a report in. Reports from the portal without an account wait for the reporter to open
 * the link mailed to them (so nobody files in someone else's name and every reporter can be
 * answered); all others go straight to the coordinator, whose verification deadline starts now.
 */
export async function submitReport(
  deps: AduanDeps,
  audit: AuditContext,
  intake: Intake,
  input: ReportFields,
  reporter: Reporter,
  attachments: NewAttachment[] = [],
): Promise<SubmitResult> {
  const actor: Actor | null = intake.via === 'portal' ? intake.account : audit.actor;
  if (intake.via === 'staff') ensure(actor, platformPolicy.aduanEnterReport(actor));
  const accountUserId = intake.via === 'portal' && actor?.kind === 'user' ? actor.userId : null;
  // What the reporter did is audited without saying who they are (see reporterAudit).
  const auditAs = intake.via === 'portal' ? reporterAudit(audit) : audit;

  const errors = await checkReportFields(deps, input, deps.config.province);
  if (intake.via === 'portal' && !accountUserId && !reporter.email) errors.push({ field: 'email', messageKey: 'aduan.error.email_required' });
  if (attachments.length > MAX_ATTACHMENTS) errors.push({ field: 'attachments', messageKey: 'aduan.error.too_many_files', params: { max: MAX_ATTACHMENTS } });
  if (errors.length) throw validationError(errors);

  const now = deps.clock.now();
  const confirmed = intake.via !== 'portal' || !!accountUserId;
  const deadlines = await loadDeadlines(deps);
  const reportId = deps.ids.uuid();
  const secret = deps.ids.token(24);
  const open311Token = intake.via === 'open311' ? deps.ids.token(12) : null;
  let trackingId = newTrackingId(deps.ids, now, deps.config.timeZone);
  for (let i = 0; i < 5 && (await trackingIdExists(deps.db, trackingId)); i++) trackingId = newTrackingId(deps.ids, now, deps.config.timeZone);

  const name = accountUserId && actor?.kind === 'user' ? actor.name : (reporter.name?.trim() || null);
  const email = accountUserId && actor?.kind === 'user' ? actor.email : (reporter.email?.trim() || null);
  const channel: Channel = intake.via === 'portal' ? 'portal' : intake.via === 'open311' ? 'open311' : intake.channel;
  const status = confirmed ? ('menunggu_verifikasi' as const) : ('menunggu_konfirmasi' as const);

  await deps.db.transaction().execute(async (tx) => {
    await insertReport(tx, {
      id: reportId,
      tracking_id: trackingId,
      follow_secret_hash: sha256(secret),
      type: input.type,
      title: input.title.trim(),
      description: input.description.trim(),
      category_code: input.categoryCode,
      katalog_service_id: input.katalogServiceId ?? null,
      katalog_app_id: input.katalogAppId ?? null,
      region_code: input.regionCode,
      district_code: input.districtCode || null,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      address: input.address?.trim() || null,
      anonim: input.anonim,
      rahasia: input.rahasia,
      channel,
      open311_client_id: intake.via === 'open311' ? intake.clientId : null,
      open311_token: open311Token,
      open311_meta: JSON.stringify(intake.via === 'open311' ? { ...intake.meta, attributes: intake.attributes ?? {} } : {}),
      media_url: intake.via === 'open311' ? (intake.mediaUrl ?? null) : null,
      reporter_user_id: accountUserId,
      reporter_name: name,
      reporter_email: email,
      reporter_phone: reporter.phone?.trim() || null,
      reporter_locale: reporter.locale,
      entered_by: intake.via === 'staff' && actor?.kind === 'user' ? actor.userId : null,
      status,
      received_at: confirmed ? now : null,
      verify_due_at: confirmed ? deadlines.verifyBy(now) : null,
      created_at: now,
      updated_at: now,
    });
    await addEvent(tx, deps, { reportId, kind: 'diterima', actorKind: intake.via === 'staff' ? 'koordinator' : 'pelapor', public: true, data: { channel }, at: now });
    await insertAttachments(
      tx,
      attachments.map((a) => ({
        id: deps.ids.uuid(),
        report_id: reportId,
        event_id: null,
        file_id: a.fileId,
        name: a.name,
        content_type: a.contentType,
        size: a.size,
        public: isPublicAttachment('pelapor', a.contentType),
        created_at: now,
      })),
    );
    // The reporter's identity stays out of the audit log: auditors are outside the handling chain.
    await recordAudit(tx, deps.clock, auditAs, {
      action: 'aduan.report_submitted',
      targetType: 'aduan_report',
      targetId: reportId,
      after: { trackingId, type: input.type, categoryCode: input.categoryCode, regionCode: input.regionCode, channel, anonim: input.anonim, rahasia: input.rahasia, status, attachments: attachments.length },
    });
    const link = reportLink(deps, trackingId, secret);
    const params = { trackingId, title: input.title.trim(), link };
    if (!confirmed) await mailReporter(tx, deps, { reporter_email: email, reporter_locale: reporter.locale }, 'aduan.mail.confirm_subject', 'aduan.mail.confirm_body', params);
    else await mailReporter(tx, deps, { reporter_email: email, reporter_locale: reporter.locale }, 'aduan.mail.received_subject', 'aduan.mail.received_body', params);
  });
  if (email) deps.mail.mailQueued();
  return { reportId, trackingId, secret, status, open311Token };
}
