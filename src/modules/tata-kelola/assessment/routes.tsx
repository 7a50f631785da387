import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, parseValue } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { handleForm } from '../../../platform/html/forms.ts';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import { workingCalendar } from '../../../platform/calendar/index.ts';
import { acceptUploads, openFile, readUploadForm, sendFile, withUploads } from '../../../platform/files/index.ts';
import { csvLine } from '../../../platform/text/csv.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import { translate } from '../../../platform/i18n/index.ts';
import { STAGES, type Stage } from '../db.ts';
import { EVIDENCE_FILE, MAX_UPLOAD_BYTES } from '../files.ts';
import { levelLabel } from '../instruments/instrument.ts';
import { formatHundredths } from '../instruments/score.ts';
import { tataKelolaPolicy } from '../policy.ts';
import * as S from './schemas.ts';
import { addInstrument, getInstrument, listInstruments } from './use-cases/instruments.ts';
import { createAssessment } from './use-cases/create-assessment.ts';
import { getAssessment, listAssessmentHistory, type AssessmentDetail } from './use-cases/get-assessment.ts';
import { moveStage, scheduleStages, type StageDates } from './use-cases/change-stage.ts';
import { saveSelfAssessment, verifyIndicator } from './use-cases/rate-indicator.ts';
import { addEvidence, getEvidence, removeEvidence, type EvidenceTarget, type NewEvidence } from './use-cases/manage-evidence.ts';
import { refreshEvidence } from './use-cases/refresh-evidence.ts';
import { assignIndicator, defaultDueDate, fillAssignment, getAssignment, getReadiness, listMyAssignments, unassignIndicator } from './use-cases/manage-assignments.ts';
import { indicatorOf } from './use-cases/assessment-guard.ts';
import { AssessmentPage, AssessmentsPage, AssignmentPage, AssignmentsPage, IndicatorPage, InstrumentPage, InstrumentsPage, OverviewPage, ReadinessPage } from './views/assessment-pages.tsx';
import { ReportPage } from './views/report-page.tsx';

const REPORT_CSS = fs.readFileSync(path.join(import.meta.dirname, '../views/report.css'));
const REPORT_CSS_URL = `/tata-kelola/assets/report.${createHash('sha256').update(REPORT_CSS).digest('hex').slice(0, 10)}.css`;

const NewAssessmentForm = Type.Object({ year: S.Year, instrumentId: Type.String({ minLength: 1, maxLength: 64 }) });
const SelfForm = Type.Object({ level: S.Level, justification: Type.Optional(Type.String({ maxLength: 10000 })) });
const ReviewForm = Type.Object({ verifiedLevel: S.Level, note: Type.Optional(Type.String({ maxLength: 10000 })) });
const AssignForm = Type.Object({ indicator: Type.Integer({ minimum: 1, maximum: 1000 }), opdId: Type.String({ format: 'uuid' }), part: Type.String({ minLength: 1, maxLength: 2000 }), dueOn: Type.String({ format: 'date' }) });
const FillForm = Type.Object({ proposedLevel: Type.Optional(S.Level), response: Type.Optional(Type.String({ maxLength: 20000 })), submit: Type.Optional(Type.Boolean()) });
const StageForm = Type.Object({ stage: S.StageBody.properties.stage });
const InstrumentForm = Type.Object({ definition: Type.String({ minLength: 2, maxLength: 1_000_000 }) });

const CSV_HEADER = ['indicator', 'name', 'aspect', 'domain', 'weight', 'self_level', 'justification', 'verified_level', 'review_note', 'evidence_items', 'automatic_evidence'];

