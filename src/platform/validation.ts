// zod issues → {field, reason (中文), reason_en}. Custom refinements write their message as
// '中文|English'; built-in issues get a translation here.
import type { ErrorDetail } from './errors.ts';

interface Issue { code?: string; path?: PropertyKey[]; message?: string; instancePath?: string; minimum?: unknown; maximum?: unknown; expected?: unknown; format?: string; keyword?: string; params?: Record<string, unknown> }

function translate(i: Issue): [string, string] {
  if (i.message && i.message.includes('|')) {
    const [zh, en] = i.message.split('|');
    return [zh, en];
  }
  switch (i.code ?? i.keyword) {
    case 'invalid_type': return [i.expected === 'undefined' ? '不应填写' : `必填或类型不对（应为 ${String(i.expected)}）`, `required or wrong type (expected ${String(i.expected)})`];
    case 'too_small': return [`太短或太小（至少 ${String(i.minimum)}）`, `too short or too small (minimum ${String(i.minimum)})`];
    case 'too_big': return [`太长或太大（至多 ${String(i.maximum)}）`, `too long or too large (maximum ${String(i.maximum)})`];
    case 'invalid_format': return [`格式不正确（${i.format ?? ''}）`, `wrong format (${i.format ?? ''})`];
    case 'invalid_value': return ['不是允许的取值', 'not an allowed value'];
    case 'unrecognized_keys': return ['包含未知字段', 'unknown fields'];
    default: return ['不正确', i.message ?? 'invalid'];
  }
}

export function zodIssuesToDetails(issues: Issue[], prefix = ''): ErrorDetail[] {
  return issues.map((i) => {
    const p = i.path?.length ? i.path.map(String).join('.') : (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const [reason, reason_en] = translate(i);
    return { field: [prefix, p].filter(Boolean).join('.') || prefix || '(body)', reason, reason_en };
  });
}
