import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { workingCalendar, type WorkingCalendar } from '../../platform/calendar/index.ts';
import type { SlaStep } from './db.ts';

/** The deadlines in force: working days per step and per resolution tier. */
export interface Sla {
  steps: Record<SlaStep, number>;
  tiers: Map<string, { name: string; days: number }>;
}

export async function loadSla(db: Kysely<DB>): Promise<Sla> {
  const [steps, tiers] = await Promise.all([
    db.selectFrom('aduan_sla_step').select(['step', 'days']).execute(),
    db.selectFrom('aduan_tier').select(['code', 'name', 'days']).orderBy('sort').orderBy('code').execute(),
  ]);
  const byStep = Object.fromEntries(steps.map((s) => [s.step, s.days])) as Partial<Record<SlaStep, number>>;
  // Fallbacks are the national LAPOR! deadlines, for a database whose reference data is not loaded.
  return {
    steps: { verify: byStep.verify ?? 3, follow_up: byStep.follow_up ?? 5, auto_close: byStep.auto_close ?? 10 },
    tiers: new Map(tiers.map((t) => [t.code, { name: t.name, days: t.days }])),
  };
}

/** Deadlines for one moment: each is the end of the n-th working day after `from` (see WorkingCalendar). */
export class Deadlines {
  constructor(
    readonly calendar: WorkingCalendar,
    readonly sla: Sla,
  ) {}

  verifyBy(from: Date): Date {
    return this.calendar.addWorkingDays(from, this.sla.steps.verify);
  }
  followUpBy(from: Date): Date {
    return this.calendar.addWorkingDays(from, this.sla.steps.follow_up);
  }
  autoCloseAt(from: Date): Date {
    return this.calendar.addWorkingDays(from, this.sla.steps.auto_close);
  }
  resolveBy(from: Date, tierCode: string): Date {
    const tier = this.sla.tiers.get(tierCode);
    if (!tier) throw new Error(`unknown resolution tier ${tierCode}`);
    return this.calendar.addWorkingDays(from, tier.days);
  }
}

export async function loadDeadlines(deps: { db: Kysely<DB>; config: { timeZone: string; province: string } }): Promise<Deadlines> {
  const [calendar, sla] = await Promise.all([workingCalendar(deps), loadSla(deps.db)]);
  return new Deadlines(calendar, sla);
}
