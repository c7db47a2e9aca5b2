import { Alert, Card, Descriptions, Input, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, transport } from '../../api/client';
import { buildInfo, type LicensedPackage, loadLicenses } from './buildInfo';
import './aboutMessages';

interface AppFacts {
  version: string;
  dataDir: string;
  schemaVersion: number;
  /** null: no identity in this data directory yet. */
  fingerprint: string | null;
}

/** #/about: what is running (version, commit, build date), where its data is, whose key it holds, and the licences it ships. */
export function AboutPage() {
  const { t, i18n } = useTranslation();
  const [facts, setFacts] = useState<AppFacts | null>(null);
  const [licenses, setLicenses] = useState<LicensedPackage[] | null>(null);
  const [licensesFailed, setLicensesFailed] = useState(false);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let live = true;
    void Promise.all([invoke('app.info', {}), invoke('identity.get', {}).catch(() => null)]).then(
      ([info, identity]) => live && setFacts({ ...info, fingerprint: identity?.fingerprint ?? null }),
      () => undefined,
    );
    loadLicenses().then(
      (packages) => live && setLicenses(packages),
      () => live && setLicensesFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (licenses === null || needle === '') return licenses ?? [];
    return licenses.filter((p) => p.name.toLowerCase().includes(needle) || p.license.toLowerCase().includes(needle));
  }, [licenses, filter]);

  const builtAt = buildInfo.builtAt === null ? t('about.unknown') : new Date(buildInfo.builtAt).toLocaleString(i18n.language);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1100 }}>
      <Card title={t('about.title')} data-testid="about-facts">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('about.version')}>
            <span data-testid="about-version">{facts?.version ?? ''}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('about.commit')}>
            <Typography.Text code data-testid="about-commit">
              {buildInfo.commit === 'unknown' ? t('about.unknown') : buildInfo.commit}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('about.builtAt')}>
            <span data-testid="about-built-at">{builtAt}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('about.transport')}>{transport === 'desktop' ? t('ui.transportDesktop') : t('ui.transportWeb')}</Descriptions.Item>
          <Descriptions.Item label={t('about.schemaVersion')}>{facts?.schemaVersion ?? ''}</Descriptions.Item>
          <Descriptions.Item label={t('about.dataDir')}>
            <Typography.Text code copyable={facts !== null} data-testid="about-data-dir">
              {facts?.dataDir ?? ''}
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('about.dataDirHelp')}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('about.fingerprint')}>
            <span data-testid="about-fingerprint">
              {facts === null ? '' : facts.fingerprint === null ? t('about.noIdentity') : <Typography.Text code>{facts.fingerprint}</Typography.Text>}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('about.licensesTitle')} data-testid="about-licenses">
        <Typography.Paragraph type="secondary">{t('about.licensesHelp')}</Typography.Paragraph>
        {licensesFailed ? (
          <Alert type="warning" showIcon message={t('about.licensesFailed')} />
        ) : (
          <>
            <Input.Search
              allowClear
              placeholder={t('about.search')}
              aria-label={t('about.search')}
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              style={{ maxWidth: 360, marginBottom: 12 }}
              data-testid="about-licenses-search"
            />
            <Table<LicensedPackage>
              size="small"
              rowKey={(p) => `${p.name}@${p.version}`}
              loading={licenses === null}
              dataSource={shown}
              pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (count) => t('about.count', { count }) }}
              columns={[
                { title: t('about.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
                { title: t('about.licenseVersion'), dataIndex: 'version', width: 140 },
                { title: t('about.license'), dataIndex: 'license', width: 200 },
                { title: t('about.licenseFile'), dataIndex: 'licenseFile', width: 160, render: (file: string | null) => file ?? '—' },
              ]}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
