// The typed shape of every table. Column names are snake_case as in SQL; presenters in each
// feature turn rows into API objects, so these types never reach a client.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
interface Versioned { version: Generated<number>; created_at: Stamp; updated_at: Stamp }
type JsonValue = unknown;
type Json = ColumnType<JsonValue, string, string>;

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';

export interface RegionTable extends Versioned {
  id: Generated<number>;
  parent_id: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  path: string;
  kind: string | null;
  boundary: Json | null;
  min_lat: number | null; min_lng: number | null; max_lat: number | null; max_lng: number | null;
  center_lat: number | null; center_lng: number | null;
}
export interface HouseholdTagTable extends Versioned {
  id: Generated<number>;
  name: string;
  priority: Generated<boolean>;
  description: string | null;
  sort: Generated<number>;
  active: Generated<boolean>;
}
export interface BuildingTable extends Versioned {
  id: Generated<number>;
  code: string; name: string; address: string | null;
  region_id: number; region_path: string;
  floors: number | null; units: number | null;
  lat: number | null; lng: number | null;
}
export interface HouseholdTable extends Versioned {
  id: Generated<number>;
  external_code: string;
  address: string;
  building_id: number | null;
  region_id: number; region_path: string;
  head_name: string | null;
  member_count: Generated<number>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  lat: number | null; lng: number | null;
  notes: string | null;
  grams: ColumnType<string[], string[] | undefined, string[]>;
}
export interface ResidentTable extends Versioned {
  id: Generated<number>;
  household_id: number;
  region_id: number; region_path: string;
  name: string;
  gender: 'M' | 'F' | null;
  birth_date: string | null;
  id_number: string | null;
  phone: string | null;
  phone_tail: string | null;
  party_member: Generated<boolean>;
  relation: string | null;
  grams: ColumnType<string[], string[] | undefined, string[]>;
}
export interface ShopTable extends Versioned {
  id: Generated<number>;
  code: string; name: string; address: string | null;
  building_id: number | null;
  region_id: number; region_path: string;
  owner_name: string | null; phone: string | null;
  business_type: string | null; license_no: string | null;
}
export interface DepartmentTable extends Versioned {
  id: Generated<number>;
  code: string; name: string;
  kind: 'bureau' | 'township' | 'office' | 'other';
  region_id: number; region_path: string;
  phone: string | null;
  sort: Generated<number>;
}
export interface PartyOrgTable extends Versioned {
  id: Generated<number>;
  code: string; name: string;
  kind: 'committee' | 'general_branch' | 'branch';
  parent_id: number | null;
  department_id: number | null;
  region_id: number; region_path: string;
  secretary: string | null;
}
export interface CadreTable extends Versioned {
  id: Generated<number>;
  code: string; name: string;
  gender: 'M' | 'F' | null;
  department_id: number;
  party_org_id: number | null;
  party_member: Generated<boolean>;
  is_local: Generated<boolean>;
  years_of_service: Generated<number>;
  origin_village: string | null;
  phone: string | null;
  position: string | null;
  region_id: number; region_path: string;
}
export interface UserTable extends Versioned {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_id: number | null; region_path: string | null;
  department_id: number | null;
  household_id: number | null;
  cadre_id: number | null;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
}
export interface SessionTable {
  id: string; user_id: number; csrf: string;
  created_at: Generated<Date>; expires_at: Date;
  ip: string | null; user_agent: string | null;
}
export interface ApiTokenTable {
  id: Generated<number>; user_id: number; name: string;
  token_hash: string; prefix: string;
  created_at: Generated<Date>; last_used_at: Date | null; revoked_at: Date | null;
}
export interface AuditLogTable {
  seq: number;
  at: ColumnType<Date, Date | string, never>;
  actor_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  region_path: string | null;
  before: Json | null;
  after: Json | null;
  meta: Json | null;
  mac: string;
}
export interface AuditSealTable {
  block: number; first_seq: number; last_seq: number; row_count: number;
  gaps: ColumnType<number[], number[] | undefined, never>;
  prev_hash: string; chain_hash: string;
  sealed_at: Generated<Date>;
}
export interface ImportJobTable {
  id: Generated<number>;
  kind: string; filename: string; format: string; mode: string; status: string;
  total: Generated<number>; inserted: Generated<number>; updated: Generated<number>;
  unchanged: Generated<number>; failed: Generated<number>;
  problems: ColumnType<unknown, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}
export interface SettingTable { key: string; value: Json }

