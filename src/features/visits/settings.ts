// The district's liaison settings (priority-visit interval, timely-visit limits, service days),
// one row of `settings`, defaults from the domain until an administrator saves their own.
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { DEFAULT_LIAISON_SETTINGS, settingsProblems, type LiaisonSettings } from '../../domain/visits.ts';
import { requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';

export const LIAISON_SETTING = 'liaison';

export async function liaisonSettings(db: DB): Promise<LiaisonSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', LIAISON_SETTING).executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<LiaisonSettings>;
  return {
    priorityIntervalDays: v.priorityIntervalDays ?? DEFAULT_LIAISON_SETTINGS.priorityIntervalDays,
    timelyDueDays: { ...DEFAULT_LIAISON_SETTINGS.timelyDueDays, ...(v.timelyDueDays ?? {}) },
    serviceDays: v.serviceDays ?? DEFAULT_LIAISON_SETTINGS.serviceDays,
  };
}

export async function saveLiaisonSettings(db: DB, actor: Actor, s: LiaisonSettings): Promise<LiaisonSettings> {
  requirePermission(actor, Permission.LiaisonManage);
  const problems = settingsProblems(s);
  if (problems.length) throw new AppError('VALIDATION', problems);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value').where('key', '=', LIAISON_SETTING).forUpdate().executeTakeFirst();
    await trx.insertInto('settings').values({ key: LIAISON_SETTING, value: JSON.stringify(s) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(s) })).execute();
    await writeAudit(trx, actor, [{ action: 'update', entity: 'setting', entityId: LIAISON_SETTING, before: before?.value ?? null, after: s }]);
  });
  return s;
}
