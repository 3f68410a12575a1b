import type { Routes } from '../../platform/http.ts';
import { actorOrThrow } from '../../platform/http.ts';
import { idParams } from '../shared.ts';
import { createUser, listUsers, updateUser, userCreate, userUpdate } from './users.service.ts';

export const userRoutes: Routes = (app, { db }) => {
  const tags = ['users'];
  app.get('/api/users', { schema: { tags, summary: '用户列表 Users' } }, async (req: any) => listUsers(db, actorOrThrow(req)));
  app.post('/api/users', { schema: { tags, summary: '新建用户 Create a user', body: userCreate } },
    async (req: any, reply: any) => reply.code(201).send(await createUser(db, actorOrThrow(req), req.body)));
  app.patch('/api/users/:id', { schema: { tags, summary: '修改用户 Edit a user', params: idParams, body: userUpdate } },
    async (req: any) => updateUser(db, actorOrThrow(req), req.params.id, req.body));
};