type Ts = ColumnType<Date, Date | string, Date | string>;
type MaybeTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export interface RequestCategoryTable extends Versioned {
  id: Generated<number>;
  code: string; name: string; name_en: string | null; covers: string | null;
  department_code: string;
  reply_limit: Generated<string>; urgent_limit: Generated<string>;
  active: Generated<boolean>; sort: Generated<number>;
}
export interface RoutingRuleTable extends Versioned {
  id: Generated<number>;
  category_id: number; region_id: number; region_path: string; department_id: number;
}
export interface RequestTable extends Versioned {
  id: Generated<number>;
  code: string;
  parent_id: number | null; is_lead: Generated<boolean>;
  kind: string; channel: string; category_id: number; text: string; urgency: Generated<string>;
  household_id: number | null; address: string | null; lat: number | null; lng: number | null;
  region_id: number; region_path: string;
  requester_resident_id: number | null; requester_user_id: number | null;
  requester_name: string | null; requester_phone: string | null;
  anonymous: Generated<boolean>; confidential: Generated<boolean>;
  status: string;
  department_id: number | null; coordinator_id: number | null; received_by: number | null;
  received_at: Ts;
  dispatched_at: MaybeTs; accept_due: MaybeTs; accepted_at: MaybeTs;
  reply_limit: string; deadline_start: Ts; reply_due: Ts;
  replied_at: MaybeTs; first_replied_at: MaybeTs; reply_text: string | null;
  resolved_at: MaybeTs; resolution: string | null;
  constrained_at: MaybeTs; constraint_text: string | null;
  followed_up_at: MaybeTs; verdict: string | null; follow_up_notes: string | null;
  closed_at: MaybeTs;
  reopen_count: Generated<number>; extension_pending: Generated<boolean>;
  supervision_level: string | null; supervision_comment: string | null; supervision_due: string | null;
  merged_into: number | null; warned_at: MaybeTs;
  idempotency_key: string | null; idempotency_hash: string | null;
  visit_client_id: Generated<string | null>;
}
export interface RequestEventTable {
  id: Generated<number>; request_id: number; at: Generated<Date>;
  actor_id: number | null; actor_name: string; actor_role: string | null;
  action: string; from_status: string | null; to_status: string | null; department_id: number | null;
  note: string | null; data: Json | null;
}
export interface RequestExtensionTable {
  id: Generated<number>; request_id: number; department_id: number | null; reason: string; days: number;
  status: Generated<string>; requested_by: number | null; requested_at: Generated<Date>;
  decided_by: number | null; decided_at: MaybeTs; decision_note: string | null; old_due: Ts; new_due: MaybeTs;
}
export interface RequestSupervisionTable {
  id: Generated<number>; request_id: number; level: string; comment: string; due: string | null;
  by_id: number | null; by_name: string; at: Generated<Date>;
}
export interface RequestAttachmentTable {
  id: Generated<number>; request_id: number; filename: string; mime: string; size: number; sha256: string;
  data: Buffer | Uint8Array; uploaded_by: number | null; created_at: Generated<Date>;
}
export interface CalendarDayTable { date: string; kind: string; name: string | null; updated_by: number | null; updated_at: Generated<Date> }
export interface CalendarYearTable { year: number; note: string | null; updated_by: number | null; updated_at: Generated<Date> }
export interface NotificationTable {
  id: Generated<number>; user_id: number; kind: string; request_id: number | null; title: string; body: string | null;
  created_at: Generated<Date>; read_at: MaybeTs;
}
export interface OutboxTable { id: Generated<number>; event: string; payload: Json; created_at: Generated<Date>; fanned_out_at: MaybeTs }
export interface WebhookTable extends Versioned {
  id: Generated<number>; name: string; url: string; secret: string; events: ColumnType<string[], string[] | undefined, string[]>; active: Generated<boolean>;
}
export interface WebhookDeliveryTable {
  id: Generated<number>; outbox_id: number; webhook_id: number; status: Generated<string>; attempts: Generated<number>;
  next_attempt_at: Generated<Date>; last_error: string | null; delivered_at: MaybeTs;
}

