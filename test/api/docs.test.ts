// The OpenAPI page and the error shape for requests no route answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

describe('API surface', () => {
  it('serves an OpenAPI document with the registries in it', async () => {
    const r = await s.client().get('/docs/json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/households', '/api/residents/{id}/reveal', '/api/cadres', '/api/regions/locate']));
    const html = await s.client().get('/docs/');
    expect(html.status).toBe(200);
  });
  it('answers unknown API paths with the error shape', async () => {
    const r = await (await s.login('admin')).get('/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String), message_en: expect.any(String) });
  });
  it('percent-encoded Chinese in the query string works', async () => {
    const c = await s.login('admin');
    const r = await c.get('/api/households?q=' + encodeURIComponent('海港'));
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(0);
  });
  it('a query parameter of the wrong type names the field', async () => {
    const c = await s.login('admin');
    const r = await c.get('/api/households?regionId=abc');
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toContain('regionId');
  });
});
