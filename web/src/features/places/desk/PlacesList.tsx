import { Badge, Button, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { places } from '../../../api/endpoints';
import type { Place, PlaceFilters, PlaceStatus, PlaceType, Unit } from '../../../api/types';
import { unitName, useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { placesText } from '../i18n';
import { hoursText } from '../placeText';
import { EventsModal } from './EventsModal';
import { placesDeskText } from './i18n';
import { PlaceForm } from './PlaceForm';

function filtersOf(p: URLSearchParams): PlaceFilters {
  const get = (k: string) => p.get(k) || undefined;
  return {
    type: get('type'),
    q: get('q'),
    communityCode: get('area'),
    openNow: p.get('open') === '1' ? '1' : undefined,
    page: Number(get('page') ?? 1),
    pageSize: Number(get('pageSize') ?? 20),
  };
}

/** The places I manage: filters and search in the URL, a table, add / edit in a drawer, events of a station. */
export function PlacesList({ types, units }: { types: PlaceType[]; units: Unit[] }) {
  const { lang } = useI18n();
  const t = useBundle(placesText, placesDeskText);
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => filtersOf(params), [params]);
  const list = useAsync(() => places.manage(f), [JSON.stringify(f)]);
  const [search, setSearch] = useState(f.q ?? '');
  const [editing, setEditing] = useState<Place | null | 'new'>(null);
  const [events, setEvents] = useState<Place | null>(null);
  const typeOf = (code: string) => types.find((x) => x.code === code);

  function set(patch: Record<string, string | number | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  }

  const areaOptions = useMemo(() => {
    const base = user?.unit?.path ?? '';
    const mine = (u: Unit) => user?.role === 'district_admin' || user?.role === 'department_staff' || u.path.startsWith(base);
    return units
      .filter((u) => u.kind === 'street' && mine(u))
      .map((s) => ({
        label: s.name,
        options: [
          { value: s.id, label: `${s.name}（${t('common.all')}）` },
          ...units.filter((c) => c.kind === 'community' && c.parentId === s.id && mine(c)).map((c) => ({ value: c.id, label: c.name })),
        ],
      }));
  }, [units, user, t]);

  const columns: ColumnsType<Place> = [
    {
      title: t('dp.name'),
      dataIndex: 'name',
      width: 250,
      fixed: 'left',
      render: (n: string, p) => (
        <Space size={4} wrap>
          <Button
            type="link"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            onClick={() => setEditing(p)}
            data-testid="place-row-name"
          >
            {n}
          </Button>
          {p.demo && <span className="lx-badge is-muted">{t('dp.demo')}</span>}
        </Space>
      ),
    },
    {
      title: t('dp.type'),
      dataIndex: 'typeCode',
      width: 120,
      render: (c: string) => {
        const x = typeOf(c);
        return x ? (lang === 'en' ? x.nameEn : x.name) : c;
      },
    },
    { title: t('dp.community'), dataIndex: 'communityCode', width: 150, ellipsis: true, render: (c: string | null) => unitName(units, c) },
    { title: t('dp.manager'), key: 'manager', width: 140, ellipsis: true, render: (_, p) => p.managingUnit?.name ?? '—' },
    { title: t('dp.hours'), key: 'hours', width: 220, render: (_, p) => <span className="lx-desk-hours">{hoursText(p.hours, t)}</span> },
    {
      title: t('dp.now'),
      dataIndex: 'openNow',
      width: 100,
      render: (o: boolean, p) =>
        p.status === 'closed' ? (
          <span className="lx-badge is-warn">{t('places.suspended')}</span>
        ) : o ? (
          <span className="lx-badge is-ok">{t('places.open')}</span>
        ) : (
          <span className="lx-badge is-muted">{t('places.shut')}</span>
        ),
    },
    { title: t('dp.public'), dataIndex: 'public', width: 70, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    {
      title: t('dp.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: PlaceStatus) => <span className={`lx-badge${s === 'active' ? ' is-ok' : ' is-muted'}`}>{t(`dp.status.${s}`)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'op',
      width: 190,
      render: (_, p) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setEditing(p)} aria-label={`${t('common.edit')} ${p.name}`}>
            {t('common.edit')}
          </Button>
          <Button size="small" onClick={() => setEvents(p)} aria-label={`${t('dp.events')} ${p.name}`} data-testid="place-events">
            {t('dp.events')}
          </Button>
          <Tooltip title={t('dp.viewHint')}>
            <Button
              size="small"
              type="link"
              href={`/places/${p.id}`}
              target="_blank"
              aria-label={`${t('dp.view')} ${p.name}（${t('dp.viewHint')}）`}
            >
              {t('dp.view')}
            </Button>
          </Tooltip>
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="lx-page-head" style={{ marginBottom: 8 }}>
        <search className="lx-filters" aria-label={t('common.search')} style={{ marginBottom: 0 }}>
          <Input.Search
            aria-label={t('dp.search')}
            placeholder={t('dp.search')}
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => set({ q: v.trim() })}
            style={{ width: 220 }}
            data-testid="places-search"
          />
          <Select
            aria-label={t('dp.type')}
            placeholder={t('dp.type')}
            allowClear
            style={{ width: 170 }}
            value={f.type}
            onChange={(v) => set({ type: v })}
            options={types.map((x) => ({ value: x.code, label: lang === 'en' ? x.nameEn : x.name }))}
            data-testid="places-type-filter"
          />
          <Select
            aria-label={t('dp.area')}
            placeholder={t('dp.area')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 190 }}
            value={f.communityCode}
            onChange={(v) => set({ area: v })}
            options={areaOptions}
          />
          <Select
            aria-label={t('dp.openFilter')}
            style={{ width: 120 }}
            value={f.openNow ?? ''}
            onChange={(v) => set({ open: v })}
            options={[
              { value: '', label: t('common.all') },
              { value: '1', label: t('dp.openNowOnly') },
            ]}
          />
          <Button
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams());
            }}
          >
            {t('common.reset')}
          </Button>
        </search>
        <Space wrap>
          <Button type="primary" onClick={() => setEditing('new')} data-testid="place-add">
            {t('dp.add')}
          </Button>
          <Button href={places.exportUrl('xlsx', f.type)} download>
            {t('dp.exportXlsx')}
          </Button>
          <Button href={places.exportUrl('geojson', f.type)} download>
            {t('dp.exportGeojson')}
          </Button>
        </Space>
      </div>
      {list.error && <Typography.Paragraph type="danger">{list.error.text(lang)}</Typography.Paragraph>}
      <Table<Place>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1320 }}
        data-testid="places-table"
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => <Badge color="#c8102e" text={t('dp.total', { n })} />,
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
      />
      <PlaceForm
        open={editing !== null}
        place={editing === 'new' ? null : editing}
        types={types}
        units={units}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      {events && <EventsModal place={events} onClose={() => setEvents(null)} />}
    </>
  );
}
