// lianxin pair — form liaison groups for a department's regions and show the result; --confirm writes it.
import { openContext, parseArgs } from '../context.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { confirmPairing, previewPairing } from '../../features/liaison/pairing.service.ts';
import { confirmLinks, previewLinks } from '../../features/liaison/links.service.ts';

const USAGE = 'lianxin pair --department <code> --regions <code,code…> [--size 2] [--years 5] [--confirm]\n' +
  '       lianxin pair --shape party-members --regions <code,…> [--confirm]            党员联户\n' +
  '       lianxin pair --shape triad --department <code> --regions <code,…> [--tags 困难户,低保户] [--confirm]   一对一对一';

export const command = {
  summary: '联户分组 Pair cadres into groups and give every household to one (preview; --confirm writes it)',
  usage: USAGE,
  async run(args: ReturnType<typeof parseArgs>) {
    const shape = args.shape === undefined ? 'groups' : args.shape;
    if (!['groups', 'party-members', 'triad'].includes(String(shape)) || typeof args.regions !== 'string' || (shape !== 'party-members' && typeof args.department !== 'string')) {
      console.error(`用法 usage: ${USAGE}`); return 2;
    }
    const h = await openContext();
    try {
      const dept = typeof args.department === 'string' ? await h.db.selectFrom('departments').select('id').where('code', '=', args.department).executeTakeFirst() : null;
      if (typeof args.department === 'string' && !dept) { console.error(`没有编码为 ${args.department} 的部门 (no department ${args.department})`); return 2; }
      const codes = args.regions.split(',').map((s) => s.trim()).filter(Boolean);
      const regions = await h.db.selectFrom('regions').select(['id', 'code']).where('code', 'in', codes).execute();
      const missing = codes.filter((c) => !regions.some((r) => r.code === c));
      if (missing.length) { console.error(`找不到区域 (no such region): ${missing.join(', ')}`); return 2; }
      const t = Date.now();
      if (shape !== 'groups') {
        const input = { shape: shape === 'triad' ? 'triad' as const : 'party_member' as const, regionIds: regions.map((x) => x.id), departmentId: dept?.id,
          tags: typeof args.tags === 'string' ? args.tags.split(',').map((x) => x.trim()).filter(Boolean) : undefined };
        const r = args.confirm ? await confirmLinks(h.db, SYSTEM_ACTOR, input) : await previewLinks(h.db, SYSTEM_ACTOR, input);
        const what = shape === 'triad' ? '一对一对一 cadre–member–household' : '党员联户 party members ↔ households';
        console.log(`${what}: ${r.linked}/${r.households} 户已联系 linked, 党员 ${r.members} members, 每人最多 max ${r.maxLoad} 户, 变动 moved ${r.moved} (${Date.now() - t} ms)`);
        for (const u of r.unlinked.slice(0, 20)) console.log(`  未联系 unlinked ${u.address ?? u.id}: ${u.reason.split('|')[0]}`);
        if (r.unlinked.length > 20) console.log(`  …… 另有 ${r.unlinked.length - 20} 户 more`);
        for (const n of ('notes' in r ? r.notes ?? [] : [])) console.log(`  ⚠ ${n.split('|')[0]}`);
        console.log('changed' in r ? `已写入 written: ${r.changed} 户变更 changed` : '预览（未写入）；确认请加 --confirm  (preview only; add --confirm to write it)');
        return 0;
      }
      const r = await previewPairing(h.db, SYSTEM_ACTOR, { departmentId: dept!.id, regionIds: regions.map((x) => x.id), groupSize: args.size ? Number(args.size) : undefined, experiencedYears: args.years ? Number(args.years) : undefined });
      console.log(`${r.department.name}: ${r.groups.length} 个组 groups, ${r.coverage.assigned}/${r.coverage.households} 户 households, 每组 ${r.coverage.minLoad}–${r.coverage.maxLoad} 户, 变动 moved ${r.moved} (${Date.now() - t} ms)`);
      const relaxed = r.groups.filter((g) => g.relaxed.length);
      if (relaxed.length) {
        console.log(`${relaxed.length} 个组未满足全部规则 groups relaxed a rule:`);
        for (const g of relaxed.slice(0, 20)) console.log(`  ${g.cadres.map((c) => c.name).join('、')}: ${g.relaxed.map((x) => `${x.label}（${x.reason.split('|')[0]}）`).join('；')}`);
      }
      for (const u of r.coverage.unassigned.slice(0, 20)) console.log(`  未分配 unassigned household ${u.id}: ${u.reason.split('|')[0]}`);
      for (const c of r.coverage.cadresWithoutGroup) console.log(`  未分组 cadre ${c.id}: ${c.reason.split('|')[0]}`);
      for (const p of r.problems) console.log(`  ⚠ ${p.split('|')[0]}`);
      if (!args.confirm) { console.log(`预览方案 ${r.runId}（未写入）；确认请加 --confirm  (preview only; add --confirm to write it)`); return 0; }
      const c = await confirmPairing(h.db, SYSTEM_ACTOR, r.runId);
      console.log(`已确认 confirmed: ${c.groups} 个组, ${c.householdsChanged} 户变更, ${c.dissolved} 个组撤销`);
      return 0;
    } finally {
      await h.close();
    }
  },
};
