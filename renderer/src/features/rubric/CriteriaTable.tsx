import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Badge, Button, Table, type TableColumnsType, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { CriterionDetails } from './CriterionDetails';
import { setCriterion, setSection } from './draftEdits';
import { useRubricEditorContext } from './editorContext';
import { type DraftCriterion, type DraftSection, type RubricDraft, canMoveCriterion, draftSectionTotal, moveCriterion, optionalText, removeItem } from './rubricDraft';
import { NumberField, TextField } from './RubricFields';
import { RowActions } from './RowActions';

interface Props {
  draft: RubricDraft;
  s: number;
  section: DraftSection;
}

/** Details fields, whose problems the collapsed row counts on its toggle. */
const detailFields = ['id', 'kind', 'guidance', 'guidanceEn', 'bands', 'presetIndicators'] as const;
/** Fields in the row itself: their messages go on one full-width line under it, not into narrow cells. */
const rowFields = ['title', 'titleEn', 'max', 'step', 'weight'] as const;

type RowProps = HTMLAttributes<HTMLTableRowElement> & { rubricIssues?: readonly string[]; rubricSpan?: number };

/**
 * A criterion's table row, and under it, when its fields have problems, a line that says
 * which and why. Module-level, so rows are never remounted (focus stays in the field).
 */
function CriterionRow({ rubricIssues, rubricSpan, ...row }: RowProps) {
  return (
    <>
      <tr {...row} />
      {rubricIssues !== undefined && rubricIssues.length > 0 && (
        <tr className="rubric-row-issues" data-testid="criterion-issues">
          <td colSpan={rubricSpan} style={{ paddingTop: 0, background: '#fff2f0' }}>
            {rubricIssues.map((text) => (
              <Typography.Text type="danger" key={text} style={{ display: 'block', paddingInlineStart: 52 }}>
                {text}
              </Typography.Text>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}

const tableComponents = { body: { row: CriterionRow } };

/** One section's criteria: title, maximum, step and weight in the row; the rest in the row's details. */
export function CriteriaTable({ draft, s, section }: Props) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, expanded, setExpanded } = useRubricEditorContext();
  const at = (c: number, field: string) => ['sections', s, 'criteria', c, field];
  const change = (c: number, patch: Partial<DraftCriterion>) => edit((next) => setCriterion(next, s, c, patch));
  const nameOf = (criterion: DraftCriterion, c: number) => (criterion.title.trim() !== '' ? criterion.title : t('rubric.criterionN', { n: c + 1 }));

  const columns: TableColumnsType<DraftCriterion> = [
    {
      title: '#',
      width: 52,
      render: (_value, _criterion, c) => <Typography.Text type="secondary">{`${s + 1}.${c + 1}`}</Typography.Text>,
    },
    {
      title: t('rubric.field.title'),
      render: (_value, criterion, c) => (
        <TextField
          path={at(c, 'title')}
          label={t('rubric.field.title')}
          hideLabel
          hideMessages
          placeholder={t('rubric.criterionTitlePlaceholder')}
          value={criterion.title}
          onChange={(title) => change(c, { title })}
          focusId={`${criterion.key}-title`}
          testId="criterion-title"
        />
      ),
    },
    {
      title: t('rubric.field.titleEn'),
      width: '26%',
      render: (_value, criterion, c) => (
        <TextField
          path={at(c, 'titleEn')}
          label={t('rubric.field.titleEn')}
          hideLabel
          hideMessages
          placeholder={t('rubric.englishOptional')}
          value={criterion.titleEn}
          onChange={(text) => change(c, { titleEn: optionalText(text) })}
          testId="criterion-title-en"
        />
      ),
    },
    {
      title: t('rubric.field.max'),
      width: 104,
      render: (_value, criterion, c) => (
        <NumberField path={at(c, 'max')} label={t('rubric.field.max')} hideLabel hideMessages value={criterion.max} step={criterion.step ?? 1} onChange={(max) => change(c, { max })} testId="criterion-max" />
      ),
    },
    {
      title: t('rubric.field.step'),
      width: 92,
      render: (_value, criterion, c) => (
        <NumberField path={at(c, 'step')} label={t('rubric.field.step')} hideLabel hideMessages value={criterion.step} step={0.5} onChange={(step) => change(c, { step })} testId="criterion-step" />
      ),
    },
    {
      title: t('rubric.field.weight'),
      width: 92,
      render: (_value, criterion, c) => (
        <NumberField path={at(c, 'weight')} label={t('rubric.field.weight')} hideLabel hideMessages value={criterion.weight} step={0.1} onChange={(weight) => change(c, { weight })} testId="criterion-weight" />
      ),
    },
    {
      width: 116,
      render: (_value, criterion, c) => {
        const open = expanded.has(criterion.key);
        const hidden = detailFields.reduce((sum, field) => sum + issues.countUnder(at(c, field)), 0);
        return (
          <Badge count={open ? 0 : hidden} size="small" offset={[-4, 2]}>
            <Button
              type="link"
              size="small"
              icon={open ? <DownOutlined /> : <RightOutlined />}
              aria-expanded={open}
              // Read only or not, the details can be looked at (the form disables everything else).
              disabled={false}
              onClick={() => setExpanded(criterion.key, !open)}
              data-testid="criterion-details-toggle"
            >
              {open ? t('rubric.hideDetails') : t('rubric.showDetails')}
            </Button>
          </Badge>
        );
      },
    },
  ];
  if (!readOnly) {
    columns.push({
      width: 100,
      render: (_value, criterion, c) => (
        <RowActions
          rowKey={criterion.key}
          name={nameOf(criterion, c)}
          onMove={(direction) => edit((next) => moveCriterion(next, s, c, direction))}
          canMoveUp={canMoveCriterion(draft, s, c, -1)}
          canMoveDown={canMoveCriterion(draft, s, c, 1)}
          onRemove={() => edit((next) => setSection(next, s, (current) => ({ ...current, criteria: removeItem(current.criteria, c) })))}
          canRemove={section.criteria.length > 1}
          testId="criterion"
        />
      ),
    });
  }

  return (
    <Table<DraftCriterion>
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={section.criteria}
      pagination={false}
      components={tableComponents}
      onRow={(_criterion, c) => {
        const rubricIssues = rowFields.flatMap((field) =>
          issues.messagesAt(at(c ?? 0, field)).map((what) => t('rubric.locatedIssue', { where: t(`rubric.field.${field}`), what })),
        );
        const row: RowProps & { 'data-testid': string } = { 'data-testid': 'rubric-criterion', rubricIssues, rubricSpan: columns.length };
        return row as HTMLAttributes<HTMLElement>;
      }}
      expandable={{
        showExpandColumn: false,
        expandedRowKeys: section.criteria.filter((criterion) => expanded.has(criterion.key)).map((criterion) => criterion.key),
        expandedRowRender: (criterion, c) => <CriterionDetails s={s} c={c} criterion={criterion} />,
      }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3} align="right">
            <Typography.Text type="secondary">{t('rubric.subtotalLabel')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3}>
            <Typography.Text strong data-testid="section-subtotal">
              {draftSectionTotal(section)}
            </Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} colSpan={columns.length - 4} />
        </Table.Summary.Row>
      )}
    />
  );
}
