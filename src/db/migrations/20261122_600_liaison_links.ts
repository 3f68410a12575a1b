// The liaison network's other shapes: party members linked with nearby households (党员联户) and
// Donggang's one cadre ↔ one party member ↔ one hardship household (一对一对一). One row per
// household and shape; confirm writes only the rows that change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table liaison_links (
    shape text not null check (shape in ('party_member','triad')),
    household_id integer not null references households(id) on delete cascade,
    resident_id integer references residents(id) on delete set null,
    cadre_id integer references cadres(id) on delete set null,
    department_id integer references departments(id),
    region_path text not null,
    linked_at timestamptz not null default now(),
    primary key (shape, household_id))`.execute(db);
  await sql`create index liaison_links_region on liaison_links(region_path text_pattern_ops)`.execute(db);
  await sql`create index liaison_links_resident on liaison_links(resident_id) where resident_id is not null`.execute(db);
  await sql`create index liaison_links_cadre on liaison_links(cadre_id) where cadre_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists liaison_links`.execute(db);
}
