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
