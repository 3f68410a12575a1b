// lianxin audit seal | verify | tail — the trail of who did what, and proof it was not altered.
import { openContext, parseArgs, progressBar } from '../context.ts';
import { sealAudit, verifyAudit } from '../../platform/audit.ts';

export const command = {
  summary: '操作台账：封存、校验、查看 Audit trail: seal, verify, tail',
  usage: 'lianxin audit verify [--json] | audit seal | audit tail [--n 20] [--entity household]',
  async run(args: ReturnType<typeof parseArgs>) {
    const sub = args._[0] ?? 'verify';
    const h = await openContext();
    try {
      if (sub === 'seal') {
        const n = await sealAudit(h.db, { waitMs: 30_000 });
        const last = await h.db.selectFrom('audit_seal').select(['block', 'last_seq', 'chain_hash']).orderBy('block', 'desc').limit(1).executeTakeFirst();
        console.log(`封存 sealed ${n} rows; chain head: block ${last?.block ?? 0}, seq ${last?.last_seq ?? 0}, ${last?.chain_hash ?? '-'}`);
        return 0;
      }
      if (sub === 'tail') {
        let q = h.db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'entity', 'entity_id']).orderBy('seq', 'desc').limit(Number(args.n ?? 20));
        if (typeof args.entity === 'string') q = q.where('entity', '=', args.entity);
        for (const r of (await q.execute()).reverse()) console.log(`${r.seq}\t${r.at.toISOString()}\t${r.actor}\t${r.action}\t${r.entity}\t${r.entity_id ?? ''}`);
        return 0;
      }
      if (sub !== 'verify') { console.error(`unknown: audit ${sub}\n${command.usage}`); return 2; }
      await sealAudit(h.db, { waitMs: 10_000 });
      const bar = progressBar('校验 Verifying', null);
      const r = await verifyAudit(h.db, (done) => bar.update(done));
      bar.done(r.sealedRows);
      if (args.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`台账 rows: ${r.rows}, 已封存 sealed: ${r.sealedRows} in ${r.blocks} blocks, 未封存 unsealed: ${r.unsealedRows}`);
        if (r.problems.length === 0) console.log('✔ 台账完整，未发现篡改 The trail is intact: no row was changed or removed.');
        else {
          console.log(`✘ 发现 ${r.problems.length} 处问题 ${r.problems.length} problem(s):`);
          for (const p of r.problems) console.log(`  [${p.kind}] ${p.message}`);
        }
      }
      return r.problems.length ? 1 : 0;
    } finally {
      await h.close();
    }
  },
};
