import { openContext } from '../context.ts';
export const command = {
  summary: '迁移数据库到最新 Migrate the database to the latest schema',
  usage: 'lianxin migrate',
  async run() {
    const h = await openContext();
    console.log(`migrated (${h.engine})`);
    await h.close();
  },
};
