// One household in a drawer: its place, tags, residents and its place in the liaison network. ID numbers and phones arrive
// masked; revealing them is a separate, audited request that only some roles may make.
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Grid, List, Skeleton, Space, Tag, Typography } from 'antd';
import { EditOutlined, EyeOutlined, ManOutlined, SafetyCertificateOutlined, WomanOutlined } from '@ant-design/icons';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, TagList } from '../components/ui.tsx';
import { useHouseholdTags, useLoad } from '../components/data.ts';
import { HouseholdForm } from './HouseholdForm.tsx';
import HouseholdLiaison from './liaison/HouseholdLiaison.tsx';
import HouseholdCard from './liaison/HouseholdCard.tsx';

export interface Resident {
  id: number; householdId: number; name: string; gender: 'M' | 'F' | null; birthDate: string | null;
  idNumber: string | null; phone: string | null; partyMember: boolean; relation: string | null; version: number;
  address?: string;
}
export interface Household {
  id: number; externalCode: string; address: string; buildingId: number | null; buildingName?: string | null;
  regionId: number; region?: { id: number; name: string }; ancestors?: { id: number; name: string; level: string }[];
  building?: { id: number; name: string } | null; headName?: string | null; memberCount?: number;
  tags: string[]; residents: Resident[]; lat: number | null; lng: number | null; notes: string | null; version: number;
}

export function HouseholdDrawer({ id, onClose, onSaved }: { id: number | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const { data, error, loading, reload } = useLoad(
    (signal) => (id ? api.get<Household>(`/api/households/${id}`, undefined, signal) : Promise.resolve(undefined)), [id]);
  const tagDefs = useHouseholdTags().data;
  const h = id && data?.id === id ? data : undefined;
  // ancestors may or may not include the grid itself; name each region once.
  const place = h ? [...(h.ancestors ?? []).filter((a) => a.id !== h.region?.id).map((a) => a.name), h.region?.name].filter(Boolean).join(' / ') : '';

  return (
    <Drawer open={id !== null} onClose={() => { setEditing(false); onClose(); }} width={phone ? '100%' : 640} destroyOnHidden
      title={h ? h.address : t('household.detail')}
      extra={h && can(me, 'registry.write') && !editing
        ? <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}>
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !h ? <Skeleton active /> : null}
      {h && editing && (
        /* Remount on a new version: after "reload" the form must start from what is saved now. */
        <HouseholdForm key={h.version} household={h} onCancel={() => setEditing(false)} onReload={reload}
          onSaved={() => { setEditing(false); reload(); onSaved(); }} />
      )}
      {h && !editing && (
        <>
          <Descriptions column={1} bordered size="middle" labelStyle={{ width: phone ? 88 : 120, whiteSpace: 'nowrap' }}>
            <Descriptions.Item label={t('household.address')}>{h.address}</Descriptions.Item>
            <Descriptions.Item label={t('household.code')}>{h.externalCode}</Descriptions.Item>
            <Descriptions.Item label={t('household.region')}>{place || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('household.building')}>{h.building?.name ?? h.buildingName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('household.tags')}><TagList tags={h.tags} all={tagDefs} /></Descriptions.Item>
            <Descriptions.Item label={t('household.notes')}>{h.notes || '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={4} style={{ marginTop: 24 }}>{t('household.residents')}（{h.residents?.length ?? 0}）</Typography.Title>
          <ResidentList residents={h.residents ?? []} />
          <HouseholdLiaison householdId={h.id} />
          {can(me, 'org.read') || can(me, 'liaison.manage') ? <HouseholdCard householdId={h.id} /> : null}
        </>
      )}
    </Drawer>
  );
}

/** Reveal state shared by the household drawer and the resident search. */
export function useReveal() {
  const { lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<Record<number, { idNumber: string | null; phone: string | null }>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const reveal = async (residentId: number) => {
    setBusy(residentId);
    try {
      const clear = await api.post<{ idNumber: string | null; phone: string | null }>(`/api/residents/${residentId}/reveal`);
      setRevealed((m) => ({ ...m, [residentId]: clear }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(null);
    }
  };
  return { mayReveal: can(me, 'pii.reveal'), revealed, reveal, busy };
}

export function RevealButton({ id, state }: { id: number; state: ReturnType<typeof useReveal> }) {
  const { t } = useI18n();
  if (!state.mayReveal) return null;
  return state.revealed[id]
    ? <Tag color="orange" icon={<SafetyCertificateOutlined />}>{t('pii.recorded')}</Tag>
    : <Button icon={<EyeOutlined />} loading={state.busy === id} onClick={() => state.reveal(id)}>{t('pii.reveal')}</Button>;
}

export function ResidentList({ residents, showAddress, hideNote }: { residents: Resident[]; showAddress?: boolean; hideNote?: boolean }) {
  const { t } = useI18n();
  const state = useReveal();
  const { mayReveal, revealed } = state;

  return (
    <>
      {mayReveal && !hideNote && residents.length > 0 && (
        <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} style={{ marginBottom: 12 }} message={t('pii.note')} />
      )}
      <List dataSource={residents} locale={{ emptyText: t('common.empty') }} renderItem={(r) => {
        const clear = revealed[r.id];
        return (
          <List.Item key={r.id} style={{ display: 'block', padding: '14px 4px' }}>
            <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 6 }}>
              <span style={{ fontSize: 18, fontWeight: 600 }}>{r.name}</span>
              {r.gender === 'M' && <ManOutlined style={{ color: '#1677ff' }} aria-label={t('resident.male')} />}
              {r.gender === 'F' && <WomanOutlined style={{ color: '#eb2f96' }} aria-label={t('resident.female')} />}
              {r.relation && <Tag>{r.relation}</Tag>}
              {r.partyMember && <Tag color="red">{t('resident.partyMember')}</Tag>}
            </div>
            <Space direction="vertical" size={2} style={{ fontSize: 15 }}>
              {showAddress && r.address && <span>{t('household.address')}：<a href={`#/households/${r.householdId}`}>{r.address}</a></span>}
              {r.birthDate && <span>{t('resident.birthDate')}：{r.birthDate}</span>}
              <span>{t('resident.idNumber')}：<code style={{ fontSize: 15 }}>{clear ? clear.idNumber ?? '—' : r.idNumber ?? '—'}</code></span>
              <span>{t('resident.phone')}：{clear ? (clear.phone ? <a href={`tel:${clear.phone}`}>{clear.phone}</a> : '—') : r.phone ?? '—'}</span>
            </Space>
            {mayReveal && (
              <div style={{ marginTop: 8 }}>
                <RevealButton id={r.id} state={state} />
              </div>
            )}
          </List.Item>
        );
      }} />
    </>
  );
}
