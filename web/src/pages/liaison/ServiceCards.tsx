// 便民服务卡 / 走亲连心卡: choose a community or grid (and a liaison group), see the cards as they
// will print — A4 sheets of 2 × 4 cards with cut lines, the group's names and work phones, the
// office hotline and a QR code that opens the resident's page — and print them (the browser's
// print dialog also saves a PDF). The print stylesheet hides the app around the sheets.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { useLoad } from '../../components/data.ts';
import { href, navigate, useRoute } from '../../router.ts';
import { ErrorAlert, PageHeader, RegionPicker } from '../../components/ui.tsx';
import { asError } from './shared.tsx';

interface Cadre { name: string; phone: string | null }
export interface Card {
  householdId: number; address: string; token: string; url: string; qrSvg: string | null;
  /** 0: the original card; n: the n-th card after a withdrawal (挂失补办), since revokedAt. */
  generation: number; revokedAt: string | null;
  region: { district: string | null; street: string | null; community: string | null; grid: string | null };
  group: { id: number; name: string; department: string | null; cadres: Cadre[] } | null;
}
interface Cards { hotline: string; expiresOn: string; count: number; withoutGroup: number; groups: { id: number; name: string; department: string | null; households: number }[]; items: Card[] }

const PER_SHEET = 8;
const NO_GROUP = -1;

/** 13911110000 → 139 1111 0000; landlines stay as written. */
const spacedPhone = (p: string | null) => (p && /^1\d{10}$/.test(p) ? `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}` : p ?? '');

