import { Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { sheetProgress, type SheetState } from '../../../../shared/domain/sheetProgress';
import './scoringMessages';
import { useScoring } from './scoringStore';

const stateColor: Record<SheetState, string> = { undeclared: 'default', conflict: 'red', incomplete: 'gold', complete: 'green' };

/** One application's line in the overview: declared or not, how many criteria scored, the total so far. */
export function ScoringProgress({ roundId, applicationId }: { roundId: string; applicationId: string }) {
  const { t } = useTranslation();
  const sheet = useScoring((s) => (s.roundId === roundId ? s.sheet : null));
  const application = sheet?.applications.find((a) => a.applicationId === applicationId);
  if (sheet === null || application === undefined) return null;
  const progress = sheetProgress(sheet.rubric, application);
  return (
    <Space size={6} data-testid={`scoring-progress-${applicationId}`}>
      <Tag color={stateColor[progress.state]}>{t(`scoring.state.${progress.state}`)}</Tag>
      {progress.state !== 'conflict' && progress.state !== 'undeclared' && (
        <>
          <Progress type="circle" size={22} percent={Math.round((progress.scored / Math.max(progress.criteria, 1)) * 100)} showInfo={false} />
          <Typography.Text>
            {progress.scored}/{progress.criteria}
          </Typography.Text>
          <Typography.Text strong>{progress.total}</Typography.Text>
        </>
      )}
    </Space>
  );
}
