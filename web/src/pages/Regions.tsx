// 区域: the region tree beside a map of the grids under the selected area. Selecting a grid in
// either place selects it in both and shows its facts and a link to its households.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Grid, Row, Skeleton, Tree, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href, navigate, useRoute } from '../router.ts';
import { ErrorAlert, LEVEL_LABEL, PageHeader, RegionPicker } from '../components/ui.tsx';
import { findRegion, useLoad, useRegionTree, type RegionNode } from '../components/data.ts';
import GridMap, { type GridCollection } from '../components/GridMap.tsx';

interface RegionDetail {
  id: number; parentId: number | null; level: string; code: string; name: string; kind: string | null; path: string;
  center: { lat: number; lng: number } | null; ancestors: { id: number; name: string; level: string }[]; version: number;
}
interface TreeItem { key: number; title: string; children?: TreeItem[] }
const toTree = (nodes: RegionNode[]): TreeItem[] => nodes.map((n) => ({ key: n.id, title: n.name, children: n.children?.length ? toTree(n.children) : undefined }));

function ancestorsOf(nodes: RegionNode[], id: number, trail: number[] = []): number[] | null {
  for (const n of nodes) {
    if (n.id === id) return trail;
    const hit = ancestorsOf(n.children ?? [], id, [...trail, n.id]);
    if (hit) return hit;
  }
  return null;
}

export default function Regions() {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const tree = useRegionTree();
  const roots = tree.data ?? [];
  const selectedId = route.query.get('id') ? Number(route.query.get('id')) : roots[0]?.id ?? null;
  const selected = selectedId !== null ? findRegion(roots, selectedId) : null;
  // A grid has no grids below it: show its siblings, with it highlighted. A click on the map
  // keeps the map it was made on (?map=), so the picture does not jump under the finger.
  const mapParam = route.query.get('map') ? Number(route.query.get('map')) : null;
  const mapParent = mapParam ?? (selected ? (selected.level === 'grid' ? selected.parentId : selected.id) : null);
  const select = (id: number | null, keepMap = false) =>
    navigate(href('/regions', { id: id ?? undefined, map: keepMap ? mapParent : undefined }), { replace: true });

  const geo = useLoad((signal) => (mapParent === null ? Promise.resolve(undefined)
    : api.get<GridCollection>('/api/regions/geojson', { parentId: mapParent, level: 'grid' }, signal)), [mapParent]);
  const detail = useLoad((signal) => (selectedId === null ? Promise.resolve(undefined)
    : api.get<RegionDetail>(`/api/regions/${selectedId}`, undefined, signal)), [selectedId]);

  const treeData = useMemo(() => toTree(roots), [roots]);
  const [expanded, setExpanded] = useState<number[]>([]);
  // Keep the user's own expanding, and open the way down to whatever the map selected.
  useEffect(() => {
    setExpanded((prev) => {
      const keys = new Set<number>([...prev, ...roots.map((r) => r.id)]);
      if (selectedId !== null) for (const a of ancestorsOf(roots, selectedId) ?? []) keys.add(a);
      return keys.size === prev.length ? prev : [...keys];
    });
  }, [roots, selectedId]);
  const gridFeature = geo.data?.features.find((f) => f.properties.id === selectedId);
  const gridCount = geo.data?.features.length ?? 0;
  const households = geo.data?.features.reduce((s, f) => s + (f.properties.households ?? 0), 0) ?? 0;
  const d = detail.data?.id === selectedId ? detail.data : undefined;
  const labels = { households: t('stat.households'), legendHigh: t('map.more'), legendLow: t('map.fewer') };

  return (
    <>
      <PageHeader title={t('nav.regions')} sub={selected ? `${selected.name} · ${t('map.summary', { grids: gridCount, households: households.toLocaleString() })}` : ''} />
      <ErrorAlert error={tree.error} onRetry={tree.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={9} xl={7}>
          {phone ? (
            <RegionPicker value={selectedId} onChange={(v) => select(v)} style={{ width: '100%' }} />
          ) : (
            <Card title={t('region.tree')} styles={{ body: { padding: 8 } }}>
              {tree.loading ? <Skeleton active /> : (
                <Tree<TreeItem> treeData={treeData} height={600} blockNode showLine={{ showLeafIcon: false }}
                  selectedKeys={selectedId !== null ? [selectedId] : []} expandedKeys={expanded} autoExpandParent={false}
                  onExpand={(keys) => setExpanded(keys.map(Number))} onSelect={(keys) => { if (keys.length) select(Number(keys[0])); }}
                  titleRender={(n) => <span style={{ fontSize: 16, lineHeight: '32px' }}>{n.title}</span>} />
              )}
            </Card>
          )}
        </Col>
        <Col xs={24} md={15} xl={17}>
          <Card styles={{ body: { padding: phone ? 4 : 12 } }}>
            <ErrorAlert error={geo.error} onRetry={geo.reload} />
            {geo.loading && !geo.data ? <Skeleton active paragraph={{ rows: 8 }} /> : geo.data && gridCount > 0 ? (
              <GridMap mapKey={`grids-${mapParent}`} data={geo.data} selectedId={selectedId} onSelect={(id) => select(id, true)} labels={labels} compact={phone} />
            ) : <Empty description={t('map.empty')} style={{ padding: 48 }} />}
          </Card>
          <Card style={{ marginTop: 16 }} title={d ? d.name : selected?.name}
            extra={selectedId !== null ? <Button type="primary" icon={<HomeOutlined />} onClick={() => navigate(href('/households', { regionId: selectedId }))}>{t('region.viewHouseholds')}</Button> : null}>
            {detail.loading && !d ? <Skeleton active paragraph={{ rows: 2 }} /> : d ? (
              <Descriptions column={phone ? 1 : 2} size="middle">
                <Descriptions.Item label={t('region.level')}>{LEVEL_LABEL[d.level] ? t(LEVEL_LABEL[d.level]) : d.level}</Descriptions.Item>
                <Descriptions.Item label={t('region.code')}>{d.code}</Descriptions.Item>
                <Descriptions.Item label={t('region.path')} span={2}>{[...(d.ancestors ?? []).filter((a) => a.id !== d.id).map((a) => a.name), d.name].join(' / ')}</Descriptions.Item>
                {gridFeature && <Descriptions.Item label={t('stat.households')}>{gridFeature.properties.households}</Descriptions.Item>}
                {d.center && <Descriptions.Item label={t('region.center')}>{d.center.lat.toFixed(5)}, {d.center.lng.toFixed(5)}</Descriptions.Item>}
              </Descriptions>
            ) : <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </>
  );
}
