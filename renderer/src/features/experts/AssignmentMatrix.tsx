import { CheckCircleOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import type { Conflict, Expert } from '../../../../shared/domain/expert';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { type ConflictTarget, DecideConflictDialog } from './DecideConflictDialog';
import { pairKey } from './expertPanelStore';
import { applicationLabel, basesText } from './matrixLabels';
import { PackageTag } from './PackageTag';
import { useRepackageConfirm } from './useRepackageConfirm';
import './expertsMessages';

const APPLICATION_WIDTH = 240;
const EXPERT_WIDTH = 130;

interface Props {
  roundId: string;
  applications: readonly Application[];
  experts: readonly Expert[];
  conflicts: readonly Conflict[];
}

/** The marker beside a cell's checkbox: what the conflict is, and the way to decide it. */
function conflictMarker(t: TFunction, conflict: Conflict): { icon: ReactNode; tip: string; color: string } {
  const flagged = conflict.bases.length > 0;
  const what = flagged ? t('experts.conflictTooltip', { bases: basesText(t, conflict.bases), matched: conflict.matched.join(' / ') }) : '';
  if (conflict.decision === 'recuse') {
    return { icon: <StopOutlined />, color: '#cf1322', tip: flagged ? `${what}\n${t('experts.conflictRecused')}` : t('experts.conflictRecusedNoFlag') };
  }
  if (conflict.decision === 'allow') {
    return { icon: <CheckCircleOutlined />, color: '#389e0d', tip: `${what}\n${t('experts.conflictAllowed', { reason: conflict.reason ?? '' })}` };
  }
  return { icon: <WarningOutlined />, color: '#d46b08', tip: `${what}\n${t('experts.conflictUndecided')}` };
}

/**
 * Applications × experts: a checkbox per pair assigns, a marker shows a flagged or
 * decided conflict (its tooltip names the basis) and opens the decision. A pair that
 * is recused, or flagged without an 'allow', cannot be ticked: ticking it opens the
 * decision instead. Everything is reachable by Tab, Space and Enter.
 */
export function AssignmentMatrix({ roundId, applications, experts, conflicts }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const confirmRepackage = useRepackageConfirm();
  const [deciding, setDeciding] = useState<ConflictTarget | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const byPair = new Map(conflicts.map((conflict) => [pairKey(conflict.fingerprint, conflict.applicationId), conflict]));

  async function toggle(expert: Expert, application: Application, assign: boolean) {
    const conflict = byPair.get(pairKey(expert.fingerprint, application.id));
    if (assign && conflict !== undefined && (conflict.decision === 'recuse' || (conflict.bases.length > 0 && conflict.decision !== 'allow'))) {
      setDeciding({ expert, application, conflict });
      return;
    }
    if (!(await confirmRepackage([expert]))) return;
    const applicationIds = assign ? [...expert.applicationIds, application.id] : expert.applicationIds.filter((id) => id !== application.id);
    setSaving(pairKey(expert.fingerprint, application.id));
    try {
      await invoke('assignment.set', { roundId, fingerprint: expert.fingerprint, applicationIds });
    } catch (error) {
      void message.error(describeError(translate, toCommandError(error)));
    } finally {
      setSaving(null);
    }
  }

  if (applications.length === 0) return <Empty description={t('experts.noApplications')} />;

  const columns: TableColumnsType<Application> = [
    {
      key: 'application',
      title: t('experts.application'),
      fixed: 'left',
      width: APPLICATION_WIDTH,
      render: (_, application) => {
        const count = experts.filter((expert) => expert.applicationIds.includes(application.id)).length;
        return (
          <Flex vertical>
            <Typography.Text strong>{applicationLabel(application)}</Typography.Text>
            {application.applicant !== null && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: application.applicant }} style={{ maxWidth: 180, fontSize: 12 }}>
                {application.applicant}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`matrix-count-${application.id}`}>
              {t('experts.assignedCount', { count })}
            </Typography.Text>
          </Flex>
        );
      },
    },
    ...experts.map<TableColumnsType<Application>[number]>((expert) => ({
      key: expert.fingerprint,
      align: 'center',
      width: EXPERT_WIDTH,
      title: (
        <Flex vertical align="center" gap={2}>
          <Tooltip title={expert.affiliation ?? undefined}>
            <span>{expert.name}</span>
          </Tooltip>
          <PackageTag expert={expert} compact />
        </Flex>
      ),
      render: (_, application) => {
        const key = pairKey(expert.fingerprint, application.id);
        const conflict = byPair.get(key);
        const assigned = expert.applicationIds.includes(application.id);
        const blocked = conflict !== undefined && (conflict.decision === 'recuse' || (conflict.bases.length > 0 && conflict.decision !== 'allow'));
        const marker = conflict === undefined ? null : conflictMarker(t, conflict);
        return (
          <Flex justify="center" align="center" gap={4} data-testid={`cell-${expert.fingerprint}-${application.id}`} data-state={conflict?.decision ?? (conflict === undefined ? 'none' : 'undecided')}>
            <Checkbox
              checked={assigned}
              // A recused pair is never assigned; showing it disabled says so.
              disabled={saving !== null || (blocked && conflict.decision === 'recuse')}
              aria-label={t('experts.toggleLabel', { expert: expert.name, application: applicationLabel(application) })}
              onChange={(event) => void toggle(expert, application, event.target.checked)}
              data-testid={`assign-${expert.fingerprint}-${application.id}`}
            />
            {marker !== null && (
              <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{marker.tip}</span>}>
                <Button
                  type="text"
                  size="small"
                  icon={marker.icon}
                  style={{ color: marker.color }}
                  aria-label={`${t('experts.decideOpen')}: ${marker.tip}`}
                  onClick={() => setDeciding({ expert, application, conflict })}
                  data-testid={`conflict-${expert.fingerprint}-${application.id}`}
                />
              </Tooltip>
            )}
          </Flex>
        );
      },
    })),
  ];

  return (
    // As wide as its columns need: a two-expert matrix is not stretched over the page.
    <div style={{ maxWidth: APPLICATION_WIDTH + EXPERT_WIDTH * experts.length + 2 }}>
      <Table<Application>
        data-testid="assignment-matrix"
        rowKey="id"
        size="small"
        bordered
        columns={columns}
        dataSource={[...applications]}
        pagination={false}
        scroll={{ x: APPLICATION_WIDTH + EXPERT_WIDTH * experts.length }}
        summary={() => (
          <Table.Summary fixed="bottom">
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text type="secondary">{t('experts.totalRow')}</Typography.Text>
              </Table.Summary.Cell>
              {experts.map((expert, index) => (
                <Table.Summary.Cell key={expert.fingerprint} index={index + 1} align="center">
                  <Tag data-testid={`matrix-load-${expert.fingerprint}`}>{expert.applicationIds.length}</Tag>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
      <DecideConflictDialog roundId={roundId} target={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}
