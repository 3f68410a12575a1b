// Editing a household sends the version it read; if someone saved in between, the server
// answers 409 and the cadre is told plainly to reload, instead of silently overwriting.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { RegionPicker, showFieldErrors, TagPicker } from '../components/ui.tsx';
import type { Household } from './HouseholdDetail.tsx';

interface Values { address: string; externalCode: string; regionId: number; tags: string[]; notes: string | null; lat: number | null; lng: number | null }

export function HouseholdForm({ household, onSaved, onCancel, onReload }: {
  household: Household; onSaved: () => void; onCancel: () => void; onReload: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<{ text: string; conflict: boolean; rest: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  // The drawer may be scrolled down to the save button; bring the message into view.
  useEffect(() => { if (error) alertRef.current?.scrollIntoView({ block: 'start' }); }, [error]);
  const initial: Values = {
    address: household.address, externalCode: household.externalCode, regionId: household.region?.id ?? household.regionId,
    tags: household.tags ?? [], notes: household.notes ?? null, lat: household.lat, lng: household.lng,
  };

  const save = async (v: Values) => {
    setBusy(true);
    setError(null);
    // Send only what changed: a narrower PATCH collides less with other people's edits.
    const changed: Record<string, unknown> = {};
    for (const k of Object.keys(v) as (keyof Values)[]) {
      const before = JSON.stringify(initial[k] ?? null);
      const after = JSON.stringify(v[k] === '' ? null : v[k] ?? null);
      if (before !== after) changed[k] = v[k] === '' ? null : v[k] ?? null;
    }
    if (Object.keys(changed).length === 0) { setBusy(false); onCancel(); return; }
    try {
      await api.patch(`/api/households/${household.id}`, { version: household.version, ...changed });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        const conflict = e.status === 409 && e.code === 'CONFLICT';
        const rest = conflict ? [] : showFieldErrors(form, e, lang);
        setError({ text: conflict ? t('edit.conflict') : e.text(lang), conflict, rest });
      } else {
        setError({ text: String(e), conflict: false, rest: [] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" size="large" initialValues={initial} onFinish={save} scrollToFirstError>
      <div ref={alertRef} />
      {error && (
        <Alert type={error.conflict ? 'warning' : 'error'} showIcon style={{ marginBottom: 16 }} role="alert"
          message={error.text}
          description={error.rest.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.rest.map((r) => <li key={r}>{r}</li>)}</ul> : undefined}
          action={error.conflict ? <Button icon={<ReloadOutlined />} onClick={() => { setError(null); onReload(); }}>{t('common.reload')}</Button> : undefined} />
      )}
      <Form.Item name="address" label={t('household.address')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="externalCode" label={t('household.code')}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="regionId" label={t('household.grid')} rules={[{ required: true, message: t('form.required') }]} extra={t('household.gridHint')}>
        <RegionPicker gridsOnly style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="tags" label={t('household.tags')}>
        <TagPicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="notes" label={t('household.notes')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="lat" label={t('household.lat')} style={{ flex: 1, marginInlineEnd: 8 }}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lng" label={t('household.lng')} style={{ flex: 1 }}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
      </Space.Compact>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
