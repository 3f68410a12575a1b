// One-click category choices under the text being entered (and the department they would go to):
// suggested from the text by the routing model, never applied by themselves.
import { useEffect, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';

export interface SuggestResult {
  categories: { id: number; category: string; name: string; score: number }[];
  departments: { departmentId: number; name: string; score: number; via: 'history' | 'table'; reason: string }[];
  error: { code: string; message: string; message_en: string } | null;
}

/** Suggestions for a text, fetched once typing pauses. */
export function useSuggestions(text: string | undefined, place: { householdId?: number | null; regionId?: number | null; categoryId?: number | null }) {
  const [data, setData] = useState<SuggestResult | null>(null);
  const t = (text ?? '').trim();
  useEffect(() => {
    if (t.length < 4) { setData(null); return; }
    let stale = false;
    const timer = setTimeout(() => {
      api.post<SuggestResult>('/api/routing/suggest', { text: t, householdId: place.householdId ?? null, regionId: place.regionId ?? null, categoryId: place.categoryId ?? null })
        .then((d) => { if (!stale) setData(d); }, () => undefined);
    }, 500);
    return () => { stale = true; clearTimeout(timer); };
  }, [t, place.householdId, place.regionId, place.categoryId]);
  return data;
}

export function CategorySuggestions({ data, value, onPick, showDepartments }: {
  data: SuggestResult | null; value?: number | null; onPick: (categoryId: number) => void; showDepartments?: boolean;
}) {
  const { pick, lang } = useI18n();
  if (!data?.categories.length) return null;
  return (
    <div data-testid="category-suggestions" style={{ margin: '-8px 0 16px' }}>
      <Space wrap size={[8, 8]}>
        <Typography.Text type="secondary"><BulbOutlined /> {pick('推荐分类', 'Suggested')}</Typography.Text>
        {data.categories.map((c) => (
          <Tag.CheckableTag key={c.id} checked={value === c.id} onChange={() => onPick(c.id)}
            style={{ fontSize: 15, padding: '4px 10px', border: '1px solid #d9d9d9' }}>
            {c.name} {Math.round(c.score * 100)}%
          </Tag.CheckableTag>
        ))}
      </Space>
      {showDepartments && data.departments.length > 0 && (
        <div style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">
            {pick('建议派往', 'Would go to')}：{data.departments.slice(0, 2).map((d) => `${d.name}（${(lang === 'en' ? d.reason.split('|')[1] : d.reason.split('|')[0]) ?? ''}）`).join('；')}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
