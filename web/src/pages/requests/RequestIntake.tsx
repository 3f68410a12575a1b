// 登记诉求: one form for every channel. Few required fields (what, which category, where), the
// household found by typing part of its address or the head's name, the places the text names
// offered as one-click grids, likely duplicates (by rule and by similar text nearby) shown while
// typing and again after recording, and one Idempotency-Key per form so a double tap or a resend
// on a bad connection never records the matter twice.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  CategorySuggestions, PlaceSuggestions, ProposalList, mergeProposals, placePoint, placeRegion, usePlaceSuggestions, useSimilarRequests, useSuggestions,
  type PlaceCandidate, type RuleDuplicate, type SimilarQuery,
} from './Suggestions.tsx';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Grid, Input, Progress, Radio, Result, Row, Select, Space, Switch, Typography, Upload, type UploadFile } from 'antd';
import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { api, ApiError, upload } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { can, useMe } from '../../session.ts';
import { PageHeader, RegionPicker, showFieldErrors } from '../../components/ui.tsx';
import { day, useCategories, type RequestItem } from './shared.tsx';

type Duplicate = RuleDuplicate;
interface IntakeResult { request: RequestItem; duplicates: Duplicate[]; suggestedDepartment: { id: number; name: string } | null; replayed: boolean }
interface HouseholdHit { id: number; address: string; headName: string | null; regionName: string }

