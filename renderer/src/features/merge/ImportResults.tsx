import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import { List, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleImportResult, BundleImportStatus } from '../../../../shared/domain/merge';
import { describeError } from '../../../../shared/i18n/describeError';
import { useTranslate } from '../../i18n';
import './mergeMessages';

const ICON: Record<BundleImportStatus, ReactNode> = {
  accepted: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  unchanged: <MinusCircleFilled style={{ color: '#8c8c8c' }} />,
  rejected: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
};

/** One line per file: merged (whose, which revision), unchanged and why, or rejected with the translated reason. */
export function ImportResults({ results }: { results: readonly BundleImportResult[] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const count = (status: BundleImportStatus) => results.filter((result) => result.status === status).length;

  function detail(result: BundleImportResult): string {
    switch (result.status) {
      case 'accepted':
        return t('mergeUi.acceptedDetail', { name: result.expertName, revision: result.revision, applications: result.applications });
      case 'unchanged':
        return result.unchanged === undefined ? (result.reason ?? '') : t(`merge.unchanged.${result.unchanged}`, { revision: result.revision, mergedRevision: result.mergedRevision });
      case 'rejected':
        return result.code === undefined
          ? (result.reason ?? '')
          : describeError(translate, { code: result.code, message: result.reason ?? '', ...(result.details === undefined ? {} : { details: result.details }) });
    }
  }

  return (
    <div data-testid="bundle-import-results">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('mergeUi.resultsTitle')}
        <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 12 }} data-testid="bundle-import-summary">
          {t('mergeUi.summary', { accepted: count('accepted'), unchanged: count('unchanged'), rejected: count('rejected') })}
        </Typography.Text>
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={[...results]}
        renderItem={(result) => (
          <List.Item data-testid="bundle-import-result" data-status={result.status}>
            <List.Item.Meta
              avatar={ICON[result.status]}
              title={
                <>
                  <Typography.Text strong={result.status !== 'unchanged'} type={result.status === 'rejected' ? 'danger' : undefined}>
                    {t(`merge.importStatus.${result.status}`)}
                  </Typography.Text>
                  <Typography.Text style={{ marginLeft: 8 }}>{result.file}</Typography.Text>
                </>
              }
              description={<span data-testid="bundle-import-reason">{detail(result)}</span>}
            />
          </List.Item>
        )}
      />
    </div>
  );
}