const CSS = `
.lxc-sheets { display: flex; flex-direction: column; align-items: center; gap: 20px; overflow-x: auto; padding: 4px 0 24px; }
.lxc-sheet { width: 210mm; height: 297mm; box-sizing: border-box; padding: 9mm 8mm 8mm; background: #fff; flex: none;
  box-shadow: 0 2px 12px rgba(0,0,0,.18); position: relative; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(4, 1fr); }
.lxc-cutnote { position: absolute; top: 3mm; left: 8mm; font-size: 8pt; color: #999; letter-spacing: 1px; }
.lxc-page { position: absolute; top: 3mm; right: 8mm; font-size: 8pt; color: #999; }
.lxc-card { border-right: 0.3mm dashed #8c8c8c; border-bottom: 0.3mm dashed #8c8c8c; box-sizing: border-box; padding: 3.5mm 4mm 3mm;
  display: flex; flex-direction: column; overflow: hidden; color: #1f1f1f;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.lxc-sheet > .lxc-card:nth-of-type(odd) { border-left: 0.3mm dashed #8c8c8c; }
.lxc-sheet > .lxc-card:nth-of-type(-n+2) { border-top: 0.3mm dashed #8c8c8c; }
.lxc-band { background: #b8262b; color: #fff; border-radius: 2mm; padding: 1.4mm 3mm; display: flex; align-items: baseline; justify-content: space-between; gap: 3mm; }
.lxc-title { font-size: 18pt; font-weight: 700; letter-spacing: 2px; line-height: 1.15; white-space: nowrap; }
.lxc-sub { font-size: 11pt; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.lxc-body { flex: 1; display: flex; gap: 3mm; padding-top: 2.2mm; min-height: 0; }
.lxc-people { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 1.5mm; }
.lxc-group { font-size: 10pt; color: #555; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lxc-cadre { display: flex; flex-direction: column; line-height: 1.18; }
.lxc-name { font-size: 15pt; font-weight: 700; }
.lxc-phone { font-size: 15pt; font-variant-numeric: tabular-nums; letter-spacing: .3px; white-space: nowrap; }
.lxc-compact .lxc-cadre { flex-direction: row; align-items: baseline; gap: 2.5mm; }
.lxc-compact .lxc-name { font-size: 13.5pt; white-space: nowrap; }
.lxc-compact .lxc-phone { font-size: 13.5pt; }
.lxc-none { font-size: 12.5pt; color: #555; line-height: 1.4; }
.lxc-qrbox { width: 31mm; flex: none; display: flex; flex-direction: column; align-items: center; }
.lxc-qr { width: 31mm; height: 31mm; }
.lxc-qr svg { width: 100%; height: 100%; display: block; }
.lxc-scan { font-size: 9pt; color: #b8262b; font-weight: 600; margin-top: .8mm; white-space: nowrap; }
.lxc-foot { border-top: 0.3mm solid #e3c2c3; padding-top: 1.5mm; display: flex; justify-content: space-between; align-items: baseline; gap: 2mm; }
.lxc-hotline { font-size: 14.5pt; font-weight: 700; color: #b8262b; white-space: nowrap; }
.lxc-addr { font-size: 8pt; color: #777; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
@page { size: A4; margin: 0; }
@media print {
  html, body, #root { background: #fff !important; }
  .ant-layout-sider, .ant-layout-header, .ant-drawer, .ant-message, .lxc-noprint { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; margin: 0 !important; background: #fff !important; min-height: 0 !important; }
  .lxc-sheets { display: block; overflow: visible; padding: 0; }
  .lxc-sheet { box-shadow: none; margin: 0; break-after: page; page-break-after: always; }
  .lxc-sheet:last-child { break-after: auto; page-break-after: auto; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function ServiceCard({ card, hotline }: { card: Card; hotline: string }) {
  const place = card.region.community ?? card.region.street ?? '';
  const compact = (card.group?.cadres.length ?? 0) > 2;
  return (
    <div className="lxc-card" data-testid="service-card">
      <div className="lxc-band">
        <span className="lxc-title">走亲连心卡</span>
        <span className="lxc-sub">{place}</span>
      </div>
      <div className="lxc-body">
        <div className={compact ? 'lxc-people lxc-compact' : 'lxc-people'}>
          {card.group ? (
            <>
              <div className="lxc-group">联户组：{card.group.name}</div>
              {card.group.cadres.map((c) => (
                <div className="lxc-cadre" key={c.name + c.phone}>
                  <span className="lxc-name">{c.name}</span>
                  <span className="lxc-phone">{spacedPhone(c.phone) || '—'}</span>
                </div>
              ))}
            </>
          ) : (
            <div className="lxc-none">联户组正在安排中。<br />有事请拨打服务热线，<br />或扫码反映。</div>
          )}
        </div>
        <div className="lxc-qrbox">
          {card.qrSvg ? <div className="lxc-qr" dangerouslySetInnerHTML={{ __html: card.qrSvg }} /> : null}
          <div className="lxc-scan">手机扫码 反映诉求</div>
        </div>
      </div>
      <div className="lxc-foot">
        <span className="lxc-hotline">服务热线 {hotline}</span>
        <span className="lxc-addr">{card.address}</span>
      </div>
    </div>
  );
}

function HotlineEditor({ hotline, onSaved }: { hotline: string; onSaved: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(hotline);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const cur = await api.get<{ baseUrl: string | null }>('/api/service-cards/settings');
      await api.put('/api/service-cards/settings', { hotline: value, baseUrl: cur.baseUrl });
      message.success(pick('服务热线已保存', 'Hotline saved'));
      setOpen(false);
      onSaved();
    } catch (e) {
      message.error(asError(e).textWithReason(lang));
    } finally { setBusy(false); }
  };
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => { setValue(hotline); setOpen(true); }}>{pick('修改热线', 'Edit hotline')}</Button>
      <Modal open={open} title={pick('服务热线', 'Office hotline')} onCancel={() => setOpen(false)} onOk={save} confirmLoading={busy}
        okText={pick('保存', 'Save')} cancelText={pick('取消', 'Cancel')}>
        <Typography.Paragraph type="secondary">{pick('印在每张服务卡上，也显示在群众扫码页面。', 'Printed on every card and shown on the resident’s page.')}</Typography.Paragraph>
        <Input size="large" value={value} onChange={(e) => setValue(e.target.value)} placeholder="0535-12345" aria-label={pick('服务热线', 'Hotline')} />
      </Modal>
    </>
  );
}

export default function ServiceCards() {
  const { pick, lang } = useI18n();
  const me = useMe();
  // A director or grid worker starts on their own area; district staff choose first (a whole district is too many cards).
  const own = me?.scope.region && ['community', 'grid'].includes(me.scope.region.level) ? me.scope.region.id : null;
  const [regionId, setRegionId] = useState<number | null>(own);
  const [groupId, setGroupId] = useState<number | null>(null);
  // ?household=<id>: one household's card alone (a reprint, or the new card after 挂失补办).
  const householdId = Number(useRoute().query.get('household')) || null;
  const cards = useLoad((signal) => {
    if (householdId) {
      return api.get<Card & { hotline: string; expiresOn: string }>(`/api/service-cards/households/${householdId}`, undefined, signal)
        .then(({ hotline, expiresOn, ...card }): Cards => ({ hotline, expiresOn, count: 1, withoutGroup: card.group ? 0 : 1, groups: [], items: [card] }));
    }
    return regionId ? api.get<Cards>('/api/service-cards', { regionId }, signal) : Promise.resolve(null);
  }, [regionId, householdId]);
  const data = cards.data ?? null;

  const shown = useMemo(() => {
    const items = data?.items ?? [];
    if (groupId === null) return items;
    return items.filter((c) => (groupId === NO_GROUP ? !c.group : c.group?.id === groupId));
  }, [data, groupId]);
  const sheets = useMemo(() => {
    const out: Card[][] = [];
    for (let i = 0; i < shown.length; i += PER_SHEET) out.push(shown.slice(i, i + PER_SHEET));
    return out;
  }, [shown]);

  const groupOptions = [
    { value: 0, label: pick('全部住户', 'All households') },
    ...(data?.groups ?? []).map((g) => ({ value: g.id, label: `${g.name}（${g.households}${pick('户', ' households')}）` })),
    ...(data?.withoutGroup ? [{ value: NO_GROUP, label: pick(`未分配联户组（${data.withoutGroup}户）`, `No group yet (${data.withoutGroup})`) }] : []),
  ];

  return (
    <div>
      <style>{CSS}</style>
      <div className="lxc-noprint">
        <PageHeader title={pick('便民服务卡', 'Service cards')}
          sub={pick('走亲连心卡：联户干部姓名电话、服务热线和二维码，打印后发放到户，群众扫码即可反映诉求', 'One card per household: the liaison group, the hotline and a QR code for raising a request')}
          extra={
            <Button type="primary" size="large" icon={<PrinterOutlined />} disabled={!shown.length} onClick={() => window.print()} data-testid="print-cards">
              {pick('打印 / 导出PDF', 'Print / save as PDF')}
            </Button>
          } />
        {householdId ? (
          <Space wrap size={12} style={{ marginBottom: 12 }}>
            <Tag color="blue" style={{ fontSize: 15, padding: '4px 10px' }}>{pick('单户服务卡', 'One household’s card')}{data?.items[0] ? `：${data.items[0].address}` : ''}</Tag>
            {data?.items[0]?.generation ? <Tag color="orange" style={{ fontSize: 15, padding: '4px 10px' }}>{pick(`补办的新卡（第 ${data.items[0].generation} 次），旧卡已停用`, `Reissued card (no. ${data.items[0].generation}); earlier cards no longer work`)}</Tag> : null}
            <Button onClick={() => navigate(href('/liaison/cards'))}>{pick('查看全部服务卡', 'All cards')}</Button>
          </Space>
        ) : null}
        <Space wrap size={12} style={{ marginBottom: 12, display: householdId ? 'none' : undefined }}>
          <RegionPicker value={regionId} onChange={(v) => { setRegionId(v); setGroupId(null); }} placeholder={pick('选择社区或网格', 'Choose a community or grid')} style={{ minWidth: 260 }} />
          <Select style={{ minWidth: 260 }} value={groupId ?? 0} onChange={(v) => setGroupId(v === 0 ? null : v)} options={groupOptions}
            disabled={!data} aria-label={pick('联户组', 'Liaison group')} />
          {data ? <Tag color="red" style={{ fontSize: 15, padding: '4px 10px' }}>{pick('服务热线', 'Hotline')} {data.hotline}</Tag> : null}
          {data && can(me, 'category.manage') ? <HotlineEditor hotline={data.hotline} onSaved={cards.reload} /> : null}
        </Space>
        <ErrorAlert error={cards.error} onRetry={cards.reload} />
        {data ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={pick(
            `共 ${shown.length} 张卡，${sheets.length} 页 A4（每页 8 张，沿虚线剪开）。二维码有效期至 ${data.expiresOn}。打印时请选择“A4、无边距、打印背景图形”；选“另存为PDF”即可得到PDF文件。`,
            `${shown.length} cards on ${sheets.length} A4 sheets (8 per sheet; cut along the dashed lines). The QR codes are valid until ${data.expiresOn}. Print on A4 with no margins and background graphics on; choose “Save as PDF” for a PDF.`,
          )} />
        ) : null}
      </div>
      {!regionId && !householdId ? <Empty className="lxc-noprint" description={pick('请先选择社区或网格', 'Choose a community or grid first')} style={{ margin: '48px 0' }} />
        : cards.loading ? <div className="lxc-noprint" style={{ padding: 48, textAlign: 'center' }}><Spin size="large" tip={pick('正在生成服务卡…', 'Making the cards…')}><div style={{ height: 40 }} /></Spin></div>
        : data && !shown.length ? <Empty className="lxc-noprint" description={pick('该范围没有住户', 'No households here')} style={{ margin: '48px 0' }} />
        : (
          <div className="lxc-sheets" data-testid="card-sheets" lang="zh-CN">
            {sheets.map((sheet, i) => (
              <div className="lxc-sheet" key={i}>
                <span className="lxc-cutnote">✂ 沿虚线剪开</span>
                <span className="lxc-page">{i + 1} / {sheets.length}</span>
                {sheet.map((c) => <ServiceCard key={c.householdId} card={c} hotline={data!.hotline} />)}
              </div>
            ))}
          </div>
        )}
      {lang === 'en' && data ? <Typography.Paragraph type="secondary" className="lxc-noprint">The cards themselves are printed in Chinese for residents.</Typography.Paragraph> : null}
    </div>
  );
}
