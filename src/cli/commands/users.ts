// lianxin users list | add | passwd | token | tokens | revoke-token — accounts from the server's own shell.
import { openContext, parseArgs } from '../context.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { createApiToken } from '../../platform/auth.ts';
import { writeAudit } from '../../platform/audit.ts';
import { createUser, listUsers, updateUser } from '../../features/users/users.service.ts';
import { ROLES } from '../../domain/access.ts';
import { listApiTokens, revokeApiToken } from '../../features/auth/tokens.ts';

export const command = {
  summary: '用户管理 Users: list, add, passwd, token, tokens, revoke-token',
  usage: 'lianxin users list | users add <username> --role admin --name 张三 --password … [--region <code>] [--department <code>] | users passwd <username> --password … | users token <username> --name ci | users tokens <username> | users revoke-token <id>',
  async run(args: ReturnType<typeof parseArgs>) {
    const [sub, username] = args._;
    const h = await openContext();
    try {
      const find = async (u: string) => {
        const row = await h.db.selectFrom('users').selectAll().where('username', '=', u).executeTakeFirst();
        if (!row) throw new Error(`用户不存在 no such user: ${u}`);
        return row;
      };
      if (sub === 'list' || !sub) {
        for (const u of await listUsers(h.db, SYSTEM_ACTOR)) console.log(`${String(u.id).padStart(4)}  ${u.username.padEnd(16)} ${u.role.padEnd(20)} ${u.displayName}${u.active ? '' : '  (停用 disabled)'}`);
        return 0;
      }
      if (sub === 'add') {
        const region = typeof args.region === 'string' ? await h.db.selectFrom('regions').select('id').where('code', '=', args.region).executeTakeFirst() : undefined;
        const dept = typeof args.department === 'string' ? await h.db.selectFrom('departments').select('id').where('code', '=', args.department).executeTakeFirst() : undefined;
        const root = await h.db.selectFrom('regions').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
        const role = String(args.role ?? '');
        if (!(ROLES as readonly string[]).includes(role)) { console.error(`--role 应为 one of: ${ROLES.join(', ')}`); return 2; }
        const u = await createUser(h.db, SYSTEM_ACTOR, {
          username: username, displayName: String(args.name ?? username), password: String(args.password ?? ''), role: role as never,
          regionId: region?.id ?? root?.id ?? null, departmentId: dept?.id ?? null,
        });
        console.log(`已创建 created ${u.username} (${u.role})`);
        return 0;
      }
      if (sub === 'passwd') {
        const u = await find(username);
        await updateUser(h.db, SYSTEM_ACTOR, u.id, { version: u.version, password: String(args.password ?? '') });
        console.log(`已修改密码 password changed for ${username}`);
        return 0;
      }
      if (sub === 'token') {
        const u = await find(username);
        const t = await h.db.transaction().execute(async (trx) => {
          const t = await createApiToken(trx, u.id, String(args.name ?? 'cli'));
          await writeAudit(trx, SYSTEM_ACTOR, [{ action: 'create', entity: 'api_token', entityId: t.id, after: { user: username, prefix: t.prefix } }]);
          return t;
        });
        console.log(t.token);
        return 0;
      }
      if (sub === 'tokens') {
        const u = await find(username);
        const { items } = await listApiTokens(h.db, SYSTEM_ACTOR, u.id);
        if (!items.length) console.log(`${username} 没有 API 令牌 has no API tokens`);
        for (const t of items) {
          console.log(`${String(t.id).padStart(4)}  ${t.prefix}…  ${t.name.padEnd(16)} 创建 ${t.createdAt.toISOString().slice(0, 10)}  最近使用 ${t.lastUsedAt?.toISOString().slice(0, 16) ?? '—'}  ${t.revokedAt ? `已吊销 revoked ${t.revokedAt.toISOString().slice(0, 10)}` : '有效 active'}`);
        }
        return 0;
      }
      if (sub === 'revoke-token') {
        const id = Number(username);
        if (!Number.isInteger(id) || id <= 0) { console.error('请给出令牌编号 give the token id (see: users tokens <username>)'); return 2; }
        const t = await revokeApiToken(h.db, SYSTEM_ACTOR, id);
        console.log(`已吊销 revoked token ${t.id} (${t.prefix}…, ${t.name})`);
        return 0;
      }
      console.error(command.usage);
      return 2;
    } finally {
      await h.close();
    }
  },
};
