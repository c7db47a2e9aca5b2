import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Checkbox, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PanelInspectOutput } from '../../../../shared/domain/expertRound';
import { FingerprintDisplay, MONOSPACE } from '../identity/FingerprintDisplay';
import './panelMessages';

/** Sizes as people read them: 1 decimal in the unit that keeps the number small. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${units[unit]}`;
}

/** Whether the person may import this package, and why not. */
export type ImportVerdict = 'wrong-expert' | 'changed' | 'confirm' | 'trusted';

export function verdictOf(inspected: PanelInspectOutput): ImportVerdict {
  if (!inspected.forThisIdentity) return 'wrong-expert';
  if (inspected.secretaryKnown === 'changed') return 'changed';
  return inspected.secretaryKnown === 'new' ? 'confirm' : 'trusted';
}

interface Props {
  inspected: PanelInspectOutput;
  confirmed: boolean;
  onConfirm(confirmed: boolean): void;
}

/**
 * What `panel.inspect` verified, the secretary's fingerprint above all, and the trust
 * decision: first use asks for an explicit check of the fingerprint; a changed key or a
 * package for someone else is refused in red.
 */
export function PanelVerification({ inspected, confirmed, onConfirm }: Props) {
  const { t, i18n } = useTranslation();
  const verdict = verdictOf(inspected);
  const checks = [
    t('panel.checkDecrypted'),
    t('panel.checkSignature'),
    t('panel.checkDocuments', { count: inspected.documents }),
  ];
  return (
    <Flex vertical gap={16} data-testid="panel-verification">
      {verdict === 'changed' && (
        <Alert
          type="error"
          showIcon
          title={t('panel.changedTitle')}
          description={t('panel.changedBody', { trusted: inspected.trustedFingerprint ?? '' })}
          data-testid="panel-refusal"
        />
      )}
      {verdict === 'wrong-expert' && (
        <Alert
          type="error"
          showIcon
          title={t('panel.wrongExpertTitle')}
          description={t('panel.wrongExpertBody', { name: inspected.expert.name, fingerprint: inspected.expert.fingerprint })}
          data-testid="panel-refusal"
        />
      )}
      <Flex vertical gap={4} role="list" aria-label={t('panel.verifiedTitle')} data-testid="panel-checks">
        {checks.map((check) => (
          <Typography.Text key={check} role="listitem">
            <CheckCircleFilled style={{ color: '#389e0d', marginInlineEnd: 8 }} />
            {check}
          </Typography.Text>
        ))}
      </Flex>
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 176 } }}>
        <Descriptions.Item label={t('panel.round')}>
          <Typography.Text strong data-testid="panel-round-name">
            {inspected.round.name}
          </Typography.Text>{' '}
          <Tag>{t(`roundKind.${inspected.round.kind}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.contents')}>
          <span data-testid="panel-contents">
            {t('panel.contentsValue', { applications: inspected.applications, documents: inspected.documents, size: formatBytes(inspected.bytes, i18n.language) })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.secretary')}>
          <span data-testid="panel-secretary-name">{inspected.secretary.name}</span>
          {inspected.secretary.affiliation !== null && <Typography.Text type="secondary">（{inspected.secretary.affiliation}）</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item
          label={
            verdict === 'changed' ? (
              <Typography.Text type="danger" strong>
                {t('panel.secretaryFingerprintChanged')}
              </Typography.Text>
            ) : (
              t('panel.secretaryFingerprint')
            )
          }
        >
          <FingerprintDisplay fingerprint={inspected.secretary.fingerprint} />
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.expert')}>
          {inspected.expert.name}
          {inspected.forThisIdentity ? (
            <Tag color="green" style={{ marginInlineStart: 8 }}>
              {t('panel.expertIsYou')}
            </Tag>
          ) : (
            <Typography.Text type="danger" style={{ fontFamily: MONOSPACE, marginInlineStart: 8 }}>
              {inspected.expert.fingerprint}
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      {verdict === 'trusted' && <Alert type="success" showIcon title={t('panel.trusted')} data-testid="panel-trusted" />}
      {verdict === 'confirm' && (
        <Alert
          type="warning"
          showIcon
          title={t('panel.newTitle')}
          data-testid="panel-first-use"
          description={
            <Flex vertical gap={8}>
              <span>{t('panel.newBody')}</span>
              <Checkbox checked={confirmed} onChange={(event) => onConfirm(event.target.checked)} data-testid="panel-confirm-fingerprint">
                <Typography.Text strong>{t('panel.newConfirm')}</Typography.Text>
              </Checkbox>
            </Flex>
          }
        />
      )}
    </Flex>
  );
}
