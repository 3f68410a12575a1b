// Who may do what, and where. One enum of permissions, one table of roles. Scope is a region
// subtree (a materialised path such as '/1/4/17/') and/or a department.

export const Permission = {
  RegionRead: 'region.read',
  RegionWrite: 'region.write',
  RegistryRead: 'registry.read',      // buildings, households, residents, shops
  RegistryWrite: 'registry.write',
  PersonalDataReveal: 'pii.reveal',   // unmask residents' ID numbers and phones (audited)
  OrgRead: 'org.read',                // departments, party organisations, cadres
  OrgWrite: 'org.write',
  TagManage: 'tag.manage',
  ImportRun: 'import.run',
  ExportRun: 'export.run',
  UserManage: 'user.manage',
  AuditRead: 'audit.read',
  RequestCreate: 'request.create',       // intake (登记)
  RequestRead: 'request.read',
  RequestDispatch: 'request.dispatch',   // the liaison office: triage, dispatch, extensions, follow-up (平台)
  RequestDecide: 'request.decide',       // district leadership: decide escalated matters
  RequestHandle: 'request.handle',       // a department on its own orders (部门)
  RequestSupervise: 'request.supervise', // 督办
  RequestStats: 'request.stats',
  CategoryManage: 'category.manage',     // categories, routing table, deadlines
  CalendarManage: 'calendar.manage',
  WebhookManage: 'webhook.manage',
  LiaisonManage: 'liaison.manage',     // form liaison groups and assign households (联户分组), rounds, settings
  VisitRecord: 'visit.record',         // record visits, household events, service-day attendance (走访)
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
const P = Permission;

export const ROLES = [
  'admin', 'dispatcher', 'handler', 'cadre', 'grid_worker', 'community_director', 'leader', 'supervisor', 'resident',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  dispatcher: { zh: '连心办派单员', en: 'Liaison-office dispatcher' },
  handler: { zh: '部门经办人', en: 'Department handler' },
  cadre: { zh: '联户干部', en: 'Cadre' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  community_director: { zh: '社区主任', en: 'Community director' },
  leader: { zh: '区级领导', en: 'Leader' },
  supervisor: { zh: '督导组', en: 'Supervisor' },
  resident: { zh: '群众', en: 'Resident' },
};

const ALL = Object.values(P);
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  // The liaison office (连心办) also runs the network: groups, rounds, service days, events.
  dispatcher: [P.RegionRead, P.RegistryRead, P.RegistryWrite, P.PersonalDataReveal, P.OrgRead, P.ImportRun, P.ExportRun,
    P.RequestCreate, P.RequestRead, P.RequestDispatch, P.RequestSupervise, P.RequestStats, P.LiaisonManage, P.VisitRecord],
  handler: [P.RegionRead, P.RegistryRead, P.OrgRead, P.RequestRead, P.RequestHandle, P.RequestStats],
  cadre: [P.RegionRead, P.RegistryRead, P.OrgRead, P.RequestCreate, P.RequestRead, P.VisitRecord],
  grid_worker: [P.RegionRead, P.RegistryRead, P.RegistryWrite, P.OrgRead, P.RequestCreate, P.RequestRead, P.VisitRecord],
  community_director: [P.RegionRead, P.RegistryRead, P.RegistryWrite, P.PersonalDataReveal, P.OrgRead, P.ImportRun, P.ExportRun,
    P.RequestCreate, P.RequestRead, P.RequestStats, P.LiaisonManage, P.VisitRecord],
  leader: [P.RegionRead, P.RegistryRead, P.OrgRead, P.ExportRun, P.RequestRead, P.RequestDecide, P.RequestSupervise, P.RequestStats],
  supervisor: [P.RegionRead, P.RegistryRead, P.OrgRead, P.AuditRead, P.ExportRun, P.RequestRead, P.RequestSupervise, P.RequestStats],
  // A resident files requests from their own page and sees only those (scope: their household).
  resident: [P.RequestCreate, P.RequestRead],
};

export function roleHas(role: Role, p: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(p) ?? false;
}

export interface Scope {
  regionPath: string | null;   // null: no region at all (sees no region-bound rows)
  departmentId: number | null; // set: only this department's org records
  householdId: number | null;  // residents: only their own household
}

/** Whether a row that lives at rowPath is inside the scope's region subtree. */
export function regionInScope(scope: Scope, rowPath: string | null | undefined): boolean {
  if (!scope.regionPath || !rowPath) return false;
  return rowPath.startsWith(scope.regionPath);
}

/** A scope may only be narrowed: a user may grant another user only a scope inside their own. */
export function scopeWithin(outer: Scope, inner: Scope): boolean {
  if (!inner.regionPath || !regionInScope(outer, inner.regionPath)) return false;
  if (outer.departmentId !== null && inner.departmentId !== outer.departmentId) return false;
  return true;
}

export function isRole(x: string): x is Role { return (ROLES as readonly string[]).includes(x); }

/** Roles whose department scope narrows what they see of organisation records (cadres, party organisations). */
export function departmentBound(role: Role): boolean {
  return role === 'handler';
}

/** Whether a role sees requests only through the orders sent to its department. */
export const requestsByDepartment = (role: Role) => role === 'handler';
/** Whether a role sees only the requests it filed itself. */
export const requestsOwnOnly = (role: Role) => role === 'resident';