/** An upload form's fields as the evidence use case takes them (forms prefix each form's inputs with its kind). */
function evidenceInput(fields: Record<string, string | string[]>, prefixed: boolean): NewEvidence {
  const one = (name: string) => {
    const v = fields[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const kind = one('kind');
  const p = prefixed && kind ? `${kind}-` : '';
  const input = parseValue(S.EvidenceFields, Object.fromEntries(Object.entries({ kind, title: one(`${p}title`)?.trim(), url: one(`${p}url`)?.trim() || undefined, recordPath: one(`${p}recordPath`)?.trim() || undefined }).filter(([, v]) => v !== undefined && v !== '')));
  return input;
}

function evidenceFormState(body: unknown, errors: FormState['errors']): FormState {
  const b = (body ?? {}) as Record<string, string>;
  const kind = b.kind ?? 'link';
  return { values: { kind, title: b[`${kind}-title`], url: b[`${kind}-url`], recordPath: b[`${kind}-recordPath`] }, errors };
}

function csvRows(d: AssessmentDetail, locale: Locale): string {
  const lines = [csvLine(CSV_HEADER)];
  for (const ind of d.instrument.indicators) {
    const a = d.answers.get(ind.number);
    const aspect = d.instrument.aspects.find((x) => x.code === ind.aspect)!;
    const evidence = d.evidence.filter((e) => e.indicator === ind.number);
    const auto = evidence
      .filter((e) => e.kind === 'auto')
      .map((e) => {
        const m = e.measurement as { summaryKey: string; params: Record<string, string | number> };
        return `${translate(locale, m.summaryKey as never, m.params)} (${e.measured_at?.toISOString()})`;
      })
      .join(' | ');
    lines.push(csvLine([ind.number, ind.name, `${aspect.code} ${aspect.name}`, aspect.domain ?? '', ind.weight / 100, a?.self_level ?? null, a?.justification ?? null, a?.verified_level ?? null, a?.review_note ?? null, evidence.length, auto]));
  }
  const total = (label: string, s: AssessmentDetail['self']) => csvLine(['', label, '', '', 100, s.value === null ? null : formatHundredths(s.value), s.predicate?.label ?? null, null, null, null, null]);
  lines.push(total('index_self', d.self), total('index_verified', d.verified));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The yearly SPBE index self-assessment: instruments, assessments, indicators, evidence, agencies' parts, report. */
export const assessmentRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  await acceptUploads(app, { maxFileBytes: MAX_UPLOAD_BYTES, files: 2 });

  app.get(REPORT_CSS_URL, { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(REPORT_CSS),
  );

  // ---- Home ------------------------------------------------------------------------------------
  app.get('/tata-kelola', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.enter(req.actor));
    const latest = tataKelolaPolicy.readAll(req.actor) ? ((await listAssessmentHistory(deps, req.actor))[0] ?? null) : null;
    const parts = await listMyAssignments(deps, req.actor);
    const today = (await workingCalendar(deps)).localDay(deps.clock.now());
    return sendPage(reply, (ctx) => <OverviewPage ctx={ctx} latest={latest} myParts={parts.length} lateParts={parts.filter((p) => p.status !== 'submitted' && p.due_on < today).length} />);
  });

  // ---- Instruments -----------------------------------------------------------------------------
  const instrumentsPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm(), status = 200) => {
    const instruments = await listInstruments(deps, req.actor);
    return sendPage(reply, (ctx) => <InstrumentsPage ctx={ctx} instruments={instruments} form={form} canManage={tataKelolaPolicy.manageInstruments(req.actor)} />, status);
  };
  app.get('/tata-kelola/instruments', { schema: { hide: true } }, async (req, reply) => instrumentsPage(req, reply));
  app.post('/tata-kelola/instruments', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageInstruments(req.actor));
    try {
      const { definition } = parseForm(InstrumentForm, req.body);
      let json: unknown;
      try {
        json = JSON.parse(definition);
      } catch {
        throw new AppError('validation', 'error.validation', { fields: [{ field: 'definition', messageKey: 'tata_kelola.instrument.not_json' }] });
      }
      await addInstrument(deps, auditContext(req), json);
      return redirectWithFlash(reply, '/tata-kelola/instruments', 'tata_kelola.flash.instrument_added');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        return instrumentsPage(req, reply, { values: req.body as Record<string, unknown>, errors: error.fields.length ? error.fields : [{ field: 'definition', messageKey: error.messageKey, params: error.options.params }] }, error.status);
      }
      throw error;
    }
  });
  app.get('/tata-kelola/instruments/:instrumentId', { schema: { hide: true, params: S.InstrumentParams } }, async (req, reply) => {
    const instrument = await getInstrument(deps, req.actor, req.params.instrumentId);
    return sendPage(reply, (ctx) => <InstrumentPage ctx={ctx} instrument={instrument} />);
  });

  app.get('/api/v1/tata-kelola/instruments', { schema: { tags: ['tata-kelola'], summary: 'SPBE evaluation instruments loaded (reference files and uploads)', response: { 200: S.InstrumentListOut } } }, async (req) => ({
    items: (await listInstruments(deps, req.actor)).map(S.presentInstrumentSummary),
  }));
  app.get(
    '/api/v1/tata-kelola/instruments/:instrumentId',
    { schema: { tags: ['tata-kelola'], summary: 'One instrument: domains, aspects, indicators with weights (percent), predicate bands', params: S.InstrumentParams, response: { 200: S.InstrumentOut } } },
    async (req) => S.presentInstrument(await getInstrument(deps, req.actor, req.params.instrumentId)),
  );
  app.post(
    '/api/v1/tata-kelola/instruments',
    {
      schema: {
        tags: ['tata-kelola'],
        summary: 'Add a later instrument (the JSON file, same format as reference/spbe-instrument-*.json); malformed files are refused with every problem listed',
        body: Type.Object({}, { additionalProperties: true }),
        response: { 201: S.InstrumentAddedOut },
      },
    },
    async (req, reply) => reply.status(201).send(await addInstrument(deps, auditContext(req), req.body)),
  );

  // ---- Assessments and history -----------------------------------------------------------------
  const assessmentsPage = async (req: FastifyRequest, reply: FastifyReply, form?: FormState, status = 200) => {
    const history = await listAssessmentHistory(deps, req.actor);
    const instruments = await listInstruments(deps, req.actor);
    const preferred = [...instruments].reverse().find((i) => i.confirmed) ?? instruments[instruments.length - 1];
    const next = history.length ? history[0]!.year + 1 : deps.clock.now().getUTCFullYear();
    const f = form ?? emptyForm({ year: next, instrumentId: preferred?.id ?? '' });
    return sendPage(reply, (ctx) => <AssessmentsPage ctx={ctx} history={history} form={f} instrumentOptions={instruments.map((i) => ({ value: i.id, label: `${i.title} (${i.id})` }))} canManage={tataKelolaPolicy.manageAssessment(req.actor)} />, status);
  };
  app.get('/tata-kelola/assessments', { schema: { hide: true } }, async (req, reply) => assessmentsPage(req, reply));
  app.post('/tata-kelola/assessments', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    try {
      const input = parseForm(NewAssessmentForm, req.body);
      await createAssessment(deps, auditContext(req), input);
      return redirectWithFlash(reply, `/tata-kelola/assessments/${input.year}`, 'tata_kelola.flash.assessment_created');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        return assessmentsPage(req, reply, { values: req.body as Record<string, unknown>, errors: error.fields.length ? error.fields : [{ field: 'year', messageKey: error.messageKey, params: error.options.params }] }, error.status);
      }
      throw error;
    }
  });

  app.get('/api/v1/tata-kelola/assessments', { schema: { tags: ['tata-kelola'], summary: 'Every year’s assessment with its self-assessed and verified index, each under its own instrument', response: { 200: S.HistoryOut } } }, async (req) =>
    S.presentHistory(await listAssessmentHistory(deps, req.actor)),
  );
  app.post(
    '/api/v1/tata-kelola/assessments',
    { schema: { tags: ['tata-kelola'], summary: 'Open the assessment of a year under an instrument (automatic evidence is attached at once)', body: S.NewAssessmentBody, response: { 201: S.AssessmentOut } } },
    async (req, reply) => {
      await createAssessment(deps, auditContext(req), req.body);
      return reply.status(201).send(S.presentAssessment(await getAssessment(deps, req.actor, req.body.year)));
    },
  );
  app.get(
    '/api/v1/tata-kelola/history.csv',
    { schema: { tags: ['tata-kelola'], summary: 'Year-over-year history as CSV (self-assessed and verified index and predicate)', produces: ['text/csv'], response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: S.CsvOut } } } } } },
    async (req, reply) => {
      const history = await listAssessmentHistory(deps, req.actor);
      const lines = [csvLine(['year', 'instrument', 'stage', 'self_index', 'self_predicate', 'self_rated', 'verified_index', 'verified_predicate', 'verified_rated', 'indicators'])];
      for (const h of history) {
        const v = (x: number | null) => (x === null ? null : formatHundredths(x));
        lines.push(csvLine([h.year, h.instrumentId, h.stage, v(h.self.value), h.self.predicate?.label ?? null, h.self.rated, v(h.verified.value), h.verified.predicate?.label ?? null, h.verified.rated, h.self.total]));
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="indeks-spbe-riwayat.csv"').send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );

  // ---- One assessment ----------------------------------------------------------------------------
  const assessmentPage = async (req: FastifyRequest, reply: FastifyReply, year: number, form: FormState = emptyForm(), status = 200) => {
    const detail = await getAssessment(deps, req.actor, year);
    return sendPage(reply, (ctx) => <AssessmentPage ctx={ctx} detail={detail} form={form} canManage={tataKelolaPolicy.manageAssessment(req.actor)} />, status);
  };
  app.get('/tata-kelola/assessments/:year', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => assessmentPage(req, reply, req.params.year));
  app.get(
    '/api/v1/tata-kelola/assessments/:year',
    { schema: { tags: ['tata-kelola'], summary: 'One year: stages, both scorecards (overall, domains, aspects, gap, raisers) and every indicator', params: S.YearParams, response: { 200: S.AssessmentOut } } },
    async (req) => S.presentAssessment(await getAssessment(deps, req.actor, req.params.year)),
  );

  const stageDatesFromForm = (body: Record<string, unknown>): StageDates =>
    Object.fromEntries(
      STAGES.map((s) => {
        const start = String(body[`${s}.startsOn`] ?? '').trim();
        const end = String(body[`${s}.endsOn`] ?? '').trim();
        for (const [field, v] of [[`${s}.startsOn`, start], [`${s}.endsOn`, end]] as const) {
          if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new AppError('validation', 'error.validation', { fields: [{ field, messageKey: 'validation.date' }] });
        }
        return [s, { startsOn: start || null, endsOn: end || null }];
      }),
    );
  app.post('/tata-kelola/assessments/:year/stages', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    try {
      await scheduleStages(deps, auditContext(req), req.params.year, stageDatesFromForm((req.body ?? {}) as Record<string, unknown>));
      return redirectWithFlash(reply, `/tata-kelola/assessments/${req.params.year}#stages`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return assessmentPage(req, reply, req.params.year, { values: req.body as Record<string, unknown>, errors: error.fields }, 400);
      throw error;
    }
  });
  app.put(
    '/api/v1/tata-kelola/assessments/:year/schedule',
    { schema: { tags: ['tata-kelola'], summary: 'Set the planned dates of the stages (self-assessment, document review, interview, field visit, final)', params: S.YearParams, body: S.ScheduleBody, response: { 200: S.AssessmentOut } } },
    async (req) => {
      await scheduleStages(deps, auditContext(req), req.params.year, req.body as StageDates);
      return S.presentAssessment(await getAssessment(deps, req.actor, req.params.year));
    },
  );
  app.post('/tata-kelola/assessments/:year/stage', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    const { stage } = parseForm(StageForm, req.body);
    await moveStage(deps, auditContext(req), req.params.year, stage as Stage);
    return redirectWithFlash(reply, `/tata-kelola/assessments/${req.params.year}#stages`, 'tata_kelola.flash.stage_changed');
  });
  app.post(
    '/api/v1/tata-kelola/assessments/:year/stage',
    { schema: { tags: ['tata-kelola'], summary: 'Move the assessment to a stage (entering `final` refreshes the automatic evidence one last time and freezes the year)', params: S.YearParams, body: S.StageBody, response: { 200: S.AssessmentOut } } },
    async (req) => {
      await moveStage(deps, auditContext(req), req.params.year, req.body.stage);
      return S.presentAssessment(await getAssessment(deps, req.actor, req.params.year));
    },
  );
  app.post('/tata-kelola/assessments/:year/evidence/refresh', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    await refreshEvidence(deps, auditContext(req), req.params.year);
    return redirectWithFlash(reply, `/tata-kelola/assessments/${req.params.year}`, 'tata_kelola.flash.evidence_refreshed');
  });
  app.post(
    '/api/v1/tata-kelola/assessments/:year/evidence/refresh',
    { schema: { tags: ['tata-kelola'], summary: 'Measure the automatic evidence again now (gerbang, katalog, aduan, portal, roadmap)', params: S.YearParams, response: { 200: S.RefreshOut } } },
    async (req) => refreshEvidence(deps, auditContext(req), req.params.year),
  );

  // ---- Report and CSV -------------------------------------------------------------------------------
  app.get('/tata-kelola/assessments/:year/report', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    const detail = await getAssessment(deps, req.actor, req.params.year);
    return sendPage(reply, (ctx) => <ReportPage ctx={ctx} detail={detail} stylesheet={REPORT_CSS_URL} generatedAt={deps.clock.now()} />);
  });
  app.get(
    '/api/v1/tata-kelola/assessments/:year/indicators.csv',
    { schema: { tags: ['tata-kelola'], summary: 'Every indicator of a year as CSV: levels, justification, review notes, evidence (automatic figures in the reader’s language)', params: S.YearParams, produces: ['text/csv'], response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: S.CsvOut } } } } } },
    async (req, reply) => {
      const detail = await getAssessment(deps, req.actor, req.params.year);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="indeks-spbe-${detail.assessment.year}.csv"`).header('cache-control', 'no-store').send(csvRows(detail, req.locale));
    },
  );

  // ---- Readiness -------------------------------------------------------------------------------------
  app.get('/tata-kelola/assessments/:year/readiness', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    const r = await getReadiness(deps, req.actor, req.params.year);
    return sendPage(reply, (ctx) => <ReadinessPage ctx={ctx} year={req.params.year} today={r.today} agencies={r.agencies} />);
  });
  app.get(
    '/api/v1/tata-kelola/assessments/:year/readiness',
    { schema: { tags: ['tata-kelola'], summary: 'Per agency: parts assigned, submitted and late (due before today and not submitted), latest first', params: S.YearParams, response: { 200: S.ReadinessOut } } },
    async (req) => S.presentReadiness(await getReadiness(deps, req.actor, req.params.year)),
  );

  // ---- One indicator -----------------------------------------------------------------------------------
  type IndicatorForms = { selfForm?: FormState; reviewForm?: FormState; evidenceForm?: FormState; assignForm?: FormState };
  const indicatorPage = async (req: FastifyRequest, reply: FastifyReply, year: number, number: number, forms: IndicatorForms = {}, status = 200) => {
    const detail = await getAssessment(deps, req.actor, year);
    indicatorOf(detail.instrument, number);
    const answer = detail.answers.get(number);
    const canManage = tataKelolaPolicy.manageAssessment(req.actor);
    const agencyOptions = canManage ? await listOpdOptions(deps.db) : [];
    const dueOn = canManage ? await defaultDueDate(deps) : '';
    return sendPage(
      reply,
      (ctx) => (
        <IndicatorPage
          ctx={ctx}
          detail={detail}
          number={number}
          selfForm={forms.selfForm ?? emptyForm({ level: answer?.self_level ?? '', justification: answer?.justification ?? '' })}
          reviewForm={forms.reviewForm ?? emptyForm({ verifiedLevel: answer?.verified_level ?? '', note: answer?.review_note ?? '' })}
          evidenceForm={forms.evidenceForm ?? emptyForm()}
          assignForm={forms.assignForm ?? emptyForm({ dueOn })}
          agencyOptions={agencyOptions}
          canManage={canManage}
          canVerify={tataKelolaPolicy.verify(req.actor)}
        />
      ),
      status,
    );
  };
  const indicatorUrl = (year: number, number: number) => `/tata-kelola/assessments/${year}/indicators/${number}`;
  const formError = (error: unknown) => error instanceof AppError && (error.code === 'validation' || error.code === 'conflict');
  const errorsOf = (error: AppError, field: string) => (error.fields.length ? error.fields : [{ field, messageKey: error.messageKey, params: error.options.params }]);

  app.get('/tata-kelola/assessments/:year/indicators/:number', { schema: { hide: true, params: S.IndicatorParams } }, async (req, reply) => indicatorPage(req, reply, req.params.year, req.params.number));
  app.get(
    '/api/v1/tata-kelola/assessments/:year/indicators/:number',
    { schema: { tags: ['tata-kelola'], summary: 'One indicator of a year: levels, evidence (with what automatic items measured and when) and agencies’ parts', params: S.IndicatorParams, response: { 200: S.IndicatorOut } } },
    async (req) => {
      const detail = await getAssessment(deps, req.actor, req.params.year);
      indicatorOf(detail.instrument, req.params.number);
      return S.presentIndicator(detail, req.params.number, req.locale);
    },
  );

  app.post('/tata-kelola/assessments/:year/indicators/:number/self', { schema: { hide: true, params: S.IndicatorParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    const { year, number } = req.params;
    try {
      const input = parseForm(SelfForm, req.body);
      await saveSelfAssessment(deps, auditContext(req), year, number, input);
      return redirectWithFlash(reply, indicatorUrl(year, number), 'flash.saved');
    } catch (error) {
      if (formError(error)) return indicatorPage(req, reply, year, number, { selfForm: { values: req.body as Record<string, unknown>, errors: errorsOf(error as AppError, 'level') } }, (error as AppError).status);
      throw error;
    }
  });
  app.put(
    '/api/v1/tata-kelola/assessments/:year/indicators/:number/self',
    { schema: { tags: ['tata-kelola'], summary: 'Set the self-assessed level (1-5) and its justification (self-assessment stage)', params: S.IndicatorParams, body: S.SelfBody, response: { 200: S.IndicatorOut } } },
    async (req) => {
      await saveSelfAssessment(deps, auditContext(req), req.params.year, req.params.number, req.body);
      return S.presentIndicator(await getAssessment(deps, req.actor, req.params.year), req.params.number, req.locale);
    },
  );
  app.post('/tata-kelola/assessments/:year/indicators/:number/review', { schema: { hide: true, params: S.IndicatorParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.verify(req.actor));
    const { year, number } = req.params;
    try {
      const input = parseForm(ReviewForm, req.body);
      await verifyIndicator(deps, auditContext(req), year, number, { level: input.verifiedLevel, note: input.note });
      return redirectWithFlash(reply, indicatorUrl(year, number), 'flash.saved');
    } catch (error) {
      if (formError(error)) return indicatorPage(req, reply, year, number, { reviewForm: { values: req.body as Record<string, unknown>, errors: errorsOf(error as AppError, 'verifiedLevel') } }, (error as AppError).status);
      throw error;
    }
  });
  app.put(
    '/api/v1/tata-kelola/assessments/:year/indicators/:number/review',
    { schema: { tags: ['tata-kelola'], summary: 'Set the verified level (1-5) and review notes (document review, interview or field visit; SPBE team or assessor)', params: S.IndicatorParams, body: S.ReviewBody, response: { 200: S.IndicatorOut } } },
    async (req) => {
      await verifyIndicator(deps, auditContext(req), req.params.year, req.params.number, { level: req.body.verifiedLevel, note: req.body.note });
      return S.presentIndicator(await getAssessment(deps, req.actor, req.params.year), req.params.number, req.locale);
    },
  );

  // ---- Evidence --------------------------------------------------------------------------------------
  /** Reads the (multipart or plain) form, stores an uploaded file, adds the item; files are discarded when anything fails. */
  async function addEvidenceFrom(req: FastifyRequest, target: EvidenceTarget, opdId: string | null, prefixed: boolean) {
    const form = await readUploadForm(req, deps, auditContext(req), { files: { file: EVIDENCE_FILE }, opdId });
    return withUploads(
      form,
      async (files) => {
        const input = evidenceInput(form.fields, prefixed);
        return addEvidence(deps, auditContext(req), target, { ...input, fileId: files.file?.[0]?.id ?? null });
      },
      { check: () => evidenceInput(form.fields, prefixed) },
    );
  }

  app.post('/tata-kelola/assessments/:year/indicators/:number/evidence', { schema: { hide: true, params: S.IndicatorParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    const { year, number } = req.params;
    try {
      await addEvidenceFrom(req, { year, indicator: number }, null, true);
      return redirectWithFlash(reply, indicatorUrl(year, number), 'tata_kelola.flash.evidence_added');
    } catch (error) {
      if (formError(error)) return indicatorPage(req, reply, year, number, { evidenceForm: evidenceFormState(req.body, errorsOf(error as AppError, 'title')) }, (error as AppError).status);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/assessments/:year/indicators/:number/evidence',
    {
      schema: {
        tags: ['tata-kelola'],
        summary: 'Attach evidence to an indicator: JSON `{kind: "link", title, url}` or `{kind: "record", title, recordPath}`, or multipart/form-data with `kind=file`, `title` and the document in `file`',
        params: S.IndicatorParams,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: S.EvidenceOut },
      },
    },
    async (req, reply) => {
      ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
      const { id } = await addEvidenceFrom(req, { year: req.params.year, indicator: req.params.number }, null, false);
      return reply.status(201).send(S.presentEvidence(await getEvidence(deps, req.actor, id), req.locale));
    },
  );
  app.post('/tata-kelola/evidence/:evidenceId/delete', { schema: { hide: true, params: S.EvidenceParams } }, async (req, reply) => {
    const removed = await removeEvidence(deps, auditContext(req), req.params.evidenceId);
    return redirectWithFlash(reply, removed.assignmentId && !tataKelolaPolicy.readAll(req.actor) ? `/tata-kelola/assignments/${removed.assignmentId}` : indicatorUrl(removed.year, removed.indicator), 'tata_kelola.flash.evidence_removed');
  });
  app.delete(
    '/api/v1/tata-kelola/evidence/:evidenceId',
    { schema: { tags: ['tata-kelola'], summary: 'Remove a manual evidence item (automatic ones are kept current instead)', params: S.EvidenceParams, response: { 200: S.Ok } } },
    async (req) => {
      await removeEvidence(deps, auditContext(req), req.params.evidenceId);
      return { ok: true };
    },
  );
  const downloadEvidence = async (req: FastifyRequest<{ Params: { evidenceId: string } }>, reply: FastifyReply) => {
    const evidence = await getEvidence(deps, req.actor, req.params.evidenceId);
    if (!evidence.file_id) throw new AppError('not_found', 'error.not_found');
    const { file, stream } = await openFile(deps, req.actor, evidence.file_id, () => true);
    return sendFile(reply, file, stream, { inline: true });
  };
  app.get('/tata-kelola/evidence/:evidenceId/file', { schema: { hide: true, params: S.EvidenceParams } }, downloadEvidence);
  app.get(
    '/api/v1/tata-kelola/evidence/:evidenceId/file',
    { schema: { tags: ['tata-kelola'], summary: 'Download an uploaded evidence document', params: S.EvidenceParams, produces: ['application/octet-stream'] } },
    downloadEvidence,
  );

  // ---- Agencies' parts -------------------------------------------------------------------------------
  app.post('/tata-kelola/assessments/:year/assignments', { schema: { hide: true, params: S.YearParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageAssessment(req.actor));
    const year = req.params.year;
    const number = Number((req.body as Record<string, unknown>)?.indicator) || 0;
    try {
      const input = parseForm(AssignForm, req.body);
      await assignIndicator(deps, auditContext(req), year, input);
      return redirectWithFlash(reply, indicatorUrl(year, input.indicator), 'tata_kelola.flash.assigned');
    } catch (error) {
      if (formError(error) && number) return indicatorPage(req, reply, year, number, { assignForm: { values: req.body as Record<string, unknown>, errors: errorsOf(error as AppError, 'opdId') } }, (error as AppError).status);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/assessments/:year/assignments',
    { schema: { tags: ['tata-kelola'], summary: 'Hand an indicator (or a part of it) to an agency with a due date', params: S.YearParams, body: S.AssignBody, response: { 201: S.AssignmentOut } } },
    async (req, reply) => {
      const { id } = await assignIndicator(deps, auditContext(req), req.params.year, req.body);
      return reply.status(201).send(S.presentAssignment((await getAssignment(deps, req.actor, id)).assignment));
    },
  );
  app.post('/tata-kelola/assignments/:assignmentId/delete', { schema: { hide: true, params: S.AssignmentParams } }, async (req, reply) => {
    const { year, indicator } = await unassignIndicator(deps, auditContext(req), req.params.assignmentId);
    return redirectWithFlash(reply, indicatorUrl(year, indicator), 'tata_kelola.flash.unassigned');
  });
  app.delete(
    '/api/v1/tata-kelola/assignments/:assignmentId',
    { schema: { tags: ['tata-kelola'], summary: 'Withdraw a part from an agency (self-assessment stage)', params: S.AssignmentParams, response: { 200: S.Ok } } },
    async (req) => {
      await unassignIndicator(deps, auditContext(req), req.params.assignmentId);
      return { ok: true };
    },
  );

  const todayLocal = async () => (await workingCalendar(deps)).localDay(deps.clock.now());
  app.get('/tata-kelola/assignments', { schema: { hide: true } }, async (req, reply) => {
    const parts = await listMyAssignments(deps, req.actor);
    const today = await todayLocal();
    return sendPage(reply, (ctx) => <AssignmentsPage ctx={ctx} parts={parts} today={today} />);
  });
  app.get('/api/v1/tata-kelola/assignments', { schema: { tags: ['tata-kelola'], summary: 'The indicator parts assigned to my agencies (all of them for the SPBE team and auditors)', response: { 200: S.AssignmentListOut } } }, async (req) => ({
    items: (await listMyAssignments(deps, req.actor)).map(S.presentAssignment),
  }));

  const assignmentPage = async (req: FastifyRequest, reply: FastifyReply, id: string, forms: { form?: FormState; evidenceForm?: FormState } = {}, status = 200) => {
    const { assignment, indicator, instrument, evidence } = await getAssignment(deps, req.actor, id);
    const levelOptions = [1, 2, 3, 4, 5].map((l) => ({ value: String(l), label: levelLabel(instrument, indicator, l) ? `${l} — ${levelLabel(instrument, indicator, l)}` : String(l) }));
    const canAct = tataKelolaPolicy.actFor(req.actor, assignment.opd_id) || tataKelolaPolicy.manageAssessment(req.actor);
    return sendPage(
      reply,
      (ctx) => (
        <AssignmentPage
          ctx={ctx}
          assignment={assignment}
          indicatorName={indicator.name}
          levelOptions={levelOptions}
          evidence={evidence}
          form={forms.form ?? emptyForm({ proposedLevel: assignment.proposed_level ?? '', response: assignment.response ?? '' })}
          evidenceForm={forms.evidenceForm ?? emptyForm()}
          canAct={canAct}
        />
      ),
      status,
    );
  };
  app.get('/tata-kelola/assignments/:assignmentId', { schema: { hide: true, params: S.AssignmentParams } }, async (req, reply) => assignmentPage(req, reply, req.params.assignmentId));
  app.get(
    '/api/v1/tata-kelola/assignments/:assignmentId',
    { schema: { tags: ['tata-kelola'], summary: 'One assigned part with its evidence (its agency, the SPBE team, auditors)', params: S.AssignmentParams, response: { 200: S.AssignmentDetailOut } } },
    async (req) => {
      const { assignment, indicator, evidence } = await getAssignment(deps, req.actor, req.params.assignmentId);
      return { ...S.presentAssignment(assignment), indicatorName: indicator.name, evidence: evidence.map((e) => S.presentEvidence(e, req.locale)) };
    },
  );
  app.post('/tata-kelola/assignments/:assignmentId', { schema: { hide: true, params: S.AssignmentParams } }, async (req, reply) => {
    const id = req.params.assignmentId;
    await getAssignment(deps, req.actor, id);
    try {
      const input = parseForm(FillForm, req.body);
      await fillAssignment(deps, auditContext(req), id, { proposedLevel: input.proposedLevel ?? null, response: input.response ?? null, submit: input.submit ?? true });
      return redirectWithFlash(reply, `/tata-kelola/assignments/${id}`, input.submit === false ? 'flash.saved' : 'tata_kelola.flash.part_submitted');
    } catch (error) {
      if (formError(error)) return assignmentPage(req, reply, id, { form: { values: req.body as Record<string, unknown>, errors: errorsOf(error as AppError, 'response') } }, (error as AppError).status);
      throw error;
    }
  });
  app.put(
    '/api/v1/tata-kelola/assignments/:assignmentId',
    { schema: { tags: ['tata-kelola'], summary: 'The agency fills its part: proposed level and answer; `submit: true` (default) hands it to the SPBE team', params: S.AssignmentParams, body: S.FillBody, response: { 200: S.AssignmentOut } } },
    async (req) => {
      await fillAssignment(deps, auditContext(req), req.params.assignmentId, { proposedLevel: req.body.proposedLevel ?? null, response: req.body.response ?? null, submit: req.body.submit ?? true });
      return S.presentAssignment((await getAssignment(deps, req.actor, req.params.assignmentId)).assignment);
    },
  );
  app.post('/tata-kelola/assignments/:assignmentId/evidence', { schema: { hide: true, params: S.AssignmentParams } }, async (req, reply) => {
    const id = req.params.assignmentId;
    const { assignment } = await getAssignment(deps, req.actor, id);
    ensure(req.actor, tataKelolaPolicy.actFor(req.actor, assignment.opd_id) || tataKelolaPolicy.manageAssessment(req.actor));
    try {
      await addEvidenceFrom(req, { assignmentId: id }, assignment.opd_id, true);
      return redirectWithFlash(reply, `/tata-kelola/assignments/${id}`, 'tata_kelola.flash.evidence_added');
    } catch (error) {
      if (formError(error)) return assignmentPage(req, reply, id, { evidenceForm: evidenceFormState(req.body, errorsOf(error as AppError, 'title')) }, (error as AppError).status);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/assignments/:assignmentId/evidence',
    {
      schema: {
        tags: ['tata-kelola'],
        summary: 'Attach evidence to an assigned part (its agency): JSON for a link or a record, multipart/form-data for a document',
        params: S.AssignmentParams,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: S.EvidenceOut },
      },
    },
    async (req, reply) => {
      const { assignment } = await getAssignment(deps, req.actor, req.params.assignmentId);
      ensure(req.actor, tataKelolaPolicy.actFor(req.actor, assignment.opd_id) || tataKelolaPolicy.manageAssessment(req.actor));
      const { id } = await addEvidenceFrom(req, { assignmentId: assignment.id }, assignment.opd_id, false);
      return reply.status(201).send(S.presentEvidence(await getEvidence(deps, req.actor, id), req.locale));
    },
  );

};
