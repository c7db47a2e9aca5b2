import { UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import { describeError } from '../../../../shared/i18n/describeError';
import { onAppEvent } from '../../api/client';
import { useTranslate } from '../../i18n';
import { AssignmentMatrix } from './AssignmentMatrix';
import { AutoAssignControl } from './AutoAssignControl';
import { EnrolExpertsDialog } from './EnrolExpertsDialog';
import { useExpertPanel } from './expertPanelStore';
import { ExpertsTable } from './ExpertsTable';
import './expertsMessages';

/**
 * The secretary's 专家与分配 area of a round: experts enrolled from key cards, where
 * they work, and the assignment matrix with conflict markers and automatic assignment.
 */
export function ExpertsSection({ roundId, applications }: { roundId: string; applications: readonly Application[] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { experts, conflicts, loading, loadError, load } = useExpertPanel();
  const [enrolling, setEnrolling] = useState(false);

  useEffect(() => {
    void load(roundId);
    // Any change of experts, assignments or decisions (here or from the CLI), or of an application's place, can change flags.
    return onAppEvent((event) => {
      if (event.type === 'changed' && (event.entity === 'experts' || event.entity === 'applications')) void load(roundId);
    });
  }, [roundId, load]);

  const stale = experts.filter((expert) => expert.package?.stale === true);
  return (
    <Card
      title={t('experts.title')}
      data-testid="experts-section"
      extra={
        <Space wrap>
          <AutoAssignControl roundId={roundId} experts={experts} disabled={experts.length === 0 || applications.length === 0} />
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEnrolling(true)} data-testid="enrol-experts">
            {t('experts.enrol')}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={16}>
        {loadError !== null && <Alert type="error" showIcon title={t('experts.loadFailed')} description={describeError(translate, loadError)} />}
        {stale.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('experts.staleNotice', { names: stale.map((expert) => expert.name).join(t('errors.listSeparator')) })}
            data-testid="stale-notice"
          />
        )}
        <ExpertsTable roundId={roundId} experts={experts} conflicts={conflicts} loading={loading} />
        {experts.length > 0 && (
          <>
            <Divider style={{ margin: 0 }} />
            <Flex vertical gap={4}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('experts.matrix')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('experts.matrixHint')}</Typography.Text>
            </Flex>
            <AssignmentMatrix roundId={roundId} applications={applications} experts={experts} conflicts={conflicts} />
          </>
        )}
      </Flex>
      <EnrolExpertsDialog roundId={roundId} open={enrolling} onClose={() => setEnrolling(false)} />
    </Card>
  );
}