const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`);

export default function RequestIntake() {
  const { pick, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const cats = useCategories().data ?? [];
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<IntakeResult | null>(null);
  /** What the similar requests were asked with at submission, to ask again without the new one. */
  const [doneQuery, setDoneQuery] = useState<SimilarQuery | null>(null);
  const [where, setWhere] = useState<'household' | 'place'>('household');
  const [households, setHouseholds] = useState<HouseholdHit[]>([]);
  const [dups, setDups] = useState<Duplicate[]>([]);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [sending, setSending] = useState<{ done: number; total: number; failed: string[] } | null>(null);
  const resident = me?.role === 'resident';
  // Below lg the duplicates card sits under the whole form: say near the text that it has something.
  const narrow = !Grid.useBreakpoint().lg;
  const defaultChannel = resident ? 'web' : me?.role === 'grid_worker' ? 'grid' : me?.role === 'cadre' ? 'visit' : 'hotline';

  const categoryId = Form.useWatch('categoryId', form);
  const householdId = Form.useWatch('householdId', form);
  const lat = Form.useWatch('lat', form), lng = Form.useWatch('lng', form);
  const text = Form.useWatch('text', form);
  const regionId = Form.useWatch('regionId', form);
  const suggestions = useSuggestions(text, { householdId, regionId, categoryId });
  // Only the half of the place the form will send: a household, or a grid and a point.
  const byHousehold = where === 'household' && !resident;
  const hid = byHousehold ? householdId ?? null : null;
  const plat = !byHousehold && lat !== '' ? lat ?? null : null, plng = !byHousehold && lng !== '' ? lng ?? null : null;
  useEffect(() => {
    if (!categoryId || (!hid && plat == null)) { setDups([]); return; }
    const ctl = new AbortController();
    api.get<{ items: Duplicate[] }>('/api/requests/duplicates', { categoryId, householdId: hid, lat: plat, lng: plng }, ctl.signal).then((d) => setDups(d.items), () => undefined);
    return () => ctl.abort();
  }, [categoryId, hid, plat, plng]);
  // Similar requests by their text, nearby (the office's view: a resident is never shown a neighbour's).
  const similar = useSimilarRequests(resident ? null : {
    text: text ?? '', categoryId: categoryId ?? null, householdId: hid, regionId: byHousehold ? null : regionId ?? null, lat: plat, lng: plng,
  });
  const proposals = mergeProposals(dups, similar?.items);
  // The places the text names, when the place is not a household: offered, never filled in by themselves.
  const places = usePlaceSuggestions(text, where === 'place' && !resident);
  const pointFromPlace = useRef<{ lat: number; lng: number } | null>(null);
  const choosePlace = (c: PlaceCandidate) => {
    const next: Record<string, unknown> = { regionId: placeRegion(c) };
    // A point put in by an earlier choice goes with it; one typed or located by hand stays.
    const before = pointFromPlace.current;
    if (before && Number(form.getFieldValue('lat')) === before.lat && Number(form.getFieldValue('lng')) === before.lng) { next.lat = undefined; next.lng = undefined; }
    const point = placePoint(c);
    if (point) { next.lat = point.lat; next.lng = point.lng; }
    pointFromPlace.current = point;
    form.setFieldsValue(next);
  };
  const afterSimilar = useSimilarRequests(doneQuery, 0);

  const searchHouseholds = useMemo(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return (q: string) => {
      clearTimeout(timer);
      if (q.trim().length < 2) return;
      timer = setTimeout(() => { api.get<{ items: HouseholdHit[] }>('/api/households', { q: q.trim(), pageSize: 10 }).then((r) => setHouseholds(r.items), () => undefined); }, 250);
    };
  }, []);

  const locate = () => {
    if (!navigator.geolocation) { message.warning(pick('此设备无法定位', 'No location on this device')); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => { form.setFieldsValue({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }); message.success(pick('已取得当前位置', 'Location taken')); },
      () => message.warning(pick('未能取得位置，请选择网格', 'No location; choose the grid instead')), { timeout: 10_000 });
  };

  const submit = async () => {
    // Invalid fields show their own messages; the rejection needs no further handling.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true); setProblem(null);
    const body = {
      kind: v.kind, channel: v.channel, categoryId: v.categoryId, text: v.text, urgency: v.urgent ? 'urgent' : 'normal',
      householdId: where === 'household' ? v.householdId ?? null : null, regionId: where === 'place' ? v.regionId ?? null : null,
      lat: where === 'place' && v.lat ? Number(v.lat) : null, lng: where === 'place' && v.lng ? Number(v.lng) : null, address: v.address || null,
      requester: v.anonymous ? null : { name: v.requesterName || null, phone: v.requesterPhone || null },
      anonymous: !!v.anonymous, confidential: !!v.confidential, receivedAt: v.receivedAt ? v.receivedAt.toISOString() : null,
    };
    try {
      const r = await api.post<IntakeResult>('/api/requests', body, undefined, { 'idempotency-key': key });
      setKey(newKey());
      // Photos go up after the request exists; a failed one is named and can be added on its page.
      const files = photos.map((p) => p.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
      const failed: string[] = [];
      if (files.length) {
        setSending({ done: 0, total: files.length, failed });
        for (const [i, f] of files.entries()) {
          try { await upload(`/api/requests/${r.request.id}/attachments`, f, () => undefined); }
          catch (e) { failed.push(`${f.name}：${e instanceof ApiError ? e.text(lang) : String(e)}`); }
          setSending({ done: i + 1, total: files.length, failed: [...failed] });
        }
      }
      setPhotos([]);
      setDoneQuery(resident ? null : { text: body.text ?? '', categoryId: body.categoryId ?? null, householdId: r.request.householdId ?? null, regionId: r.request.householdId ? null : r.request.region.id,
        lat: r.request.lat, lng: r.request.lng, at: body.receivedAt, excludeId: r.request.id });
      setDone(r);
    } catch (e) {
      if (e instanceof ApiError) {
        const left = showFieldErrors(form, e, lang);
        setProblem(left.length ? left.join('；') : e.text(lang));
      } else setProblem(String(e));
    } finally { setBusy(false); }
  };

  if (done) {
    const r = done.request;
    // The new request can be merged while it awaits dispatch, by the office.
    const canMerge = can(me, 'request.dispatch') && r.status === 'received';
    const doneProposals = mergeProposals(done.duplicates, afterSimilar?.items);
    return (
      <Card>
        <Result status="success" title={pick(`已登记：${r.code}`, `Recorded: ${r.code}`)}
          subTitle={pick(`答复期限 ${day(r.replyDue)}${done.suggestedDepartment ? `；建议派至 ${done.suggestedDepartment.name}` : ''}`, `Reply due ${day(r.replyDue)}${done.suggestedDepartment ? `; suggested: ${done.suggestedDepartment.name}` : ''}`)}
          extra={[
            <Button key="view" type="primary" size="large" onClick={() => navigate(`/requests/${r.id}`)}>{pick('查看并上传照片', 'Open (add photos)')}</Button>,
            <Button key="more" size="large" onClick={() => { setDone(null); setDoneQuery(null); setSending(null); form.resetFields(['text', 'categoryId', 'requesterName', 'requesterPhone']); }}>{pick('再登记一件', 'Record another')}</Button>,
          ]} />
        {sending?.failed.length ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={pick('以下照片未能上传，可在诉求页面重新添加', 'These photos did not upload; add them on the request’s page')} description={sending.failed.join('；')} /> : null}
        {sending && !sending.failed.length ? <Alert type="success" showIcon style={{ marginBottom: 12 }} message={pick(`已上传 ${sending.total} 张照片`, `${sending.total} photo(s) uploaded`)} /> : null}
        {doneProposals.length ? (
          <Alert type="warning" showIcon data-testid="intake-similar"
            message={pick('可能与以下诉求重复或相似，连心办可合并处理', 'Possible duplicates or similar requests — the office can merge them')}
            description={<>
              {canMerge ? <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{pick(`合并：打开本件（${r.code}），选「合并为重复诉求」，填入目标诉求的 ID。`, `To merge: open this request (${r.code}), choose “Merge as duplicate” and give the target’s ID.`)}</Typography.Paragraph> : null}
              <ProposalList items={doneProposals} mergeFrom={canMerge ? r.id : null} />
            </>} />
        ) : null}
      </Card>
    );
  }

  return (
    <>
      <PageHeader title={pick('登记诉求', 'Record a request')} sub={pick('意见、建议、诉求、投诉、咨询，一件一登记', 'Opinions, suggestions, demands, complaints and inquiries — each recorded once')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card>
            <Form form={form} layout="vertical" requiredMark={false} initialValues={{ kind: 'demand', channel: defaultChannel }} size="large">
              <Form.Item name="kind" label={pick('类型', 'Kind')}>
                <Radio.Group optionType="button" buttonStyle="solid" options={[
                  { value: 'demand', label: pick('诉求/求助', 'Demand') }, { value: 'opinion', label: pick('意见', 'Opinion') }, { value: 'suggestion', label: pick('建议', 'Suggestion') },
                  { value: 'complaint', label: pick('投诉', 'Complaint') }, { value: 'inquiry', label: pick('咨询', 'Inquiry') }]} />
              </Form.Item>
              <Form.Item name="text" label={pick('群众反映的内容', 'What the person said')} rules={[{ required: true, whitespace: true, min: 2, message: pick('请填写诉求内容（至少两个字）', 'Write what was said (two characters at least)') }]}>
                <Input.TextArea rows={5} maxLength={5000} showCount placeholder={pick('照原话记录，时间、地点、涉及的人和事', 'In the person’s words: when, where, who, what')} />
              </Form.Item>
              {narrow && proposals.length ? (
                <Alert type="warning" showIcon style={{ margin: '-8px 0 16px' }} data-testid="duplicates-note"
                  message={<a onClick={() => { const el = document.querySelector('[data-testid=intake-duplicates]'); if (el) window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 72, behavior: 'smooth' }); }}>
                    {pick(`有 ${proposals.length} 件可能重复或相似的诉求，点此查看`, `${proposals.length} possible duplicate(s) or similar request(s) — see them`)}</a>} />
              ) : null}
              <Form.Item name="categoryId" label={pick('分类', 'Category')} rules={[{ required: true, message: pick('请选择分类', 'Choose a category') }]}>
                <Select showSearch optionFilterProp="label" placeholder={pick('选择或输入搜索', 'Choose or type')} options={cats.filter((c) => c.active).map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
              </Form.Item>
              <CategorySuggestions data={suggestions} value={categoryId} onPick={(id) => form.setFieldValue('categoryId', id)} showDepartments={can(me, 'request.dispatch')} />
              {!resident ? (
                <>
                  <Radio.Group value={where} onChange={(e) => setWhere(e.target.value)} style={{ marginBottom: 12 }} optionType="button"
                    options={[{ value: 'household', label: pick('关联住户', 'A household') }, { value: 'place', label: pick('网格或位置', 'A grid or a point') }]} />
                  {where === 'household' ? (
                    <Form.Item name="householdId" label={pick('住户（输入地址或户主姓名）', 'Household (type part of the address or the head’s name)')} rules={[{ required: true, message: pick('请选择住户', 'Choose the household') }]}>
                      <Select showSearch filterOption={false} onSearch={searchHouseholds} placeholder={pick('例如：滨海路12号 或 王建国', 'e.g. a street number or a name')}
                        options={households.map((h) => ({ value: h.id, label: `${h.address}（${h.headName ?? '—'}）` }))} notFoundContent={null} />
                    </Form.Item>
                  ) : (
                    <>
                      <PlaceSuggestions data={places} value={regionId} onPick={choosePlace} />
                      <Form.Item name="regionId" label={pick('网格', 'Grid')}><RegionPicker gridsOnly /></Form.Item>
                      <Space align="end" wrap>
                        <Form.Item name="lat" label={pick('纬度', 'Lat')}><Input style={{ width: 140 }} inputMode="decimal" /></Form.Item>
                        <Form.Item name="lng" label={pick('经度', 'Lng')}><Input style={{ width: 140 }} inputMode="decimal" /></Form.Item>
                        <Form.Item><Button icon={<AimOutlined />} onClick={locate}>{pick('用当前位置', 'Use my location')}</Button></Form.Item>
                      </Space>
                    </>
                  )}
                  <Form.Item name="address" label={pick('具体位置（可选）', 'Exact place (optional)')}><Input maxLength={200} placeholder={pick('如：3号楼东侧路灯', 'e.g. the lamp east of building 3')} /></Form.Item>
                  <Row gutter={12}>
                    <Col xs={24} sm={12}><Form.Item name="requesterName" label={pick('诉求人姓名', 'Requester')}><Input maxLength={50} /></Form.Item></Col>
                    <Col xs={24} sm={12}><Form.Item name="requesterPhone" label={pick('联系电话', 'Phone')}><Input maxLength={30} inputMode="tel" /></Form.Item></Col>
                  </Row>
                  <Space wrap size={24} style={{ marginBottom: 12 }}>
                    <Form.Item name="anonymous" valuePropName="checked" noStyle><Checkbox>{pick('匿名', 'Anonymous')}</Checkbox></Form.Item>
                    <Form.Item name="confidential" valuePropName="checked" noStyle><Checkbox>{pick('保密（对承办部门隐藏诉求人）', 'Confidential (hidden from departments)')}</Checkbox></Form.Item>
                    <Space><Form.Item name="urgent" valuePropName="checked" noStyle><Switch /></Form.Item>{pick('紧急', 'Urgent')}</Space>
                  </Space>
                  <Row gutter={12}>
                    <Col xs={24} sm={12}><Form.Item name="channel" label={pick('渠道', 'Channel')}><Select options={[
                      { value: 'visit', label: pick('入户走访', 'Visit') }, { value: 'hotline', label: pick('热线电话', 'Hotline') }, { value: 'grid', label: pick('网格员', 'Grid worker') },
                      { value: 'letter', label: pick('信访', 'Letters and visits') }, { value: 'window', label: pick('服务窗口', 'Service window') }, { value: 'web', label: pick('网上/手机', 'Web') }]} /></Form.Item></Col>
                    {can(me, 'request.dispatch') ? <Col xs={24} sm={12}><Form.Item name="receivedAt" label={pick('受理时间（补录时填写）', 'Received at (when entering later)')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col> : null}
                  </Row>
                </>
              ) : (
                <Space wrap size={24} style={{ marginBottom: 12 }}>
                  <Form.Item name="anonymous" valuePropName="checked" noStyle><Checkbox>{pick('匿名反映', 'Anonymous')}</Checkbox></Form.Item>
                  <Form.Item name="confidential" valuePropName="checked" noStyle><Checkbox>{pick('为我保密', 'Keep my name confidential')}</Checkbox></Form.Item>
                </Space>
              )}
              <Form.Item label={pick('照片（可选，最多9张）', 'Photos (optional, up to 9)')}>
                <Upload listType="picture-card" accept="image/jpeg,image/png,image/webp,image/heic" multiple maxCount={9} fileList={photos}
                  beforeUpload={() => false} onChange={({ fileList }) => setPhotos(fileList)}>
                  {photos.length < 9 ? <div><CameraOutlined style={{ fontSize: 22 }} /><div>{pick('拍照/选图', 'Add')}</div></div> : null}
                </Upload>
              </Form.Item>
              {problem ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problem} /> : null}
              {sending && busy ? <Progress percent={Math.round((sending.done / sending.total) * 100)} format={() => `${sending.done}/${sending.total}`} /> : null}
              <Button type="primary" size="large" block loading={busy} onClick={submit} data-testid="intake-submit">{pick('提交登记', 'Record it')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={pick('可能重复的诉求', 'Possible duplicates')} data-testid="intake-duplicates" styles={{ body: { paddingTop: proposals.length ? 8 : undefined } }}>
            {proposals.length ? <ProposalList items={proposals} />
              : <Typography.Text type="secondary">{pick('填写内容并选择住户（或网格、位置）后，这里会列出14天内同社区或500米内说法相近的诉求，以及30天内同户同类、7天内50米内同类的诉求。', 'Write what was said and choose a household (or a grid or point): similar requests of the same community or within 500 m in the last 14 days, same-household ones of the last 30 days and nearby ones of the last 7 days show here.')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </>
  );
}
