// What the request API accepts. Messages are '中文|English'.
import { z } from 'zod';
import { ACTIONS, CHANNELS, KINDS, VERDICTS } from '../../domain/requests.ts';
import { isDate } from '../../domain/calendar.ts';
import { pageQuery } from '../shared.ts';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max);

export const intakeBody = z.object({
  kind: z.enum(KINDS),
  channel: z.enum(CHANNELS),
  categoryId: id,
  text: z.string().trim().min(2, '请至少写两个字|write at least two characters').max(5000, '内容过长（最多5000字）|too long (5,000 characters at most)'),
  urgency: z.enum(['normal', 'urgent']).default('normal'),
  householdId: id.nullish(),
  regionId: id.nullish(),
  address: text(200).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  requester: z.object({ residentId: id.nullish(), name: text(50).nullish(), phone: text(30).nullish() }).nullish(),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
  receivedAt: z.string().datetime({ offset: true, message: '时间格式应为 ISO 8601|use an ISO 8601 time' }).nullish(),
  /** Raised during a visit: the visit's client id (the link holds whichever reaches the server first). */
  visitClientId: z.string().uuid('走访编号格式不正确|visitClientId must be a UUID').nullish(),
});
export type IntakeInput = z.infer<typeof intakeBody>;

export const actionParams = z.object({ id: z.coerce.number().int().positive(), action: z.enum(ACTIONS) });
export const actionBody = z.object({
  version: id,
  departmentId: id.optional(),
  departments: z.array(id).max(10).optional(),
  leadDepartmentId: id.optional(),
  categoryId: id.optional(),
  into: id.optional(),
  reason: text(1000).optional(),
  text: text(5000).optional(),
  note: text(1000).optional(),
  days: z.number().int().optional(),
  approve: z.boolean().optional(),
  verdict: z.enum(VERDICTS).optional(),
  method: z.enum(['phone', 'site']).optional(),
});

export const superviseBody = z.object({
  version: id,
  level: z.enum(['normal', 'yellow', 'red']),
  comment: z.string().trim().min(2, '请填写督办意见|write the supervision comment').max(1000),
  due: z.string().refine(isDate, '日期格式应为 YYYY-MM-DD|date must be YYYY-MM-DD').nullish(),
});

const csv = z.string().optional().transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined));
export const listQuerySchema = z.object({
  ...pageQuery,
  status: csv,
  q: z.string().trim().max(100).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  departmentId: z.coerce.number().int().positive().optional(),
  regionId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  channel: z.enum(CHANNELS).optional(),
  kind: z.enum(KINDS).optional(),
  colour: z.enum(['red', 'yellow', 'green']).optional(),
  supervised: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  parentId: z.coerce.number().int().positive().optional(),
  from: z.string().refine(isDate).optional(),
  to: z.string().refine(isDate).optional(),
  queue: z.enum(['board', 'department', 'followup', 'supervision', 'mine']).optional(),
});

export const duplicatesQuery = z.object({
  categoryId: z.coerce.number().int().positive(),
  householdId: z.coerce.number().int().positive().optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
});
