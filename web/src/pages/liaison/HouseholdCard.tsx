// A household's service card in its drawer: which card is valid now (the original, or the n-th
// reissued one), printing it alone, and 挂失补办 — withdrawing every card printed before (lost,
// or someone else is using it) and issuing a new QR code. The reason is required and audited.
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { IdcardOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { useLoad } from '../../components/data.ts';
import { ErrorAlert, showFieldErrors } from '../../components/ui.tsx';
import { href, navigate } from '../../router.ts';
import { asError } from './shared.tsx';
import type { Card } from './ServiceCards.tsx';

type OneCard = Card & { hotline: string; expiresOn: string };

export default function HouseholdCard({ householdId }: { householdId: number }) {
  const { pick, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const card = useLoad((signal) => api.get<OneCard>(`/api/service-cards/households/${householdId}`, { qr: 'false' }, signal), [householdId]);
  const c = card.data;
  const revokedOn = c?.revokedAt ? dayjs(c.revokedAt).format('YYYY-MM-DD') : '';   // the browser's day, not UTC's
  const printIt = () => navigate(href('/liaison/cards', { household: householdId }));

  const revoke = async () => {
    let v: { reason: string };
    try { v = await form.validateFields(); } catch { return; }   // the form shows what is missing
    setBusy(true);
    try {
      await api.post<OneCard>(`/api/service-cards/households/${householdId}/revoke`, { reason: v.reason });
      setOpen(false);
      form.resetFields();
      card.reload();
      message.success(pick('旧卡已停用，新卡已生成，请打印后发放到户', 'The old card no longer works; print the new one for the household'));
    } catch (e) {
      const rest = showFieldErrors(form, e, lang);
      const err = asError(e);
      if (rest.length || !err.details.length) message.error(rest.length ? rest.join('；') : err.text(lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="household-card">
      <Typography.Title level={4} style={{ marginTop: 24 }}><IdcardOutlined /> {pick('便民服务卡', 'Service card')}</Typography.Title>
      <ErrorAlert error={card.error} onRetry={card.reload} />
      {c ? (
        <>
          <Typography.Paragraph style={{ fontSize: 15, marginBottom: 8 }} data-testid="card-state">
            {c.generation
              ? pick(`当前有效：第 ${c.generation} 次补办的新卡（${revokedOn} 挂失），之前的卡已停用。`, `Valid now: card no. ${c.generation}, reissued ${revokedOn}; earlier cards no longer work.`)
              : pick('当前有效：原卡（未挂失）。', 'Valid now: the original card (never withdrawn).')}
            {pick(`有效期至 ${c.expiresOn}。`, ` Valid until ${c.expiresOn}.`)}
          </Typography.Paragraph>
          <Space wrap>
            <Button icon={<PrinterOutlined />} onClick={printIt}>{pick('打印本户服务卡', 'Print this card')}</Button>
            {can(me, 'registry.write') ? (
              <Button danger icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="revoke-card">{pick('挂失补办', 'Withdraw and reissue')}</Button>
            ) : null}
          </Space>
        </>
      ) : null}
      <Modal open={open} title={pick('挂失补办服务卡', 'Withdraw this household’s card')} onCancel={() => setOpen(false)} destroyOnHidden
        okText={pick('停用旧卡并补办', 'Withdraw and reissue')} okButtonProps={{ danger: true, loading: busy }} onOk={revoke} cancelText={pick('取消', 'Cancel')}>
        <Typography.Paragraph>
          {pick('停用后，本户之前打印的所有服务卡立即失效，扫码将提示“已停用”；系统会生成带新二维码的服务卡，请打印后发放到户。此操作留痕。',
            'Every card printed for this household before stops working at once (scanning it says it was withdrawn); a card with a new QR code is issued for you to print. This is recorded in the audit trail.')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={pick('挂失原因', 'Reason')} rules={[{ required: true, whitespace: true, min: 2, message: pick('请写明挂失原因（至少两个字）', 'Give the reason (two characters at least)') }]}>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder={pick('例如：住户反映卡片丢失；发现他人冒用二维码', 'e.g. the household lost the card; someone else is using the QR code')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
