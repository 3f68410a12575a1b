// The life of a request (诉求办理) as a pure state machine: which step may follow which, who
// may take it, and what each step changes. The service around it loads the row, asks step(),
// writes the patch with an optimistic version check and records the timeline.
//
//   received ─► dispatched ─► in_progress ─► replied ─► resolved ─► closed
//      │  ▲          │            │  ▲  │                   │
//      │  └ returned ┘            │  │  └► constrained      └► reopened (unsatisfied) ─► replied …
//      ├► escalated (leaders decide, then dispatch)
//      ├► joint (child work orders; resolved when every child is)
//      └► merged (into another request; its requester receives that answer)

export const STATUSES = ['received', 'escalated', 'dispatched', 'returned', 'in_progress', 'constrained', 'replied', 'resolved', 'reopened', 'closed', 'joint', 'merged'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_ZH: Record<Status, string> = {
  received: '待研判', escalated: '已上报', dispatched: '待接单', returned: '已退单', in_progress: '办理中', constrained: '疑难受限',
  replied: '已答复', resolved: '已办结', reopened: '重新办理', closed: '已结案', joint: '联合办理', merged: '已合并',
};

export const KINDS = ['opinion', 'suggestion', 'demand', 'complaint', 'inquiry'] as const;
export type Kind = (typeof KINDS)[number];
export const KIND_ZH: Record<Kind, string> = { opinion: '意见', suggestion: '建议', demand: '诉求/求助', complaint: '投诉', inquiry: '咨询' };

export const CHANNELS = ['visit', 'hotline', 'web', 'grid', 'letter', 'window', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_ZH: Record<Channel, string> = { visit: '入户走访', hotline: '热线电话', web: '网上/手机', grid: '网格员', letter: '信访', window: '服务窗口', api: '接口' };

export const VERDICTS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_ZH: Record<Verdict, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

export const SUPERVISION_LEVELS = ['normal', 'yellow', 'red'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_ZH: Record<SupervisionLevel, string> = { normal: '一般督办', yellow: '黄牌督办', red: '红牌督办（挂牌）' };

/** Who takes a step: the liaison office (平台), district leadership, the department on the order, the system. */
export type Side = 'office' | 'leader' | 'department' | 'system';

export const ACTIONS = [
  'dispatch', 'dispatch_joint', 'escalate', 'merge', 'accept', 'return', 'note', 'request_extension', 'decide_extension',
  'constrain', 'resume', 'reply', 'resolve', 'follow_up', 'children_resolved', 'reopen_child',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_ZH: Record<Action, string> = {
  dispatch: '派单', dispatch_joint: '联合派单', escalate: '上报区级', merge: '合并', accept: '接单', return: '退单', note: '办理进展',
  request_extension: '申请延期', decide_extension: '审批延期', constrain: '疑难受限', resume: '恢复办理', reply: '答复', resolve: '办结',
  follow_up: '回访', children_resolved: '子工单全部办结', reopen_child: '重新办理（联办）',
};

interface Rule { from: readonly Status[]; by: readonly Side[]; to: Status | 'same' | ((input: ActionInput, s: RequestState) => Status); child?: 'only' | 'never' }

const WORKING = ['in_progress', 'reopened'] as const;
const OPEN_AT_DEPARTMENT = ['in_progress', 'reopened', 'constrained', 'replied'] as const;

/** The table the whole machine follows. Tested exhaustively against every state. */
export const RULES: Record<Action, Rule> = {
  dispatch: { from: ['received', 'returned', 'escalated'], by: ['office', 'leader'], to: 'dispatched' },
  dispatch_joint: { from: ['received', 'returned', 'escalated'], by: ['office', 'leader'], to: 'joint', child: 'never' },
  escalate: { from: ['received', 'returned'], by: ['office'], to: 'escalated', child: 'never' },
  merge: { from: ['received'], by: ['office'], to: 'merged', child: 'never' },
  accept: { from: ['dispatched'], by: ['department'], to: 'in_progress' },
  return: { from: ['dispatched'], by: ['department'], to: 'returned' },
  note: { from: OPEN_AT_DEPARTMENT, by: ['department'], to: 'same' },
  request_extension: { from: WORKING, by: ['department'], to: 'same' },
  decide_extension: { from: [...WORKING, 'constrained'], by: ['office'], to: 'same' },
  constrain: { from: [...WORKING, 'replied'], by: ['department'], to: 'constrained' },
  resume: { from: ['constrained'], by: ['department'], to: 'in_progress' },
  reply: { from: WORKING, by: ['department'], to: 'replied' },
  resolve: { from: ['replied'], by: ['department'], to: 'resolved' },
  follow_up: { from: ['resolved'], by: ['office'], to: (i, s) => (i.verdict !== 'unsatisfied' ? 'closed' : s.hasChildren ? 'joint' : 'reopened'), child: 'never' },
  children_resolved: { from: ['joint'], by: ['system'], to: 'resolved', child: 'never' },
  reopen_child: { from: ['resolved'], by: ['system'], to: 'reopened', child: 'only' },
};

export interface RequestState {
  status: Status;
  isChild: boolean;
  /** A joint parent: its departments work on the child orders. */
  hasChildren: boolean;
  replied: boolean;
  reopenCount: number;
  extensionPending: boolean;
  /** When the current order reached the department (for the return window). */
  dispatchedAt: Date | null;
}

export interface ActionInput {
  departmentId?: number;
  departments?: number[];
  leadDepartmentId?: number;
  into?: number;
  reason?: string;
  text?: string;
  days?: number;
  approve?: boolean;
  verdict?: Verdict;
  method?: 'phone' | 'site';
}

export interface Refusal { ok: false; code: 'state' | 'side' | 'child' | 'guard'; status: Status; allowed: Action[]; reason: string }
export interface Step { ok: true; to: Status; patch: Partial<RequestState> }

/** Actions a side may take on a request in this state (ignoring time guards). */
export function allowedActions(s: RequestState, side: Side): Action[] {
  return ACTIONS.filter((a) => {
    const r = RULES[a];
    if (!r.from.includes(s.status) || !r.by.includes(side)) return false;
    if (r.child === 'never' && s.isChild) return false;
    if (r.child === 'only' && !s.isChild) return false;
    if (a === 'decide_extension' && !s.extensionPending) return false;
    if (a === 'request_extension' && s.extensionPending) return false;
    return true;
  });
}

/** Return is allowed within this many working days of the order reaching the department. */
export const RETURN_WINDOW_WORKDAYS = 2;
/** Acceptance is due within this many working days. */
export const ACCEPT_WITHIN_WORKDAYS = 1;

export interface StepContext {
  now: Date;
  /** Working days from one instant's date to another's; supplied by the calendar. */
  workingDaysSince?: (from: Date, to: Date) => number;
}

/**
 * Take one step. A refusal names the current state and the steps that are allowed, so the API
 * can answer 409 (or 403 when the side may not act at all) with something a person can act on.
 */
export function step(s: RequestState, action: Action, side: Side, input: ActionInput, ctx: StepContext): Step | Refusal {
  const rule = RULES[action];
  const refuse = (code: Refusal['code'], reason: string): Refusal => ({ ok: false, code, status: s.status, allowed: allowedActions(s, side), reason });
  if (!rule.by.includes(side)) return refuse('side', `${ACTION_ZH[action]}不由此角色办理|this role may not ${action}`);
  if (!rule.from.includes(s.status)) return refuse('state', `当前状态“${STATUS_ZH[s.status]}”不能${ACTION_ZH[action]}|cannot ${action} a request that is ${s.status}`);
  if (rule.child === 'never' && s.isChild) return refuse('child', `联办子工单不能${ACTION_ZH[action]}|a joint child order cannot ${action}`);
  if (rule.child === 'only' && !s.isChild) return refuse('child', `只适用于联办子工单|only for joint child orders`);

  const patch: Partial<RequestState> = {};
  switch (action) {
    case 'return': {
      if (s.dispatchedAt && ctx.workingDaysSince && ctx.workingDaysSince(s.dispatchedAt, ctx.now) > RETURN_WINDOW_WORKDAYS)
        return refuse('guard', `已超过${RETURN_WINDOW_WORKDAYS}个工作日的退单期限|the ${RETURN_WINDOW_WORKDAYS}-working-day window for returning has passed`);
      patch.dispatchedAt = null;
      break;
    }
    case 'dispatch': patch.dispatchedAt = ctx.now; break;
    case 'request_extension':
      if (s.extensionPending) return refuse('guard', '已有待审批的延期申请|an extension request is already pending');
      patch.extensionPending = true; break;
    case 'decide_extension':
      if (!s.extensionPending) return refuse('guard', '没有待审批的延期申请|no extension request is pending');
      patch.extensionPending = false; break;
    case 'reply': patch.replied = true; break;
    case 'constrain': patch.replied = true; break; // the explanation is the requester's answer
    case 'resolve': if (!s.replied) return refuse('guard', '未答复不能办结|cannot resolve before replying'); break;
    case 'children_resolved': patch.replied = true; break; // the lead order's answer is the parent's
    case 'follow_up':
      if (!input.verdict) return refuse('guard', '请选择回访结果|a verdict is required');
      if (input.verdict === 'unsatisfied') { patch.reopenCount = s.reopenCount + 1; patch.replied = false; patch.extensionPending = false; }
      break;
    case 'reopen_child': patch.replied = false; patch.reopenCount = s.reopenCount + 1; break;
  }
  const to = rule.to === 'same' ? s.status : typeof rule.to === 'function' ? rule.to(input, s) : rule.to;
  return { ok: true, to, patch };
}

/** States in which a request is finished with (no warning colour, not "in progress"). */
export const FINISHED: readonly Status[] = ['closed', 'merged'];
/** States that count as 已办结 in statistics. */
export const RESOLVED: readonly Status[] = ['resolved', 'closed'];
/** States in which the answer deadline still runs. */
export const AWAITING_REPLY: readonly Status[] = ['received', 'escalated', 'dispatched', 'returned', 'in_progress', 'reopened', 'joint'];

/** Whether a joint parent is done: every child order resolved (a returned child is not). */
export function childrenSettled(children: readonly { status: Status }[]): boolean {
  return children.length > 0 && children.every((c) => c.status === 'resolved' || c.status === 'closed');
}
