import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ImportProblem {
  file: string;
  problems: string[];
  /** JSON that is not a valid rubric (the problems are its validation issues), rather than no JSON at all. */
  invalid: boolean;
}

const SHOWN = 20;

/** Why a chosen rubric file was not taken: every problem, with where it is in the file. */
export function ImportProblems({ problem, onClose }: { problem: ImportProblem; onClose?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      style={{ marginBottom: 12 }}
      message={t('rubric.importFailedTitle', { file: problem.file })}
      description={
        <div data-testid="rubric-import-problems">
          {problem.invalid && <div>{t('rubric.notRubric')}</div>}
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problem.problems.slice(0, SHOWN).map((text, i) => (
              <li key={i}>{text}</li>
            ))}
            {problem.problems.length > SHOWN && <li>{t('rubric.issuesMore', { count: problem.problems.length - SHOWN })}</li>}
          </ul>
        </div>
      }
    />
  );
}
