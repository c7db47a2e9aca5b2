import { FileTextOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoundKind } from '../../../../shared/domain/round';
import { type Rubric, rubricTotal } from '../../../../shared/domain/rubric';
import { rubricTemplate } from '../../../../shared/domain/rubricTemplates';
import { useTranslate } from '../../i18n';
import { ImportProblems, type ImportProblem } from './ImportProblems';
import { readRubricFile } from './rubricFile';
import './rubricMessages';

/** A rubric read from a file the secretary chose, to start a round with. */
export interface ChosenRubric {
  file: string;
  rubric: Rubric;
}

/** "实施方案评审 · 8 项 · 满分 100": a rubric in one line, in the UI's language. */
export function useRubricSummary(): (rubric: Rubric) => string {
  const { t, i18n } = useTranslation();
  return (rubric) =>
    t('rubric.templateSummary', {
      name: i18n.language === 'en' && rubric.nameEn !== undefined ? rubric.nameEn : rubric.name,
      count: rubric.sections.reduce((sum, section) => sum + section.criteria.length, 0),
      total: rubricTotal(rubric),
    });
}

interface Props {
  /** The round kind chosen beside it: its built-in rubric is the default. */
  kind: RoundKind;
  value?: ChosenRubric;
  onChange?: (value: ChosenRubric | undefined) => void;
}

/**
 * The rubric a new round starts from: the built-in one of its kind, shown by name and
 * total, or a rubric JSON file (an export of another round's), checked as it is chosen.
 * A form control: `value` is the chosen file's rubric, undefined for the built-in one.
 */
export function RubricChoice({ kind, value, onChange }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const summary = useRubricSummary();
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);

  const choose = async (file: File) => {
    const read = await readRubricFile(translate, file);
    if (read.ok) {
      setProblem(null);
      onChange?.({ file: file.name, rubric: read.rubric });
    } else {
      setProblem({ file: read.file, problems: read.problems, invalid: read.invalid });
    }
  };

  return (
    <div data-testid="round-rubric">
      <Flex align="center" gap={8} wrap>
        <FileTextOutlined />
        <Typography.Text strong data-testid="round-rubric-summary">
          {summary(value?.rubric ?? rubricTemplate(kind))}
        </Typography.Text>
        {value !== undefined && <Tag data-testid="round-rubric-file">{t('rubric.createFileChosen', { file: value.file })}</Tag>}
      </Flex>
      {value === undefined && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('rubric.createBuiltIn')}
        </Typography.Paragraph>
      )}
      <Flex gap={8} style={{ marginTop: 8 }}>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file !== undefined) void choose(file);
          }}
          data-testid="round-rubric-input"
        />
        <Button size="small" icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} data-testid="round-rubric-choose">
          {t('rubric.createFromFile')}
        </Button>
        {value !== undefined && (
          <Button size="small" icon={<UndoOutlined />} onClick={() => onChange?.(undefined)} data-testid="round-rubric-builtin">
            {t('rubric.createUseBuiltIn')}
          </Button>
        )}
      </Flex>
      {problem !== null && (
        <div style={{ marginTop: 8 }}>
          <ImportProblems problem={problem} onClose={() => setProblem(null)} />
        </div>
      )}
    </div>
  );
}
