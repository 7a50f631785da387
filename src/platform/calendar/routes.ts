import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { sql } from 'kysely';
import { ensure, isAdmin } from '../auth/policy.ts';
import { auditContext } from '../http/request-context.ts';
import { AppError, validationError } from '../http/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { forgetCalendar, workingCalendar } from './index.ts';

const DayOut = Type.Object({ day: Type.String({ format: 'date' }), kind: Type.String(), name: Type.String() });

/** Public working-day facts (anyone may compute a deadline) and regional holidays for admins. */
export const calendarRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  app.get(
    '/api/v1/calendar/days',
    { schema: { tags: ['calendar'], summary: 'Holidays and collective leave days of a year', querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }), response: { 200: Type.Object({ items: Type.Array(DayOut) }) } } },
    async (req) => {
      const rows = await sql<{ day: string; kind: string; name: string }>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_day
        WHERE extract(year FROM day) = ${req.query.year} AND (province IS NULL OR province = ${deps.config.province}) ORDER BY day, name`.execute(deps.db);
      return { items: rows.rows };
    },
  );

  app.get(
    '/api/v1/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The deadline a number of working days after an instant',
        querystring: Type.Object({ from: Type.String({ format: 'date-time' }), days: Type.Integer({ minimum: 0, maximum: 366 }) }),
        response: { 200: Type.Object({ deadline: Type.String({ format: 'date-time' }), localDay: Type.String({ format: 'date' }), timeZone: Type.String() }) },
      },
    },
    async (req) => {
      const cal = await workingCalendar(deps);
      const deadline = cal.addWorkingDays(new Date(req.query.from), req.query.days);
      return { deadline: deadline.toISOString(), localDay: cal.localDay(deadline), timeZone: cal.timeZone };
    },
  );

  app.post(
    '/api/v1/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Add a regional holiday for this province (platform admins)',
        body: Type.Object({ day: Type.String({ format: 'date' }), name: Type.String({ minLength: 2, maxLength: 200 }) }),
        response: { 201: DayOut },
      },
    },
    async (req, reply) => {
      const audit = auditContext(req);
      ensure(audit.actor, isAdmin(audit.actor));
      const { day, name } = req.body;
      if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
        throw validationError([{ field: 'day', messageKey: 'validation.date' }]);
      }
      const existing = await deps.db.selectFrom('calendar_day').select('day').where('day', '=', day).where('kind', '=', 'libur_daerah').where('name', '=', name).executeTakeFirst();
      if (existing) throw new AppError('conflict', 'error.conflict');
      await deps.db.transaction().execute(async (tx) => {
        await tx.insertInto('calendar_day').values({ day, kind: 'libur_daerah', name, province: deps.config.province, confidence: null, created_at: deps.clock.now() }).execute();
        await recordAudit(tx, deps.clock, audit, { action: 'calendar.day_added', targetType: 'calendar_day', targetId: day, after: { day, name, province: deps.config.province } });
      });
      forgetCalendar(deps.db);
      return reply.status(201).send({ day, kind: 'libur_daerah', name });
    },
  );
};