export interface LiaisonGroupTable {
  id: Generated<number>; department_id: number; name: string; region_id: number; region_path: string;
  active: Generated<boolean>; created_at: Generated<Date>; dissolved_at: MaybeTs;
}
export interface LiaisonGroupMemberTable { group_id: number; cadre_id: number; joined_at: Generated<Date> }
export interface HouseholdLiaisonTable { household_id: number; group_id: number; region_path: string; assigned_at: Generated<Date> }
export interface PairingRunTable {
  id: Generated<number>; department_id: number; region_ids: ColumnType<number[], number[], number[]>; options: Json; status: Generated<string>;
  result: Json; created_by: number | null; created_at: Generated<Date>; confirmed_at: MaybeTs;
}
export interface ResponsibilityTable extends Versioned {
  id: Generated<number>; kind: string; owner_type: string; owner_id: number; owner_name: string;
  object_type: string; object_id: number | null; object_name: string; region_id: number; region_path: string;
  start_date: string; end_date: string | null; published: Generated<boolean>; notes: string | null;
}
export interface VisitTable {
  id: Generated<number>; client_id: string; kind: string; visited_on: string; notes: string | null;
  cadre_ids: ColumnType<number[], number[] | undefined, number[]>; service_day: string | null; region_path: string;
  recorded_by: number | null; created_at: Generated<Date>;
}
export interface VisitHouseholdTable { visit_id: number; household_id: number; group_id: number | null; region_path: string; visited_on: string }
export interface HouseholdLastVisitTable { household_id: number; visited_on: string; visit_id: number }
export interface HouseholdEventTable {
  id: Generated<number>; household_id: number; kind: string; occurred_on: string; note: string | null; region_path: string;
  created_by: number | null; created_at: Generated<Date>;
}
export interface VisitTaskTable {
  id: Generated<number>; household_id: number; event_id: number | null; kind: Generated<string>; due_on: string; status: Generated<string>;
  done_visit_id: number | null; region_path: string; created_at: Generated<Date>; closed_at: MaybeTs;
}
export interface VisitRoundTable {
  id: Generated<number>; name: string; region_id: number; region_path: string; starts_on: string; ends_on: string;
  created_by: number | null; created_at: Generated<Date>;
}
export interface ServiceDayAttendanceTable {
  code: string; held_on: string; cadre_id: number; region_path: string; note: string | null; recorded_by: number | null; created_at: Generated<Date>;
}
export interface ServiceDayReminderTable { code: string; held_on: string; sent_at: Generated<Date>; recipients: number }
export interface LiaisonLinkTable {
  shape: string; household_id: number; resident_id: number | null; cadre_id: number | null; department_id: number | null;
  region_path: string; linked_at: Generated<Date>;
}
export interface Database {
  regions: RegionTable;
  household_tags: HouseholdTagTable;
  buildings: BuildingTable;
  households: HouseholdTable;
  residents: ResidentTable;
  shops: ShopTable;
  departments: DepartmentTable;
  party_orgs: PartyOrgTable;
  cadres: CadreTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_seal: AuditSealTable;
  import_jobs: ImportJobTable;
  settings: SettingTable;
  liaison_links: LiaisonLinkTable;
  visits: VisitTable;
  visit_households: VisitHouseholdTable;
  household_last_visits: HouseholdLastVisitTable;
  household_events: HouseholdEventTable;
  visit_tasks: VisitTaskTable;
  visit_rounds: VisitRoundTable;
  service_day_attendance: ServiceDayAttendanceTable;
  service_day_reminders: ServiceDayReminderTable;
  request_categories: RequestCategoryTable;
  routing_rules: RoutingRuleTable;
  requests: RequestTable;
  request_events: RequestEventTable;
  request_extensions: RequestExtensionTable;
  request_supervisions: RequestSupervisionTable;
  request_attachments: RequestAttachmentTable;
  calendar_days: CalendarDayTable;
  calendar_years: CalendarYearTable;
  notifications: NotificationTable;
  outbox: OutboxTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  liaison_groups: LiaisonGroupTable;
  liaison_group_members: LiaisonGroupMemberTable;
  household_liaisons: HouseholdLiaisonTable;
  pairing_runs: PairingRunTable;
  responsibilities: ResponsibilityTable;
}

export type Region = Selectable<RegionTable>;
export type Household = Selectable<HouseholdTable>;
export type NewHousehold = Insertable<HouseholdTable>;
export type HouseholdUpdate = Updateable<HouseholdTable>;
export type Resident = Selectable<ResidentTable>;
export type Building = Selectable<BuildingTable>;
export type Shop = Selectable<ShopTable>;
export type Department = Selectable<DepartmentTable>;
export type PartyOrg = Selectable<PartyOrgTable>;
export type Cadre = Selectable<CadreTable>;
export type User = Selectable<UserTable>;
export type Request = Selectable<RequestTable>;
export type RequestCategory = Selectable<RequestCategoryTable>;

// Hot topics (小专题, issue 5): appended; the interface merges into Database above.
export interface TopicTable extends Versioned {
  id: Generated<number>;
  title: string; label: string | null;
  lead_department_id: number; region_id: number; region_path: string;
  month: string; status: Generated<string>; note: string | null;
  created_by: number | null; closed_by: number | null; closed_at: MaybeTs;
}
export interface TopicRequestTable { topic_id: number; request_id: number; open: Generated<boolean>; added_at: Generated<Date> }
export interface Database {
  topics: TopicTable;
  topic_requests: TopicRequestTable;
}
export type Topic = Selectable<TopicTable>;

// The category-suggestion model in the database (issue 5): appended; the interface merges into Database above.
export interface ClassifierModelTable {
  id: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
  source: string;                 // retrain | import
  bytes: Uint8Array | null;       // null once pruned (older inactive models keep their meta only)
  size: number;
  sha256: string;
  meta: ColumnType<unknown, string | undefined, string>;
  active: Generated<boolean>;
}
export interface Database {
  classifier_models: ClassifierModelTable;
}

// Service cards withdrawn (挂失补办): the generation of a household's card now valid.
export interface ServiceCardRevocationTable {
  household_id: number;
  generation: number;
  reason: string;
  revoked_at: Generated<Date>;
  revoked_by: string | null;
}
export interface Database {
  service_card_revocations: ServiceCardRevocationTable;
}

// Throttles shared by every server process (platform/throttle.ts).
export interface ThrottleHitTable { id: Generated<number>; bucket: string; key: string; at: Generated<Date> }
export interface Database {
  throttle_hits: ThrottleHitTable;
}
